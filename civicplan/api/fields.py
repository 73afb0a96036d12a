"""Field types shared by the API schemas: numbers, financial years and periods as JSON writes them.

Figures are stored as ``Decimal``; JSON gets a plain number (7162, not "7162.0000") as Plan JSON
does. Years and periods travel as their canonical text (``2026/27``, ``2026/27-Q2``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from civicplan.core.fy import FinancialYear
from civicplan.core.numbers import to_json_number
from civicplan.core.periods import Period


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("period", "Write a period as text, such as 2026/27-Q2")
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise PydanticCustomError("period", str(exc)) from None


def _year(value: Any) -> FinancialYear:
    if isinstance(value, FinancialYear):
        return value
    try:
        return FinancialYear.parse(value)
    except (TypeError, ValueError) as exc:
        raise PydanticCustomError("financial_year", str(exc)) from None


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
    WithJsonSchema({"type": "string", "examples": ["2026/27"], "description": "Financial year"}),
]

PeriodText = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
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

Version = Annotated[int, Field(ge=1, le=BIGGEST_ID)]
"""The version of a record as read, sent back with a change."""

VersionOrNone = Annotated[int, Field(ge=0, le=BIGGEST_ID)]
"""As ``Version``, where 0 says the record did not exist when it was read."""

AsOfDay = Annotated[dt.date, Field(ge=dt.date(1901, 4, 1), le=dt.date(2998, 3, 31))]
"""A day to judge by: within the financial years civicplan can hold (1901/02 to 2997/98)."""
