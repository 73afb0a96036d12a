"""Roll forward: next year's draft plan from the seed and the figures recorded since."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.planio.plan_document import build_plan_document
from civicplan.planio.plan_json import plan_export
from civicplan.planio.render_text import render_text
from civicplan.planio.rollforward import RollForwardError, plan_roll_forward, rolled_title
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from civicplan.tasks.models import KeyTaskUpdate
from tests.planio.exports.report_helpers import SEED, empty_database, rolled_back

# The module-scoped fixtures need the test database set up even when this file runs alone.
pytestmark = pytest.mark.django_db

TO = FinancialYear.parse("2027/28")
AS_OF = dt.date(2027, 5, 15)


def _record(plan: Plan, code: str, period: str, value: float) -> None:
    """An approved figure, as the value service leaves it after a performance officer's check."""
    p = Period.parse(period)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(plan=plan, code=code),
        fy=p.fy,
        period_kind=p.kind.value,
        period_number=p.number,
        value=Decimal(str(value)),
        status=ValueStatus.APPROVED,
    )


def _status(plan: Plan, code: str, status: str, quarter: str = "2026/27-Q2") -> None:
    period = Period.parse(quarter)
    KeyTaskUpdate.objects.create(
        task=plan.key_tasks.get(code=code),
        fy=period.fy,
        quarter=period.number,
        status=status,
        percent_complete=100 if status == "completed" else 40,
    )


def _monitor(seed_plan: Plan) -> Plan:
    for quarter, value in zip("1234", (1800, 1750, 1820, 1700), strict=True):
        _record(seed_plan, "ComS_001", f"2025/26-Q{quarter}", value)  # all crime: 7,070
    for quarter, (cases, repeats) in zip("1234", ((20, 5), (25, 6), (22, 7), (23, 6)), strict=True):
        _record(seed_plan, "ComS_024a", f"2025/26-Q{quarter}", cases)  # 90 cases …
        _record(seed_plan, "ComS_024b", f"2025/26-Q{quarter}", repeats)  # … 24 repeats: 26.7%
    for quarter in "123":  # Q4 never came in: no total rather than an understated one
        _record(seed_plan, "ComS_012", f"2025/26-Q{quarter}", 100)
    for quarter, value in zip("1234", (480, 470, 460, 490), strict=True):
        _record(
            seed_plan, "ComS_011", f"2024/25-Q{quarter}", value
        )  # recorded 1,900, printed 1,898
    _status(seed_plan, "BCRPMS_01", "completed")
    _status(seed_plan, "COMS2629_09", "on_track", "2026/27-Q1")
    _status(seed_plan, "COMS2629_09", "cancelled", "2026/27-Q3")
    _status(seed_plan, "BCRPASB_29", "completed", "2026/27-Q1")
    _status(seed_plan, "BCRPASB_29", "on_track", "2026/27-Q2")  # reopened: the latest counts
    return seed_plan


@pytest.fixture
def recorded(seed_plan) -> Plan:
    """The seed with a year of monitoring (2025/26) and some key-task progress."""
    return _monitor(seed_plan)


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker) -> tuple[dict, dict, int]:
    """The seed's Plan JSON, its draft for 2027/28 and the number of plans after rolling forward."""
    with rolled_back(django_db_blocker):
        source = _monitor(plan_import_file(SEED, as_of=dt.date(2026, 11, 30)).plan)
        draft = plan_export(plan_roll_forward(plan=source, to=TO, as_of=AS_OF).plan)
        made = (plan_export(source), draft, Plan.objects.count())
    return made


@pytest.fixture
def draft(made) -> dict:
    return made[1]


def _indicator(data: dict, code: str) -> dict:
    return next(ind for ind in data["indicators"] if ind["code"] == code)


def test_rollforward_makes_a_new_plan_for_the_next_three_years(made):
    source, draft, plans = made

    assert plans == 2
    assert draft["plan"]["title"] == "Community Safety Business Plan 2027–2030"
    assert draft["plan"]["period"] == {"first_year": "2027/28", "last_year": "2029/30"}
    assert source["plan"]["title"] == "Community Safety Business Plan 2026–2029"


def test_rollforward_achieved_columns_are_the_latest_recorded_years(draft):
    # quarters added up; a ratio from its parts' totals (24 ÷ 90); an incomplete year left
    # empty; a recorded year's total over the printed one; printed figures where not monitored
    assert _indicator(draft, "ComS_001")["actuals"] == {
        "2023/24": 7123,
        "2024/25": 6869,
        "2025/26": 7070,
    }
    assert _indicator(draft, "ComS_024")["actuals"] == {
        "2023/24": 24,
        "2024/25": 27,
        "2025/26": 26.7,
    }
    assert _indicator(draft, "ComS_024a")["actuals"]["2025/26"] == 90
    assert _indicator(draft, "ComS_012")["actuals"] == {"2023/24": 412, "2024/25": 433}
    assert _indicator(draft, "ComS_011")["actuals"]["2024/25"] == 1900
    assert _indicator(draft, "ComS_033")["actuals"] == {"2023/24": 62.2, "2024/25": 62.2}


def test_rollforward_targets_move_on_and_the_new_year_is_for_owners(draft):
    assert _indicator(draft, "ComS_001")["targets"] == {
        "2026/27": 6800,
        "2027/28": 6800,
        "2028/29": 6800,
    }
    assert _indicator(draft, "ComS_024")["targets"] == {"2026/27": 22, "2027/28": 20, "2028/29": 20}
    line = next(b for b in draft["budget_lines"] if b["action"] == "COMS2629_07")
    assert line["amounts"] == {"2027/28": -20000, "2028/29": -20000}


def test_rollforward_moves_completed_and_cancelled_tasks_to_the_appendix(draft):
    codes = [a["code"] for a in draft["actions"]]
    closed = {a["code"]: a["status"] for a in draft["plan"]["closed_actions"]}

    assert closed == {"BCRPMS_01": "completed", "COMS2629_09": "cancelled"}
    assert "BCRPMS_01" not in codes and "COMS2629_09" not in codes
    assert "BCRPASB_29" in codes
    assert len(codes) == 22


def test_rollforward_keeps_renewal_dates(made):
    source, draft, _ = made
    before = {p["title"]: p["renewal"] for p in source["policies"]}
    assert {p["title"]: p["renewal"] for p in draft["policies"]} == before


def test_rollforward_document_shows_the_new_columns_and_the_appendix(draft):
    text = render_text(build_plan_document(draft))

    assert "Achieved 2023/24\tAchieved 2024/25\tAchieved 2025/26\tTarget 2026/27" in text
    assert "Target 2029/30\tIndicator Owner" in text
    assert "All crime (ComS_001)\t7,123\t6,869\t7,070\t6,800\t6,800\t6,800\t-\t" in text
    assert "Appendix: Key Tasks Completed or Cancelled" in text
    assert (
        "Deliver Modern Slavery Statement BCRPMS_01\tEnsure compliance with the duty\tCompleted"
        in text
    )


@pytest.mark.django_db
def test_rollforward_draft_round_trips_through_its_text(draft, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(render_text(build_plan_document(draft)), encoding="utf-8")
    empty_database()

    again = plan_export(plan_import_file(path, as_of=AS_OF).plan)

    expected = {k: v for k, v in draft.items() if k != "findings"}
    expected["plan"] = {k: v for k, v in draft["plan"].items() if k != "closed_actions"}
    assert {k: v for k, v in again.items() if k != "findings"} == expected


@pytest.mark.xfail(
    strict=True,
    reason="importer: the text reader ignores tables after section 6, so the roll-forward "
    "appendix (plan.closed_actions) is not read back from the document",
)
@pytest.mark.django_db
def test_rollforward_appendix_is_read_back_from_the_document(draft, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(render_text(build_plan_document(draft)), encoding="utf-8")
    empty_database()

    again = plan_export(plan_import_file(path, as_of=AS_OF).plan)

    assert again["plan"].get("closed_actions") == draft["plan"]["closed_actions"]


@pytest.mark.django_db
def test_rollforward_dry_run_writes_nothing(recorded):
    result = plan_roll_forward(plan=recorded, to=TO, as_of=AS_OF, dry_run=True)

    assert result.plan is None
    assert result.data["plan"]["period"]["first_year"] == "2027/28"
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_rollforward_refuses_to_overwrite_an_existing_draft(recorded):
    plan_roll_forward(plan=recorded, to=TO, as_of=AS_OF)

    with pytest.raises(
        RollForwardError, match="already a Community Safety plan starting in 2027/28"
    ):
        plan_roll_forward(plan=recorded, to=TO, as_of=AS_OF)


@pytest.mark.django_db
def test_rollforward_refuses_a_year_that_is_not_later(seed_plan):
    with pytest.raises(RollForwardError, match="roll forward to a later year, such as 2027/28"):
        plan_roll_forward(plan=seed_plan, to=FinancialYear.parse("2026/27"), as_of=AS_OF)


@pytest.mark.django_db
def test_rollforward_command_reports_the_draft(recorded, capsys):
    call_command("rollforward", "--to", "2027/28", "--as-of", "2027-05-15", "--dry-run")
    dry = capsys.readouterr().out
    call_command(
        "rollforward", "--to", "2027/28", "--plan", str(recorded.pk), "--as-of", "2027-05-15"
    )
    made = capsys.readouterr().out

    assert dry.startswith(
        "Would make “Community Safety Business Plan 2027–2030” (2027/28 to 2029/30)"
    )
    assert "22 key tasks" in dry
    assert "moved to the appendix: BCRPMS_01, COMS2629_09" in dry
    assert made.startswith("Made “Community Safety Business Plan 2027–2030”")
    assert Plan.objects.filter(first_year=TO).exists()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Community Safety Business Plan 2026–2029", "Community Safety Business Plan 2027–2030"),
        ("Housing Business Plan 2026/27 – 2028/29", "Housing Business Plan 2027/28 – 2029/30"),
        ("Business Plan", "Business Plan 2027–2030"),
    ],
)
def test_rollforward_title_names_the_new_years(title, expected):
    old = (FinancialYear(2026), FinancialYear(2028))
    assert rolled_title(title, old, (FinancialYear(2027), FinancialYear(2029))) == expected
