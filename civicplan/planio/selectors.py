"""Reads for the plan's documents: recorded yearly actuals, task statuses, monitoring values.

Bulk reads, a fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from civicplan.core.fy import FinancialYear
from civicplan.core.numbers import to_json_number
from civicplan.core.periods import Period
from civicplan.indicators.evaluation import Evaluation, Series, evaluate
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Aggregation
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.selectors.series import plan_series
from civicplan.plans.models import Plan


def plan_before(to: FinancialYear) -> Plan:
    """The latest plan starting before ``to``: the one roll forward works from by default."""
    plan = (
        Plan.objects.select_related("organisation")
        .filter(first_year__lt=to)
        .order_by("-first_year", "-id")
        .first()
    )
    if plan is None:
        raise LookupError(f"there is no plan starting before {to} to roll forward")
    return plan


@dataclass(frozen=True)
class TaskStatusRead:
    """A key task's latest reported status and the quarter it was reported for."""

    status: str
    label: str
    period: Period


def task_latest_statuses(plan: Plan) -> dict[str, TaskStatusRead]:
    """The latest status each key task's officers reported, by action code (two queries).

    The one place the reports read task progress, so that roll forward and the workbook agree on
    what "completed" means. Tasks never reported on are absent.
    """
    from civicplan.tasks.models import KeyTaskUpdate, TaskStatus

    labels = dict(TaskStatus.choices)
    latest: dict[str, TaskStatusRead] = {}
    updates = (
        KeyTaskUpdate.objects.filter(task__plan=plan)
        .select_related("task")
        .order_by("task_id", "fy", "quarter")
    )
    for update in updates:
        latest[update.task.code] = TaskStatusRead(
            update.status, labels.get(update.status, update.status), update.period
        )
    return latest


def _monitored(indicator: Indicator, fy: FinancialYear, lookup: dict[str, Series]) -> bool:
    """Whether the series hold approved figures of ``fy`` for the indicator (or a ratio's parts)."""
    codes = [indicator.code]
    if indicator.aggregation == Aggregation.RATIO.value:
        parts = (indicator.ratio_numerator, indicator.ratio_denominator)
        codes = [part.code for part in parts if part is not None]
    return any(
        period.fy == fy for code in codes if code in lookup for period in lookup[code].values
    )


def recorded_year_actuals(
    plan: Plan, years: list[FinancialYear], *, as_of: dt.date
) -> dict[str, dict[str, int | float | None]]:
    """Each indicator's actual for each of ``years``: from the approved monitoring values of the
    year (added up, latest or a ratio of its parts, as the indicator is collected), and the plan's
    printed actual for a year that was not monitored (or whose total is incomplete).

    Only values for periods that ended by ``as_of`` count; nothing is guessed (``None``).
    """
    indicators, lookup = plan_series(plan, ended_by=as_of)
    out: dict[str, dict[str, int | float | None]] = {}
    for ind in indicators:
        series = lookup[ind.code]
        values: dict[str, int | float | None] = {}
        for fy in years:
            actual = None
            if _monitored(ind, fy, lookup):
                actual = evaluate(series, Period.for_year(fy), as_of=as_of, lookup=lookup).actual
            if actual is None:
                actual = series.annual_actuals.get(fy)
            values[str(fy)] = _rounded(actual, percent=ind.unit == "percent")
        out[ind.code] = values
    return out


def _rounded(value: Decimal | None, *, percent: bool) -> int | float | None:
    """A percentage worked out from counts to one decimal place, as the plan prints them."""
    if value is None:
        return None
    return to_json_number(value.quantize(Decimal("0.1")) if percent else value)


@dataclass(frozen=True)
class MonitoringRow:
    """One approved figure with the standing it gives its indicator for the period."""

    indicator: Indicator
    value: IndicatorValue
    evaluation: Evaluation


def monitoring_rows(plan: Plan, *, as_of: dt.date) -> list[MonitoringRow]:
    """Every approved monitoring value of the plan, by indicator and period, with the status the
    indicator had for that period (year to date against the profiled target)."""
    indicators, lookup = plan_series(plan)
    rows = []
    for ind in indicators:
        for value in sorted(ind.approved_values, key=lambda v: (v.period, v.source)):
            evaluation = evaluate(lookup[ind.code], value.period, as_of=as_of, lookup=lookup)
            rows.append(MonitoringRow(ind, value, evaluation))
    return rows
