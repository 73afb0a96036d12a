"""Financial years: the April–March year that every council figure belongs to.

A ``FinancialYear`` is written ``2026/27`` and runs from 1 April 2026 to 31 March 2027. It is a
value type of its own so that a year can never be confused with a calendar year or a plain string.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable

_FY_RE = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


@total_ordering
@dataclass(frozen=True, slots=True)
class FinancialYear:
    """The financial year that starts on 1 April of ``start``."""

    start: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not 1900 <= self.start <= 2999:
            raise ValueError(f"not a financial year start: {self.start!r}")

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read ``2026/27`` (also ``2026-27``, ``2026/2027``); the two years must follow on."""
        match = _FY_RE.match(text or "")
        if not match:
            raise ValueError(f"{text!r} is not a financial year such as 2026/27")
        start = int(match.group(1))
        end_text = match.group(2)
        expected = start + 1 if len(end_text) == 4 else (start + 1) % 100
        if int(end_text) != expected:
            raise ValueError(f"{text!r}: the second year must follow the first, as in 2026/27")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        """The financial year a date falls in (January–March belong to the year before)."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, 4, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start + 1, 3, 31)

    def __add__(self, years: int) -> FinancialYear:
        return FinancialYear(self.start + years)

    def __sub__(self, other: int) -> FinancialYear:
        return FinancialYear(self.start - other)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FinancialYear):
            return NotImplemented
        return self.start < other.start

    def __str__(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    def __repr__(self) -> str:
        return f"FinancialYear({self})"


def fy_range(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    """Every financial year from ``first`` to ``last`` inclusive."""
    return [FinancialYear(start) for start in range(first.start, last.start + 1)]


if TYPE_CHECKING:  # django-stubs reads a field's set and get types from its generic base
    _YearColumn = models.PositiveSmallIntegerField[FinancialYear | Combinable, FinancialYear]
else:  # Django's field classes cannot be subscripted at run time
    _YearColumn = models.PositiveSmallIntegerField


class FinancialYearField(_YearColumn):
    """Stores a ``FinancialYear`` as the calendar year it starts in (2026 for 2026/27)."""

    description = "Financial year (April–March)"
    # What a filter on it takes. django-stubs reads this private name and has no other way to
    # widen an integer field's lookups, so the override of its ``str | int`` is knowingly wider.
    _pyi_lookup_exact_type: FinancialYear | int | str  # type: ignore[assignment]

    def from_db_value(
        self, value: int | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> FinancialYear | None:
        return None if value is None else FinancialYear(value)

    def to_python(self, value: Any) -> FinancialYear | None:
        if value is None or isinstance(value, FinancialYear):
            return value
        if isinstance(value, int):
            return FinancialYear(value)
        try:
            return FinancialYear.parse(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def get_prep_value(self, value: Any) -> int | None:
        year = self.to_python(value)
        return None if year is None else year.start

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)
