"""Working days in England and Wales, and when a period's data is due.

Data for a period is due a number of working days after the period ends (15 by default, the
council's rule). A working day is Monday–Friday and not an England and Wales bank holiday.

Bank holidays come from the maintained ``holidays`` library, ``country_holidays("GB",
subdiv="ENG")``. It has the substitute days (Boxing Day 2026 falls on a Saturday, so Monday 28
December is the holiday) and the one-off days (the early May bank holiday moved to Friday 8 May
2020; the Coronation on 8 May 2023). England and Wales share one calendar: the library's ``WLS``
list is identical, which the tests check. Without ``subdiv`` the library gives only the UK-wide
days and misses Easter Monday, so the subdivision matters. Stock-exchange calendars (``XLON``)
are not bank holidays and are not used.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Final

import holidays

from civicplan.core.periods import Period

__all__ = [
    "DEFAULT_WORKING_DAYS",
    "add_working_days",
    "bank_holidays",
    "due_date",
    "is_late",
    "is_working_day",
    "working_days_between",
]

DEFAULT_WORKING_DAYS: Final = 15
"""Data is due 15 working days after the end of the period unless the indicator says otherwise."""

_SATURDAY: Final = 5


@lru_cache(maxsize=64)
def _bank_holidays_in(year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.year == year)


def bank_holidays(year: int) -> dict[dt.date, str]:
    """England and Wales bank holidays in a calendar year, with their names (for pages)."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in sorted(calendar.items()) if day.year == year}


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < _SATURDAY and day not in _bank_holidays_in(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` never counts; 0 → ``start``)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"working days must be a whole number, 0 or more, not {days!r}")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier).

    ``working_days_between(due, today)`` is how many working days a return is late.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_date(period: Period, working_days: int = DEFAULT_WORKING_DAYS) -> dt.date:
    """The last day a period's data may be entered on time: N working days after it ends.

    2026/27-Q2 ends on Wednesday 30 September 2026; 15 working days later is Wednesday 21 October.
    """
    return add_working_days(period.last_day, working_days)


def is_late(period: Period, today: dt.date, working_days: int = DEFAULT_WORKING_DAYS) -> bool:
    """True once the due date has passed; data entered on the due date itself is on time."""
    return today > due_date(period, working_days)
