"""How an indicator is collected and how its values add up over a year.

Three aggregation rules cover the plan's measures:

* ``sum``: counts (crimes, cases received). A quarter's value is the sum of its months; the year to
  date is the sum of the periods so far.
* ``latest``: snapshots such as survey percentages. The year to date is the latest value.
* ``ratio``: derived from two other indicators and never typed, e.g. ComS_024 = ComS_024b ÷
  ComS_024a × 100. The year to date is the ratio of the two year-to-date totals, never an average
  of quarterly percentages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.rules.common import Number, dec, dec_or_none

__all__ = [
    "Aggregation",
    "CollectionRule",
    "Frequency",
    "infer_collection",
    "period_value",
    "ratio_value",
    "ratio_year_to_date",
    "year_to_date",
]


class Frequency(StrEnum):
    """How often a value is entered."""

    MONTHLY = "monthly"
    """One value a calendar month."""
    QUARTERLY = "quarterly"
    """One value a quarter (the default)."""
    ANNUAL = "annual"
    """One value a financial year (annual surveys)."""

    @property
    def label(self) -> str:
        return _FREQUENCY_LABELS[self]

    @property
    def period_kind(self) -> PeriodKind:
        """The kind of period a value is entered for."""
        return _FREQUENCY_KINDS[self]


class Aggregation(StrEnum):
    """How values for short periods make the value of a longer one."""

    SUM = "sum"
    """Counts: add up."""
    LATEST = "latest"
    """Snapshots: the most recent value stands."""
    RATIO = "ratio"
    """Derived: numerator ÷ denominator × 100, never typed."""

    @property
    def label(self) -> str:
        return _AGGREGATION_LABELS[self]


_FREQUENCY_LABELS: Final = {
    Frequency.MONTHLY: "Monthly",
    Frequency.QUARTERLY: "Quarterly",
    Frequency.ANNUAL: "Annual",
}
_FREQUENCY_KINDS: Final = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.ANNUAL: PeriodKind.YEAR,
}
_AGGREGATION_LABELS: Final = {
    Aggregation.SUM: "Added up over the year",
    Aggregation.LATEST: "Latest value",
    Aggregation.RATIO: "Derived from two other indicators",
}
HUNDRED: Final = Decimal(100)


@dataclass(frozen=True, slots=True)
class CollectionRule:
    """How often an indicator is collected and how its values combine.

    A ``ratio`` names its numerator and denominator indicator codes; the other rules name neither.
    """

    frequency: Frequency
    aggregation: Aggregation
    numerator: str | None = None
    denominator: str | None = None
    scale: Decimal = HUNDRED

    def __post_init__(self) -> None:
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        object.__setattr__(self, "aggregation", Aggregation(self.aggregation))
        object.__setattr__(self, "scale", dec(self.scale))
        if self.scale <= 0:
            raise ValueError(f"a ratio's scale must be more than 0, not {self.scale}")
        if self.aggregation is Aggregation.RATIO:
            if not self.numerator or not self.denominator:
                raise ValueError("a ratio needs both a numerator and a denominator indicator")
            if self.numerator == self.denominator:
                raise ValueError(f"a ratio of {self.numerator} to itself is always 100%")
        elif self.numerator or self.denominator:
            raise ValueError(
                f"only a ratio has a numerator and denominator, not {self.aggregation}"
            )

    @classmethod
    def ratio(cls, numerator: str, denominator: str, *, scale: Number = HUNDRED) -> CollectionRule:
        """``numerator ÷ denominator × scale``, worked out each quarter from the two indicators."""
        return cls(Frequency.QUARTERLY, Aggregation.RATIO, numerator, denominator, dec(scale))

    @property
    def is_derived(self) -> bool:
        """A derived value is calculated, never typed in or uploaded."""
        return self.aggregation is Aggregation.RATIO

    @property
    def label(self) -> str:
        """``Quarterly, added up over the year`` or ``ComS_024b ÷ ComS_024a × 100``."""
        if self.aggregation is Aggregation.RATIO:
            return f"{self.numerator} ÷ {self.denominator} × {self.scale}"
        return f"{self.frequency.label}, {self.aggregation.label.lower()}"


QUARTERLY_SUM: Final = CollectionRule(Frequency.QUARTERLY, Aggregation.SUM)
QUARTERLY_LATEST: Final = CollectionRule(Frequency.QUARTERLY, Aggregation.LATEST)
ANNUAL_LATEST: Final = CollectionRule(Frequency.ANNUAL, Aggregation.LATEST)
ANNUAL_SUM: Final = CollectionRule(Frequency.ANNUAL, Aggregation.SUM)

_SURVEY_RE = re.compile(r"\bsurvey", re.IGNORECASE)


def infer_collection(
    code: str,
    unit: str,
    title: str,
    frameworks: Iterable[str] = (),
    *,
    plan_codes: Collection[str] = (),
    comments: str = "",
) -> CollectionRule:
    """A sensible default at import, which a performance officer can change.

    * a percentage whose parts are in the plan is a ratio of them:
      ``<code>`` with ``<code>a`` (all) and ``<code>b`` (the subset) → ``<code>b ÷ <code>a``
      (ComS_024 = ComS_024b ÷ ComS_024a); ``<base>d`` with ``<base>`` (received) and ``<base>a``
      (closed in under 3 months) → ``<base>a ÷ <base>`` (ComS_012d = ComS_012a ÷ ComS_012);
    * survey wording ("Residents surveyed", "Annual survey", in the title or comments) → annual,
      latest value;
    * any other percentage → quarterly, latest value; a count → quarterly, added up.

    ``frameworks`` is accepted so the importer can pass what it knows, but no framework changes the
    default today: service data is collected the same way as the measures with targets.
    """
    del frameworks
    if unit not in ("count", "percent"):
        raise ValueError(f"{code}: unit must be 'count' or 'percent', not {unit!r}")
    survey = bool(_SURVEY_RE.search(title) or _SURVEY_RE.search(comments))
    if unit == "count":
        return ANNUAL_SUM if survey else QUARTERLY_SUM
    codes = set(plan_codes)
    if f"{code}a" in codes and f"{code}b" in codes:
        return CollectionRule.ratio(f"{code}b", f"{code}a")
    base = code[:-1]
    if code.endswith("d") and base in codes and f"{base}a" in codes:
        return CollectionRule.ratio(f"{base}a", base)
    return ANNUAL_LATEST if survey else QUARTERLY_LATEST


def ratio_value(
    numerator: Number | None, denominator: Number | None, *, scale: Number = HUNDRED
) -> Decimal | None:
    """``numerator ÷ denominator × scale``, exact to 28 digits; None when either part is missing or
    the denominator is 0 (no cases received means no percentage, not 0%).

    Rounding for display is the page's business; comparisons use the unrounded figure.
    """
    num, den = dec_or_none(numerator), dec_or_none(denominator)
    if (num is not None and num < 0) or (den is not None and den < 0):
        raise ValueError(f"a ratio's parts are counts and cannot be negative: {num} ÷ {den}")
    if num is None or den is None or den == 0:
        return None
    return num / den * dec(scale)


def _checked(values: Mapping[Period, Number | None], rule: CollectionRule) -> dict[Period, Decimal]:
    """The values that are there, after checking each is for the rule's kind of period."""
    if rule.is_derived:
        raise ValueError(
            "a ratio is not added up from its own values: use ratio_year_to_date with the "
            f"values of {rule.numerator} and {rule.denominator}"
        )
    kind = rule.frequency.period_kind
    present: dict[Period, Decimal] = {}
    for period, value in values.items():
        if period.kind is not kind:
            raise ValueError(
                f"a {rule.frequency.label.lower()} indicator has values for "
                f"{kind.label.lower()}s, not for {period.label}"
            )
        if value is not None:
            present[period] = dec(value)
    return present


def _combine(
    periods: Iterable[Period], present: Mapping[Period, Decimal], rule: CollectionRule
) -> Decimal | None:
    wanted = sorted(periods)
    if rule.aggregation is Aggregation.LATEST:
        found = [present[p] for p in wanted if p in present]
        return found[-1] if found else None
    if not wanted or any(p not in present for p in wanted):
        return None  # an incomplete total would look like an improvement
    return sum((present[p] for p in wanted), Decimal(0))


def period_value(
    values: Mapping[Period, Number | None], rule: CollectionRule, period: Period
) -> Decimal | None:
    """The value of ``period`` from values collected at the rule's frequency.

    A monthly count's quarter value is the sum of its three months (None if any month is missing);
    a monthly snapshot's quarter value is the latest month that has one.
    """
    present = _checked(values, rule)
    return _combine(period.periods(rule.frequency.period_kind), present, rule)


def year_to_date(
    values: Mapping[Period, Number | None], rule: CollectionRule, *, upto: Period | None = None
) -> Decimal | None:
    """The year-to-date value at the end of ``upto`` (default: the latest period in ``values``).

    ``sum``: the total of the year's periods up to ``upto``, or None when any of them is missing,
    because a total with a gap would understate a count. ``latest``: the latest value so far this
    year. Values after ``upto`` and from other years are ignored.
    """
    present = _checked(values, rule)
    if upto is None:
        if not values:
            return None
        upto = max(values)
    kind = rule.frequency.period_kind
    periods = [p for p in upto.year.periods(kind) if p.last_day <= upto.last_day]
    return _combine(periods, present, rule)


def ratio_year_to_date(
    numerators: Mapping[Period, Number | None],
    denominators: Mapping[Period, Number | None],
    *,
    upto: Period | None = None,
    numerator_rule: CollectionRule = QUARTERLY_SUM,
    denominator_rule: CollectionRule = QUARTERLY_SUM,
    scale: Number = HUNDRED,
) -> Decimal | None:
    """A ratio's year to date: the year-to-date numerator ÷ the year-to-date denominator × 100.

    ComS_012d to Q2 is (cases closed in under 3 months in Q1 + Q2) ÷ (cases received in Q1 + Q2),
    not the mean of the two quarterly percentages.
    """
    if upto is None:
        keys = [*numerators, *denominators]
        if not keys:
            return None
        upto = max(keys)
    return ratio_value(
        year_to_date(numerators, numerator_rule, upto=upto),
        year_to_date(denominators, denominator_rule, upto=upto),
        scale=scale,
    )
