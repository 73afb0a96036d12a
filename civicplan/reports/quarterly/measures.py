"""The report's measures: the status summary by objective, the tables of indicators by framework
and the exceptions (every measure off target or within tolerance, with its owner's commentary and
trend chart). Shared by the full report and the Scrutiny summary.
"""

from __future__ import annotations

from decimal import Decimal

from civicplan.core.charts import StatusSeries, status_counts_chart, trend_chart
from civicplan.indicators.models import Framework
from civicplan.indicators.rules import RagStatus
from civicplan.indicators.tables import figure_text as measure_figure_text
from civicplan.reports.quarterly.data import MeasureLine, Measures
from civicplan.reports.quarterly.document import (
    Audience,
    Block,
    Cell,
    Details,
    Figure,
    Heading,
    Numbering,
    Paragraph,
    Quote,
    Section,
    Table,
)

FRAMEWORKS = {
    Audience.GMT: (Framework.CSI, Framework.KPI, Framework.MPI),
    Audience.CABINET: (Framework.CSI, Framework.KPI),
    Audience.SCRUTINY: (Framework.CSI, Framework.KPI),
}
# Status order and tone in charts and tables: judged statuses first, then the unjudged in grey.
STATUS_ORDER = (
    RagStatus.GREEN,
    RagStatus.AMBER,
    RagStatus.RED,
    RagStatus.MISSING,
    RagStatus.PENDING,
    RagStatus.NO_TARGET,
)
STATUS_TONE = {RagStatus.GREEN: "green", RagStatus.AMBER: "amber", RagStatus.RED: "red"}
NO_OBJECTIVE = "Measures not linked to a corporate objective"


def figure_text(line: MeasureLine, value: Decimal | None, *, empty: str = "No figure") -> str:
    """A figure as its measure prints it (unit and decimal places, as on every page); words
    rather than a blank cell."""
    return empty if value is None else measure_figure_text(line.indicator, value)


def status_cell(status: RagStatus) -> Cell:
    return Cell(status.label, status=status.value)


# -- Summary by objective ----------------------------------------------------------------------


def status_summary(measures: Measures, numbers: Numbering, *, compact: bool = False) -> list[Block]:
    """The chart of statuses by objective and the same numbers as a table."""
    groups: list[tuple[str, list[MeasureLine]]] = [
        (f"{o.code} {o.title}", [m for m in measures.lines if m.indicator.objective_id == o.pk])
        for o in measures.objectives
    ]
    loose = [m for m in measures.lines if m.indicator.objective_id is None]
    if loose:
        groups.append((NO_OBJECTIVE, loose))
    used = [s for s in STATUS_ORDER if any(m.status is s for m in measures.lines)]
    series = [
        StatusSeries(
            s.label,
            STATUS_TONE.get(s, "grey"),
            tuple(sum(m.status is s for m in lines) for _, lines in groups),
        )
        for s in STATUS_ORDER
    ]
    number, chart_id = numbers.figure()
    chart = status_counts_chart(
        chart_id=chart_id,
        title="Measures by status and corporate objective",
        groups=[name for name, _ in groups],
        series=series,
    )
    rows = [
        (
            Cell(name),
            *(Cell(str(sum(m.status is s for m in lines)), numeric=True) for s in used),
            Cell(str(len(lines)), numeric=True),
        )
        for name, lines in groups
    ]
    rows.append(
        (
            Cell("All measures"),
            *(Cell(str(sum(m.status is s for m in measures.lines)), numeric=True) for s in used),
            Cell(str(len(measures.lines)), numeric=True),
        )
    )
    table = Table(
        numbers.table(),
        "Measures by status and corporate objective",
        ("Corporate objective", *(s.label for s in used), "Total"),
        tuple(rows),
        (4, *([1] * len(used)), 1),
        total_row=True,
    )
    figure = Figure(
        number, "Measures by status and corporate objective", chart, 0.8 if compact else 1.0
    )
    return [Paragraph(headline(measures)), figure, table]


def headline(measures: Measures) -> str:
    """ "Of 12 measures with a target, 5 are on target, …" in one sentence."""
    counts = {s: sum(m.status is s for m in measures.lines) for s in STATUS_ORDER}
    parts = [f"{counts[s]} {s.label.lower()}" for s in STATUS_ORDER if counts[s]]
    listed = (
        ", ".join(parts[:-1]) + (f" and {parts[-1]}" if len(parts) > 1 else parts[0])
        if parts
        else "none reported"
    )
    return f"{len(measures.lines)} measures are reported for {measures.period.label}: {listed}."


# -- Measures tables and exceptions -------------------------------------------------------------

MEASURE_HEADER = (
    "Code",
    "Measure",
    "Actual (year to date)",
    "Target (to date)",
    "Status",
    "Against the same quarter last year",
    "Against the previous quarter",
)


def measures_table(lines: list[MeasureLine], caption: str, numbers: Numbering) -> Table:
    rows = tuple(
        (
            Cell(m.code),
            Cell(m.title),
            Cell(figure_text(m, m.evaluation.actual), numeric=True),
            Cell(figure_text(m, m.evaluation.target, empty="No target"), numeric=True),
            status_cell(m.status),
            Cell(m.evaluation.direction.label),
            Cell(m.evaluation.direction_previous.label),
        )
        for m in lines
    )
    return Table(numbers.table(), caption, MEASURE_HEADER, rows, (2, 6, 2, 2, 2, 2, 2))


def exception_blocks(measures: Measures, line: MeasureLine, numbers: Numbering) -> list[Block]:
    """One measure off target or within tolerance: its figures, commentary and trend."""
    e, percent = line.evaluation, line.percent
    details = Details(
        (
            ("Status", status_cell(e.status)),
            ("Actual, year to date", Cell(figure_text(line, e.actual))),
            ("Target to date", Cell(figure_text(line, e.target, empty="No target"))),
            (f"{measures.period.label} alone", Cell(figure_text(line, e.period_actual))),
            ("Against the same quarter last year", Cell(e.direction.label)),
            ("Against the previous quarter", Cell(e.direction_previous.label)),
            ("Owner", Cell(line.owner or "No owner named in the plan")),
        )
    )
    commentary: Block = (
        Quote(line.commentary, line.owner or "The measure's owner")
        if line.commentary
        else Paragraph("The owner has not recorded a commentary for this quarter.")
    )
    years, quarters = measures.trend(line)
    number, chart_id = numbers.figure()
    caption = f"{line.code} actual against target"
    chart = trend_chart(
        chart_id=chart_id,
        title=f"{line.code} {line.title}: actual against target",
        years=years,
        quarters=quarters,
        percent=percent,
        places=line.indicator.decimal_places,
    )
    return [
        Heading(f"{line.code} {line.title}", 3),
        details,
        commentary,
        Figure(number, caption, chart),
    ]


def measures_sections(measures: Measures, audience: Audience, numbers: Numbering) -> list[Section]:
    out = [
        Section("summary", "Summary", tuple(status_summary(measures, numbers))),
    ]
    titles = {
        Framework.CSI: "Critical Success Indicators",
        Framework.KPI: "Key Performance Indicators",
        Framework.MPI: "Management Performance Indicators",
    }
    for framework in FRAMEWORKS[audience]:
        lines = measures.of(framework)
        blocks: list[Block] = (
            [measures_table(lines, f"{titles[framework]}, {measures.period.label}", numbers)]
            if lines
            else [Paragraph(f"The plan has no {titles[framework]}.")]
        )
        out.append(Section(framework.value, titles[framework], tuple(blocks)))
    exceptions = measures.exceptions
    blocks = [
        Paragraph(
            f"{len(exceptions)} measures are off target or within tolerance. Each is shown "
            "with its owner's commentary and its figures against target."
            if exceptions
            else "No measure is off target or within tolerance this quarter."
        )
    ]
    for line in exceptions:
        blocks += exception_blocks(measures, line, numbers)
    out.append(Section("exceptions", "Exceptions", tuple(blocks)))
    return out
