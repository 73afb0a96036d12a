"""The value service: permissions, validation, the approval workflow, revisions, locking, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.indicators.rules import RagStatus
from civicplan.indicators.services import indicator_settings_update
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.selectors.series import plan_standings, value_discrepancies
from civicplan.monitoring.services import (
    ValueInput,
    indicator_value_approve,
    indicator_value_record,
    indicator_value_return,
    indicator_value_save,
)
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export
from tests.clock import SEED_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_plan")]
Q1 = Period.parse("2026/27-Q1")
Q2 = Period.parse("2026/27-Q2")
AS_OF = SEED_DAY


def _save(plan, code, period, value, by, *, submit=True, commentary="", version=None):
    indicator = plan.indicators.get(code=code)
    return indicator_value_save(
        entry=ValueInput(indicator, period, value, commentary),
        by=by,
        submit=submit,
        expected_version=version,
        as_of=AS_OF,
    )


def test_owner_enters_and_officer_approves_a_quarter(seed_plan, owner, officer):
    row = _save(seed_plan, "ComS_011", Q1, "450", owner, commentary="Fewer reports in the spring")
    assert (row.status, row.value, row.revision, row.source) == (
        "submitted",
        Decimal(450),
        1,
        "owner",
    )
    approved = indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)
    assert approved.status == ValueStatus.APPROVED
    assert approved.decided_by == officer
    events = AuditEvent.objects.filter(
        object_type="monitoring.indicatorvalue", object_id=str(row.pk)
    )
    actions = list(events.values_list("action", flat=True))
    assert sorted(actions) == ["value.approve", "value.submit"]


def test_owner_cannot_enter_another_posts_indicator(seed_plan, colleague):
    with pytest.raises(PermissionDenied, match="owned by another post"):
        _save(seed_plan, "ComS_011", Q1, 450, colleague)
    assert not IndicatorValue.objects.exists()


def test_viewer_cannot_enter_or_approve(seed_plan, owner, viewer):
    with pytest.raises(PermissionDenied):
        _save(seed_plan, "ComS_011", Q1, 450, viewer)
    row = _save(seed_plan, "ComS_011", Q1, 450, owner)
    with pytest.raises(PermissionDenied):
        indicator_value_approve(value_id=row.pk, by=viewer, expected_version=row.version)
    with pytest.raises(PermissionDenied):
        indicator_value_approve(value_id=row.pk, by=owner, expected_version=row.version)


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("ComS_053", "120", "between 0 and 100"),
        ("ComS_033", "60", "collected annually, so a value is for a financial year"),
        ("ComS_011", "-3", "cannot be negative"),
        ("ComS_011", "12.5", "whole number"),
        ("ComS_011", "lots", "Enter a number"),
        ("ComS_011", "", "Enter a value"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(seed_plan, officer, code, value, message):
    with pytest.raises(ValueRejected, match=message):
        _save(seed_plan, code, Q1, value, officer)
    assert not IndicatorValue.objects.exists()


def test_derived_ratio_cannot_be_typed(seed_plan, owner):
    with pytest.raises(ValueRejected, match="ComS_024b and ComS_024a"):
        _save(seed_plan, "ComS_024", Q1, 30, owner)


def test_red_value_needs_commentary_on_submit(seed_plan, owner):
    # ComS_011 target 1800 in 2026/27, profiled evenly: 450 to Q1; 600 is much worse.
    with pytest.raises(ValueRejected, match="Explain the figure") as info:
        _save(seed_plan, "ComS_011", Q1, 600, owner)
    assert info.value.field == "commentary"
    draft = _save(seed_plan, "ComS_011", Q1, 600, owner, submit=False)
    assert draft.status == ValueStatus.DRAFT


def test_returned_value_goes_back_to_owner_with_reason(seed_plan, owner, officer):
    row = _save(seed_plan, "ComS_011", Q1, 440, owner)
    with pytest.raises(ValueRejected, match="Say why"):
        indicator_value_return(
            value_id=row.pk, by=officer, expected_version=row.version, reason=" "
        )
    returned = indicator_value_return(
        value_id=row.pk,
        by=officer,
        expected_version=row.version,
        reason="Police figure for June is 152, not 125",
    )
    assert returned.status == ValueStatus.RETURNED
    again = _save(seed_plan, "ComS_011", Q1, 445, owner, version=returned.version)
    assert (again.pk, again.status, again.return_reason) == (row.pk, "submitted", "")


def test_correction_of_an_approved_value_is_a_new_revision_and_keeps_the_old(
    seed_plan, owner, officer
):
    first = _save(seed_plan, "ComS_011", Q1, 440, owner)
    first = indicator_value_approve(value_id=first.pk, by=officer, expected_version=first.version)
    correction = _save(seed_plan, "ComS_011", Q1, 446, owner, commentary="late reports added")
    assert correction.pk != first.pk and correction.revision == 2
    first.refresh_from_db()
    assert first.status == ValueStatus.APPROVED  # still the reported figure until approved
    indicator_value_approve(value_id=correction.pk, by=officer, expected_version=correction.version)
    first.refresh_from_db()
    assert first.status == ValueStatus.SUPERSEDED
    assert list(IndicatorValue.objects.order_by("revision").values_list("value", "status")) == [
        (Decimal(440), "superseded"),
        (Decimal(446), "approved"),
    ]


def test_second_of_two_concurrent_saves_is_refused(seed_plan, owner, officer):
    row = _save(seed_plan, "ComS_011", Q1, 440, owner, submit=False)
    seen_by_owner = seen_by_officer = row.version
    _save(seed_plan, "ComS_011", Q1, 441, owner, submit=False, version=seen_by_owner)
    with pytest.raises(EditConflict, match="changed by someone else"):
        _save(seed_plan, "ComS_011", Q1, 999, officer, submit=False, version=seen_by_officer)
    assert IndicatorValue.objects.get().value == Decimal(441)


def test_standings_give_status_and_ratio_from_its_parts(seed_plan, owner, officer):
    for code, value in (("ComS_024a", 40), ("ComS_024b", 8)):
        row = _save(seed_plan, code, Q1, value, owner)
        indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)
    standings = {s.indicator.code: s.evaluation for s in plan_standings(seed_plan, Q1, as_of=AS_OF)}
    assert standings["ComS_024"].actual == Decimal(20)  # 8 / 40 × 100
    assert standings["ComS_024"].target == Decimal(22)
    assert standings["ComS_024"].status == RagStatus.GREEN
    assert standings["ComS_011"].status == RagStatus.MISSING  # Q1 was due in July
    assert standings["ComS_001"].status == RagStatus.MISSING
    assert (
        standings["ComS_038"].status == RagStatus.MISSING
    )  # service data still has to be collected


def test_derived_value_never_overwrites_an_approved_one(seed_plan, owner, officer):
    row = _save(seed_plan, "ComS_011", Q1, 450, owner)
    indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)
    indicator = seed_plan.indicators.get(code="ComS_011")
    derived = indicator_value_record(
        indicator=indicator,
        period=Q1,
        value=462,
        source=ValueSource.POLICE,
        provenance={"files": ["2026-04-nottinghamshire-street.csv"]},
    )
    assert derived.status == ValueStatus.SUBMITTED
    row.refresh_from_db()
    assert row.status == ValueStatus.APPROVED
    [discrepancy] = value_discrepancies(seed_plan)
    assert (discrepancy.approved.value, discrepancy.derived.value) == (Decimal(450), Decimal(462))
    assert (
        indicator_value_record(
            indicator=indicator, period=Q1, value=462, source=ValueSource.POLICE, provenance={}
        )
        is None
    )


def test_settings_changes_are_audited_and_locked(seed_plan, officer, owner):
    indicator = seed_plan.indicators.get(code="ComS_011")
    with pytest.raises(PermissionDenied):
        indicator_settings_update(
            indicator=indicator, by=owner, expected_version=1, tolerance_amount=Decimal(10)
        )
    updated = indicator_settings_update(
        indicator=indicator,
        by=officer,
        expected_version=1,
        tolerance_amount=Decimal(10),
        reason="volatile series",
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="indicator.settings")
    assert (event.before, event.after, event.reason) == (
        {"tolerance_amount": 5},
        {"tolerance_amount": 10},
        "volatile series",
    )
    with pytest.raises(EditConflict):
        indicator_settings_update(
            indicator=indicator, by=officer, expected_version=1, tolerance_amount=Decimal(2)
        )


def test_import_cannot_remove_an_indicator_that_has_monitoring_values(seed_plan, owner):
    _save(seed_plan, "ComS_011", Q1, 450, owner, submit=False)
    data = plan_export(seed_plan)
    data["indicators"] = [i for i in data["indicators"] if i["code"] != "ComS_011"]
    with pytest.raises(PlanDataError, match="monitoring records depend on it"):
        plan_apply(data)
    assert seed_plan.indicators.filter(code="ComS_011").exists()


def test_annual_survey_measure_is_not_missing_before_its_year_ends(seed_plan):
    standings = {s.indicator.code: s.evaluation for s in plan_standings(seed_plan, Q1, as_of=AS_OF)}
    assert seed_plan.indicators.get(code="ComS_033").frequency == "annual"
    assert standings["ComS_033"].status == RagStatus.PENDING
    year_end = {
        s.indicator.code: s.evaluation
        for s in plan_standings(seed_plan, Period.parse("2026/27-Q4"), as_of=dt.date(2027, 5, 1))
    }
    assert year_end["ComS_033"].status == RagStatus.MISSING


# -- entry that catches mistakes ---------------------------------------------------------------

Q3 = Period.parse("2026/27-Q3")
Q3_NOT_ENDED = (
    "2026/27 Q3 has not ended yet (it ends on 31 December 2026): its figures can be entered "
    "from 1 January 2027"
)


def _save_on(plan, code, period, value, by, day, **kwargs):
    indicator = plan.indicators.get(code=code)
    return indicator_value_save(
        entry=ValueInput(indicator, period, value, kwargs.pop("commentary", "")),
        by=by,
        submit=kwargs.pop("submit", True),
        as_of=day,
        **kwargs,
    )


def test_figure_for_a_quarter_that_has_not_ended_is_refused(seed_plan, owner):
    with pytest.raises(ValueRejected) as info:
        _save_on(seed_plan, "ComS_001", Q3, 1700, owner, dt.date(2026, 12, 15))
    assert (str(info.value), info.value.field) == (Q3_NOT_ENDED, "period")
    assert not IndicatorValue.objects.exists()

    row = _save_on(seed_plan, "ComS_001", Q3, 1700, owner, dt.date(2027, 1, 2))
    assert (row.period, row.value, row.status) == (Q3, Decimal(1700), ValueStatus.SUBMITTED)


def test_early_window_opens_entry_days_before_the_quarter_ends(seed_plan, owner, settings):
    settings.CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END = 10
    with pytest.raises(ValueRejected, match="can be entered from 22 December 2026"):
        _save_on(seed_plan, "ComS_001", Q3, 1700, owner, dt.date(2026, 12, 21))

    row = _save_on(seed_plan, "ComS_001", Q3, 1700, owner, dt.date(2026, 12, 22))
    assert row.value == Decimal(1700)


@pytest.mark.today(dt.date(2026, 12, 15))
def test_derived_figure_for_a_quarter_that_has_not_ended_is_refused(seed_plan):
    indicator = seed_plan.indicators.get(code="ComS_001")
    with pytest.raises(ValueRejected) as info:
        indicator_value_record(
            indicator=indicator, period=Q3, value=1700, source=ValueSource.POLICE, provenance={}
        )
    assert (str(info.value), info.value.field) == (Q3_NOT_ENDED, "period")


UNUSUAL = (
    "99,999,999 for 2026/27 Q1 is more than ten times any figure ComS_001 has had (largest "
    "7,162 in 2022/23, about 1,791 a quarter) and its target (6,800 for 2026/27, about 1,700 a "
    "quarter). Correct the figure, or confirm that it is right"
)


def test_implausible_figure_is_saved_only_when_confirmed(seed_plan, owner):
    with pytest.raises(ValueRejected) as info:
        _save(seed_plan, "ComS_001", Q1, 99999999, owner, submit=False)
    assert (str(info.value), info.value.field) == (UNUSUAL, "confirm_unusual")
    assert not IndicatorValue.objects.exists()

    row = _save_on(
        seed_plan, "ComS_001", Q1, 99999999, owner, AS_OF, submit=False, confirm_unusual=True
    )
    assert (row.value, row.status) == (Decimal(99999999), ValueStatus.DRAFT)


def test_plausible_figures_pass_without_confirmation(seed_plan, owner):
    # ComS_001's quarters are about 1,700 to 1,791: 180 and 17,000 are within ten times.
    assert _save(seed_plan, "ComS_001", Q1, 180, owner, submit=False).value == Decimal(180)
    assert _save(seed_plan, "ComS_001", Q1, 17000, owner, submit=False).value == Decimal(17000)


def test_red_figure_needs_commentary_remedial_action_and_forecast_whatever_is_approved(
    seed_plan, owner
):
    # ComS_011: 1,800 a year, 450 a quarter. Q1 has no approved figure, so there is no year to
    # date: Q2's 600 is judged on its own against 450, worse by 150 (beyond 5%): off target.
    with pytest.raises(ValueRejected) as info:
        _save(seed_plan, "ComS_011", Q2, 600, owner)
    assert (str(info.value), info.value.field) == (
        "Explain the figure: 600 is off target for ComS_011",
        "commentary",
    )
    with pytest.raises(ValueRejected) as info:
        _save(seed_plan, "ComS_011", Q2, 600, owner, commentary="More reports in the summer")
    assert info.value.field == "remedial_action"
    assert str(info.value) == (
        "Say what is being done to bring it back on target: 600 is off target for ComS_011"
    )
    indicator = seed_plan.indicators.get(code="ComS_011")
    entry = ValueInput(indicator, Q2, 600, "More reports", "Joint patrols with the police", "")
    with pytest.raises(ValueRejected, match="Say when it is expected back on target") as info:
        indicator_value_save(entry=entry, by=owner, submit=True, as_of=AS_OF)
    assert info.value.field == "forecast"

    entry = ValueInput(indicator, Q2, 600, "More reports", "Joint patrols", "By Q4")
    row = indicator_value_save(entry=entry, by=owner, submit=True, as_of=AS_OF)
    assert (row.remedial_action, row.forecast, row.status) == (
        "Joint patrols",
        "By Q4",
        ValueStatus.SUBMITTED,
    )


def test_amber_figure_needs_commentary_but_no_remedial_action(seed_plan, owner):
    # ComS_011 Q2 alone: 460 against 450 is worse by 10, within 5% (22.5): within tolerance.
    with pytest.raises(ValueRejected, match="460 is within tolerance for ComS_011"):
        _save(seed_plan, "ComS_011", Q2, 460, owner)
    row = _save(seed_plan, "ComS_011", Q2, 460, owner, commentary="A busy August")
    assert (row.status, row.remedial_action) == (ValueStatus.SUBMITTED, "")
