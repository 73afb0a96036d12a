"""Read endpoints for indicators: the list, one indicator in full, and standings for a period."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from civicplan.api.fields import RowId
from civicplan.api.schemas import (
    READ_REFUSALS,
    IndicatorDetailOut,
    IndicatorOut,
    IndicatorQuery,
    StandingOut,
    StandingsQuery,
)
from civicplan.api.selectors import IndicatorFull, indicator_full, plan_get
from civicplan.core import clock
from civicplan.indicators.selectors import IndicatorFilters, IndicatorRow, indicator_list
from civicplan.monitoring.selectors.series import Standing, default_period, plan_standings

router = Router(tags=["indicators"])


@router.get(
    "/plans/{plan_id}/indicators/",
    response={200: list[IndicatorOut], **READ_REFUSALS},
    summary="Indicators of a plan",
)
def indicators(
    request: HttpRequest, plan_id: RowId, filters: Query[IndicatorQuery]
) -> list[IndicatorRow]:
    chosen = IndicatorFilters(
        framework=filters.framework.value if filters.framework else "",
        objective=filters.objective,
        owner=filters.owner,
    )
    return indicator_list(plan_get(plan_id), chosen)


@router.get(
    "/indicators/{indicator_id}/",
    response={200: IndicatorDetailOut, **READ_REFUSALS},
    summary="One indicator: settings, yearly actuals and targets, every revision of its figures",
)
def indicator(request: HttpRequest, indicator_id: RowId) -> IndicatorFull:
    return indicator_full(indicator_id)


@router.get(
    "/plans/{plan_id}/standings/",
    response={200: list[StandingOut], **READ_REFUSALS},
    summary="RAG status and direction of travel of every indicator for a period",
)
def standings(request: HttpRequest, plan_id: RowId, query: Query[StandingsQuery]) -> list[Standing]:
    plan = plan_get(plan_id)
    today = query.as_of or clock.today()
    period = query.period or default_period(plan, today)
    return plan_standings(plan, period, as_of=today)
