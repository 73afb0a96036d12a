"""Budget tracking: actuals per quarter, computed variance and net change, income bids."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.budgets.models import BidOutcome, BudgetActual, BudgetKind, IncomeBid
from civicplan.budgets.rules import (
    VarianceReading,
    money_parse,
    net_change,
    planned_to_date,
    sign_problem,
    variance,
    variance_reading,
)
from civicplan.budgets.selectors import budget_year, budget_year_csv, income_bids, income_bids_csv
from civicplan.budgets.services import (
    budget_actual_record,
    income_bid_decide,
    income_bid_record,
)
from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.fy import FinancialYear
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export
from tests.factories.seed import AS_OF

pytestmark = pytest.mark.usefixtures("seed_plan")

FY = FinancialYear(2026)
Q1 = Period.parse("2026/27-Q1")
Q2 = Period.parse("2026/27-Q2")

# -- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("-20,000", "-20000.00"),
        ("£1,234.50", "1234.50"),
        ("\u221220000", "-20000.00"),
        (-4000, "-4000.00"),
        (Decimal("12.5"), "12.50"),
    ],
)
def test_money_parse_reads_amounts_as_typed(raw, value):
    assert money_parse(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["", None, "twenty", "1.234", "NaN", True, "1e13"])
def test_money_parse_rejects_what_is_not_money(raw):
    with pytest.raises(ValueError):
        money_parse(raw)


@pytest.mark.parametrize(
    "raw", ["1e1000000", "-1e1000000", "Infinity", "12345678901234567890123", "1000000000000"]
)
def test_money_parse_refuses_amounts_too_large_to_hold_without_overflowing(raw):
    with pytest.raises(ValueError, match=f"“{raw}” is not an amount civicplan can hold"):
        money_parse(raw)


def test_money_parse_holds_the_largest_amount_under_a_trillion():
    assert money_parse("999,999,999,999.99") == Decimal("999999999999.99")


def test_sign_problem_savings_and_income_are_negative_costs_positive():
    assert sign_problem(BudgetKind.EFFICIENCY, Decimal(-5)) is None
    assert "negative" in sign_problem(BudgetKind.EFFICIENCY, Decimal(5))
    assert "income as a negative" in sign_problem(BudgetKind.INCOME, Decimal(5))
    assert sign_problem(BudgetKind.IMPLICATION, Decimal(5)) is None
    assert "positive" in sign_problem(BudgetKind.IMPLICATION, Decimal(-5))
    assert sign_problem(BudgetKind.INCOME, Decimal(0)) is None


def test_planned_to_date_spreads_evenly():
    assert planned_to_date(Decimal(-20000), 0) == 0
    assert planned_to_date(Decimal(-20000), 1) == Decimal(-5000)
    assert planned_to_date(Decimal(-10000), 3) == Decimal(-7500)
    assert planned_to_date(Decimal("-100.01"), 2) == Decimal("-50.01")
    with pytest.raises(ValueError):
        planned_to_date(Decimal(1), 5)


def test_variance_positive_is_adverse_whatever_the_kind():
    saving_short = variance(Decimal(-4000), Decimal(-5000))
    assert saving_short == 1000 and variance_reading(saving_short) is VarianceReading.ADVERSE
    income_over = variance(Decimal(-20000), Decimal(-15000))
    assert variance_reading(income_over) is VarianceReading.FAVOURABLE
    assert variance_reading(Decimal(0)) is VarianceReading.ON_PLAN


def test_net_change_adds_up_and_skips_missing():
    assert net_change([Decimal(-20000), None, Decimal(5000)]) == Decimal(-15000)
    assert net_change([]) == 0


# -- actuals --------------------------------------------------------------------------------


@pytest.fixture
def pspo_line(seed_plan):
    """Efficiency: "Reduction in ASB cases relating to subjects of PSPO's", COMS2629_07."""
    return seed_plan.budget_lines.get(action="COMS2629_07")


@pytest.fixture
def bids_line(seed_plan):
    """Income: "Funding applied for as they become available" (no key task)."""
    return seed_plan.budget_lines.get(action="Funding bids")


def _actual(line, by, amount, *, period=Q1, version=0, note=""):
    return budget_actual_record(
        line=line,
        period=period,
        amount=amount,
        note=note,
        by=by,
        expected_version=version,
        as_of=AS_OF,
    )


def test_seed_net_change_in_revenue_budget_is_computed(seed_plan):
    year = budget_year(seed_plan, FY)
    assert year.planned_net_change() == Decimal(-120000)
    assert year.planned_net_change(BudgetKind.INCOME) == Decimal(-90000)
    assert year.actual_net_change() == 0
    assert budget_year(seed_plan, FinancialYear(2027)).planned_net_change() == Decimal(-100000)


def test_actuals_give_variance_to_date(seed_plan, pspo_line, owner):
    _actual(pspo_line, owner, "-4,000")
    _actual(pspo_line, owner, -5500, period=Q2, note="Fewer PSPO breaches")
    line = next(ly for ly in budget_year(seed_plan, FY, upto=2).lines if ly.line == pspo_line)
    assert (line.planned, line.planned_to_date, line.actual_to_date) == (
        Decimal(-20000),
        Decimal(-10000),
        Decimal(-9500),
    )
    assert line.variance == Decimal(500) and line.reading is VarianceReading.ADVERSE
    assert line.version(1) == 1 and line.version(3) == 0
    year = budget_year(seed_plan, FY, upto=2)
    assert year.actual_net_change() == Decimal(-9500)
    assert year.planned_to_date() == Decimal(-60000)
    assert year.variance() == Decimal(50500)
    whole_year = next(ly for ly in budget_year(seed_plan, FY).lines if ly.line == pspo_line)
    assert whole_year.variance == Decimal(10500)


def test_actuals_csv_has_lines_then_net_change(seed_plan, pspo_line, owner):
    _actual(pspo_line, owner, -4000)
    header, rows = budget_year_csv(budget_year(seed_plan, FY, upto=1))
    assert header[4:6] == ["Planned", "Q1 actual"]
    pspo = dict(zip(header, rows[0], strict=True))
    assert (pspo["Q1 actual"], pspo["Planned to date"], pspo["Variance"]) == (
        Decimal(-4000),
        Decimal(-5000),
        Decimal(1000),
    )
    assert rows[-1][0] == "Net change in revenue budget"
    assert rows[-1][4] == Decimal(-120000)


def test_actual_correction_needs_current_version_and_is_audited(pspo_line, owner, officer):
    _actual(pspo_line, owner, -4000)
    with pytest.raises(EditConflict):
        _actual(pspo_line, officer, -4500)  # read before the first save
    assert BudgetActual.objects.get().amount == Decimal(-4000)
    _actual(pspo_line, officer, -4500, version=1)
    events = AuditEvent.objects.filter(action="budget.actual").order_by("id")
    assert [(e.before and e.before["amount"], e.after["amount"]) for e in events] == [
        (None, -4000),
        (-4000, -4500),
    ]
    assert events.last().actor == officer


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "4000"}, "amount"),  # a saving typed as a cost
        ({"amount": "abc"}, "amount"),
        ({"period": Period.parse("2026/27")}, "period"),
        ({"period": Period.parse("2026/27-Q4")}, "period"),
        ({"period": Period.parse("2029/30-Q1")}, "period"),
    ],
)
def test_actual_rejects_bad_input(pspo_line, owner, kwargs, field):
    values = {"amount": -4000, **kwargs}
    with pytest.raises(ValueRejected) as caught:
        _actual(pspo_line, owner, **values)
    assert caught.value.field == field
    assert not BudgetActual.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "officer", "administrator"])
def test_actual_allowed_for_task_officer_and_performance_officers(request, pspo_line, persona):
    assert _actual(pspo_line, request.getfixturevalue(persona), -1000).version == 1


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_actual_refused_for_colleague_and_viewer(request, pspo_line, persona):
    with pytest.raises(PermissionDenied, match="officers of COMS2629_07"):
        _actual(pspo_line, request.getfixturevalue(persona), -1000)


def test_actual_on_line_without_task_is_for_performance_officers(bids_line, owner, officer):
    with pytest.raises(PermissionDenied, match="performance officer"):
        _actual(bids_line, owner, -1000)
    assert _actual(bids_line, officer, -1000).amount == Decimal(-1000)


def test_plan_apply_refuses_to_remove_a_line_with_actuals(seed_plan, pspo_line, owner):
    _actual(pspo_line, owner, -4000)
    data = plan_export(seed_plan)
    data["budget_lines"] = [b for b in data["budget_lines"] if b["action"] != "COMS2629_07"]
    with pytest.raises(PlanDataError, match="monitoring records depend on it"):
        plan_apply(data)


# -- income bids ----------------------------------------------------------------------------


def _bid(line, by, amount="25,000", funder="Home Office", on=dt.date(2026, 6, 1)):
    return income_bid_record(
        line=line,
        funder=funder,
        purpose="Safer Streets round 6",
        submitted_on=on,
        amount_bid=amount,
        by=by,
        as_of=AS_OF,
    )


def test_bids_recorded_one_by_one_with_outcomes(seed_plan, bids_line, officer):
    won = _bid(bids_line, officer)
    lost = _bid(bids_line, officer, "8000", "PCC", dt.date(2026, 7, 1))
    _bid(bids_line, officer, "5000", "Lottery", dt.date(2026, 9, 1))
    income_bid_decide(
        bid=won,
        outcome=BidOutcome.SUCCESSFUL,
        amount_awarded="20,000",
        decided_on=dt.date(2026, 9, 15),
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )
    income_bid_decide(
        bid=lost,
        outcome=BidOutcome.UNSUCCESSFUL,
        decided_on=dt.date(2026, 10, 1),
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )
    summary = income_bids(seed_plan)
    assert [b.funder for b in summary.bids] == ["Home Office", "PCC", "Lottery"]
    assert summary.counts == {"pending": 1, "successful": 1, "unsuccessful": 1}
    assert summary.total_bid() == Decimal(38000)
    assert summary.total_bid(BidOutcome.PENDING) == Decimal(5000)
    assert summary.total_awarded == Decimal(20000)
    header, rows = income_bids_csv(summary)
    assert dict(zip(header, rows[0], strict=True))["Amount awarded"] == Decimal(20000)
    event = AuditEvent.objects.filter(action="budget.bid.outcome").order_by("id").first()
    assert (event.before["outcome"], event.after["outcome"]) == ("pending", "successful")


@pytest.mark.parametrize(
    ("outcome", "awarded", "decided", "field"),
    [
        (BidOutcome.SUCCESSFUL, None, dt.date(2026, 9, 1), "amount_awarded"),
        (BidOutcome.SUCCESSFUL, "1000", None, "decided_on"),
        (BidOutcome.UNSUCCESSFUL, "1000", dt.date(2026, 9, 1), "amount_awarded"),
        (BidOutcome.SUCCESSFUL, "1000", dt.date(2026, 5, 1), "decided_on"),  # before the bid
        ("won", "1000", dt.date(2026, 9, 1), "outcome"),
    ],
)
def test_bid_outcome_rejects_inconsistent_decisions(
    bids_line, officer, outcome, awarded, decided, field
):
    bid = _bid(bids_line, officer)
    with pytest.raises(ValueRejected) as caught:
        income_bid_decide(
            bid=bid,
            outcome=outcome,
            amount_awarded=awarded,
            decided_on=decided,
            by=officer,
            expected_version=1,
            as_of=AS_OF,
        )
    assert caught.value.field == field
    bid.refresh_from_db()
    assert bid.outcome == BidOutcome.PENDING and bid.version == 1


def test_bid_outcome_stale_version_changes_nothing(bids_line, officer):
    bid = _bid(bids_line, officer)
    income_bid_decide(
        bid=bid,
        outcome=BidOutcome.UNSUCCESSFUL,
        decided_on=dt.date(2026, 9, 1),
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )
    with pytest.raises(EditConflict):
        income_bid_decide(
            bid=bid,
            outcome=BidOutcome.SUCCESSFUL,
            amount_awarded="100",
            decided_on=dt.date(2026, 9, 2),
            by=officer,
            expected_version=1,
            as_of=AS_OF,
        )
    bid.refresh_from_db()
    assert bid.outcome == BidOutcome.UNSUCCESSFUL


def test_bid_only_against_income_lines(pspo_line, officer):
    with pytest.raises(ValueRejected, match="income lines") as caught:
        _bid(pspo_line, officer)
    assert caught.value.field == "line"


@pytest.mark.parametrize("persona", ["owner", "colleague", "viewer_holding_post"])
def test_bid_on_funding_bids_line_refused_without_performance_role(request, bids_line, persona):
    with pytest.raises(PermissionDenied):
        _bid(bids_line, request.getfixturevalue(persona))
    assert not IncomeBid.objects.exists()


def test_bid_rejects_zero_and_future_dates(bids_line, officer):
    with pytest.raises(ValueRejected) as caught:
        _bid(bids_line, officer, amount="0")
    assert caught.value.field == "amount_bid"
    with pytest.raises(ValueRejected) as caught:
        _bid(bids_line, officer, on=dt.date(2026, 12, 25))
    assert caught.value.field == "submitted_on"
