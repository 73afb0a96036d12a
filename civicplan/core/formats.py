"""Figures as people read them on a page, and as a spreadsheet reads them in a CSV file.

Pages write ``7,162``, ``37%``, ``−£20,000`` and ``31 March 2028`` (GOV.UK style: a real minus sign,
no leading zero on the day); CSV files get the plain values (``7162``, ``37``, ``-20000``,
``2028-03-31``) so that Excel and pandas read numbers and dates, not text.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from civicplan.core.numbers import to_decimal

MINUS = "\u2212"


def _decimal(value: Decimal | int | float | str) -> Decimal:
    """A figure without trailing zeros (``7162.0000`` → ``7162``; never ``2E+4``)."""
    number = to_decimal(value)
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )


def rounded(value: Decimal | int | float | str, places: int) -> Decimal:
    """A figure to ``places`` decimal places, halves away from zero: ``37.05`` → ``37.1`` (1),
    ``22.5`` → ``23`` (0). The one rounding rule for printing a measure's figures."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(
    value: Decimal | int | float | None, *, percent: bool = False, places: int | None = None
) -> str:
    """``7162`` → ``7,162``; ``57.7`` with ``percent`` → ``57.7%``; nothing → ``""``.

    With ``places`` (a measure's precision) the figure is rounded by ``rounded`` and printed with
    exactly that many decimal places (``37.0165…`` → ``37.0%`` with 1); without, as it is.
    """
    if value is None:
        return ""
    number = _decimal(value) if places is None else rounded(value, places)
    if places is not None and number == 0:
        number = abs(number)  # never "−0.0"
    text = f"{number:,f}".replace("-", MINUS)
    return f"{text}%" if percent else text


def rate_text(value: float | Decimal | None) -> str:
    """A rate per 1,000 residents to two decimal places, so that small measures (robbery in a
    quarter) still differ: ``4.1271`` → ``4.13``; nothing → ``""``."""
    if value is None:
        return ""
    return f"{float(value):,.2f}"


def money_text(value: Decimal | int | float | None) -> str:
    """``-20000`` → ``−£20,000``; pence only when there are some (``£1,234.50``)."""
    if value is None:
        return ""
    number = to_decimal(value)
    whole = number == number.to_integral_value()
    body = f"{abs(number):,.0f}" if whole else f"{abs(number):,.2f}"
    return f"{MINUS if number < 0 else ''}£{body}"


def plain_number(value: Decimal | int | float) -> str:
    """A number for a CSV cell: no grouping, no unit, no trailing zeros (``-20000``, ``57.7``)."""
    return f"{_decimal(value):f}"


def date_text(day: dt.date | None) -> str:
    """``2028-03-31`` → ``31 March 2028``."""
    return "" if day is None else f"{day.day} {day:%B %Y}"
