"""The budget pages: the plan's budget as printed, the position for a year and quarter, one
line's actuals, and income bids.

Forms post to their own addresses and call one service each (see ``tasks.views`` for the
pattern): actuals to ``budget_actual_record``, bids to ``income_bid_record`` and
``income_bid_decide``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.budgets.forms import (
    ActualForm,
    BidForm,
    BudgetPeriodForm,
    DecisionForm,
)
from civicplan.budgets.models import BudgetKind, BudgetLine, IncomeBid
from civicplan.budgets.selectors import (
    LineYear,
    bid_get,
    budget_year,
    default_year_and_quarter,
    income_bids,
    line_actuals,
    plan_budget,
    quarters_to_date,
)
from civicplan.budgets.services import (
    budget_actual_record,
    can_record_budget,
    income_bid_decide,
    income_bid_record,
)
from civicplan.budgets.tables import (
    bid_summary,
    bids_table,
    group_table,
    line_href,
    line_summary,
    lines_table,
    position_table,
    printed_totals_table,
    quarters_table,
    totals_table,
)
from civicplan.core import clock
from civicplan.core.formats import money_text
from civicplan.core.forms import form_post
from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.plans.models import Plan
from civicplan.plans.pages import plan_view, tables_page

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser, SignedInRequest


@plan_view
def budget_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    budget = plan_budget(plan)
    groups = [group_table(group, budget.years) for group in budget.groups]
    return tables_page(
        request,
        "budgets/index.html",
        {"budget": budget, "group_tables": groups},
        plan=plan,
        tables=[lines_table(budget), *groups, printed_totals_table(budget)],
    )


@plan_view
def budget_position(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = BudgetPeriodForm(request.GET, plan=plan, today=clock.today())
    fy, upto = form.chosen()
    year = budget_year(plan, fy, upto=upto)
    context = {"form": form, "year": year}
    tables = [position_table(year), totals_table(year)]
    return tables_page(request, "budgets/position.html", context, plan=plan, tables=tables)


# -- one line ----------------------------------------------------------------------------------


def _year(plan: Plan, request: HttpRequest) -> FinancialYear:
    try:
        fy = FinancialYear.parse(request.GET.get("year", ""))
    except (TypeError, ValueError):
        return default_year_and_quarter(plan, clock.today())[0]
    return fy if plan.first_year <= fy <= plan.last_year else plan.first_year


def _line_year(plan: Plan, pk: int, fy: FinancialYear) -> LineYear:
    year = budget_year(plan, fy, upto=quarters_to_date(plan, fy, clock.today()))
    line = next((ly for ly in year.lines if ly.line.pk == pk), None)
    if line is None:
        raise Http404(f"There is no budget line {pk} in this plan.")
    return line


def _actual_form(ly: LineYear, fy: FinancialYear, data: Any = None) -> ActualForm:
    started = [q for q in Period.for_year(fy).quarters() if q.first_day <= clock.today()]
    ended = Period.quarter_containing(clock.today()).previous()
    default = ended if ended in started else (started[-1] if started else None)
    return ActualForm(
        data,
        prefix="actual",
        quarters=started,
        versions={n: ly.version(n) for n in range(1, 5)},
        initial={"quarter": default.number if default else None},
    )


def _line_page(
    request: HttpRequest,
    plan: Plan,
    ly: LineYear,
    fy: FinancialYear,
    *,
    form: ActualForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actual_form = form or _actual_form(ly, fy)
    context = {
        "breadcrumbs": [("Budget position", f"{reverse('budgets:position')}?year={fy}")],
        "ly": ly,
        "line": ly.line,
        "fy": fy,
        "years": [str(y) for y in _plan_years(plan)],
        "summary": line_summary(ly, fy),
        "can_record": can_record_budget(request.user, ly.line),
        "actual_form": actual_form,
        "record_href": f"{reverse('budgets:record_actual', kwargs={'pk': ly.line.pk})}?year={fy}",
        "form": form,
    }
    tables = [quarters_table(line_actuals(ly.line, fy), fy)]
    return tables_page(
        request, "budgets/line.html", context, plan=plan, tables=tables, status=status
    )


def _plan_years(plan: Plan) -> list[FinancialYear]:
    return [FinancialYear(y) for y in range(plan.first_year.start, plan.last_year.start + 1)]


@plan_view
def budget_line(request: HttpRequest, plan: Plan, pk: int) -> HttpResponse:
    fy = _year(plan, request)
    return _line_page(request, plan, _line_year(plan, pk, fy), fy)


@require_POST
@plan_view
def budget_actual(request: SignedInRequest, plan: Plan, pk: int) -> HttpResponse:
    fy = _year(plan, request)
    ly = _line_year(plan, pk, fy)
    if not can_record_budget(request.user, ly.line):
        raise PermissionDenied(f"You cannot record amounts for “{ly.line.description}”.")
    form = _actual_form(ly, fy, request.POST)

    def save(data: dict[str, Any]) -> str:
        period = Period.for_quarter(fy, data["quarter"])
        budget_actual_record(
            line=ly.line,
            period=period,
            amount=data["amount"],
            note=data["note"],
            by=request.user,
            expected_version=data["version"],
            as_of=clock.today(),
        )
        return f"Actual for {period.label} recorded."

    return form_post(
        request,
        form,
        save,
        saved_to=line_href(ly.line, fy),
        reread=lambda: _line_year(plan, pk, fy),
        page=lambda now, status: _line_page(request, plan, now, fy, form=form, status=status),
        version=lambda now: now.version(form.cleaned_data["quarter"]),
    )


# -- income bids -------------------------------------------------------------------------------


def _bid_lines(plan: Plan, user: AnyUser) -> list[BudgetLine]:
    lines = plan.budget_lines.filter(kind=BudgetKind.INCOME).select_related("task")
    lines = lines.prefetch_related("task__keytaskofficer_set").order_by("position")
    return [line for line in lines if can_record_budget(user, line)]


def _bids_page(
    request: HttpRequest, plan: Plan, *, form: BidForm | None = None, status: int = 200
) -> HttpResponse:
    summary = income_bids(plan)
    lines = _bid_lines(plan, request.user)
    context = {
        "summary": summary,
        "bid_form": form or BidForm(prefix="bid", lines=lines),
        "can_record": bool(lines),
        "form": form,
        "total_bid": money_text(summary.total_bid()),
        "total_awarded": money_text(summary.total_awarded),
    }
    return tables_page(
        request,
        "budgets/bids.html",
        context,
        plan=plan,
        tables=[bids_table(summary)],
        status=status,
    )


@plan_view
def bids(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _bids_page(request, plan)


@require_POST
@plan_view
def bid_record(request: SignedInRequest, plan: Plan) -> HttpResponse:
    lines = _bid_lines(plan, request.user)
    if not lines:
        raise PermissionDenied("You cannot record bids: no income line of this plan is yours.")
    form = BidForm(request.POST, prefix="bid", lines=lines)

    def save(data: dict[str, Any]) -> str:
        bid = income_bid_record(
            line=form.chosen_line(),
            funder=data["funder"],
            purpose=data["purpose"],
            submitted_on=data["submitted_on"],
            amount_bid=data["amount_bid"],
            by=request.user,
            as_of=clock.today(),
        )
        return f"Bid to {bid.funder} recorded as pending."

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("budgets:bids"),
        reread=lambda: None,
        page=lambda _, status: _bids_page(request, plan, form=form, status=status),
    )


def _bid(plan: Plan, pk: int) -> IncomeBid:
    bid = bid_get(plan, pk)
    if bid is None:
        raise Http404(f"There is no income bid {pk} in this plan.")
    return bid


def _decision_form(bid: IncomeBid, data: Any = None) -> DecisionForm:
    initial = {
        "version": bid.version,
        "outcome": bid.outcome,
        "decided_on": bid.decided_on,
        "amount_awarded": bid.amount_awarded,
    }
    return DecisionForm(data, prefix="decision", initial=initial)


def _bid_page(
    request: HttpRequest,
    plan: Plan,
    bid: IncomeBid,
    *,
    form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "breadcrumbs": [("Income bids", reverse("budgets:bids"))],
        "bid": bid,
        "summary": bid_summary(bid),
        "can_record": can_record_budget(request.user, bid.line),
        "decision_form": form or _decision_form(bid),
        "form": form,
    }
    return tables_page(request, "budgets/bid.html", context, plan=plan, tables=[], status=status)


@plan_view
def bid_page(request: HttpRequest, plan: Plan, pk: int) -> HttpResponse:
    return _bid_page(request, plan, _bid(plan, pk))


@require_POST
@plan_view
def bid_decide(request: SignedInRequest, plan: Plan, pk: int) -> HttpResponse:
    bid = _bid(plan, pk)
    if not can_record_budget(request.user, bid.line):
        raise PermissionDenied(f"You cannot record the outcome of the bid to {bid.funder}.")
    form = _decision_form(bid, request.POST)

    def save(data: dict[str, Any]) -> str:
        income_bid_decide(
            bid=bid,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            amount_awarded=data["amount_awarded"],
            by=request.user,
            expected_version=data["version"],
            as_of=clock.today(),
        )
        return f"Outcome of the bid to {bid.funder} recorded."

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("budgets:bid", kwargs={"pk": pk}),
        reread=lambda: _bid(plan, pk),
        page=lambda now, status: _bid_page(request, plan, now, form=form, status=status),
    )
