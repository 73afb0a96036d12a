"""Annual targets profiled across the quarters, and the tolerance around a target.

The plan sets one target a year. A quarter is judged against its share of it:

* a count (``sum``) is judged on its year to date against a cumulative profile: evenly, Q1 25%,
  Q2 50%, Q3 75%, Q4 100%; or seasonally, in proportion to last year's quarters;
* a snapshot or ratio (``latest``, ``ratio``) has the annual target in every quarter.

Rounding is to the annual target's own decimal places, half up as Excel does. The cumulative
targets for Q1–Q3 are rounded and Q4 is the annual target itself, so the quarters add up to it
exactly and the rounding remainder lands in Q4. Rounding the cumulative figures rather than each
quarter's share keeps every judged figure within half a unit of the exact profile and never makes
a quarter negative: rounding shares would profile a target of 2 as 1, 1, 1 and −1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.rules.collection import Aggregation
from civicplan.indicators.rules.common import Number, dec

__all__ = [
    "DEFAULT_TOLERANCE",
    "ProfileKind",
    "TargetProfile",
    "Tolerance",
    "ToleranceKind",
    "profile_targets",
]


class ProfileKind(StrEnum):
    """How an annual target is spread over the quarters."""

    EVEN = "even"
    """A quarter of the target each quarter (the default)."""
    SEASONAL = "seasonal"
    """In proportion to last year's quarterly values."""

    @property
    def label(self) -> str:
        return _PROFILE_LABELS[self]


_PROFILE_LABELS: Final = {ProfileKind.EVEN: "Even", ProfileKind.SEASONAL: "Seasonal (last year)"}
_QUARTER_SHARE: Final = Decimal(1) / 4


@dataclass(frozen=True, slots=True)
class TargetProfile:
    """An annual target spread over the four quarters of a financial year.

    ``for_quarter`` is each quarter's own target (its share, for a count; the annual target, for a
    snapshot or ratio) and ``to_date`` is what the year to date at the end of each quarter is judged
    against. ``kind`` is the profile actually used and ``note`` says why, when seasonal fell back to
    even.
    """

    annual: Decimal
    aggregation: Aggregation
    kind: ProfileKind
    quarters: tuple[Period, ...]
    for_quarter: tuple[Decimal, ...]
    to_date: tuple[Decimal, ...]
    note: str = ""

    def target_for(self, period: Period) -> Decimal:
        """The target to judge a period's year-to-date value against: a quarter or the year."""
        if period == self.quarters[0].year:
            return self.annual
        if period in self.quarters:
            return self.to_date[self.quarters.index(period)]
        raise ValueError(
            f"{period.label} is not {self.quarters[0].year.label} or one of its quarters"
        )


def _places(annual: Decimal) -> int:
    exponent = annual.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _seasonal_shares(
    quarters: tuple[Period, ...], last_year: Mapping[Period, Number | None] | None
) -> tuple[list[Decimal] | None, str]:
    """Last year's quarterly proportions, or None and the reason they cannot be used."""
    earlier = [q.year_earlier() for q in quarters]
    values = [None if last_year is None else last_year.get(q) for q in earlier]
    missing = [q.label for q, v in zip(earlier, values, strict=True) if v is None]
    if missing:
        return None, f"No value for {', '.join(missing)}: profiled evenly."
    numbers = [dec(v) for v in values if v is not None]
    if any(n < 0 for n in numbers):
        return None, f"{earlier[0].year.label} has a negative quarter: profiled evenly."
    total = sum(numbers, Decimal(0))
    if total == 0:
        return None, f"{earlier[0].year.label} quarters add up to 0: profiled evenly."
    return [n / total for n in numbers], ""


def profile_targets(
    annual: Number,
    fy: FinancialYear | int,
    aggregation: Aggregation,
    *,
    kind: ProfileKind = ProfileKind.EVEN,
    last_year: Mapping[Period, Number | None] | None = None,
    places: int | None = None,
) -> TargetProfile:
    """Spread ``annual`` over the quarters of ``fy``.

    ``last_year`` holds the previous year's quarterly values for a seasonal profile; when any is
    missing, negative, or they add up to 0, the profile falls back to even and says so in ``note``.
    ``places`` overrides the rounding (default: the annual target's own decimal places, so 6800 is
    profiled in whole numbers and 57.7 to one place).
    """
    target = dec(annual)
    aggregation = Aggregation(aggregation)
    quarters = Period.for_year(fy).periods(PeriodKind.QUARTER)
    if aggregation is not Aggregation.SUM:
        note = (
            ""
            if kind is ProfileKind.EVEN
            else "A snapshot or ratio has the same target each quarter."
        )
        flat = (target,) * 4
        return TargetProfile(target, aggregation, ProfileKind.EVEN, quarters, flat, flat, note)

    shares: list[Decimal] | None = None
    note = ""
    if kind is ProfileKind.SEASONAL:
        shares, note = _seasonal_shares(quarters, last_year)
    used = ProfileKind.SEASONAL if shares is not None else ProfileKind.EVEN
    if shares is None:
        shares = [_QUARTER_SHARE] * 4
    step = Decimal(1).scaleb(-(_places(target) if places is None else places))
    to_date: list[Decimal] = []
    cumulative_share = Decimal(0)
    for share in shares[:3]:
        cumulative_share += share
        to_date.append((target * cumulative_share).quantize(step, rounding=ROUND_HALF_UP))
    to_date.append(target)  # Q4 takes whatever rounding left over
    for_quarter = tuple(b - a for a, b in zip([Decimal(0), *to_date[:3]], to_date, strict=True))
    return TargetProfile(target, aggregation, used, quarters, for_quarter, tuple(to_date), note)


class ToleranceKind(StrEnum):
    """How the amber band around a target is measured."""

    RELATIVE = "relative"
    """A percentage of the target (5 means 5% of it)."""
    ABSOLUTE = "absolute"
    """A fixed amount in the indicator's unit (for a percentage indicator: percentage points)."""

    @property
    def label(self) -> str:
        return _TOLERANCE_LABELS[self]


_TOLERANCE_LABELS: Final = {
    ToleranceKind.RELATIVE: "Percentage of target",
    ToleranceKind.ABSOLUTE: "Fixed amount",
}


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far worse than target a value may be and still be amber rather than red."""

    kind: ToleranceKind
    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ToleranceKind(self.kind))
        object.__setattr__(self, "amount", dec(self.amount))
        if self.amount < 0:
            raise ValueError(f"a tolerance cannot be negative, not {self.amount}")

    def band(self, target: Number) -> Decimal:
        """The width of the amber band for this target.

        A relative tolerance of a 0 target is 0 wide: any value worse than 0 is red.
        """
        if self.kind is ToleranceKind.RELATIVE:
            return abs(dec(target)) * self.amount / 100
        return self.amount

    @property
    def label(self) -> str:
        """``5% of target`` or ``2 worse than target``."""
        if self.kind is ToleranceKind.RELATIVE:
            return f"{self.amount}% of target"
        return f"{self.amount} worse than target"


DEFAULT_TOLERANCE: Final = Tolerance(ToleranceKind.RELATIVE, Decimal(5))
"""Amber when up to 5% of the target worse than it; red beyond."""
