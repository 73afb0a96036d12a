"""The seed plan, imported into the database and exported again, keeps every figure."""

import datetime as dt
from decimal import Decimal

import pytest

from civicplan.budgets.models import BudgetLine
from civicplan.indicators.models import Indicator, IndicatorYearValue, MeasureRow
from civicplan.planio.plan_json import plan_export, plan_validate
from civicplan.plans.models import Finding, Policy, Post, ServiceObjective
from civicplan.risks.models import KeyTaskRisk
from civicplan.tasks.models import KeyTask

pytestmark = pytest.mark.django_db


def test_seed_counts_match_the_document(seed_plan):
    assert seed_plan.policies.count() == 26
    assert seed_plan.objectives.count() == 3
    assert ServiceObjective.objects.filter(objective__plan=seed_plan).count() == 39
    rows = MeasureRow.objects.filter(plan=seed_plan)
    assert rows.filter(framework="service_data").count() == 42
    assert rows.filter(framework="csi").count() == 8
    assert rows.filter(framework="kpi").count() == 6
    assert rows.filter(framework="mpi").count() == 8
    assert seed_plan.key_tasks.count() == 24
    assert BudgetLine.objects.filter(plan=seed_plan, amounts__isnull=False).distinct().count() == 4
    assert seed_plan.strategic_risks.count() == 3
    assert seed_plan.key_task_risks.count() == 5
    assert seed_plan.register_risks.count() == 5


def _values(code, kind):
    rows = IndicatorYearValue.objects.filter(indicator__code=code, kind=kind)
    return {str(r.year): r.value for r in rows}


def test_seed_all_crime_actuals_and_future_year_targets(seed_plan):
    assert _values("ComS_001", "actual") == {
        "2022/23": Decimal(7162),
        "2023/24": Decimal(7123),
        "2024/25": Decimal(6869),
    }
    assert _values("ComS_001", "target") == {
        year: Decimal(6800) for year in ("2025/26", "2026/27", "2027/28", "2028/29")
    }


def test_seed_marac_repeats_percent_normalised_code(seed_plan):
    indicator = Indicator.objects.get(plan=seed_plan, code="ComS_024")
    assert indicator.aliases == ["ComS_24"]
    assert indicator.unit == "percent"
    assert indicator.polarity == "lower"
    assert _values("ComS_024", "actual") == {
        "2022/23": Decimal(37),
        "2023/24": Decimal(24),
        "2024/25": Decimal(27),
    }
    assert _values("ComS_024", "target") == {
        "2025/26": Decimal(24),
        "2026/27": Decimal(22),
        "2027/28": Decimal(20),
        "2028/29": Decimal(20),
    }
    assert not Indicator.objects.filter(plan=seed_plan, code="ComS_24").exists()


def test_seed_paired_cell_splits_count_and_percent(seed_plan):
    assert _values("ComS_044", "actual")["2022/23"] == Decimal(21)
    assert _values("ComS_053", "actual") == {
        "2022/23": Decimal(85),
        "2023/24": Decimal(100),
        "2024/25": Decimal(94),
    }
    assert Indicator.objects.get(plan=seed_plan, code="ComS_053").unit == "percent"


def test_seed_decimal_percentages_are_exact(seed_plan):
    assert _values("ComS_033", "actual")["2022/23"] == Decimal("57.7")


def test_seed_key_task_dates_codes_and_flags(seed_plan):
    task = KeyTask.objects.get(plan=seed_plan, code="BCRPASB_29")
    assert task.title == "Review ASB Policy (including ASB action plan)"
    assert task.target_date == dt.date(2028, 3, 31)
    assert task.is_new is False
    new_task = KeyTask.objects.get(plan=seed_plan, code="COMS2629_16")
    assert new_task.is_new is True
    assert new_task.target_date == dt.date(2027, 1, 31)
    assert KeyTask.objects.filter(plan=seed_plan, code="BCRPDA&V_07").exists()
    assert KeyTask.objects.filter(plan=seed_plan, code="ComS2629_02").exists()


def test_seed_efficiency_amounts_per_year(seed_plan):
    line = BudgetLine.objects.get(plan=seed_plan, action="COMS2629_07")
    assert line.kind == "efficiency"
    assert line.task.code == "COMS2629_07"
    assert {str(a.year): a.amount for a in line.amounts.all()} == {
        "2026/27": Decimal(-20000),
        "2027/28": Decimal(-20000),
        "2028/29": Decimal(-20000),
    }


def test_seed_policy_renewals(seed_plan):
    evawg = Policy.objects.get(plan=seed_plan, title__startswith="Ending Violence Against Women")
    assert evawg.renewal_text == "2024 due Summer 2025 – awaited"
    assert evawg.renewal_date == dt.date(2025, 8, 31)
    assert Policy.objects.get(plan=seed_plan, title="Business Strategy").recurrence == "annual"
    hackney = Policy.objects.get(
        plan=seed_plan, title="Broxtowe Hackney Carriage and Private Hire Policy"
    )
    assert hackney.recurrence == "continuous"
    corporate = Policy.objects.get(plan=seed_plan, title="Corporate Plan")
    assert corporate.renewal_date == dt.date(2028, 4, 30)
    assert [p.title for p in corporate.owners.all()] == ["Chief Executive"]


def test_seed_key_task_risk_links(seed_plan):
    risk = KeyTaskRisk.objects.get(plan=seed_plan, task_text="Review Policies")
    assert sorted(r.number for r in risk.register_risks.all()) == [2, 7, 13, 21]
    linked = set(risk.tasks.values_list("code", flat=True))
    assert {"BCRPASB_29", "COMS2629_13", "COMS2629_09"} <= linked
    assert "BCRP2629_07" in risk.action_codes and "BCRP2629_07" not in linked


def test_seed_posts_are_shared_across_the_plan(seed_plan):
    head = Post.objects.get(title="Head of Communities and Community Safety")
    assert head.indicators.filter(code="ComS_001").exists()
    assert head.key_tasks.filter(code="BCRPASB_29").exists()
    assert head.policies.filter(title__startswith="Broxtowe Crime Reduction Plan").exists()


@pytest.mark.parametrize(
    ("kind", "line", "suggestion"),
    [
        ("code_written_differently", 230, "ComS_024"),
        ("unknown_action_code", 357, "COMS2629_08a"),
        ("unknown_action_code", 358, "COMS2629_11"),
        ("task_due_before_plan", 316, None),
        ("task_due_before_plan", 319, None),
        ("policy_renewal_passed", 38, None),
        ("several_measures_one_value", 177, None),
        ("target_missing", 246, None),
        ("values_disagree", 248, None),
        ("percentage_disagrees_with_counts", 170, "43"),
        ("incomplete_action_code", 280, None),
    ],
)
def test_seed_findings_name_line_and_suggestion(seed_plan, kind, line, suggestion):
    found = Finding.objects.filter(plan=seed_plan, kind=kind, line=line)
    assert found.exists(), f"no {kind} finding at line {line}"
    if suggestion is not None:
        assert found.filter(suggestion=suggestion).exists()


def test_seed_unknown_action_code_finding_names_the_code(seed_plan):
    finding = Finding.objects.get(plan=seed_plan, kind="unknown_action_code", line=358)
    assert "COMS2627_11" in finding.message


def test_seed_export_is_valid_plan_json(seed_plan):
    data = plan_export(seed_plan)
    plan_validate(data)
    assert data["format"] == "civicplan.plan/1"
    assert data["plan"]["period"] == {"first_year": "2026/27", "last_year": "2028/29"}
    assert [o["code"] for o in data["objectives"]] == ["CS1", "CS2", "CS3"]


def test_seed_import_creates_monitoring_defaults(seed_plan):
    ratio = Indicator.objects.get(plan=seed_plan, code="ComS_024")
    assert ratio.aggregation == "ratio"
    assert (ratio.ratio_numerator.code, ratio.ratio_denominator.code) == ("ComS_024b", "ComS_024a")
    assert Indicator.objects.get(plan=seed_plan, code="ComS_001").aggregation == "sum"
    licensing = Indicator.objects.get(plan=seed_plan, code="ComS_046")
    assert licensing.series_break_date == dt.date(2024, 12, 1)
    new_measure = Indicator.objects.get(plan=seed_plan, code="ComS_102")
    assert new_measure.series_break_date == dt.date(2025, 4, 1)
