"""Numbers as Plan JSON writes them: integers when whole, otherwise decimals."""

from __future__ import annotations

from decimal import Decimal


def to_decimal(value: int | float | str | Decimal) -> Decimal:
    """A stored figure, read exactly (57.7 stays 57.7, not 57.7000000001)."""
    if isinstance(value, bool):
        raise TypeError("a yes/no value is not a number")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_json_number(value: Decimal | None) -> int | float | None:
    """7162.0000 → 7162; 57.7000 → 57.7."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())
