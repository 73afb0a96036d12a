"""Field types shared by the API schemas: numbers, financial years and periods as JSON writes them.

Figures are stored as ``Decimal``; JSON gets a plain number (7162, not "7162.0000") as Plan JSON
does. Years and periods travel as their canonical text (``2026/27``, ``2026/27-Q2``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from civicplan.core.fy import FinancialYear
from civicplan.core.numbers import to_json_number
from civicplan.core.periods import Period

# What the OpenAPI document says a year and a period look like, to the letter: the financial
# years civicplan holds (1900/01 to 2999/00, each year followed by the next) and their quarters
# and months. The validators refuse whatever the patterns refuse, so the document and the API
# never disagree.
YEAR_PATTERN = (
    "(?:19|2[0-9])(?:" + "|".join(f"{n:02d}/{(n + 1) % 100:02d}" for n in range(100)) + ")"
)
YEAR_TEXT = f"^{YEAR_PATTERN}$"
PERIOD_TEXT = (
    f"^(?:{YEAR_PATTERN}(?:-Q[1-4])?|(?!1900-0[1-3])(?:19|2[0-9])[0-9]{{2}}-(?:0[1-9]|1[0-2]))$"
)


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("period", "Write a period as text, such as 2026/27-Q2")
    try:
        period = Period.parse(value)
    except ValueError as exc:
        raise PydanticCustomError("period", str(exc)) from None
    if not re.fullmatch(PERIOD_TEXT, value):
        raise PydanticCustomError(
            "period", "Write a period as 2026/27, 2026/27-Q2 or 2026-10 (years 1900/01 to 2999/00)"
        )
    return period


def _year(value: Any) -> FinancialYear:
    if isinstance(value, FinancialYear):
        return value
    try:
        year = FinancialYear.parse(value)
    except (TypeError, ValueError) as exc:
        raise PydanticCustomError("financial_year", str(exc)) from None
    if not re.fullmatch(YEAR_TEXT, value):
        raise PydanticCustomError("financial_year", "Write a financial year as 2026/27")
    return year


Number = Annotated[
    Decimal,
    PlainSerializer(to_json_number, return_type=int | float),
    WithJsonSchema({"type": "number"}),
]
"""A figure: whole numbers as integers, others as decimals."""

Year = Annotated[
    FinancialYear,
    PlainValidator(_year),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "financial-year",
            "pattern": YEAR_TEXT,
            "examples": ["2026/27"],
            "description": "Financial year, April to March: 2026/27 (1901/02 to 2997/98)",
        }
    ),
]

PeriodText = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "period",
            "pattern": PERIOD_TEXT,
            "examples": ["2026/27-Q2", "2026/27", "2026-10"],
            "description": "A financial year (2026/27), a quarter (2026/27-Q2) or a month "
            "(2026-10)",
        }
    ),
]

BIGGEST_ID = 2**63 - 1
"""The largest id or version a database column holds (BIGINT): a larger one is refused with a
422 naming the parameter, never passed to the database to overflow."""

RowId = Annotated[int, Field(ge=1, le=BIGGEST_ID)]
"""The id of a row (a post, a partner …) given as a filter."""


def _whole(lowest: int) -> Any:
    """A JSON integer from ``lowest`` to ``BIGGEST_ID``; ``3.0`` is one, ``true`` and ``"3"`` are
    not (pydantic would read them as 1 and 3)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("int_type", "Send a whole number")
        if isinstance(value, float) and not value.is_integer():
            raise PydanticCustomError("int_type", "Send a whole number")
        if not lowest <= value <= BIGGEST_ID:
            raise PydanticCustomError("range", f"Send a number from {lowest} to {BIGGEST_ID}")
        return int(value)

    return PlainValidator(check)


Version = Annotated[
    int,
    _whole(1),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": BIGGEST_ID}),
]
"""The version of a record as read, sent back with a change."""

VersionOrNone = Annotated[
    int,
    _whole(0),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": BIGGEST_ID}),
]
"""As ``Version``, where 0 says the record did not exist when it was read."""

FIRST_DAY = dt.date(1901, 4, 1)
LAST_DAY = dt.date(2998, 3, 31)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: Any) -> dt.date:
    """A day written YYYY-MM-DD, within the financial years civicplan can hold. Nothing else is
    read as a day (pydantic would take ``0`` as 1 January 1970)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date", f"{value} is not a day of the calendar") from None
    else:
        raise PydanticCustomError("date", "Write a day as YYYY-MM-DD, such as 2026-11-30")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "date", "Choose a day from 1 April 1901 to 31 March 2998 (the years civicplan holds)"
        )
    return day


AsOfDay = Annotated[
    dt.date,
    PlainValidator(_day),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": "A day, YYYY-MM-DD, from 1901-04-01 to 2998-03-31",
        }
    ),
]
"""A day to judge by: within the financial years civicplan can hold (1901/02 to 2997/98)."""
