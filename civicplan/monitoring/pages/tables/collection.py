"""The tables of the collection round: figures to enter, figures waiting for approval, what is
late by owner, and what an uploaded workbook saved or got wrong."""

from __future__ import annotations

from civicplan.core.formats import date_text
from civicplan.core.tables import Cell, Column, Table, Tag, date, number, tagged, text, titles
from civicplan.indicators.models import Indicator
from civicplan.indicators.tables import figure_cell, indicator_code
from civicplan.monitoring.chasers import LateItem, late_by_post
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.pages.common import (
    by_whom,
    entry_href,
    rag_cell,
    returned_because,
    value_cell,
    workbook_place,
    workflow_tag,
)
from civicplan.monitoring.selectors.worklists import ApprovalItem, EntryItem, EntryRow
from civicplan.monitoring.workbook import UploadResult

LATE_COLOURS = {"nothing_entered": "red", "draft": "orange", "returned": "pink"}


def _figure_now(indicator: Indicator, current: IndicatorValue | None) -> Cell:
    """The figure and its Tag; a returned one says why, so the owner sees it in the list."""
    cell = value_cell(indicator, current)
    if current is not None and current.status == ValueStatus.RETURNED and current.return_reason:
        return cell.with_hint(f"Returned: {current.return_reason}")
    return cell


def entry_table(rows: list[EntryRow], *, caption: str) -> Table:
    table = Table(
        "figures",
        caption,
        [
            Column("code", "Code", row_header=True),
            Column("title", "Indicator"),
            Column("period", "Period"),
            Column("owners", "Owner", html=False),
            Column("annual_target", "Annual target", numeric=True, html=False),
            Column("target", "Target to date", numeric=True),
            Column("last_year", "Same period last year", numeric=True),
            Column("current", "Figure", numeric=True),
            Column("current_status", "Figure status", html=False),
            Column("status", "Status"),
        ],
        empty="There are no figures for you to enter in this period.",
    )
    for row in rows:
        indicator = row.indicator
        current = row.current
        table.add(
            # A period that has not ended is not offered for entry: its code says when it opens.
            text(indicator.code, hint=f"Opens {date_text(row.opens)}")
            if row.not_open
            else text(indicator.code, href=entry_href(indicator.code, row.period)),
            text(indicator.title),
            text(row.period.label),
            titles(row.owners),
            figure_cell(indicator, row.annual_target),
            figure_cell(indicator, row.evaluation.target),
            figure_cell(indicator, row.last_year.period_actual),
            _figure_now(indicator, current),
            text(current.get_status_display() if current else "Nothing entered"),
            rag_cell(row.status, hint="if approved" if row.judged_if_approved else ""),
        )
    return table


def entry_summary_rows(item: EntryItem) -> list[tuple[str, Cell]]:
    """What an owner needs beside the form: deadline, targets, last year, the figure now."""
    row = item.row
    indicator = row.indicator
    current = row.current
    now = value_cell(indicator, current)
    if current is not None:
        source = current.get_source_display()
        now = now.with_hint(f"{source}: {by_whom(current.entered_by, current.updated_at)}")
    status_hint = "if the figure now is approved" if row.judged_if_approved else ""
    return [
        ("Owner", titles(row.owners)),
        ("Due by", date(item.due)),
        ("Annual target", figure_cell(indicator, row.annual_target)),
        ("Target to date", figure_cell(indicator, row.evaluation.target)),
        (
            f"Same period last year ({row.period.year_earlier().label})",
            figure_cell(indicator, row.last_year.period_actual),
        ),
        ("Approved actual to date", figure_cell(indicator, row.evaluation.actual)),
        ("Figure now", now),
        ("Status", rag_cell(row.status, hint=status_hint)),
    ]


def revisions_table(item: EntryItem) -> Table:
    indicator = item.indicator
    table = Table(
        "revisions",
        f"Every revision for {item.row.period.label}",
        [
            Column("revision", "Revision", numeric=True),
            Column("value", "Figure", numeric=True),
            Column("status", "Status"),
            Column("source", "Source"),
            Column("entered", "Entered"),
            Column("commentary", "Commentary"),
            Column("remedial_action", "Remedial action"),
            Column("forecast", "Forecast"),
        ],
        caption_class="govuk-table__caption--s",
    )
    for value in item.revisions:
        table.add(
            number(value.revision),
            figure_cell(indicator, value.value),
            tagged(workflow_tag(value), hint=returned_because(value)),
            text(value.get_source_display()),
            text(by_whom(value.entered_by, value.entered_at)),
            text(value.commentary),
            text(value.remedial_action),
            text(value.forecast),
        )
    return table


def _provenance(item: ApprovalItem) -> Cell:
    """Where a figure came from: police files and rows, a workbook's sheet and row."""
    value = item.value
    found = value.provenance or {}
    if value.source in (ValueSource.POLICE, ValueSource.CASEWORK):
        files = [
            text(f"{f.get('name', 'file')}: {f.get('rows', 0):,} rows")
            for f in found.get("files", [])
        ]
        summary = f"{found.get('rows_counted', 0):,} rows counted"
        if found.get("area"):
            summary += f" in {found['area']}"
        if found.get("months"):
            summary += f", {found['months'][0]} to {found['months'][-1]}"
        caveats = [text(f"Caveat: {c}") for c in found.get("caveats", [])]
        return Cell(value=summary, text=summary, items=(*files, *caveats), bullets=True)
    if value.source == ValueSource.WORKBOOK and found.get("file"):
        return text(workbook_place(found))
    return text(value.get_source_display())


def approval_rows(item: ApprovalItem) -> list[tuple[str, Cell]]:
    """The facts of one submitted figure, for its summary card."""
    value = item.value
    indicator = item.indicator
    period = value.period
    entered = by_whom(value.entered_by, value.submitted_at or value.updated_at)
    rows = [
        ("Figure", figure_cell(indicator, value.value)),
        ("Status if approved", rag_cell(item.if_approved.status)),
        ("Target to date", figure_cell(indicator, item.if_approved.target)),
        ("Actual to date if approved", figure_cell(indicator, item.if_approved.actual)),
        (
            f"Previous period ({period.previous().label})",
            figure_cell(indicator, item.previous.period_actual),
        ),
        (
            f"Same period last year ({period.year_earlier().label})",
            figure_cell(indicator, item.last_year.period_actual),
        ),
        ("Commentary", text(value.commentary or "No commentary given")),
        ("Remedial action", text(value.remedial_action or "None given")),
        ("Forecast", text(value.forecast or "None given")),
        ("Source", _provenance(item)),
        ("Submitted by", text(entered)),
        ("Owner", titles(item.owners)),
    ]
    if item.approved_now is not None:
        approved = item.approved_now
        rows.insert(
            1,
            (
                "Replaces the approved figure",
                figure_cell(
                    indicator,
                    approved.value,
                    hint=f"revision {approved.revision}, {approved.get_source_display()}",
                ),
            ),
        )
    return rows


def late_summary_table(items: list[LateItem]) -> Table:
    table = Table(
        "late_by_post",
        "Late figures by post",
        [
            Column("post", "Post", row_header=True),
            Column("count", "Figures late", numeric=True),
            Column("most", "Most working days late", numeric=True),
        ],
        empty="Nothing is late.",
    )
    for post, post_items in late_by_post(items):
        table.add(
            text(post.title, href=f"#post-{post.pk}"),
            number(len(post_items)),
            number(max(item.working_days_late for item in post_items)),
        )
    return table


def late_table(
    items: list[LateItem], *, key: str = "late", caption: str = "Late figures", by_post: bool = True
) -> Table:
    """Every late figure; ``by_post`` False leaves out the post (a table under its heading)."""
    columns = [
        Column("post", "Post", row_header=True),
        Column("code", "Code", row_header=not by_post),
        Column("title", "Indicator"),
        Column("period", "Period"),
        Column("due", "Due"),
        Column("days", "Working days late", numeric=True),
        Column("state", "Why it is late"),
        Column("reason", "Returned because"),
    ]
    table = Table(key, caption, columns if by_post else columns[1:], empty="Nothing is late.")
    for item in items:
        state = item.state
        cells = [
            text(item.post.title),
            text(item.indicator.code, href=entry_href(item.indicator.code, item.period)),
            text(item.indicator.title),
            text(item.period.label),
            date(item.due),
            number(item.working_days_late),
            tagged(Tag(state.label, LATE_COLOURS[state.value])),
            text(item.return_reason),
        ]
        table.add(*(cells if by_post else cells[1:]))
    return table


def late_post_tables(items: list[LateItem]) -> list[Table]:
    """One table per post, captioned with the post, for reading on the page."""
    return [
        late_table(
            post_items,
            key=f"post-{post.pk}",
            caption=f"{post.title}: {len(post_items)} late",
            by_post=False,
        )
        for post, post_items in late_by_post(items)
    ]


def upload_problems_table(result: UploadResult) -> Table:
    table = Table(
        "problems",
        "Problems to put right",
        [
            Column("sheet", "Sheet"),
            Column("row", "Row", numeric=True),
            Column("column", "Column"),
            Column("message", "Problem"),
        ],
    )
    for problem in result.problems:
        table.add(
            text(problem.sheet),
            number(problem.row),
            text(problem.column),
            text(problem.message),
        )
    return table


def upload_saved_table(result: UploadResult, units: dict[str, bool]) -> Table:
    """``units`` says which codes are percentages, so figures read as the page shows them."""
    table = Table(
        "saved",
        "Figures saved",
        [
            Column("code", "Code", row_header=True),
            Column("period", "Period"),
            Column("value", "Figure", numeric=True),
            Column("status", "Status"),
            Column("row", "Workbook row", numeric=True),
        ],
        empty="No figure was new or changed, so nothing was saved.",
    )
    for saved in result.saved:
        table.add(
            indicator_code(saved.code),
            text(saved.period.label),
            number(saved.value, percent=units.get(saved.code, False)),
            text(saved.status.capitalize()),
            number(saved.row),
        )
    return table
