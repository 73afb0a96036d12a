"""The dashboard's tables: status counts by objective and framework, direction of travel,
exceptions, missing data by owner, discrepancies and the list of every indicator's standing."""

from __future__ import annotations

from collections.abc import Callable

from civicplan.core.tables import Cell, Column, Table, listing, number, text, titles
from civicplan.indicators.tables import (
    FRAMEWORK_SHORT,
    figure_cell,
    indicator_code,
    indicator_item,
)
from civicplan.monitoring.pages.common import direction_cell, rag_cell, value_cell
from civicplan.monitoring.selectors.dashboard import (
    COUNT_ORDER,
    DIRECTION_ORDER,
    Dashboard,
    StatusCounts,
)

# Where a count links: the dashboard's indicator list narrowed to that group and status.
CountHref = Callable[[dict[str, str]], str]


def _count_cell(count: int, href: str) -> Cell:
    return number(count, href=href if count else "")


def status_counts_table(
    key: str,
    caption: str,
    group_label: str,
    groups: list[StatusCounts],
    *,
    group_param: str,
    count_href: CountHref,
    totals: StatusCounts | None = None,
) -> Table:
    """One row per group, one column per status in words, and the total."""
    table = Table(
        key,
        caption,
        [
            Column("group", group_label, row_header=True),
            *(Column(s.value, s.label, numeric=True) for s in COUNT_ORDER),
            Column("total", "Total", numeric=True),
        ],
        empty="There are no measures to count.",
    )
    for group in groups:
        scope = {group_param: group.key} if group.key else {}
        table.add(
            text(group.label),
            *(
                _count_cell(group.counts[s], count_href({**scope, "status": s.value}))
                for s in COUNT_ORDER
            ),
            _count_cell(group.total, count_href(scope) if group.key else ""),
        )
    if totals is not None and groups:
        table.add_foot(
            text("All measures"),
            *(_count_cell(totals.counts[s], "") for s in COUNT_ORDER),
            _count_cell(totals.total, ""),
        )
    return table


def directions_table(dashboard: Dashboard) -> Table:
    period = dashboard.period
    table = Table(
        "directions",
        "Direction of travel",
        [
            Column("direction", "Direction", row_header=True),
            Column("year", f"Against {period.year_earlier().label}", numeric=True),
            Column("previous", f"Against {period.previous().label}", numeric=True),
        ],
    )
    for direction in DIRECTION_ORDER:
        year, previous = dashboard.directions[direction]
        table.add(direction_cell(direction), number(year), number(previous))
    return table


def exceptions_table(dashboard: Dashboard) -> Table:
    table = Table(
        "exceptions",
        "Exceptions: off target and within tolerance",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Indicator"),
            Column("status", "Status"),
            Column("actual", "Actual to date", numeric=True),
            Column("target", "Target to date", numeric=True),
            Column("commentary", "Commentary"),
            Column("owners", "Owner"),
        ],
        empty="No measure is off target or within tolerance.",
    )
    for line in dashboard.exceptions:
        indicator = line.indicator
        table.add(
            indicator_code(line.indicator.code),
            text(indicator.title),
            rag_cell(line.status),
            figure_cell(indicator, line.evaluation.actual),
            figure_cell(indicator, line.evaluation.target),
            text(line.commentary or "No commentary given"),
            titles(line.owners),
        )
    return table


def missing_table(dashboard: Dashboard) -> Table:
    table = Table(
        "missing",
        "Data missing, by owner",
        [
            Column("owner", "Owner", row_header=True),
            Column("count", "Measures missing", numeric=True),
            Column("codes", "Measures"),
        ],
        empty="No figure is missing: every measure due has an approved figure.",
    )
    for post, lines in dashboard.missing_by_owner:
        table.add(
            text(post.title if post else "No owner"),
            number(len(lines)),
            listing(indicator_item(line.indicator.code, line.indicator.title) for line in lines),
        )
    return table


def discrepancies_table(dashboard: Dashboard) -> Table:
    table = Table(
        "discrepancies",
        "Derived figures that differ from the approved ones",
        [
            Column("code", "Code", row_header=True),
            Column("period", "Period"),
            Column("approved", "Approved figure", numeric=True),
            Column("approved_source", "Approved from"),
            Column("derived", "Derived figure", numeric=True),
            Column("derived_source", "Derived from"),
            Column("difference", "Difference", numeric=True),
        ],
        empty="No derived figure differs from an approved one.",
    )
    for found in dashboard.discrepancies or []:
        indicator = found.indicator
        table.add(
            indicator_code(indicator.code),
            text(found.period.label),
            figure_cell(indicator, found.approved.value),
            text(found.approved.get_source_display()),
            figure_cell(indicator, found.derived.value),
            text(found.derived.get_source_display()),
            figure_cell(indicator, found.difference),
        )
    return table


def standings_table(dashboard: Dashboard) -> Table:
    period = dashboard.period
    table = Table(
        "indicators",
        f"Every measure for {period.label}",
        [
            Column("code", "Code", row_header=True, sort="code"),
            Column("title", "Indicator"),
            Column("actual", "Actual to date", numeric=True),
            Column("target", "Target to date", numeric=True),
            Column("status", "Status", sort="status"),
            Column("direction", "Against last year", sort="direction"),
            Column("direction_previous", "Against last quarter"),
            Column("owners", "Owner"),
            Column("latest", "Latest figure", numeric=True),
            Column("latest_status", "Latest figure status", html=False),
            Column("frameworks", "Frameworks", html=False),
            Column("objective", "Objective", html=False),
        ],
        empty="No measure matches these filters.",
    )
    for line in dashboard.listed:
        indicator = line.indicator
        latest = line.latest
        table.add(
            indicator_code(line.indicator.code),
            text(indicator.title),
            figure_cell(indicator, line.evaluation.actual),
            figure_cell(indicator, line.evaluation.target),
            rag_cell(line.status),
            direction_cell(line.evaluation.direction),
            direction_cell(line.evaluation.direction_previous),
            titles(line.owners),
            value_cell(indicator, latest) if latest else text(""),
            text(latest.get_status_display() if latest else ""),
            listing(FRAMEWORK_SHORT[f] for f in line.frameworks),
            text(indicator.objective.code if indicator.objective else ""),
        )
    return table
