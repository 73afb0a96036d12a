"""A performance officer's changes to an indicator: its monitoring settings and its targets.

Each is its own page (GOV.UK: one thing per page), reached from the indicator page's "Change"
links. The services check the role, validate, lock and write the audit trail that the indicator
page then shows; the views only read the form and report the services' refusals on its fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.forms import form_post
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.indicators.models import Indicator, YearValueKind
from civicplan.indicators.pages.common import figure_text, indicator_crumbs
from civicplan.indicators.pages.forms import TargetForm
from civicplan.indicators.pages.settings_forms import SettingsForm
from civicplan.indicators.services import (
    indicator_settings_update,
    indicator_target_set,
)
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
        return _settings_page(request, plan, indicator, form)
    form = SettingsForm(request.POST, indicator=indicator, codes=codes)
    changes = form.changes(_ratio_parts(plan, form)) if form.is_valid() else {}
    if form.is_valid() and not changes:
        messages.info(request, f"Nothing changed: the settings of {code} are as they were.")
        return redirect("indicators:detail", code=code)

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

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("indicators:detail", kwargs={"code": code}),
        reread=lambda: indicator,
        page=lambda now, status: _settings_page(request, plan, now, form, status=status),
        # Not moved on after a conflict: this page does not show the other change.
        version=lambda _: form.cleaned_data["expected_version"],
    )


def _ratio_parts(plan: Plan, form: SettingsForm) -> dict[str, Indicator]:
    chosen = [form.cleaned_data["ratio_numerator"], form.cleaned_data["ratio_denominator"]]
    return {i.code: i for i in plan.indicators.filter(code__in=[c for c in chosen if c])}


def _settings_page(
    request: SignedInRequest,
    plan: Plan,
    indicator: Indicator,
    form: SettingsForm,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "monitoring/indicator_settings.html",
        {
            "breadcrumbs": indicator_crumbs(indicator.code),
            "plan": plan,
            "indicator": indicator,
            "form": form,
        },
        status=status,
    )


@plan_view
def indicator_targets(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    require(is_performance_officer(request.user), "Only a performance officer can change targets.")
    indicator = _indicator(plan, code)
    years = [str(year) for year in fy_range(plan.first_year, plan.last_year)]
    if request.method != "POST":
        return _targets_page(request, plan, indicator, TargetForm(years=years), years)
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

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("indicators:detail", kwargs={"code": code}),
        reread=lambda: indicator,
        page=lambda now, status: _targets_page(request, plan, now, form, years, status=status),
    )


def _targets_page(
    request: SignedInRequest,
    plan: Plan,
    indicator: Indicator,
    form: TargetForm,
    years: list[str],
    *,
    status: int = 200,
) -> HttpResponse:
    targets = {
        str(v.year): v.value for v in indicator.year_values.all() if v.kind == YearValueKind.TARGET
    }
    return render(
        request,
        "monitoring/indicator_targets.html",
        {
            "breadcrumbs": indicator_crumbs(indicator.code),
            "plan": plan,
            "indicator": indicator,
            "form": form,
            "targets": [(year, figure_text(indicator, targets.get(year))) for year in years],
            "percent": indicator.unit == "percent",
        },
        status=status,
    )
