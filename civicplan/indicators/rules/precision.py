"""How many decimal places a measure's figures are printed with.

A measure is printed the way its plan prints it: ``22.5%`` has one decimal place, ``37%`` none.
At import the precision is the most decimal places among the figures the plan prints for the
measure (its yearly actuals and targets), at most ``MAX_DECIMAL_PLACES``; a measure the plan prints
no figure for gets the default of its unit (a count none, a percentage one). A performance officer
can change it on the indicator's settings page. Stored figures keep their full precision: only
what is printed is rounded, half away from zero (``37.05`` → ``37.1``), by
``core.formats.number_text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from civicplan.core.numbers import to_decimal

MAX_DECIMAL_PLACES: Final = 4
"""The most decimal places a measure can be printed with (the database holds figures to 4)."""

DEFAULT_DECIMAL_PLACES: Final = {"count": 0, "percent": 1}
"""A measure with no printed figure: counts are whole, percentages to one decimal place."""


def decimal_places_of(value: Decimal | int | float | str) -> int:
    """The decimal places a figure needs, trailing zeros aside: ``22.50`` → 1, ``37`` → 0."""
    number = to_decimal(value)
    if not number.is_finite() or number == number.to_integral_value():
        return 0
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def infer_decimal_places(unit: str, printed: Iterable[Decimal | int | float | str | None]) -> int:
    """The decimal places of a measure from the figures its plan prints (``None`` is no figure)."""
    places = [decimal_places_of(value) for value in printed if value is not None]
    if not places:
        return DEFAULT_DECIMAL_PLACES.get(unit, 0)
    return min(max(places), MAX_DECIMAL_PLACES)
