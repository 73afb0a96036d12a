"""Numbers as Plan JSON writes them: integers when whole, otherwise decimals."""

from __future__ import annotations

from decimal import Decimal

FIGURE_DIGITS = 12
"""Figures and amounts are held to 12 digits before the point (the database's columns, and
``exclusiveMaximum`` in the Plan JSON schema): under 1,000,000,000,000."""


def too_large(value: Decimal | int | float) -> bool:
    """Whether ``value`` has more digits before the point than civicplan holds.

    A ``Decimal`` is judged by ``adjusted()``, the power of ten of its first digit, with no
    arithmetic, so ``1e1000000`` cannot overflow the decimal context on its way to being refused.
    """
    if isinstance(value, Decimal):
        return value.adjusted() >= FIGURE_DIGITS
    return bool(abs(value) >= 10**FIGURE_DIGITS)


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
