"""Direction of travel: is an indicator getting better or worse?

The main comparison is with the same period a year earlier (it takes out the seasons); the secondary
one is with the previous period. A break in a series ("New performance measure 2025/26", "A new way
of recording such activity commenced in December 2024") stops comparisons across it.

Any change counts: 62.3% after 62.2% is improving for a higher-is-better measure. Only an equal
value is unchanged, because a threshold would hide small, steady declines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.indicators.rules.common import Number, Polarity

__all__ = [
    "Direction",
    "SeriesBreak",
    "direction_against_previous",
    "direction_against_year_earlier",
    "direction_of_travel",
]


class Direction(StrEnum):
    """Which way an indicator moved between two periods."""

    IMPROVING = "improving"
    """Better, given the polarity."""
    WORSENING = "worsening"
    """Worse, given the polarity."""
    UNCHANGED = "unchanged"
    """Exactly the same value."""
    NOT_COMPARABLE = "not_comparable"
    """No earlier value, no polarity, or a break in the series between the two."""

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


_DIRECTION_LABELS: Final = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.UNCHANGED: "Unchanged",
    Direction.NOT_COMPARABLE: "Not comparable",
}


@dataclass(frozen=True, slots=True)
class SeriesBreak:
    """Values from ``starts`` onwards are not comparable with values before it."""

    starts: dt.date
    reason: str = ""

    @classmethod
    def new_measure(cls, fy: FinancialYear) -> SeriesBreak:
        """A measure new in ``fy``: nothing before it compares."""
        return cls(fy.first_day, f"New measure {fy}, not comparable")

    def separates(self, one: Period, other: Period) -> bool:
        """True when part of the earlier period is before the break and part of the later one is on
        or after it. A quarter that straddles the break (Q3 2024/25 for December 2024) compares
        with nothing on the other side."""
        earlier, later = sorted((one, other))
        return earlier.first_day < self.starts <= later.last_day


def direction_of_travel(
    current: Number | None,
    previous: Number | None,
    polarity: Polarity | None,
    *,
    series_break: bool = False,
) -> Direction:
    """How ``current`` compares with ``previous`` for an indicator of ``polarity``."""
    if current is None or previous is None or polarity is None or series_break:
        return Direction.NOT_COMPARABLE
    worse_by = Polarity(polarity).worse_by(current, previous)
    if worse_by == 0:
        return Direction.UNCHANGED
    return Direction.WORSENING if worse_by > 0 else Direction.IMPROVING


def _between(
    values: Mapping[Period, Number | None],
    period: Period,
    earlier: Period,
    polarity: Polarity | None,
    breaks: Iterable[SeriesBreak],
) -> Direction:
    broken = any(b.separates(earlier, period) for b in breaks)
    return direction_of_travel(
        values.get(period), values.get(earlier), polarity, series_break=broken
    )


def direction_against_year_earlier(
    values: Mapping[Period, Number | None],
    period: Period,
    polarity: Polarity | None,
    *,
    breaks: Iterable[SeriesBreak] = (),
) -> Direction:
    """The main comparison: ``period`` against the same period a year earlier."""
    return _between(values, period, period.year_earlier(), polarity, breaks)


def direction_against_previous(
    values: Mapping[Period, Number | None],
    period: Period,
    polarity: Polarity | None,
    *,
    breaks: Iterable[SeriesBreak] = (),
) -> Direction:
    """The secondary comparison: ``period`` against the period before (Q1 against last Q4)."""
    return _between(values, period, period.previous(), polarity, breaks)
