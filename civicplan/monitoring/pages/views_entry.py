"""Entering figures and approving them: "My indicators", the data-entry page and "Approvals".

The views parse the form, call the value services and render; the services decide who may do
what (a refusal is a 403 page with their message), validate the figure and refuse a save made
from a stale copy. An edit conflict keeps what the user typed, shows the other person's figure
and lets them save again deliberately.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicplan.accounts.permissions import has_role, is_performance_officer
from civicplan.accounts.roles import Role
from civicplan.core import clock
from civicplan.core.errors import ValueRejected
from civicplan.core.formats import plain_number
from civicplan.core.forms import Outcome, form_post, form_submit
from civicplan.core.periods import Period
from civicplan.indicators.tables import figure_text, indicator_crumbs, is_percent
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.pages.common import my_indicators_href, period_from_slug
from civicplan.monitoring.pages.forms import (
    DecisionForm,
    OwnerPeriodForm,
    PeriodForm,
    ValueForm,
)
from civicplan.monitoring.pages.tables.collection import (
    approval_rows,
    entry_summary_rows,
    entry_table,
    revisions_table,
)
from civicplan.monitoring.selectors.worklists import (
    EntryItem,
    approval_list,
    collection_round,
    entry_counts,
    entry_item,
    entry_list,
    entry_owner_choices,
)
from civicplan.monitoring.services import (
    ValueInput,
    indicator_value_approve,
    indicator_value_return,
    indicator_value_save,
)
from civicplan.plans.models import Plan
from civicplan.plans.pages import plan_view, tables_page

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


@plan_view
def my_indicators(request: HttpRequest, plan: Plan) -> HttpResponse:
    officer = is_performance_officer(request.user)
    form = OwnerPeriodForm(
        request.GET,
        plan=plan,
        today=clock.today(),
        owners=entry_owner_choices(plan) if officer else [],
    )
    period = form.chosen_period() or form.default
    rows = entry_list(
        plan, period, user=request.user, owner=form.chosen_owner(), as_of=clock.today()
    )
    return tables_page(
        request,
        "monitoring/my_indicators.html",
        {
            "form": form,
            "period": period,
            "officer": officer,
            "enters": officer or has_role(request.user, Role.INDICATOR_OWNER),
            "rows": rows,
            "counts": entry_counts(rows),
        },
        plan=plan,
        tables=[entry_table(rows, caption=f"Figures for {period.label}")],
    )


def _initial(item: EntryItem) -> dict[str, object]:
    current = item.row.current
    return {
        "value": plain_number(current.value) if current else "",
        "commentary": current.commentary if current else "",
        "remedial_action": current.remedial_action if current else "",
        "forecast": current.forecast if current else "",
        "expected_version": item.expected_version,
    }


def _saved_message(item: EntryItem, value: IndicatorValue, submitted: bool) -> str:
    what = "submitted for approval" if submitted else "saved as a draft"
    figure = figure_text(item.indicator, value.value)
    return f"{item.indicator.code}, {value.period.label}: {figure} {what}."


@plan_view
def value_entry(request: SignedInRequest, plan: Plan, code: str, period: str) -> HttpResponse:
    chosen = period_from_slug(period)
    item = (
        entry_item(plan, code, chosen, user=request.user, as_of=clock.today()) if chosen else None
    )
    if chosen is None or item is None:
        raise Http404(f"There is no figure of {code} for {period}.")
    if request.method != "POST":
        return _entry_page(request, plan, item, chosen, ValueForm(initial=_initial(item)))
    form = ValueForm(request.POST)

    def save(data: dict[str, Any]) -> str:
        entry = ValueInput(
            item.indicator,
            chosen,
            data["value"],
            data["commentary"],
            remedial_action=data["remedial_action"],
            forecast=data["forecast"],
        )
        value = indicator_value_save(
            entry=entry,
            by=request.user,
            submit=form.submitting,
            expected_version=data["expected_version"],
            confirm_unusual=data["confirm_unusual"],
        )
        return _saved_message(item, value, form.submitting)

    return form_post(
        request,
        form,
        save,
        saved_to=my_indicators_href(collection_round(chosen)),
        reread=lambda: (
            entry_item(plan, code, chosen, user=request.user, as_of=clock.today()) or item
        ),
        page=lambda now, status: _entry_page(request, plan, now, chosen, form, status=status),
        version=lambda now: now.expected_version,
    )


def _entry_page(
    request: HttpRequest,
    plan: Plan,
    item: EntryItem,
    period: Period,
    form: ValueForm,
    *,
    status: int = 200,
) -> HttpResponse:
    round_ = collection_round(period)
    return render(
        request,
        "monitoring/value_entry.html",
        {
            "breadcrumbs": [
                (f"My indicators for {round_.label}", my_indicators_href(round_)),
                *indicator_crumbs(item.indicator.code)[1:],
            ],
            "plan": plan,
            "item": item,
            "row": item.row,
            "period": period,
            "form": form,
            "percent": is_percent(item.indicator),
            "round": round_,
            "summary": entry_summary_rows(item),
            "revisions": revisions_table(item),
        },
        status=status,
    )


def _decide(request: SignedInRequest, data: dict[str, Any]) -> None:
    """Approve or return the figure; a figure deleted meanwhile is refused as gone."""
    try:
        if data["decision"] == "approve":
            indicator_value_approve(
                value_id=data["value_id"],
                by=request.user,
                expected_version=data["expected_version"],
            )
        else:
            indicator_value_return(
                value_id=data["value_id"],
                by=request.user,
                expected_version=data["expected_version"],
                reason=data["reason"],
            )
    except IndicatorValue.DoesNotExist:
        raise ValueRejected("That figure no longer exists.", field="value") from None


def _refusal(decision: DecisionForm, outcome: Outcome) -> tuple[str, str]:
    """The field at fault ("reason", "conflict" or the figure itself) and the message."""
    problem = next(str(error) for errors in decision.errors.values() for error in errors)
    if outcome is Outcome.CONFLICT:
        return "conflict", problem
    return ("reason" if decision.has_error("reason") else "value"), problem


def _message(failed: dict[int, tuple[str, str]], pk: int, *, reason: bool) -> str:
    """A refusal shown on the reason box (no reason given) or at the top of the card."""
    field, message = failed.get(pk, ("", ""))
    return message if (field == "reason") == reason else ""


@plan_view
def approvals(request: SignedInRequest, plan: Plan) -> HttpResponse:
    """Performance officers only: ``approval_list`` and the two services refuse anyone else."""
    form = PeriodForm(request.GET, plan=plan, today=clock.today(), all_label="All periods")
    failed: dict[int, tuple[str, str]] = {}  # value id → (field at fault, message)
    reason = ""
    status = 200
    page_errors: list[tuple[str, str]] = []
    if request.method == "POST":
        decision = DecisionForm(request.POST)
        if decision.is_valid():
            posted = dict(decision.cleaned_data)  # a refusal takes its field out of cleaned_data
            value_id = posted["value_id"]
            outcome = form_submit(decision, lambda data: _decide(request, data))
            if outcome is Outcome.SAVED:
                verb = "approved" if posted["decision"] == "approve" else "returned"
                messages.success(request, f"Figure {verb}.")
                return redirect(request.get_full_path())
            field, problem = _refusal(decision, outcome)
            failed[value_id] = (field, problem)
            reason = posted["reason"]
            anchor = f"#reason-{value_id}" if field == "reason" else f"#value-{value_id}"
            page_errors.append((anchor, problem))
            status = 409 if field == "conflict" else 200
        else:
            page_errors.append(("#main-content", "The form was incomplete: try again."))
    items = approval_list(plan, user=request.user, period=form.chosen_period(), as_of=clock.today())
    shown = {item.value.pk for item in items}
    # A figure decided meanwhile is no longer listed: the message cannot point at its card.
    page_errors = [
        (href if not failed or set(failed) & shown else "#main-content", message)
        for href, message in page_errors
    ]
    cards = [
        {
            "item": item,
            "rows": approval_rows(item),
            "reason_error": _message(failed, item.value.pk, reason=True),
            "error": _message(failed, item.value.pk, reason=False),
            "reason": reason if item.value.pk in failed else "",
        }
        for item in items
    ]
    return render(
        request,
        "monitoring/approvals.html",
        {"plan": plan, "form": form, "cards": cards, "page_errors": page_errors},
        status=status,
    )
