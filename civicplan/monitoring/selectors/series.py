"""Reading monitoring data in bulk: each indicator's standing for a period, what is missing,
what waits for approval, and where a derived figure differs from an approved one.

A fixed number of queries whatever the number of indicators.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Prefetch, Q, QuerySet

from civicplan.core import clock
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.evaluation import Evaluation, Series, evaluate, figure_status
from civicplan.indicators.models import Framework, Indicator, YearValueKind
from civicplan.indicators.rules import (
    Aggregation,
    CollectionRule,
    Frequency,
    ProfileKind,
    RagStatus,
    SeriesBreak,
    Tolerance,
    ToleranceKind,
)
from civicplan.monitoring.chasers import periods_q
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.rules import Reference, unusual_figure
from civicplan.plans.models import Plan

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Approved(TypedDict):
        approved_values: list[IndicatorValue]

    # An indicator loaded by ``plan_series``: its approved figures come as ``approved_values``.
    MonitoredIndicator = WithAnnotations[Indicator, _Approved]


def collection_rule(indicator: Indicator) -> CollectionRule:
    """The rules' view of how an indicator is collected."""
    if indicator.aggregation == "ratio":
        part, whole = indicator.ratio_parts()
        return CollectionRule.ratio(part.code, whole.code)
    return CollectionRule(Frequency(indicator.frequency), Aggregation(indicator.aggregation))


def _series(
    indicator: Indicator,
    approved: Iterable[IndicatorValue],
    extra: dict[Period, Decimal] | None = None,
) -> Series:
    frameworks = {f.framework for f in indicator.framework_set.all()}
    series = Series(
        code=indicator.code,
        unit=indicator.unit,
        polarity=indicator.polarity,
        has_target=bool(frameworks - {Framework.SERVICE_DATA.value}),
        rule=collection_rule(indicator),
        tolerance=Tolerance(ToleranceKind(indicator.tolerance_kind), indicator.tolerance_amount),
        profile=ProfileKind(indicator.target_profile),
        breaks=(
            (SeriesBreak(indicator.series_break_date, indicator.series_break_reason),)
            if indicator.series_break_date
            else ()
        ),
    )
    for row in approved:
        series.values[row.period] = row.value
    series.values.update(extra or {})
    for year_value in indicator.year_values.all():
        target = (
            series.annual_targets
            if year_value.kind == YearValueKind.TARGET
            else series.annual_actuals
        )
        target[year_value.year] = year_value.value
    return series


def _approved_by(known_on: dt.date | None) -> QuerySet[IndicatorValue]:
    """The revisions that were approved: all approved now, or, with ``known_on``, every revision
    approved on or before that day (a revision superseded since still counts), in the order they
    were approved. An approved revision from before approvals were stamped counts from the day it
    was entered."""
    if known_on is None:
        return IndicatorValue.objects.filter(status=ValueStatus.APPROVED)
    end = clock.day_end(known_on)
    stamped = Q(decided_at__lt=end, status__in=[ValueStatus.APPROVED, ValueStatus.SUPERSEDED])
    unstamped = Q(decided_at__isnull=True, entered_at__lt=end, status=ValueStatus.APPROVED)
    return IndicatorValue.objects.filter(stamped | unstamped).order_by("decided_at", "id")


def _latest_approved(rows: Iterable[IndicatorValue]) -> list[IndicatorValue]:
    """Of revisions in the order they were approved, the last one of each period (the one that
    stood), in that order."""
    by_period: dict[Period, IndicatorValue] = {}
    for row in rows:
        by_period.pop(row.period, None)
        by_period[row.period] = row
    return list(by_period.values())


def _indicators(plan: Plan, known_on: dt.date | None = None) -> QuerySet[MonitoredIndicator]:
    return (
        Indicator.objects.filter(plan=plan)
        .select_related("objective", "ratio_numerator", "ratio_denominator")
        .prefetch_related(
            "framework_set",
            "year_values",
            "indicatorowner_set__post",
            Prefetch("values", queryset=_approved_by(known_on), to_attr="approved_values"),
        )
    )


def plan_series(
    plan: Plan, *, ended_by: dt.date | None = None, known_on: dt.date | None = None
) -> tuple[list[MonitoredIndicator], dict[str, Series]]:
    """The plan's indicators and each one's series by code, for pages and reports that evaluate
    many indicators, periods or what-ifs from one load. Six queries.

    Each indicator comes with its objective, ratio parts, frameworks (``framework_set``), owners
    (``indicatorowner_set`` with their posts), yearly targets and actuals, and its approved
    figures as ``approved_values``, so reading them costs nothing more.

    With ``ended_by``, a series holds only the approved figures of periods that ended by that
    date (what was known then); ``approved_values`` still holds them all.

    With ``known_on``, the figures are those that stood at the end of that day: for each period,
    the revision most recently approved on or before it, even if a correction has superseded it
    since; a figure first approved later is absent (``approved_values`` holds the same).
    """
    indicators = list(_indicators(plan, known_on))
    if known_on is not None:
        for indicator in indicators:
            indicator.approved_values = _latest_approved(indicator.approved_values)
    lookup = {
        i.code: _series(
            i,
            [v for v in i.approved_values if ended_by is None or v.period.last_day <= ended_by],
        )
        for i in indicators
    }
    return indicators, lookup


@dataclass(frozen=True)
class Standing:
    """One indicator's line on the dashboard."""

    indicator: MonitoredIndicator
    frameworks: list[str]
    evaluation: Evaluation
    latest: IndicatorValue | None


def plan_standings(plan: Plan, period: Period, *, as_of: dt.date) -> list[Standing]:
    """Every indicator of the plan evaluated for ``period``, with the newest revision of its
    figure for the period (seven queries in all: ``plan_series`` and ``latest_for_period``)."""
    indicators, lookup = plan_series(plan)
    latest = latest_for_period(indicators, period)
    out = []
    for indicator in indicators:
        frameworks = [f.framework for f in indicator.framework_set.all()]
        out.append(
            Standing(
                indicator,
                frameworks,
                evaluate(lookup[indicator.code], period, as_of=as_of, lookup=lookup),
                latest.get(indicator.pk),
            )
        )
    return out


def status_on(row: IndicatorValue, known_on: dt.date) -> str | None:
    """What a revision's status was at the end of ``known_on``, told from its stamps (entered,
    submitted, decided); ``None`` when it had not been entered yet. An approved revision reads
    approved (whether a later approval superseded it is for the caller, who sees the others).
    A revision returned and then submitted again reads as its last submission left it."""
    end = clock.day_end(known_on)
    if row.entered_at is not None and row.entered_at >= end:
        return None
    decided = row.decided_at is not None and row.decided_at < end
    submitted = row.submitted_at is not None and row.submitted_at < end
    if row.status in (ValueStatus.APPROVED, ValueStatus.SUPERSEDED):
        if decided or (row.decided_at is None and row.status == ValueStatus.APPROVED):
            return ValueStatus.APPROVED
    elif decided and not (submitted and row.submitted_at > row.decided_at):  # type: ignore[operator]
        return ValueStatus.RETURNED
    return ValueStatus.SUBMITTED if submitted else ValueStatus.DRAFT


def _as_known_on(rows: Iterable[IndicatorValue], known_on: dt.date) -> list[IndicatorValue]:
    """``rows`` (one indicator's period or more, in entry order) as they stood at the end of
    ``known_on``: copies carrying that day's status, without the revisions not yet entered and
    the approved ones a later approval had superseded by then."""
    rows = list(rows)
    out = []
    for row in rows:
        status = status_on(row, known_on)
        if status is None:
            continue
        known = copy.copy(row)
        known.status = status
        out.append(known)
    stood: dict[tuple[int, Period], IndicatorValue] = {}
    for row in out:
        if row.status == ValueStatus.APPROVED:
            held = stood.get((row.indicator_id, row.period))
            if held is None or (row.decided_at or row.entered_at) >= (
                held.decided_at or held.entered_at
            ):
                stood[(row.indicator_id, row.period)] = row
    for row in out:
        if row.status == ValueStatus.APPROVED and stood[(row.indicator_id, row.period)] is not row:
            row.status = ValueStatus.SUPERSEDED
    return out


def latest_for_period(
    indicators: Sequence[Indicator], period: Period, *, known_on: dt.date | None = None
) -> dict[int, IndicatorValue]:
    """The newest revision (any status, any source, not superseded) of each indicator's figure
    for ``period``, by indicator id; an indicator with no figure for the period is absent.

    Revisions are taken in the order they were entered, each replacing the one held, except that
    an approved figure does not replace one still in draft or waiting. One query.

    With ``known_on``, the revisions as they stood at the end of that day (``status_on``): the
    rows returned are copies carrying that day's status, to read, not to save.
    """
    rows = IndicatorValue.objects.filter(
        indicator__in=[i.pk for i in indicators],
        fy=period.fy,
        period_kind=period.kind.value,
        period_number=period.number,
    ).order_by("indicator_id", "entered_at", "id")
    if known_on is None:
        revisions = list(rows.exclude(status=ValueStatus.SUPERSEDED))
    else:
        revisions = [r for r in _as_known_on(rows, known_on) if r.status != ValueStatus.SUPERSEDED]
    latest: dict[int, IndicatorValue] = {}
    for row in revisions:
        current = latest.get(row.indicator_id)
        # An approved figure stands until a newer revision of the same source is submitted.
        if (
            current is None
            or row.status != ValueStatus.APPROVED
            or current.status == ValueStatus.APPROVED
        ):
            latest[row.indicator_id] = row
    return latest


def status_if(indicator: Indicator, period: Period, value: Decimal, *, as_of: dt.date) -> RagStatus:
    """The status ``value`` has as the indicator's figure for ``period``, judged for this figure
    whatever else is approved (``evaluation.figure_status``): the status the indicator would
    have if it were approved, or, when earlier figures of the year are not approved yet, the
    figure on its own against its period's share of the target."""
    _, lookup = plan_series(indicator.plan)
    return figure_status(lookup[indicator.code], period, value, as_of=as_of, lookup=lookup)


RECENT_ACTUALS = 3
"""How many of the latest yearly actuals a new figure is compared with."""


def _plausibility_references(
    indicator: Indicator, period: Period
) -> tuple[list[Reference], Reference | None]:
    """What a new figure for ``period`` is compared with (``rules.unusual_figure``): the measure's
    latest yearly actuals before the period's year ends (``RECENT_ACTUALS``) and its approved
    figures of that year and the year before (but this period's own), then the year's target.
    Two queries."""
    year_values = list(indicator.year_values.all())
    actuals = sorted(
        (v for v in year_values if v.kind == YearValueKind.ACTUAL and v.year <= period.fy),
        key=lambda v: v.year,
    )[-RECENT_ACTUALS:]
    history = [Reference(v.value, Period.for_year(v.year)) for v in actuals]
    approved = IndicatorValue.objects.filter(
        indicator=indicator,
        status=ValueStatus.APPROVED,
        fy__in=[period.fy - 1, period.fy],
        period_kind=period.kind.value,
    ).order_by("fy", "period_number")
    history += [Reference(v.value, v.period) for v in approved if v.period != period]
    target = next(
        (
            Reference(v.value, Period.for_year(v.year))
            for v in year_values
            if v.kind == YearValueKind.TARGET and v.year == period.fy
        ),
        None,
    )
    return history, target


def unusual_for(indicator: Indicator, period: Period, value: Decimal) -> str:
    """Why ``value`` looks like a mistake for ``indicator`` in ``period`` (``rules.unusual_figure``
    against the measure's own history and target), or ``""``. The one way the services and the
    workbook's row checks ask it."""
    history, target = _plausibility_references(indicator, period)
    return unusual_figure(
        value,
        period,
        history=history,
        target=target,
        code=indicator.code,
        percent=indicator.unit == "percent",
        summed=indicator.aggregation == Aggregation.SUM.value,
    )


def indicator_history(indicator: Indicator) -> list[IndicatorValue]:
    """Every revision of every figure of an indicator, newest first, for its page."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("entered_by", "decided_by")
        .order_by("-fy", "-period_kind", "-period_number", "-revision", "-id")
    )


@dataclass(frozen=True)
class Discrepancy:
    """A derived figure that differs from the approved one: a performance officer decides."""

    indicator: Indicator
    period: Period
    approved: IndicatorValue
    derived: IndicatorValue

    @property
    def difference(self) -> Decimal:
        return self.derived.value - self.approved.value


def value_discrepancies(
    plan: Plan, *, period: Period | None = None, known_on: dt.date | None = None
) -> list[Discrepancy]:
    """Submitted derived figures that disagree with the approved figure of the same period
    (of ``period`` only, when given: the dashboard needs one period, not every year's rows);
    with ``known_on``, as they stood at the end of that day (``status_on``)."""
    rows = IndicatorValue.objects.filter(indicator__plan=plan).select_related("indicator")
    if period is not None:
        rows = rows.filter(fy=period.fy, period_kind=period.kind.value, period_number=period.number)
    found: Iterable[IndicatorValue]
    if known_on is None:
        found = rows.filter(status__in=[ValueStatus.APPROVED, ValueStatus.SUBMITTED])
    else:
        found = _as_known_on(rows.order_by("entered_at", "id"), known_on)
    by_key: dict[tuple, dict[str, list[IndicatorValue]]] = defaultdict(lambda: defaultdict(list))
    for row in found:
        by_key[(row.indicator_id, row.period)][row.status].append(row)
    out = []
    for (_, period), groups in by_key.items():
        for approved in groups.get(ValueStatus.APPROVED, []):
            for derived in groups.get(ValueStatus.SUBMITTED, []):
                if derived.source != approved.source and derived.value != approved.value:
                    out.append(Discrepancy(approved.indicator, period, approved, derived))
    return sorted(out, key=lambda d: (d.indicator.position, d.period))


def default_period(plan: Plan, today: dt.date) -> Period:
    """The quarter most recently ended, the one being collected and reported now, kept within
    the quarters ``periods_for_choice`` offers: after the plan has ended, its last quarter; long
    before it starts, the first quarter of the year before it. ``plans.rules.plan_dates_note``
    says so on the page."""
    offered = periods_for_choice(plan)
    latest = Period.quarter_containing(today).previous()
    return min(max(latest, offered[0]), offered[-1])


def offered_years(plan: Plan) -> list[FinancialYear]:
    """The years figures are collected and reported for: the plan's, and the year before it (its
    baseline, whose actuals the plan prints)."""
    return fy_range(plan.first_year - 1, plan.last_year)


def periods_for_choice(plan: Plan) -> list[Period]:
    """The quarters of ``offered_years``, for period pickers."""
    return [Period.for_quarter(year, q) for year in offered_years(plan) for q in range(1, 5)]


def period_outside_plan(plan: Plan, period: Period) -> str:
    """Why ``period`` cannot be collected or reported for this plan, or ``""`` when it can: it
    must fall within ``offered_years``."""
    years = offered_years(plan)
    if years[0].first_day <= period.first_day and period.last_day <= years[-1].last_day:
        return ""
    return (
        f"{period.label} is outside the plan, which runs from {plan.first_year} to "
        f"{plan.last_year} (with {years[0]} before it): choose a period from {years[0]} to "
        f"{years[-1]}"
    )


__all__ = [
    "Discrepancy",
    "PeriodKind",
    "Standing",
    "collection_rule",
    "default_period",
    "indicator_history",
    "latest_for_period",
    "period_outside_plan",
    "periods_for_choice",
    "plan_series",
    "plan_standings",
    "status_if",
    "status_on",
    "unusual_for",
    "value_discrepancies",
]


def current_values(
    indicator_ids: set[int], periods: set[Period]
) -> dict[tuple[int, Period], IndicatorValue]:
    """The figure a workbook row starts from: the most recently changed revision that is not
    superseded (draft, submitted, returned or approved, any source). One query."""
    if not indicator_ids or not periods:
        return {}
    rows = (
        IndicatorValue.objects.filter(indicator__in=indicator_ids)
        .filter(periods_q(periods))
        .exclude(status=ValueStatus.SUPERSEDED)
        .select_related("entered_by")
        .order_by("updated_at", "id")
    )
    return {(row.indicator_id, row.period): row for row in rows}
