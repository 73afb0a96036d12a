"""Pure rules for police open data: reporting periods, measure definitions, rates. No database.

Periods follow the council year: financial year April–March, Q1 = April–June.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from civicplan.core.fy import FinancialYear
from civicplan.opendata.policeuk import ASB, CRIME_TYPES, format_month, parse_month

Grain = Literal["month", "quarter", "year"]
_QUARTER_RE = re.compile(r"^\s*(.+?)\s*[-\s]\s*Q([1-4])\s*$", re.IGNORECASE)


def fy_quarter(month: dt.date) -> tuple[FinancialYear, int]:
    """The financial year and quarter a month falls in: April–June is Q1, January–March Q4."""
    return FinancialYear.containing(month), (month.month + 8) % 12 // 3 + 1


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last`` inclusive (both first days of months)."""
    months: list[dt.date] = []
    current = first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A month, a financial-year quarter or a financial year: what a derived value is for."""

    first: dt.date
    last: dt.date
    grain: Grain = field(compare=False)

    @classmethod
    def month(cls, month: dt.date) -> Period:
        month = month.replace(day=1)
        return cls(month, month, "month")

    @classmethod
    def quarter(cls, fy: FinancialYear, number: int) -> Period:
        if not 1 <= number <= 4:
            raise ValueError(f"a quarter is 1 to 4, not {number}")
        first = add_months(fy.first_day, 3 * (number - 1))
        return cls(first, add_months(first, 2), "quarter")

    @classmethod
    def year(cls, fy: FinancialYear) -> Period:
        return cls(fy.first_day, add_months(fy.first_day, 11), "year")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026/27-Q2``, ``2026/27 Q2``, ``2026/27`` or ``2026-05``."""
        text = (text or "").strip()
        month = parse_month(text)
        if month is not None:
            return cls.month(month)
        match = _QUARTER_RE.match(text)
        try:
            if match:
                return cls.quarter(FinancialYear.parse(match.group(1)), int(match.group(2)))
            return cls.year(FinancialYear.parse(text))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a period: give a month (2026-05), a quarter (2026/27-Q2) "
                "or a financial year (2026/27)"
            ) from None

    @property
    def fy(self) -> FinancialYear:
        return FinancialYear.containing(self.first)

    def months(self) -> list[dt.date]:
        return month_range(self.first, self.last)

    def split(self, grain: Grain) -> list[Period]:
        """This period cut into months, quarters or years (a smaller grain only)."""
        if grain == "month":
            return [Period.month(m) for m in self.months()]
        if grain == "quarter":
            return [
                Period.quarter(*fy_quarter(m)) for m in self.months() if m.month in (4, 7, 10, 1)
            ]
        return [Period.year(FinancialYear.containing(m)) for m in self.months() if m.month == 4]

    def __str__(self) -> str:
        if self.grain == "month":
            return format_month(self.first)
        if self.grain == "quarter":
            return f"{self.fy}-Q{fy_quarter(self.first)[1]}"
        return str(self.fy)


@lru_cache(maxsize=4096)
def period_of(month: dt.date, grain: Grain) -> Period:
    """The month, quarter or year a month belongs to (cached: bulk reads ask for few)."""
    if grain == "month":
        return Period.month(month)
    if grain == "quarter":
        return Period.quarter(*fy_quarter(month))
    return Period.year(FinancialYear.containing(month))


def quarters_ending(last: Period, count: int) -> list[Period]:
    """``count`` consecutive quarters ending with the quarter ``last`` is in, oldest first."""
    fy, number = fy_quarter(last.last)
    index = fy.start * 4 + number - 1
    return [
        Period.quarter(FinancialYear(i // 4), i % 4 + 1)
        for i in range(index - count + 1, index + 1)
    ]


Rule = Literal["only", "all_except"]

LOCATION_CAVEAT = (
    "Crimes recorded without a location cannot be placed in an area, so they are not counted."
)


@dataclass(frozen=True, slots=True)
class MeasureDef:
    """How one indicator is counted from police.uk crime types, and what it cannot show."""

    code: str
    title: str
    rule: Rule
    crime_types: tuple[str, ...]
    caveat: str = ""

    def types_among(self, known: Iterable[str]) -> tuple[str, ...]:
        """The crime types this measure counts, given every type known to the store."""
        if self.rule == "only":
            return tuple(sorted(set(self.crime_types)))
        excluded = set(self.crime_types)
        return tuple(sorted({*known, *CRIME_TYPES} - excluded))

    def caveats(self) -> list[str]:
        return [line.strip() for line in self.caveat.splitlines() if line.strip()]


DEFAULT_MEASURES: tuple[MeasureDef, ...] = (
    MeasureDef(
        "ComS_001",
        "All crime",
        "all_except",
        (ASB,),
        "All crime is every police.uk category except anti-social behaviour.\n" + LOCATION_CAVEAT,
    ),
    MeasureDef(
        "ComS_007",
        "Burglary",
        "only",
        ("Burglary",),
        "police.uk does not split burglary into dwellings, business and community premises, "
        "or sheds and garages: this is all burglary.\n" + LOCATION_CAVEAT,
    ),
    MeasureDef(
        "ComS_008",
        "Vehicle crime",
        "only",
        ("Vehicle crime",),
        "Vehicle crime covers theft of and from vehicles and vehicle interference together.\n"
        + LOCATION_CAVEAT,
    ),
    MeasureDef(
        "ComS_009",
        "Robbery",
        "only",
        ("Robbery",),
        "Robbery of personal and of business property are counted together.\n" + LOCATION_CAVEAT,
    ),
    MeasureDef(
        "ComS_010",
        "Violence",
        "only",
        ("Violence and sexual offences",),
        "police.uk publishes violence and sexual offences as one category: there is no "
        "'violence with injury' figure, and sexual offences are included.\n" + LOCATION_CAVEAT,
    ),
    MeasureDef(
        "ComS_011",
        "ASB incidents",
        "only",
        (ASB,),
        "Each anti-social behaviour row is one incident reported to the police; incidents "
        "reported only to the council are not included.\n" + LOCATION_CAVEAT,
    ),
)


def rate_per_1000(count: int, population: int | None) -> float | None:
    """Incidents per 1,000 residents, or None when there is no population to divide by."""
    if not population:
        return None
    return count * 1000 / population


def council_area_name(organisation_name: str) -> str:
    """``Broxtowe Borough Council`` → ``Broxtowe``: the district a council's own name points to."""
    name = organisation_name.strip()
    for suffix in (
        " Metropolitan Borough Council",
        " Borough Council",
        " District Council",
        " City Council",
        " County Council",
        " Council",
    ):
        if name.lower().endswith(suffix.lower()):
            return name[: -len(suffix)].strip()
    return name
