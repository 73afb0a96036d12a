"""The dashboard for one period: how the plan's measures stand, what is slipping, what is missing.

Built from ``plan_standings`` (seven queries) and, for performance officers,
``value_discrepancies`` (one): a fixed number of queries however many indicators the plan has.
Everything else here is counting and sorting in Python, so the page is plain data that the
tables (and the CSV downloads) render.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from civicplan.accounts.permissions import is_performance_officer
from civicplan.core.periods import Period
from civicplan.indicators.evaluation import Evaluation
from civicplan.indicators.models import Framework, Indicator
from civicplan.indicators.rules import Direction, RagStatus
from civicplan.indicators.selectors import code_sort_key
from civicplan.monitoring.chasers import owner_posts
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.selectors.figures import link_parents
from civicplan.monitoring.selectors.series import Discrepancy, plan_standings, value_discrepancies
from civicplan.plans.models import Objective, Plan, Post

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

__all__ = [
    "DASHBOARD_SORTS",
    "STATUS_ORDER",
    "Dashboard",
    "DashboardFilters",
    "Line",
    "StatusCounts",
    "dashboard_build",
    "dashboard_objectives",
]

STATUS_ORDER: tuple[RagStatus, ...] = (
    RagStatus.RED,
    RagStatus.AMBER,
    RagStatus.MISSING,
    RagStatus.GREEN,
    RagStatus.NO_TARGET,
    RagStatus.PENDING,
)
"""Worst first: the order a performance officer reads statuses in (and sorts by)."""

COUNT_ORDER: tuple[RagStatus, ...] = (
    RagStatus.GREEN,
    RagStatus.AMBER,
    RagStatus.RED,
    RagStatus.NO_TARGET,
    RagStatus.MISSING,
    RagStatus.PENDING,
)
"""The columns of the count tables, in the order the guide names the statuses."""

DIRECTION_ORDER: tuple[Direction, ...] = (
    Direction.IMPROVING,
    Direction.UNCHANGED,
    Direction.WORSENING,
    Direction.NOT_COMPARABLE,
)
_SORT_KEYS = ("code", "status", "direction")
DASHBOARD_SORTS = [*_SORT_KEYS, *(f"-{key}" for key in _SORT_KEYS)]


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard is narrowed to. Framework and objective narrow every table; status
    narrows the list of indicators (the counts would otherwise be all in one column)."""

    framework: str = ""
    objective: str = ""
    status: str = ""
    sort: str = "code"


@dataclass(frozen=True)
class Line:
    """One indicator's standing, with what the tables show beside it."""

    indicator: Indicator
    frameworks: list[str]
    evaluation: Evaluation
    latest: IndicatorValue | None
    approved: IndicatorValue | None
    owners: tuple[Post, ...]

    @property
    def status(self) -> RagStatus:
        return self.evaluation.status

    @property
    def commentary(self) -> str:
        """Why the figure is what it is: the approved figure's words, else the newest ones."""
        for value in (self.approved, self.latest):
            if value is not None and value.commentary:
                return value.commentary
        return ""


@dataclass(frozen=True)
class StatusCounts:
    """How many measures of one group (an objective, a framework) have each status."""

    key: str
    label: str
    counts: dict[RagStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Dashboard:
    period: Period
    filters: DashboardFilters
    objectives: list[Objective]
    lines: list[Line]
    """Every indicator after the framework and objective filters (the counts are of these)."""
    listed: list[Line]
    """``lines`` after the status filter, sorted: the indicator table."""
    by_objective: list[StatusCounts]
    by_framework: list[StatusCounts]
    totals: StatusCounts
    directions: dict[Direction, tuple[int, int]]
    """Per direction: how many against the same period last year, and against the previous."""
    exceptions: list[Line]
    missing_by_owner: list[tuple[Post | None, list[Line]]]
    discrepancies: list[Discrepancy] | None = field(default=None)
    """Derived figures that differ from approved ones; None when the user may not see them."""


def _counts(key: str, label: str, lines: list[Line]) -> StatusCounts:
    found = Counter(line.status for line in lines)
    return StatusCounts(key, label, {status: found.get(status, 0) for status in COUNT_ORDER})


def _sorted(lines: list[Line], sort: str) -> list[Line]:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    by_code = sorted(lines, key=lambda line: code_sort_key(line.indicator.code))
    if key == "status":
        by_status = {status: n for n, status in enumerate(STATUS_ORDER)}
        return sorted(by_code, key=lambda line: by_status[line.status], reverse=descending)
    if key == "direction":
        by_direction = {direction: n for n, direction in enumerate(DIRECTION_ORDER)}
        return sorted(
            by_code, key=lambda line: by_direction[line.evaluation.direction], reverse=descending
        )
    return by_code[::-1] if descending else by_code


def _lines(plan: Plan, period: Period, as_of: dt.date) -> list[Line]:
    standings = plan_standings(plan, period, as_of=as_of)
    link_parents(s.indicator for s in standings)
    return [
        Line(
            indicator=s.indicator,
            frameworks=s.frameworks,
            evaluation=s.evaluation,
            latest=s.latest,
            approved=next((v for v in s.indicator.approved_values if v.period == period), None),
            owners=owner_posts(s.indicator),
        )
        for s in standings
    ]


def _missing_by_owner(lines: list[Line]) -> list[tuple[Post | None, list[Line]]]:
    groups: dict[int | None, tuple[Post | None, list[Line]]] = {}
    for line in lines:
        if line.status is not RagStatus.MISSING:
            continue
        for post in line.owners or (None,):
            key = post.pk if post is not None else None
            groups.setdefault(key, (post, []))[1].append(line)
    return sorted(
        groups.values(), key=lambda group: (group[0] is None, group[0].title if group[0] else "")
    )


def dashboard_objectives(plan: Plan) -> list[Objective]:
    """The plan's objectives, for the filter and the counts by objective. One query."""
    return list(plan.objectives.order_by("position"))


def dashboard_build(
    plan: Plan,
    period: Period,
    *,
    user: AnyUser,
    filters: DashboardFilters,
    objectives: list[Objective],
    as_of: dt.date,
) -> Dashboard:
    """The dashboard for ``period`` as ``user`` may see it: eight queries for a performance
    officer (the standings and the discrepancies), seven for anyone else."""
    lines = _lines(plan, period, as_of)
    if filters.framework:
        lines = [line for line in lines if filters.framework in line.frameworks]
    if filters.objective:
        lines = [
            line
            for line in lines
            if line.indicator.objective and line.indicator.objective.code == filters.objective
        ]
    listed = [line for line in lines if not filters.status or line.status == filters.status]

    by_objective_lines: dict[int | None, list[Line]] = defaultdict(list)
    for line in lines:
        by_objective_lines[line.indicator.objective_id].append(line)
    by_objective = [
        _counts(o.code, f"{o.code}: {o.title}", by_objective_lines.get(o.pk, []))
        for o in objectives
        if not filters.objective or o.code == filters.objective
    ]
    if by_objective_lines.get(None):
        by_objective.append(_counts("", "No objective", by_objective_lines[None]))
    by_framework = [
        _counts(f.value, f.label, [line for line in lines if f.value in line.frameworks])
        for f in Framework
        if not filters.framework or f.value == filters.framework
    ]

    year = Counter(line.evaluation.direction for line in lines)
    previous = Counter(line.evaluation.direction_previous for line in lines)
    rank = {status: n for n, status in enumerate(STATUS_ORDER)}
    exceptions = sorted(
        (line for line in lines if line.status in (RagStatus.RED, RagStatus.AMBER)),
        key=lambda line: (rank[line.status], code_sort_key(line.indicator.code)),
    )
    discrepancies = None
    if is_performance_officer(user):
        codes = {line.indicator.code for line in lines}
        discrepancies = [
            d for d in value_discrepancies(plan, period=period) if d.indicator.code in codes
        ]
    return Dashboard(
        period=period,
        filters=filters,
        objectives=objectives,
        lines=lines,
        listed=_sorted(listed, filters.sort if filters.sort in DASHBOARD_SORTS else "code"),
        by_objective=by_objective,
        by_framework=by_framework,
        totals=_counts("", "All measures", lines),
        directions={d: (year.get(d, 0), previous.get(d, 0)) for d in DIRECTION_ORDER},
        exceptions=exceptions,
        missing_by_owner=_missing_by_owner(lines),
        discrepancies=discrepancies,
    )
