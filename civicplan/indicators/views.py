"""A performance officer's changes to an indicator: its monitoring settings and its targets.

Each is its own page (GOV.UK: one thing per page), reached from the indicator page's "Change"
links. The services check the role, validate, lock and write the audit trail that the indicator
page then shows; the views only read the form and report the services' refusals on its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.forms import ServiceForm, form_post
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.indicators.forms import SettingsForm, TargetForm
from civicplan.indicators.models import Indicator, YearValueKind
from civicplan.indicators.services import (
    indicator_settings_update,
    indicator_target_set,
)
from civicplan.indicators.tables import figure_text, indicator_crumbs
from civicplan.plans.models import Plan
from civicplan.plans.pages import plan_view

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


def _indicator(plan: Plan, code: str) -> Indicator:
    indicator = (
        plan.indicators.select_related("ratio_numerator", "ratio_denominator")
        .prefetch_related("year_values")
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise Http404(f"There is no indicator {code} in this plan.")
    return indicator


SETTINGS = "indicators/settings.html"
TARGETS = "indicators/targets.html"


def _page(
    request: SignedInRequest,
    template: str,
    plan: Plan,
    indicator: Indicator,
    form: ServiceForm,
    *,
    status: int = 200,
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """One of the two pages, under the indicator's breadcrumbs."""
    return render(
        request,
        template,
        {
            "breadcrumbs": indicator_crumbs(indicator.code),
            "plan": plan,
            "indicator": indicator,
            "form": form,
            **(context or {}),
        },
        status=status,
    )


def _post(
    request: SignedInRequest,
    template: str,
    plan: Plan,
    indicator: Indicator,
    form: ServiceForm,
    save: Callable[[dict[str, Any]], str],
    *,
    version: Callable[[Indicator], int] = attrgetter("version"),
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """Save through ``save``: back to the indicator page, or this page again with the form."""
    return form_post(
        request,
        form,
        save,
        saved_to=reverse("monitoring:indicator", kwargs={"code": indicator.code}),
        reread=lambda: indicator,
        page=lambda now, status: _page(
            request, template, plan, now, form, status=status, context=context
        ),
        version=version,
    )


@plan_view
def indicator_settings(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    require(
        is_performance_officer(request.user),
        "Only a performance officer can change how an indicator is monitored.",
    )
    indicator = _indicator(plan, code)
    codes = sorted(plan.indicators.values_list("code", flat=True))
    if request.method != "POST":
        form = SettingsForm(indicator=indicator, codes=codes)
        return _page(request, SETTINGS, plan, indicator, form)
    form = SettingsForm(request.POST, indicator=indicator, codes=codes)
    changes = form.changes(_ratio_parts(plan, form)) if form.is_valid() else {}
    if form.is_valid() and not changes:
        messages.info(request, f"Nothing changed: the settings of {code} are as they were.")
        return redirect("monitoring:indicator", code=code)

    def save(data: dict[str, Any]) -> str:
        indicator_settings_update(
            indicator=indicator,
            by=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
            **changes,
        )
        names = ", ".join(str(form.fields[name].label).lower() for name in changes)
        return f"{code}: changed {names}."

    def kept(_: Indicator) -> int:
        """After a conflict the form keeps its version: this page does not show the change."""
        return int(form.cleaned_data["expected_version"])

    return _post(request, SETTINGS, plan, indicator, form, save, version=kept)


def _ratio_parts(plan: Plan, form: SettingsForm) -> dict[str, Indicator]:
    chosen = [form.cleaned_data["ratio_numerator"], form.cleaned_data["ratio_denominator"]]
    return {i.code: i for i in plan.indicators.filter(code__in=[c for c in chosen if c])}


@plan_view
def indicator_targets(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    require(is_performance_officer(request.user), "Only a performance officer can change targets.")
    indicator = _indicator(plan, code)
    years = [str(year) for year in fy_range(plan.first_year, plan.last_year)]
    targets = {
        str(v.year): v.value for v in indicator.year_values.all() if v.kind == YearValueKind.TARGET
    }
    context: dict[str, object] = {
        "targets": [(year, figure_text(indicator, targets.get(year))) for year in years],
        "percent": indicator.unit == "percent",
    }
    if request.method != "POST":
        return _page(request, TARGETS, plan, indicator, TargetForm(years=years), context=context)
    form = TargetForm(request.POST, years=years)

    def save(data: dict[str, Any]) -> str:
        indicator_target_set(
            indicator=indicator,
            year=FinancialYear.parse(data["year"]),
            value=data["value"],
            by=request.user,
            reason=data["reason"],
        )
        return f"{code}: the target for {data['year']} is set."

    return _post(request, TARGETS, plan, indicator, form, save, context=context)
