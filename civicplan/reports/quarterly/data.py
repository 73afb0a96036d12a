"""Gathering a quarterly report's data: one small function per section, each a bulk read.

Each function reads what the tracking selectors give (indicators' standings, key-task progress,
the risk register, the policy renewal tracker, budget tracking) and returns plain rows, plus notes
on where it had to fall back on the plan itself (no progress reported, no risk scored, no budget
actuals). The query count is fixed whatever the size of the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from civicplan.budgets.selectors import BudgetYear, budget_year
from civicplan.core import clock
from civicplan.core.charts import TrendPoint
from civicplan.core.formats import date_text
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.evaluation import Evaluation, Series, evaluate
from civicplan.indicators.models import Framework, Indicator
from civicplan.indicators.rules import RagStatus
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.selectors.series import (
    latest_for_period,
    plan_series,
    value_discrepancies,
)
from civicplan.plans.models import Objective, Plan
from civicplan.plans.selectors import PolicyRenewalRow, policy_renewal_tracker
from civicplan.risks.selectors import HeatMap, RiskRegister, RiskRow, risk_heat_map, risk_register
from civicplan.tasks.models import KeyTaskUpdate, TaskStatus
from civicplan.tasks.rules import TaskState, is_closed, is_overdue
from civicplan.tasks.selectors import task_progress_list

if TYPE_CHECKING:
    from civicplan.monitoring.selectors.series import MonitoredIndicator
    from civicplan.tasks.selectors import TaskProgress

FRAMEWORK_ORDER = (Framework.CSI, Framework.KPI, Framework.MPI)


@dataclass(frozen=True)
class MeasureLine:
    """One measure's standing for the period, with its owner's commentary."""

    indicator: Indicator
    framework: Framework
    evaluation: Evaluation
    owner: str
    commentary: str
    approved: bool  # the period's figure is approved (not waiting or missing)

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def percent(self) -> bool:
        return self.indicator.unit == "percent"

    @property
    def status(self) -> RagStatus:
        return self.evaluation.status


@dataclass
class Measures:
    """The audience's measures with their standings, and what a trend chart needs."""

    lines: list[MeasureLine]
    objectives: list[Objective]
    series: dict[str, Series]
    period: Period
    as_of: dt.date
    awaiting_approval: int = 0
    discrepancies: int = 0
    titles: dict[str, str] = field(default_factory=dict)  # every indicator's, in the plan's order

    def of(self, framework: Framework) -> list[MeasureLine]:
        return [line for line in self.lines if line.framework is framework]

    @property
    def exceptions(self) -> list[MeasureLine]:
        """Off target first, then within tolerance, each in the plan's order."""
        order = {RagStatus.RED: 0, RagStatus.AMBER: 1}
        found = [line for line in self.lines if line.status in order]
        return sorted(found, key=lambda line: order[line.status])

    def trend(self, line: MeasureLine) -> tuple[list[TrendPoint], list[TrendPoint]]:
        """By year up to this one (actual from the plan or the year's figures), then by quarter
        of this year to date against the profiled target."""
        series = self.series[line.code]
        fy = self.period.fy
        years = sorted({*series.annual_actuals, *series.annual_targets})
        by_year = []
        for year in [y for y in years if y <= fy]:
            actual = None
            if year < fy:
                actual = evaluate(
                    series, Period.for_year(year), as_of=self.as_of, lookup=self.series
                ).actual
            by_year.append(TrendPoint(str(year), actual, series.annual_targets.get(year)))
        by_quarter = []
        for quarter in Period.for_year(fy).quarters():
            standing = evaluate(series, quarter, as_of=self.as_of, lookup=self.series)
            actual = standing.actual if quarter <= self.period else None
            by_quarter.append(TrendPoint(f"Q{quarter.number}", actual, standing.target))
        return by_year, by_quarter


def _framework(frameworks: set[str], wanted: tuple[Framework, ...]) -> Framework | None:
    """The first of ``wanted`` the indicator is in: a CSI that is also a KPI reports as a CSI."""
    return next((f for f in FRAMEWORK_ORDER if f in wanted and f.value in frameworks), None)


def _commentary(
    indicator: MonitoredIndicator, period: Period, latest: IndicatorValue | None
) -> str:
    """The approved figure's commentary; else the newest revision's, as the owner wrote it."""
    approved = [v for v in indicator.approved_values if v.period == period]
    if approved:
        return approved[-1].commentary.strip()
    return latest.commentary.strip() if latest is not None else ""


def measures_data(
    plan: Plan, period: Period, *, as_of: dt.date, frameworks: tuple[Framework, ...]
) -> Measures:
    """Every measure of ``frameworks`` evaluated for ``period`` from the figures known at the end
    of ``as_of`` (nine queries in all): for each period, the revision most recently approved by
    then, even if a correction approved later has superseded it; a figure approved later is
    missing, and what was waiting for approval is what waited on that day.

    The same reads as ``plan_standings`` (``plan_series`` and ``latest_for_period``), made here so
    that the series stay at hand and an exception's trend is worked out without reading them again.
    """
    indicators, lookup = plan_series(plan, known_on=as_of)
    latest = latest_for_period(indicators, period, known_on=as_of)
    lines = []
    for indicator in indicators:
        framework = _framework({f.framework for f in indicator.framework_set.all()}, frameworks)
        if framework is None:
            continue
        value = latest.get(indicator.pk)
        owners = [link.post.title for link in indicator.indicatorowner_set.all()]
        lines.append(
            MeasureLine(
                indicator=indicator,
                framework=framework,
                evaluation=evaluate(lookup[indicator.code], period, as_of=as_of, lookup=lookup),
                owner=", ".join(owners),
                commentary=_commentary(indicator, period, value),
                approved=any(v.period == period for v in indicator.approved_values),
            )
        )
    in_scope = {line.indicator.pk for line in lines}
    waiting = sum(
        1
        for pk, value in latest.items()
        if pk in in_scope and value.status == ValueStatus.SUBMITTED
    )
    differing = sum(
        1
        for d in value_discrepancies(plan, period=period, known_on=as_of)
        if d.indicator.pk in in_scope
    )
    return Measures(
        lines=lines,
        objectives=list(plan.objectives.order_by("position")),
        series=lookup,
        period=period,
        as_of=as_of,
        awaiting_approval=waiting,
        discrepancies=differing,
        titles={i.code: i.title for i in indicators},
    )


# -- Key tasks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskLine:
    code: str
    title: str
    officers: str
    target_date: dt.date | None
    status: str  # the words: "Completed", "At risk", "No report yet"
    percent: int | None
    commentary: str


@dataclass
class Tasks:
    completed: list[TaskLine] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    at_risk: list[TaskLine] = field(default_factory=list)
    total: int = 0
    reported: int = 0  # tasks with a progress report for a quarter up to the period
    notes: list[str] = field(default_factory=list)
    quarter_end: dt.date | None = None  # the day the statuses are judged at
    as_of: dt.date | None = None
    since: list[str] = field(default_factory=list)  # what happened after the quarter, by as_of


def _target_date_known(row: TaskProgress, as_of: dt.date) -> dt.date | None:
    """The task's target date as it stood at the end of ``as_of``: the date a change recorded
    later replaced, or the current one when none was recorded since."""
    later = [c for c in row.target_changes if clock.local_day(c.changed_at) > as_of]
    return later[0].previous_date if later else row.current_target_date


def _since(
    row: TaskProgress,
    status: str | None,
    target: dt.date | None,
    after: list[KeyTaskUpdate],
    quarter_end: dt.date,
    as_of: dt.date,
) -> list[str]:
    """What happened to a task between the quarter's end and ``as_of``, said as such."""
    labels = dict(TaskStatus.choices)
    name = f"{row.code} {row.task.title}"
    out = []
    for change in row.target_changes:
        changed = clock.local_day(change.changed_at)
        if quarter_end < changed <= as_of:
            out.append(
                f"{name}: target date moved from {date_text(change.previous_date) or 'none'} "
                f"to {date_text(change.new_date)} on {date_text(changed)}, after the quarter."
            )
    newest = after[-1] if after else None
    if newest is not None and newest.status != status:
        out.append(
            f"{name}: {labels[newest.status].lower()} ({newest.percent_complete}%), reported for "
            f"{newest.period.label} on {date_text(clock.local_day(newest.recorded_at))}, after "
            "the quarter."
        )
    now = newest.status if newest is not None else status
    if target is not None and quarter_end < target < as_of and not is_closed(now):
        out.append(
            f"{name}: due on {date_text(target)}, after the quarter, and not reported "
            f"completed by {date_text(as_of)}."
        )
    return out


def tasks_data(plan: Plan, period: Period, *, as_of: dt.date) -> Tasks:
    """Key tasks completed, overdue and at risk or off track at the end of ``period``, from the
    progress reports and target dates recorded by ``as_of``; what has happened since the
    quarter ended, up to ``as_of``, is listed apart (``Tasks.since``).

    A task is overdue at the quarter's end when its target date is on or before the quarter's
    last day and its latest report for a quarter up to ``period`` is neither completed nor
    cancelled: a task due after the quarter is never overdue in that quarter's report."""
    labels = dict(TaskStatus.choices)
    quarter_end = period.last_day
    out = Tasks(quarter_end=quarter_end, as_of=as_of)
    for row in task_progress_list(plan, as_of=as_of):
        out.total += 1
        known = [u for u in row.updates if clock.local_day(u.recorded_at) <= as_of]
        updates = [u for u in known if u.period <= period]
        latest = updates[-1] if updates else None
        status = latest.status if latest else None
        target = _target_date_known(row, as_of)
        out.reported += latest is not None
        line = TaskLine(
            code=row.code,
            title=row.task.title,
            officers=", ".join(post.title for post in row.officers),
            target_date=target,
            status=labels.get(status, "No report yet") if status else "No report yet",
            percent=latest.percent_complete if latest else None,
            commentary=latest.commentary.strip() if latest else "",
        )
        if status == TaskStatus.COMPLETED:
            out.completed.append(line)
        elif is_overdue(TaskState(target, status), quarter_end + dt.timedelta(days=1)):
            out.overdue.append(line)
        elif status in (TaskStatus.AT_RISK, TaskStatus.OFF_TRACK) and not is_closed(status):
            out.at_risk.append(line)
        after = [u for u in known if u.period > period]
        out.since += _since(row, status, target, after, quarter_end, as_of)
    if out.total and not out.reported:
        out.notes.append(
            "No progress has been reported on any key task yet, so overdue tasks are judged "
            "from the target dates in the plan alone."
        )
    return out


# -- Risks --------------------------------------------------------------------------------------

_SHORT = {"register": "R", "strategic": "S", "key_task": "T"}


def risk_code(row: RiskRow) -> str:
    """A short reference for a heat-map cell: R3 (register risk 3), S1, T2."""
    return _SHORT[row.kind] + row.ref.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class RiskChange:
    row: RiskRow
    before: int | None  # the residual score when the period began (None: not scored then)
    after: int


@dataclass
class Risks:
    register: RiskRegister
    heat_map: HeatMap
    changed: list[RiskChange]
    notes: list[str] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return len(self.register.rows) - len(self.heat_map.unscored)


def risks_data(plan: Plan, period: Period, *, as_of: dt.date) -> Risks:
    """The register as tracked, its residual heat map, and the risks whose residual score moved
    since the period began (reviews held and recorded by ``as_of``)."""
    register = risk_register(plan, as_of=as_of, known_on=as_of)
    heat_map = risk_heat_map(register)
    changed = []
    known_by = clock.day_end(as_of)
    for row in register.rows:
        reviews = [
            r
            for r in (row.entry.reviews.all() if row.entry else [])
            if r.reviewed_on <= as_of and r.recorded_at < known_by
        ]
        if not reviews:
            continue
        before = [r for r in reviews if r.reviewed_on < period.first_day]
        start = before[-1].residual_score if before else None
        end = reviews[-1].residual_score
        if start != end:
            changed.append(RiskChange(row, start, end))
    out = Risks(register, heat_map, changed)
    if register.rows and not out.scored:
        out.notes.append(
            f"None of the plan's {len(register.rows)} risks has been scored yet, so there is no "
            "heat map; the risks are listed as the plan prints them."
        )
    elif heat_map.unscored:
        out.notes.append(f"{len(heat_map.unscored)} of the plan's risks have not been scored yet.")
    return out


# -- Policies and budget ------------------------------------------------------------------------


@dataclass
class Policies:
    overdue: list[PolicyRenewalRow]
    due_soon: list[PolicyRenewalRow]
    undated: int
    total: int
    renewals_recorded: int


def policies_data(plan: Plan, *, as_of: dt.date) -> Policies:
    """Policies overdue or due for renewal within 90 days of ``as_of``, from the renewals
    recorded by then (three queries)."""
    tracker = policy_renewal_tracker(plan, as_of=as_of, known_on=as_of)
    return Policies(
        overdue=tracker.overdue,
        due_soon=tracker.due_soon,
        undated=len([r for r in tracker.undated if r.policy.recurrence == ""]),
        total=len(tracker.rows),
        renewals_recorded=sum(len(r.renewals) for r in tracker.rows),
    )


@dataclass
class Budget:
    year: BudgetYear | None
    has_actuals: bool
    notes: list[str] = field(default_factory=list)


def budget_data(plan: Plan, period: Period, *, as_of: dt.date) -> Budget:
    """The budget lines for the period's year up to its quarter, with the actuals recorded by
    ``as_of`` (three queries)."""
    if not plan.first_year <= period.fy <= plan.last_year:
        return Budget(None, False, [f"The plan has no budget for {period.fy}."])
    upto = period.number if period.kind is PeriodKind.QUARTER else 4
    year = budget_year(plan, period.fy, upto=upto, known_on=as_of)
    has_actuals = any(q <= upto for line in year.lines for q in line.actuals)
    notes = []
    if year.lines and not has_actuals:
        notes.append(
            f"No actual amounts have been recorded for {period.fy} yet, so the budget position "
            "shows the plan's amounts only."
        )
    return Budget(year, has_actuals, notes)
