"""A performance officer's changes to an indicator: its monitoring settings and its targets.

Each is its own page (GOV.UK: one thing per page), reached from the indicator page's "Change"
links. The services check the role, validate, lock and write the audit trail that the indicator
page then shows; the views only read the form and report the services' refusals on its fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.indicators.models import Indicator, YearValueKind
from civicplan.indicators.pages.common import figure_text
from civicplan.indicators.pages.forms import TargetForm, service_error
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


def _settings_refused(form: SettingsForm, error: ValidationError) -> None:
    """The model's own checks (run by the service) reported on the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


@plan_view
def indicator_settings(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    require(
        is_performance_officer(request.user),
        "Only a performance officer can change how an indicator is monitored.",
    )
    indicator = _indicator(plan, code)
    codes = sorted(plan.indicators.values_list("code", flat=True))
    form = SettingsForm(
        request.POST if request.method == "POST" else None, indicator=indicator, codes=codes
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        chosen = [form.cleaned_data["ratio_numerator"], form.cleaned_data["ratio_denominator"]]
        parts = {i.code: i for i in plan.indicators.filter(code__in=[c for c in chosen if c])}
        changes = form.changes(parts)
        if not changes:
            messages.info(request, f"Nothing changed: the settings of {code} are as they were.")
            return redirect("indicators:detail", code=code)
        try:
            indicator_settings_update(
                indicator=indicator,
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
                **changes,
            )
        except ValueRejected as error:
            service_error(form, error)
        except ValidationError as error:
            _settings_refused(form, error)
        except EditConflict:
            status = 409
            form.add_error(
                None,
                "Someone else changed these settings while you were editing them, so yours "
                "have not been saved. Open the indicator page to see theirs, then try again.",
            )
        else:
            names = ", ".join(str(form.fields[name].label).lower() for name in changes)
            messages.success(request, f"{code}: changed {names}.")
            return redirect("indicators:detail", code=code)
    return render(
        request,
        "monitoring/indicator_settings.html",
        {"plan": plan, "indicator": indicator, "form": form},
        status=status,
    )


@plan_view
def indicator_targets(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    require(is_performance_officer(request.user), "Only a performance officer can change targets.")
    indicator = _indicator(plan, code)
    years = [str(year) for year in fy_range(plan.first_year, plan.last_year)]
    targets = {
        str(v.year): v.value for v in indicator.year_values.all() if v.kind == YearValueKind.TARGET
    }
    form = TargetForm(request.POST if request.method == "POST" else None, years=years)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            indicator_target_set(
                indicator=indicator,
                year=FinancialYear.parse(year),
                value=form.cleaned_data["value"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValueRejected as error:
            service_error(form, error)
        else:
            messages.success(request, f"{code}: the target for {year} is set.")
            return redirect("indicators:detail", code=code)
    return render(
        request,
        "monitoring/indicator_targets.html",
        {
            "plan": plan,
            "indicator": indicator,
            "form": form,
            "targets": [(year, figure_text(indicator, targets.get(year))) for year in years],
            "percent": indicator.unit == "percent",
        },
    )
