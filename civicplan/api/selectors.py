"""The reads the API needs that the pages do not: lookups by id, and one indicator in full.

Everything else comes straight from the apps' own selectors, so the API and the pages show the
same figures from the same queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from civicplan.indicators.models import Indicator
from civicplan.indicators.selectors import IndicatorDetail, indicator_detail
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.selectors.series import indicator_history
from civicplan.plans.models import Plan


def plan_list() -> list[Plan]:
    """Every plan, newest first. One query."""
    return list(Plan.objects.select_related("organisation").order_by("-first_year", "-id"))


def plan_get(plan_id: int) -> Plan:
    """One plan by id, or a 404 that says which. One query."""
    plan = Plan.objects.select_related("organisation").filter(pk=plan_id).first()
    if plan is None:
        raise Http404(f"There is no plan with id {plan_id}.")
    return plan


@dataclass(frozen=True)
class IndicatorFull:
    """An indicator's settings, yearly figures and every revision of every figure."""

    indicator: Indicator
    detail: IndicatorDetail
    history: list[IndicatorValue]


def indicator_full(indicator_id: int) -> IndicatorFull:
    """One indicator for the API, or a 404. Nine queries whatever its history."""
    indicator = indicator_get(indicator_id)
    detail = indicator_detail(indicator.plan, indicator.code)
    if detail is None:  # deleted between the two reads
        raise Http404(f"There is no indicator with id {indicator_id}.")
    return IndicatorFull(indicator, detail, indicator_history(indicator))


def indicator_get(indicator_id: int) -> Indicator:
    """An indicator to write a figure for, or a 404. One query."""
    indicator = (
        Indicator.objects.select_related("plan", "ratio_numerator", "ratio_denominator")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404(f"There is no indicator with id {indicator_id}.")
    return indicator
