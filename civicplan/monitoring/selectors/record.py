"""Reading one indicator's monitoring record: its figures period by period, every revision of
every figure, and the audit trail of the indicator and its values.

Its page shows them beside the plan's yearly figures (``selectors.indicator_detail``). Eight
queries: the plan's figures (six, as ``PlanFigures`` loads them, since a ratio needs its
parts), the revisions and the audit events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from civicplan.core.fy import FinancialYear, fy_range
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.indicators.evaluation import Evaluation
from civicplan.indicators.models import Indicator, YearValueKind
from civicplan.indicators.rules import Frequency
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.selectors.figures import PlanFigures
from civicplan.monitoring.selectors.series import indicator_history
from civicplan.plans.models import Plan

__all__ = ["AuditLine", "IndicatorRecord", "TrendFigure", "indicator_record"]

INDICATOR_TYPE = "indicators.indicator"
VALUE_TYPE = IndicatorValue._meta.label_lower


@dataclass(frozen=True)
class TrendFigure:
    """One point of the actual-against-target chart (and its table)."""

    label: str
    actual: Decimal | None
    target: Decimal | None
    short: str = ""
    """The chart's tick label where ``label`` is too long to fit (``Q2`` for ``2026/27 Q2``)."""


@dataclass(frozen=True)
class AuditLine:
    """One audit event, with what it was about in words (the indicator, or which figure)."""

    event: AuditEvent
    subject: str


@dataclass(frozen=True)
class IndicatorRecord:
    indicator: Indicator
    figures: list[Evaluation]
    """The standing period by period (quarters; years for an annual measure), oldest first."""
    trend_years: list[TrendFigure]
    trend_quarters: list[TrendFigure]
    history: list[IndicatorValue]
    audit: list[AuditLine]


def _periods(indicator: Indicator, first: FinancialYear, upto: Period) -> list[Period]:
    years = fy_range(first, upto.fy)
    if indicator.frequency == Frequency.ANNUAL.value:
        return [Period.for_year(year) for year in years]
    quarters = [quarter for year in years for quarter in Period.for_year(year).quarters()]
    return [quarter for quarter in quarters if quarter <= upto]


def _trend_years(figures: PlanFigures, indicator: Indicator, upto: Period) -> list[TrendFigure]:
    printed = {v.year for v in indicator.year_values.all()}
    targets = {
        v.year: v.value for v in indicator.year_values.all() if v.kind == YearValueKind.TARGET
    }
    entered = {p.fy for p in figures.lookup[indicator.code].values}
    years = sorted(printed | entered)
    out = []
    for year in years:
        shown = year <= upto.fy
        actual = figures.evaluate(indicator, Period.for_year(year)).actual if shown else None
        out.append(TrendFigure(str(year), actual, targets.get(year)))
    return out


def _trend_quarters(figures: PlanFigures, indicator: Indicator, upto: Period) -> list[TrendFigure]:
    if indicator.frequency == Frequency.ANNUAL.value:
        return []
    out = []
    for quarter in Period.for_year(upto.fy).quarters():
        evaluation = figures.evaluate(indicator, quarter)
        actual = evaluation.actual if quarter <= upto else None
        out.append(
            TrendFigure(
                f"{quarter.label} to date", actual, evaluation.target, short=f"Q{quarter.number}"
            )
        )
    return out


def _subject(value: IndicatorValue) -> str:
    return f"{value.period.label}, revision {value.revision} ({value.get_source_display()})"


def _audit(indicator: Indicator, history: list[IndicatorValue]) -> list[AuditLine]:
    values = {str(v.pk): v for v in history}
    events = (
        AuditEvent.objects.filter(
            Q(object_type=INDICATOR_TYPE, object_id=str(indicator.pk))
            | Q(object_type=VALUE_TYPE, object_id__in=list(values))
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [
        AuditLine(
            event,
            _subject(values[event.object_id])
            if event.object_type == VALUE_TYPE
            else "The indicator",
        )
        for event in events
    ]


def indicator_record(
    plan: Plan, code: str, *, as_of: dt.date, upto: Period
) -> IndicatorRecord | None:
    """The monitoring record of ``code`` up to the collection round ``upto``; None if no such
    indicator. The figures start the year before the plan (its baseline), or earlier when
    figures were entered for earlier years."""
    figures = PlanFigures.load(plan, as_of=as_of)
    indicator = figures.get(code)
    if indicator is None:
        return None
    entered = [p.fy for p in figures.lookup[code].values]
    first = min([plan.first_year - 1, *entered])
    history = indicator_history(indicator)
    return IndicatorRecord(
        indicator=indicator,
        figures=[figures.evaluate(indicator, p) for p in _periods(indicator, first, upto)],
        trend_years=_trend_years(figures, indicator, upto),
        trend_quarters=_trend_quarters(figures, indicator, upto),
        history=history,
        audit=_audit(indicator, history),
    )
