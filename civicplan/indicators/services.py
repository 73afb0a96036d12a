"""Changing the catalogue: how an indicator is monitored, its targets, and what a figure may be.

``value_parse`` is here because every figure, whoever sends it, is checked against the measure's
own unit; the monitoring services call it before they write.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.audit import audit_record
from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.locking import conflict_message, version_bump
from civicplan.core.numbers import to_json_number, too_large
from civicplan.indicators.models import Indicator, IndicatorYearValue, YearValueKind

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


def value_parse(indicator: Indicator, raw: Any) -> Decimal:
    """A figure checked against the indicator's unit: counts are whole and not negative,
    percentages are 0 to 100."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueRejected("Enter a value")
    if isinstance(raw, bool):
        raise ValueRejected("Enter a number")
    text = str(raw).strip().replace(",", "")
    if indicator.unit == "percent":
        text = text.removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueRejected(f"Enter a number, not “{raw}”") from None
    if not value.is_finite():
        raise ValueRejected("Enter a number")
    if indicator.unit == "percent":
        if not 0 <= value <= 100:
            raise ValueRejected(f"A percentage must be between 0 and 100, not {value}")
    else:
        if value < 0:
            raise ValueRejected(f"A count cannot be negative ({value})")
        if value != value.to_integral_value():
            raise ValueRejected(f"A count must be a whole number, not {value}")
    # A finite value's exponent is a number, never the "n", "N" or "F" of a NaN or an infinity.
    exponent = value.as_tuple().exponent
    if (isinstance(exponent, int) and exponent < -4) or too_large(value):
        raise ValueRejected(f"{value} has too many digits")
    return value


_INDICATOR_SETTINGS = (
    "frequency",
    "aggregation",
    "ratio_numerator",
    "ratio_denominator",
    "tolerance_kind",
    "tolerance_amount",
    "target_profile",
    "polarity",
    "decimal_places",
    "series_break_date",
    "series_break_reason",
)


def _setting_json(value: Any) -> Any:
    if isinstance(value, Indicator):
        return value.code
    if isinstance(value, Decimal):
        return to_json_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def indicator_settings_update(
    *, indicator: Indicator, by: Actor, expected_version: int, reason: str = "", **changes: Any
) -> Indicator:
    """Change how an indicator is monitored (frequency, ratio parts, tolerance, profile …)."""
    require(
        is_performance_officer(by),
        "Only a performance officer can change how an indicator is monitored.",
    )
    unknown = set(changes) - set(_INDICATOR_SETTINGS)
    if unknown:
        raise ValueRejected(
            f"Not a monitoring setting: {', '.join(sorted(unknown))}", field=sorted(unknown)[0]
        )
    what = f"{indicator.code} (its settings)"
    current = Indicator.objects.get(pk=indicator.pk)
    if current.version != expected_version:
        raise EditConflict(conflict_message(what), current_version=current.version)
    before = {k: _setting_json(getattr(current, k)) for k in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    if "polarity" in changes:
        current.polarity_source = "stated" if current.polarity else ""
    current.full_clean(exclude=["plan", "objective", "parent"], validate_unique=False)
    written = {name: getattr(current, name) for name in [*changes, "polarity_source"]}
    # The one versioned write: it lands only if nobody saved the settings since they were read.
    version_bump(Indicator, current.pk, expected_version, what, **written)
    current.refresh_from_db()
    audit_record(
        by=by,
        action="indicator.settings",
        obj=current,
        before=before,
        after={k: _setting_json(getattr(current, k)) for k in changes},
        reason=reason,
    )
    return current


@transaction.atomic
def indicator_target_set(
    *, indicator: Indicator, year: Any, value: Any, by: Actor, reason: str
) -> None:
    """Set or change an annual target; the old one is kept in the audit trail."""
    require(is_performance_officer(by), "Only a performance officer can change targets.")
    if not (reason or "").strip():
        raise ValueRejected("Say why the target is changing", field="reason")
    parsed = value_parse(indicator, value)
    row = IndicatorYearValue.objects.filter(
        indicator=indicator, year=year, kind=YearValueKind.TARGET
    ).first()
    before = None if row is None else to_json_number(row.value)
    if row is None:
        IndicatorYearValue.objects.create(
            indicator=indicator, year=year, kind=YearValueKind.TARGET, value=parsed
        )
    else:
        row.value = parsed
        row.save(update_fields=["value"])
    audit_record(
        by=by,
        action="indicator.target",
        obj=indicator,
        before={"year": str(year), "target": before},
        after={"year": str(year), "target": to_json_number(parsed)},
        reason=reason,
    )
