"""Write endpoints: figures go in, and are approved or returned, through the indicator services
only, so the API keeps the same permission, validation, locking and audit rules as the pages."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from civicplan.api.auth import ApiRequest
from civicplan.api.fields import RowId
from civicplan.api.schemas import WRITE_REFUSALS, ApproveIn, Conflict, ReturnIn, ValueIn, ValueOut
from civicplan.api.selectors import indicator_get
from civicplan.monitoring.models import IndicatorValue, ValueSource
from civicplan.monitoring.services import (
    ValueInput,
    indicator_value_approve,
    indicator_value_return,
    indicator_value_save,
)

router = Router(tags=["values"])


@router.post(
    "/indicators/{indicator_id}/values/",
    response={201: ValueOut, **WRITE_REFUSALS, 428: Conflict},
    summary="Save or submit a figure for a period",
)
def value_save(
    request: ApiRequest, indicator_id: RowId, payload: ValueIn
) -> Status[IndicatorValue]:
    entry = ValueInput(
        indicator=indicator_get(indicator_id),
        period=payload.period,
        value=payload.value,
        commentary=payload.commentary,
        remedial_action=payload.remedial_action,
        forecast=payload.forecast,
    )
    row = indicator_value_save(
        entry=entry,
        by=request.auth,
        submit=payload.submit,
        expected_version=payload.expected_version,
        version_required=True,
        source=ValueSource.API,
        confirm_unusual=payload.confirm_unusual,
    )
    return Status(201, row)


def _missing(value_id: int) -> Http404:
    return Http404(f"There is no figure with id {value_id}.")


@router.post(
    "/values/{value_id}/approve/",
    response={200: ValueOut, **WRITE_REFUSALS},
    summary="Approve a submitted figure (performance officers)",
)
def value_approve(request: ApiRequest, value_id: RowId, payload: ApproveIn) -> IndicatorValue:
    try:
        return indicator_value_approve(
            value_id=value_id, by=request.auth, expected_version=payload.expected_version
        )
    except IndicatorValue.DoesNotExist:
        raise _missing(value_id) from None


@router.post(
    "/values/{value_id}/return/",
    response={200: ValueOut, **WRITE_REFUSALS},
    summary="Return a submitted figure to its owner with a reason (performance officers)",
)
def value_return(request: ApiRequest, value_id: RowId, payload: ReturnIn) -> IndicatorValue:
    try:
        return indicator_value_return(
            value_id=value_id,
            by=request.auth,
            expected_version=payload.expected_version,
            reason=payload.reason,
        )
    except IndicatorValue.DoesNotExist:
        raise _missing(value_id) from None
