"""Writing monitored figures: the one way a value enters civicplan, whoever or whatever sends it.

Owners on the data-entry page, the collection workbook, the API, police open data and casework
all call these functions. Each checks permission, validates the figure, writes the audit trail in
the same transaction and refuses a save based on a stale copy (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core import clock
from civicplan.core.audit import audit_record
from civicplan.core.errors import EditConflict, ValueRejected, VersionRequired
from civicplan.core.locking import conflict_message, version_bump
from civicplan.core.numbers import to_json_number
from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Aggregation, Frequency
from civicplan.indicators.services import value_parse
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.rules import (
    DERIVED_SOURCES,
    OPEN_STATUSES,
    PEOPLE_SOURCES,
    can_enter,
    commentary_needed,
    entry_not_open,
    remedy_needed,
)

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


def _lane(source: ValueSource) -> tuple[ValueSource, ...]:
    """Figures typed by people share one open revision whether they came from the page, the
    workbook or the API; each derived source keeps its own, to be compared with theirs."""
    return PEOPLE_SOURCES if source in PEOPLE_SOURCES else (source,)


@dataclass(frozen=True)
class ValueInput:
    """A figure as sent, before it is accepted."""

    indicator: Indicator
    period: Period
    value: Any
    commentary: str = ""
    remedial_action: str | None = None
    """What is being done to bring an off-target figure back (None: keep what the open revision
    has, for a caller such as the workbook that does not carry it)."""
    forecast: str | None = None
    """When the figure is expected back on target ("by Q4"); None as for ``remedial_action``."""


def _check_period(indicator: Indicator, period: Period) -> None:
    kind = Frequency(indicator.frequency).period_kind
    if period.kind is not kind:
        how = {"monthly": "monthly", "quarterly": "quarterly", "annual": "annually"}
        raise ValueRejected(
            f"{indicator.code} is collected {how[indicator.frequency]}, so a value is for a "
            f"{kind.label.lower()}, not {period.label}",
            field="period",
        )


def _check_period_open(period: Period, today: dt.date) -> None:
    """No figure for a period that has not ended, but within the early window."""
    early = settings.CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END
    if reason := entry_not_open(period, today, days_before_end=early):
        raise ValueRejected(reason, field="period")


def _kept(given: str | None, open_row: IndicatorValue | None, field: str) -> str:
    """The text sent, or (None) what the open revision already has."""
    if given is not None:
        return given.strip()
    return str(getattr(open_row, field)) if open_row is not None else ""


def _value_snapshot(row: IndicatorValue) -> dict[str, Any]:
    """A revision for the audit trail. Remedial action and forecast are recorded when given: most
    figures are on target and have neither, and their trail should not list two empty fields."""
    extra = {"remedial_action": row.remedial_action, "forecast": row.forecast}
    return {
        "value": to_json_number(row.value),
        "commentary": row.commentary,
        **{key: text for key, text in extra.items() if text},
        "status": row.status,
        "revision": row.revision,
        "source": row.source,
    }


def _period_filter(indicator: Indicator, period: Period) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "fy": period.fy,
        "period_kind": period.kind.value,
        "period_number": period.number,
    }


def _value_update(row: IndicatorValue, expected_version: int | None, **changes: Any) -> None:
    """Write ``changes`` to a figure through the one versioned write (``core.locking``), then
    reread it; ``expected_version`` ``None`` is a change of the service's own, at the version
    just read."""
    version = row.version if expected_version is None else expected_version
    what = f"{row.indicator.code} {row.period.label}"
    version_bump(IndicatorValue, row.pk, version, what, **changes)
    row.refresh_from_db()


def indicator_value_save(
    *,
    entry: ValueInput,
    by: Actor,
    submit: bool,
    expected_version: int | None = None,
    version_required: bool = False,
    source: ValueSource = ValueSource.OWNER,
    provenance: dict[str, Any] | None = None,
    as_of: dt.date | None = None,
    confirm_unusual: bool = False,
) -> IndicatorValue:
    """Save (and optionally submit) a figure for a period, as a new revision if one is approved.

    Owners save their own indicators' figures; a performance officer may save any.
    ``expected_version`` is the version of the period's figure the change was based on (0: there
    was none); with ``version_required`` a change to an existing figure must send it.

    Refused (``ValueRejected``): a period that has not ended (``field="period"``; the setting
    ``CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END`` opens it earlier); a figure far out of line
    with the measure's history and target (``rules.unusual_figure``, ``field="confirm_unusual"``)
    unless ``confirm_unusual``; on submit, an amber or red figure without commentary, and a red
    one without remedial action and forecast.
    """
    require(
        can_enter(by, entry.indicator),
        f"You cannot enter figures for {entry.indicator.code}: it is owned by another post.",
    )
    return _write_value(
        entry,
        by=by,
        submit=submit,
        expected_version=expected_version,
        version_required=version_required,
        source=source,
        provenance=provenance,
        as_of=as_of or clock.today(),
        confirm_unusual=confirm_unusual,
    )


@transaction.atomic
def _write_value(
    entry: ValueInput,
    *,
    by: Actor,
    submit: bool,
    expected_version: int | None,
    version_required: bool,
    source: ValueSource,
    provenance: dict[str, Any] | None,
    as_of: dt.date,
    confirm_unusual: bool = False,
) -> IndicatorValue:
    indicator = entry.indicator
    if indicator.aggregation == Aggregation.RATIO.value:
        part, whole = indicator.ratio_parts()
        raise ValueRejected(
            f"{indicator.code} is worked out from {part.code} and {whole.code}; enter those instead"
        )
    _check_period(indicator, entry.period)
    _check_period_open(entry.period, as_of)
    value = value_parse(indicator, entry.value)
    commentary = (entry.commentary or "").strip()
    # A read, kept with the reads (selectors import this app's rules, not its services).
    from civicplan.monitoring.selectors.series import status_if, unusual_for

    people = source not in DERIVED_SOURCES
    if people and not confirm_unusual:
        warning = unusual_for(indicator, entry.period, value)
        if warning:
            raise ValueRejected(
                f"{warning}. Correct the figure, or confirm that it is right",
                field="confirm_unusual",
            )
    actor = by if getattr(by, "is_authenticated", False) else None
    where = _period_filter(indicator, entry.period)
    rows = IndicatorValue.objects.select_for_update().filter(**where, source__in=_lane(source))
    open_row = rows.filter(status__in=OPEN_STATUSES).first()
    remedial_action = _kept(entry.remedial_action, open_row, "remedial_action")
    forecast = _kept(entry.forecast, open_row, "forecast")
    if submit and people:
        status = status_if(indicator, entry.period, value, as_of=as_of)
        shown = f"{value.normalize():f}"
        if commentary_needed(status) and not commentary:
            raise ValueRejected(
                f"Explain the figure: {shown} is {status.label.lower()} for {indicator.code}",
                field="commentary",
            )
        for field, words, given in (
            ("remedial_action", "what is being done to bring it back on target", remedial_action),
            ("forecast", "when it is expected back on target", forecast),
        ):
            if remedy_needed(status) and not given:
                raise ValueRejected(
                    f"Say {words}: {shown} is {status.label.lower()} for {indicator.code}",
                    field=field,
                )
    latest = open_row or rows.order_by("-revision").first()
    what = f"{indicator.code} {entry.period.label}"
    if latest is not None and expected_version is None and version_required:
        raise VersionRequired(
            f"{what} already has a figure (version {latest.version}): send expected_version, the "
            "version you read, so a change made meanwhile is not overwritten.",
            current_version=latest.version,
        )
    new_status = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    stamp = {"submitted_at": clock.now()} if submit else {}
    if open_row is not None:
        before = _value_snapshot(open_row)
        _value_update(
            open_row,
            expected_version,
            value=value,
            commentary=commentary,
            remedial_action=remedial_action,
            forecast=forecast,
            status=new_status,
            return_reason="",
            entered_by=actor,
            source=source,
            provenance=provenance if provenance is not None else open_row.provenance,
            **stamp,
        )
        row = open_row
    else:
        current = latest.version if latest else 0
        if expected_version is not None and expected_version != current:
            raise EditConflict(conflict_message(what), current_version=current)
        before = None
        # A new revision carries on from the last one's version, so a version never comes round
        # again and a form read before an approval cannot match the revision made after it.
        row = IndicatorValue.objects.create(
            **where,
            source=source,
            revision=(latest.revision + 1) if latest else 1,
            version=current + 1,
            value=value,
            commentary=commentary,
            remedial_action=remedial_action,
            forecast=forecast,
            status=new_status,
            provenance=provenance or {},
            entered_by=actor,
            **stamp,
        )
    audit_record(
        by=by,
        action="value.submit" if submit else "value.save",
        obj=row,
        before=before,
        after=_value_snapshot(row),
    )
    return row


@transaction.atomic
def indicator_value_approve(*, value_id: int, by: Actor, expected_version: int) -> IndicatorValue:
    """Approve a submitted figure: it is locked, and any earlier approved figure is superseded."""
    require(is_performance_officer(by), "Only a performance officer can approve figures.")
    row = IndicatorValue.objects.select_for_update().select_related("indicator").get(pk=value_id)
    if row.status != ValueStatus.SUBMITTED:
        raise ValueRejected(
            f"Only a submitted figure can be approved; this one is {row.status}", field="status"
        )
    earlier = IndicatorValue.objects.select_for_update().filter(
        **_period_filter(row.indicator, row.period), status=ValueStatus.APPROVED
    )
    for old in earlier:
        _value_update(old, None, status=ValueStatus.SUPERSEDED)
        audit_record(
            by=by,
            action="value.supersede",
            obj=old,
            before={"status": "approved"},
            after={"status": "superseded"},
            reason=f"replaced by revision {row.revision} ({row.get_source_display()})",
        )
    before = _value_snapshot(row)
    _value_update(
        row, expected_version, status=ValueStatus.APPROVED, decided_by=by, decided_at=clock.now()
    )
    audit_record(by=by, action="value.approve", obj=row, before=before, after=_value_snapshot(row))
    return row


@transaction.atomic
def indicator_value_return(
    *, value_id: int, by: Actor, expected_version: int, reason: str
) -> IndicatorValue:
    """Send a submitted figure back to its owner with the reason."""
    require(is_performance_officer(by), "Only a performance officer can return figures.")
    reason = (reason or "").strip()
    if not reason:
        raise ValueRejected("Say why the figure is being returned", field="reason")
    row = IndicatorValue.objects.select_for_update().get(pk=value_id)
    if row.status != ValueStatus.SUBMITTED:
        raise ValueRejected(
            f"Only a submitted figure can be returned; this one is {row.status}", field="status"
        )
    before = _value_snapshot(row)
    _value_update(
        row,
        expected_version,
        status=ValueStatus.RETURNED,
        return_reason=reason,
        decided_by=by,
        decided_at=clock.now(),
    )
    audit_record(
        by=by,
        action="value.return",
        obj=row,
        before=before,
        after=_value_snapshot(row),
        reason=reason,
    )
    return row


def indicator_value_record(
    *,
    indicator: Indicator,
    period: Period,
    value: Any,
    source: ValueSource,
    provenance: dict[str, Any],
    by: Actor = None,
) -> IndicatorValue | None:
    """Record a figure derived from a source (police data, casework) for approval.

    It never replaces an approved figure: it waits as a submitted revision beside it, and
    ``value_discrepancies`` shows the difference to a performance officer. Recording the same
    figure again changes nothing and returns None. ``by`` is None for a scheduled run, or the
    performance officer who started it.
    """
    require(source in DERIVED_SOURCES, "Only derived sources are recorded this way.")
    require(
        by is None or is_performance_officer(by),
        "Only a performance officer can record derived figures.",
    )
    parsed = value_parse(indicator, value)
    latest = (
        IndicatorValue.objects.filter(**_period_filter(indicator, period), source=source)
        .order_by("-revision")
        .first()
    )
    if latest is not None and latest.value == parsed and latest.status != ValueStatus.RETURNED:
        return None
    return _write_value(
        ValueInput(indicator, period, parsed),
        by=by,
        submit=True,
        expected_version=None,
        version_required=False,
        source=source,
        provenance=provenance,
        as_of=clock.today(),
    )
