"""Reporting periods: a financial year, one of its quarters, or one of its months.

Every monitored figure belongs to exactly one ``Period``. Text spellings (one canonical form each,
so a period can be a URL part, a workbook cell or a JSON key and read back unchanged):

* ``2026/27``     the financial year 1 April 2026 – 31 March 2027 (``2026-27`` and ``2026/2027``
  are read too, as ``FinancialYear.parse`` reads them);
* ``2026/27-Q2``  its second quarter, July–September 2026 (Q1 is April–June … Q4 is January–March;
  ``2026/27 Q2`` and lower-case ``q`` are read too);
* ``2026-10``     the calendar month October 2026 (ISO 8601 year-month), which belongs to 2026/27.

A hyphen followed by ``01``–``12`` is always a month: ``2010-11`` is November 2010, not the
financial year 2010/11 (write that with a slash). Only start years 2000–2011 are affected.

Ordering is by first day, and a longer period sorts before the shorter ones it contains, so a sorted
list reads ``2026/27``, ``2026/27-Q1``, ``2026-04``, ``2026-05`` … like a report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Final

from django.db.models import TextChoices

from civicplan.core.fy import FinancialYear

__all__ = ["Period", "PeriodKind"]


class PeriodKind(TextChoices):
    """How long a period is; the values are what the database stores."""

    YEAR = "year", "Financial year"
    """A whole financial year, April–March."""
    QUARTER = "quarter", "Quarter"
    """Three months: Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March."""
    MONTH = "month", "Month"
    """A calendar month."""

    @property
    def months(self) -> int:
        """How many calendar months a period of this kind spans."""
        return _KIND_MONTHS[self]


_KIND_MONTHS: Final = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
_NUMBERS: Final = {
    PeriodKind.YEAR: range(0, 1),
    PeriodKind.QUARTER: range(1, 5),
    PeriodKind.MONTH: range(1, 13),
}

_QUARTER_RE = re.compile(r"^\s*(?P<fy>\S+?)\s*-?\s*[Qq](?P<q>\d+)\s*$")
_MONTH_RE = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\s*$")
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _fy_month_index(calendar_month: int) -> int:
    """April is the 1st month of a financial year, March the 12th."""
    return (calendar_month - 4) % 12 + 1


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A financial year, a quarter of it or a month.

    ``number`` is 0 for a year, 1–4 for a quarter, and the calendar month 1–12 for a month (so
    ``Period(FinancialYear(2026), PeriodKind.MONTH, 2)`` is February 2027). Build periods with
    ``for_year``, ``for_quarter``, ``for_month`` or ``parse`` rather than by hand.
    """

    fy: FinancialYear
    kind: PeriodKind
    number: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.fy, FinancialYear):
            raise TypeError(f"fy must be a FinancialYear, not {self.fy!r}")
        kind = PeriodKind(self.kind)  # a plain "quarter" from the database is accepted
        object.__setattr__(self, "kind", kind)
        valid = _NUMBERS[kind]
        if isinstance(self.number, bool) or not isinstance(self.number, int):
            raise TypeError(f"number must be an int, not {self.number!r}")
        if self.number not in valid:
            raise ValueError(
                f"{kind.label.lower()} number must be {valid.start}–{valid.stop - 1}, "
                f"not {self.number}"
            )

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def for_year(cls, fy: FinancialYear | int) -> Period:
        """The whole financial year (an int is the year it starts in: 2026 → 2026/27)."""
        return cls(_fy(fy), PeriodKind.YEAR, 0)

    @classmethod
    def for_quarter(cls, fy: FinancialYear | int, quarter: int) -> Period:
        """Quarter 1–4 of a financial year (Q1 is April–June)."""
        return cls(_fy(fy), PeriodKind.QUARTER, quarter)

    @classmethod
    def for_month(cls, year: int, month: int) -> Period:
        """A calendar month, such as ``for_month(2026, 10)`` for October 2026."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1–12, not {month}")
        return cls.month_containing(dt.date(year, month, 1))

    @classmethod
    def year_containing(cls, day: dt.date) -> Period:
        return cls.for_year(FinancialYear.containing(day))

    @classmethod
    def quarter_containing(cls, day: dt.date) -> Period:
        """The quarter a date falls in: 30 September 2026 → 2026/27-Q2, 1 January 2027 → Q4."""
        return cls.for_quarter(
            FinancialYear.containing(day), (_fy_month_index(day.month) - 1) // 3 + 1
        )

    @classmethod
    def month_containing(cls, day: dt.date) -> Period:
        return cls(FinancialYear.containing(day), PeriodKind.MONTH, day.month)

    @classmethod
    def containing(cls, day: dt.date, kind: PeriodKind) -> Period:
        """The period of ``kind`` that a date falls in."""
        if kind is PeriodKind.YEAR:
            return cls.year_containing(day)
        if kind is PeriodKind.QUARTER:
            return cls.quarter_containing(day)
        return cls.month_containing(day)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026/27``, ``2026/27-Q2`` or ``2026-10`` (see the module docstring)."""
        if not isinstance(text, str) or not text.strip():
            raise ValueError(
                "a period is needed, such as 2026/27 (a year), 2026/27-Q2 (a quarter) "
                "or 2026-10 (a month)"
            )
        if match := _MONTH_RE.match(text):
            return cls.for_month(int(match["year"]), int(match["month"]))
        if match := _QUARTER_RE.match(text):
            quarter = int(match["q"])
            if not 1 <= quarter <= 4:
                raise ValueError(f"{text!r}: a financial year has quarters Q1 to Q4")
            try:
                fy = FinancialYear.parse(match["fy"])
            except ValueError:
                raise ValueError(
                    f"{text!r} is not a quarter such as 2026/27-Q2: "
                    f"{match['fy']!r} is not a financial year such as 2026/27"
                ) from None
            return cls.for_quarter(fy, quarter)
        try:
            return cls.for_year(FinancialYear.parse(text))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a period: write a financial year as 2026/27, a quarter as "
                "2026/27-Q2 or a month as 2026-10"
            ) from None

    # -- what it covers ---------------------------------------------------------------------

    @property
    def calendar_year(self) -> int:
        """The calendar year the period starts in."""
        return self.first_day.year

    @property
    def first_day(self) -> dt.date:
        if self.kind is PeriodKind.YEAR:
            return self.fy.first_day
        if self.kind is PeriodKind.QUARTER:
            year, month = _add_months(self.fy.start, 4, 3 * (self.number - 1))
            return dt.date(year, month, 1)
        year = self.fy.start if self.number >= 4 else self.fy.start + 1
        return dt.date(year, self.number, 1)

    @property
    def last_day(self) -> dt.date:
        year, month = _add_months(self.first_day.year, self.first_day.month, self.kind.months)
        return dt.date(year, month, 1) - dt.timedelta(days=1)

    def __contains__(self, item: object) -> bool:
        """``day in period`` and ``month in quarter`` (a period contains itself)."""
        if isinstance(item, Period):
            return self.first_day <= item.first_day and item.last_day <= self.last_day
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            return self.first_day <= item <= self.last_day
        return False

    @property
    def year(self) -> Period:
        """The financial year this period belongs to."""
        return Period.for_year(self.fy)

    @property
    def quarter(self) -> Period:
        """The quarter this period belongs to (a year has none: ValueError)."""
        if self.kind is PeriodKind.YEAR:
            raise ValueError(f"{self} is a whole year, not part of a quarter")
        return Period.quarter_containing(self.first_day)

    def quarters(self) -> tuple[Period, ...]:
        """The quarters inside this period, in order (a quarter is its own only quarter)."""
        return self.periods(PeriodKind.QUARTER)

    def months(self) -> tuple[Period, ...]:
        """The months inside this period, in order."""
        return self.periods(PeriodKind.MONTH)

    def periods(self, kind: PeriodKind) -> tuple[Period, ...]:
        """The periods of ``kind`` inside this one; ValueError when ``kind`` is longer."""
        if kind.months > self.kind.months:
            raise ValueError(f"a {self.kind.label.lower()} has no {kind.label.lower()}s inside it")
        first = Period.containing(self.first_day, kind)
        count = self.kind.months // kind.months
        return tuple(first.shifted(step) for step in range(count))

    def to_date(self) -> tuple[Period, ...]:
        """The periods of this kind from the start of the financial year up to this one."""
        return tuple(p for p in self.year.periods(self.kind) if p <= self)

    # -- moving about -------------------------------------------------------------------------

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (earlier when negative)."""
        if self.kind is PeriodKind.YEAR:
            return Period.for_year(self.fy + steps)
        year, month = _add_months(
            self.first_day.year, self.first_day.month, steps * self.kind.months
        )
        return Period.containing(dt.date(year, month, 1), self.kind)

    def previous(self) -> Period:
        """The period just before, of the same kind: Q1 → last year's Q4, April → March."""
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)

    def year_earlier(self) -> Period:
        """The same period a year earlier: the main direction-of-travel comparison."""
        return Period(self.fy - 1, self.kind, self.number)

    # -- text and order -----------------------------------------------------------------------

    @property
    def label(self) -> str:
        """Display text: ``2026/27``, ``2026/27 Q2``, ``October 2026``."""
        if self.kind is PeriodKind.YEAR:
            return str(self.fy)
        if self.kind is PeriodKind.QUARTER:
            return f"{self.fy} Q{self.number}"
        return f"{_MONTH_NAMES[self.number - 1]} {self.calendar_year}"

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return str(self.fy)
        if self.kind is PeriodKind.QUARTER:
            return f"{self.fy}-Q{self.number}"
        return f"{self.calendar_year}-{self.number:02d}"

    def __repr__(self) -> str:
        return f"Period({self})"

    def _sort_key(self) -> tuple[dt.date, int]:
        return (self.first_day, -self.kind.months)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()


def _fy(value: FinancialYear | int) -> FinancialYear:
    if isinstance(value, FinancialYear):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a financial year or the year it starts in is needed, not {value!r}")
    return FinancialYear(value)
