"""The report's sections beyond the measures: key tasks, risks, policies, budget, data notes.

Each turns one section's gathered rows (``data.py``) into headings, paragraphs, numbered tables
and figures. An empty list says so in a sentence rather than leaving an empty table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from civicplan.budgets.rules import variance_reading
from civicplan.core.charts import HeatCell, heat_map_chart
from civicplan.core.formats import date_text, money_text
from civicplan.reports.quarterly.data import (
    Budget,
    Measures,
    Policies,
    Risks,
    TaskLine,
    Tasks,
    risk_code,
)
from civicplan.reports.quarterly.document import (
    Block,
    BulletList,
    Cell,
    Figure,
    Heading,
    Numbering,
    Paragraph,
    Section,
    Table,
)

RATING_TONES = ("green", "amber", "red", "darkred")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


# -- Key tasks ----------------------------------------------------------------------------------

TASK_HEADER = ("Code", "Key task", "Officers", "Target date", "Status", "Complete", "Commentary")


def _task_table(lines: list[TaskLine], caption: str, numbers: Numbering) -> Table:
    rows = tuple(
        (
            Cell(t.code),
            Cell(t.title),
            Cell(t.officers),
            Cell(date_text(t.target_date) or "No date"),
            Cell(t.status),
            Cell("" if t.percent is None else f"{t.percent}%", numeric=True),
            Cell(t.commentary),
        )
        for t in lines
    )
    return Table(numbers.table(), caption, TASK_HEADER, rows, (2, 5, 3, 2, 2, 1, 5))


def tasks_section(tasks: Tasks, as_of: dt.date, numbers: Numbering) -> Section:
    """Key tasks as they stood at the quarter's end, then what has happened since (to
    ``as_of``), said as such."""
    end = tasks.quarter_end
    when = f"at the end of the quarter ({date_text(end)})" if end else f"on {date_text(as_of)}"
    blocks: list[Block] = [
        Paragraph(
            f"Of the plan's {tasks.total} key tasks, {len(tasks.completed)} were completed, "
            f"{len(tasks.overdue)} were overdue and {len(tasks.at_risk)} were at risk or off "
            f"track {when}, on the progress reported by {date_text(as_of)}."
        )
    ]
    groups = (
        ("Completed", tasks.completed, "No key task has been completed yet."),
        ("Overdue", tasks.overdue, "No key task is overdue."),
        ("At risk or off track", tasks.at_risk, "No key task is at risk or off track."),
    )
    for title, lines, empty in groups:
        blocks.append(Heading(title, 3))
        blocks.append(
            _task_table(lines, f"Key tasks {title.lower()}", numbers) if lines else Paragraph(empty)
        )
    if tasks.since:
        blocks.append(Heading(f"Since the quarter ended, up to {date_text(as_of)}", 3))
        blocks.append(BulletList(tuple(tasks.since)))
    blocks += [Paragraph(note) for note in tasks.notes]
    return Section("tasks", "Key tasks", tuple(blocks))


# -- Risks --------------------------------------------------------------------------------------


def _tone(rating: str, bands: list[dict]) -> str:
    labels = [band["label"] for band in bands]
    index = labels.index(rating) if rating in labels else 0
    return RATING_TONES[min(index, len(RATING_TONES) - 1)]


def risks_section(risks: Risks, numbers: Numbering) -> Section:
    heat, spec = risks.heat_map, risks.register.spec
    blocks: list[Block] = []
    if risks.scored:
        cells = {
            (cell.likelihood, cell.impact): HeatCell(
                cell.score,
                cell.rating,
                _tone(cell.rating, spec.bands),
                tuple(risk_code(r) for r in cell.risks),
            )
            for row in heat.rows
            for cell in row.cells
        }
        number, chart_id = numbers.figure()
        chart = heat_map_chart(
            chart_id=chart_id,
            title="Risk heat map: residual scores",
            likelihood_labels=spec.likelihood_labels,
            impact_labels=spec.impact_labels,
            cells=cells,
        )
        blocks.append(
            Paragraph(
                f"{risks.scored} of the plan's {len(risks.register.rows)} risks are scored. "
                "The heat map places each by its residual score (after controls); codes are R "
                "for the strategic risk register, S for key strategic risks, T for key-task risks."
            )
        )
        blocks.append(Figure(number, "Risk heat map: residual scores", chart, 0.9))
        header, rows = heat.table()
        codes = {r.ref: risk_code(r) for r in risks.register.rows}
        blocks.append(
            Table(
                numbers.table(),
                "Scored risks, highest residual score first",
                ("Code", *header),
                tuple(
                    (
                        Cell(codes.get(row[0], "")),
                        *(Cell(str(v), numeric=isinstance(v, int)) for v in row),
                    )
                    for row in rows
                ),
                (1, 2, 6, 2, 2, 1, 2, 3),
            )
        )
    blocks.append(Heading("Risks whose score changed", 3))
    if risks.changed:
        blocks.append(
            Table(
                numbers.table(),
                "Risks whose residual score changed this quarter",
                ("Risk", "Title", "Score before", "Score now", "Trend", "Owner"),
                tuple(
                    (
                        Cell(c.row.ref),
                        Cell(c.row.title),
                        Cell("Not scored" if c.before is None else str(c.before), numeric=True),
                        Cell(str(c.after), numeric=True),
                        Cell("New" if c.before is None else c.row.trend.label),
                        Cell(c.row.owner.title if c.row.owner else "No owner yet"),
                    )
                    for c in risks.changed
                ),
                (2, 6, 1, 1, 2, 3),
            )
        )
    else:
        blocks.append(Paragraph("No risk's score changed this quarter."))
    if not risks.scored and risks.register.rows:
        blocks.append(
            Table(
                numbers.table(),
                "The plan's risks (not yet scored)",
                ("Risk", "Title"),
                tuple((Cell(r.ref), Cell(r.title)) for r in risks.register.rows),
                (1, 5),
            )
        )
    blocks += [Paragraph(note) for note in risks.notes]
    return Section("risks", "Risks", tuple(blocks))


# -- Policies -----------------------------------------------------------------------------------


def policies_section(policies: Policies, as_of: dt.date, numbers: Numbering) -> Section:
    rows = [
        (
            Cell(r.title),
            Cell(", ".join(p.title for p in r.owners)),
            Cell(date_text(r.next_due)),
            Cell(r.state.label, status="red" if r in policies.overdue else "amber"),
        )
        for r in [*policies.overdue, *policies.due_soon]
    ]
    blocks: list[Block] = [
        Paragraph(
            f"On {date_text(as_of)}, {_count(len(policies.overdue), 'policy', 'policies')} of "
            f"the plan's {policies.total} {_be(len(policies.overdue))} overdue for renewal and "
            f"{len(policies.due_soon)} {_be(len(policies.due_soon))} due within 90 days."
        )
    ]
    if rows:
        blocks.append(
            Table(
                numbers.table(),
                "Policies overdue or due for renewal",
                ("Policy", "Owners", "Renewal due", "Status"),
                tuple(rows),
                (5, 4, 2, 2),
            )
        )
    if policies.undated:
        blocks.append(
            Paragraph(
                f"{policies.undated} policies have no renewal date in the plan: their owners "
                "are asked to give one."
            )
        )
    if not policies.renewals_recorded:
        blocks.append(Paragraph("No renewal has been recorded yet: due dates are the plan's own."))
    return Section("policies", "Policies due for renewal", tuple(blocks))


# -- Budget -------------------------------------------------------------------------------------


def budget_section(budget: Budget, numbers: Numbering) -> Section:
    year = budget.year
    if year is None or not year.lines:
        text = budget.notes[0] if budget.notes else "The plan has no budget lines."
        return Section("budget", "Budget position", (Paragraph(text),))
    quarter = f"Q{year.upto}" if year.upto < 4 else "the year end"
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    if budget.has_actuals:
        header = (
            "Budget line",
            "Planned for the year",
            "Planned to date",
            "Actual to date",
            "Variance",
            "Reading",
        )
        rows = [
            (
                Cell(f"{ly.line.get_kind_display()}: {ly.line.description}"),
                Cell(money_text(ly.planned), numeric=True),
                Cell(money_text(ly.planned_to_date), numeric=True),
                Cell(money_text(ly.actual_to_date), numeric=True),
                Cell(money_text(ly.variance), numeric=True),
                Cell(_READINGS[ly.reading.value]),
            )
            for ly in year.lines
        ]
        total = year.variance()
        rows.append(
            (
                Cell("Net change in the revenue budget"),
                Cell(money_text(year.planned_net_change()), numeric=True),
                Cell(money_text(year.planned_to_date()), numeric=True),
                Cell(money_text(year.actual_net_change()), numeric=True),
                Cell(money_text(total), numeric=True),
                Cell(_reading(total)),
            )
        )
        widths: tuple[int, ...] = (6, 2, 2, 2, 2, 2)
        lead = (
            f"Up to {quarter} of {year.fy} the budget lines have changed the net revenue budget "
            f"by {money_text(year.actual_net_change())} against "
            f"{money_text(year.planned_to_date())} planned: a variance of {money_text(total)} "
            f"({_reading(total).lower()})."
        )
    else:
        header = ("Budget line", "Planned for the year", "Planned to date")
        rows = [
            (
                Cell(f"{ly.line.get_kind_display()}: {ly.line.description}"),
                Cell(money_text(ly.planned), numeric=True),
                Cell(money_text(ly.planned_to_date), numeric=True),
            )
            for ly in year.lines
        ]
        rows.append(
            (
                Cell("Net change in the revenue budget"),
                Cell(money_text(year.planned_net_change()), numeric=True),
                Cell(money_text(year.planned_to_date()), numeric=True),
            )
        )
        widths = (6, 2, 2)
        lead = (
            f"The plan's budget lines change the net revenue budget for {year.fy} by "
            f"{money_text(year.planned_net_change())}; {money_text(year.planned_to_date())} of "
            f"that is due by {quarter}."
        )
    table = Table(
        numbers.table(),
        f"Budget position, {year.fy} to {quarter}",
        header,
        tuple(rows),
        widths,
        total_row=True,
    )
    blocks: list[Block] = [Paragraph(lead), table]
    blocks += [Paragraph(note) for note in budget.notes]
    return Section("budget", "Budget position", tuple(blocks))


def _reading(variance: Decimal) -> str:
    """ "Adverse", "Favourable" or "On plan", as the budget tracking page says it."""
    return _READINGS[variance_reading(variance).value]


_READINGS = {"adverse": "Adverse", "favourable": "Favourable", "on_plan": "On plan"}


# -- About the data -----------------------------------------------------------------------------


def data_notes_section(measures: Measures, as_of: dt.date) -> Section:
    """Where the figures come from and what is missing, so a reader can weigh them (the
    sections say where they fell back on the plan's own data)."""
    missing = [m.code for m in measures.lines if m.status.value == "missing"]
    items = [
        f"Figures are those approved by {date_text(as_of)}. Actuals are year to date against "
        "the target profiled to the end of the quarter; direction of travel compares the same "
        "quarter last year and the previous quarter.",
    ]
    if missing:
        items.append(f"No approved figure yet for {len(missing)} measures: {', '.join(missing)}.")
    if measures.awaiting_approval:
        items.append(f"{measures.awaiting_approval} figures are waiting for approval.")
    if measures.discrepancies:
        items.append(
            f"{measures.discrepancies} figures derived from police or casework data differ "
            "from the approved figure and are being checked."
        )
    return Section("notes", "About the data", tuple(Paragraph(text) for text in items))
