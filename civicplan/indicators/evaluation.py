"""An indicator's standing for a period: actual, target, RAG status and direction of travel.

This joins the stored data to the pure rules. Callers load the data in bulk
(``selectors.indicator_evaluations``) and this module does no queries of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import cast

from django.conf import settings

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period, PeriodKind
from civicplan.core.workdays import is_late
from civicplan.indicators.rules import (
    Aggregation,
    CollectionRule,
    Direction,
    Polarity,
    ProfileKind,
    RagStatus,
    SeriesBreak,
    TargetProfile,
    Tolerance,
    direction_against_previous,
    direction_against_year_earlier,
    profile_targets,
    rag_status,
    ratio_value,
    year_to_date,
)
from civicplan.indicators.rules.collection import period_value


@dataclass
class Series:
    """What is known of one indicator: its settings and its approved figures by period."""

    code: str
    unit: str
    polarity: str
    has_target: bool
    rule: CollectionRule
    tolerance: Tolerance
    profile: ProfileKind
    values: dict[Period, Decimal] = field(default_factory=dict)
    annual_actuals: dict[FinancialYear, Decimal] = field(default_factory=dict)
    annual_targets: dict[FinancialYear, Decimal] = field(default_factory=dict)
    breaks: tuple[SeriesBreak, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """The standing of one indicator in one period, as pages and reports show it."""

    period: Period
    actual: Decimal | None
    period_actual: Decimal | None
    target: Decimal | None
    status: RagStatus
    direction: Direction
    direction_previous: Direction


def _annual_value(series: Series, fy: FinancialYear) -> Decimal | None:
    """The year's figure: from the quarters when there are any, else as the plan printed it."""
    year = Period.for_year(fy)
    from_periods = (
        year_to_date(_own_kind(series), series.rule, upto=year.quarters()[-1])
        if series.values
        else None
    )
    return from_periods if from_periods is not None else series.annual_actuals.get(fy)


def _own_kind(series: Series) -> dict[Period, Decimal]:
    kind = series.rule.frequency.period_kind
    return {p: v for p, v in series.values.items() if p.kind is kind}


def _ytd(series: Series, period: Period, lookup: dict[str, Series]) -> Decimal | None:
    """Year to date at the end of ``period`` (a ratio from its parts' year-to-date totals)."""
    if series.rule.aggregation is Aggregation.RATIO:
        numerator = lookup.get(series.rule.numerator or "")
        denominator = lookup.get(series.rule.denominator or "")
        if numerator is None or denominator is None:
            return None
        if period.kind is PeriodKind.YEAR:
            return ratio_value(
                _annual_value(numerator, period.fy),
                _annual_value(denominator, period.fy),
                scale=series.rule.scale,
            )
        return ratio_value(
            _ytd(numerator, period, lookup),
            _ytd(denominator, period, lookup),
            scale=series.rule.scale,
        )
    if period.kind is PeriodKind.YEAR:
        return _annual_value(series, period.fy)
    own = _own_kind(series)
    if not own:
        return None
    try:
        return year_to_date(own, series.rule, upto=period)
    except ValueError:
        return None


def _period_actual(series: Series, period: Period, lookup: dict[str, Series]) -> Decimal | None:
    if series.rule.aggregation is Aggregation.RATIO or period.kind is PeriodKind.YEAR:
        return _ytd(series, period, lookup)
    own = _own_kind(series)
    try:
        return period_value(own, series.rule, period) if own else None
    except ValueError:
        return None


def _profile(series: Series, period: Period) -> TargetProfile | None:
    """The year's annual target spread over its quarters, or None when the year has no target."""
    annual = series.annual_targets.get(period.fy)
    if annual is None:
        return None
    last_year = {
        p: v
        for p, v in series.values.items()
        if p.kind is PeriodKind.QUARTER and p.fy == period.fy - 1
    }
    return profile_targets(
        annual, period.fy, series.rule.aggregation, kind=series.profile, last_year=last_year
    )


def _target(series: Series, period: Period) -> Decimal | None:
    profile = _profile(series, period)
    if profile is None:
        return None
    if period.kind is PeriodKind.YEAR:
        return profile.annual
    quarter = period.quarter
    return profile.to_date[quarter.number - 1]


def _own_target(series: Series, period: Period) -> Decimal | None:
    """The target of a period's figure on its own: for a count, its quarter's share of the annual
    target (a month a third of it); for a snapshot, or a whole year, the annual target."""
    profile = _profile(series, period)
    if profile is None:
        return None
    if period.kind is PeriodKind.YEAR or series.rule.aggregation is not Aggregation.SUM:
        return profile.annual
    share = profile.for_quarter[period.quarter.number - 1]
    return share / 3 if period.kind is PeriodKind.MONTH else share


def _due_period(series: Series, period: Period) -> Period:
    """The period whose deadline decides whether a missing figure is late: an annual measure
    (a yearly survey) is not due in the first three quarters, only after its year ends."""
    if series.rule.frequency.period_kind is PeriodKind.YEAR:
        return Period.for_year(period.fy)
    return period


def evaluate(
    series: Series, period: Period, *, as_of: dt.date, lookup: dict[str, Series] | None = None
) -> Evaluation:
    """Actual to date against the profiled target, the RAG status and the direction of travel."""
    lookup = lookup if lookup is not None else {series.code: series}
    actual = _ytd(series, period, lookup)
    target = _target(series, period)
    polarity = Polarity.parse(series.polarity or None)
    status = rag_status(
        actual,
        target,
        polarity,
        series.tolerance,
        has_target=series.has_target,
        due_passed=is_late(_due_period(series, period), as_of, settings.CIVICPLAN_DUE_WORKING_DAYS),
    )
    comparable = {
        period: actual,
        period.year_earlier(): _ytd(series, period.year_earlier(), lookup),
    }
    previous = period.previous()
    by_period = {
        period: _period_actual(series, period, lookup),
        previous: _period_actual(series, previous, lookup),
    }
    return Evaluation(
        period=period,
        actual=actual,
        period_actual=by_period[period],
        target=target,
        status=status,
        direction=direction_against_year_earlier(
            comparable, period, polarity, breaks=series.breaks
        ),
        direction_previous=direction_against_previous(
            by_period, period, polarity, breaks=series.breaks
        ),
    )


def figure_status(
    series: Series,
    period: Period,
    value: Decimal,
    *,
    as_of: dt.date,
    lookup: dict[str, Series] | None = None,
) -> RagStatus:
    """The status a figure for ``period`` has, judged for this figure whatever else is approved.

    When the year's earlier figures are approved it is the status the dashboard would show once
    this one is approved: the year to date against the profiled target. When they are not (a
    count has no year to date with a quarter missing), the figure is judged on its own against
    its period's own share of the target, so a figure far off target is never let through as
    "Data missing" because another quarter is still waiting for approval.
    """
    changed = replace(series, values={**series.values, period: value})
    # An overlay, not a copy of the plan's lookup: ``evaluate`` only reads it.
    overlay = cast(dict[str, Series], ChainMap({series.code: changed}, lookup or {}))
    status = evaluate(changed, period, as_of=as_of, lookup=overlay).status
    if status not in (RagStatus.MISSING, RagStatus.PENDING):
        return status
    return rag_status(
        value,
        _own_target(series, period),
        Polarity.parse(series.polarity or None),
        series.tolerance,
        has_target=series.has_target,
        due_passed=True,
    )
