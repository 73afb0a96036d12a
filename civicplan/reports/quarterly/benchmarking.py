"""Benchmarking in the quarterly report: the council beside the other districts of its police force
(or its peer group) on each of the plan's measures counted from data.police.uk, as counts and as
rates per 1,000 residents (the data is read by ``police.py``).

``benchmark_section`` is the full report's: a table of every measure, the source and the caveats
every measure shares, then for each measure a sentence, a chart and a table of every district and
its own caveats. ``benchmark_summary_section`` is the Scrutiny summary's: the table of every
measure and the source. Without a store, or without data for the periods, the section is one
sentence saying so.
"""

from __future__ import annotations

import dataclasses

from civicplan.core.formats import number_text, rate_text
from civicplan.opendata.charts import benchmark_chart
from civicplan.opendata.rules import rate_per_1000
from civicplan.opendata.selectors.compare import Benchmark, BenchmarkRow
from civicplan.opendata.selectors.comparison import NO_DATA, months_words, period_words
from civicplan.reports.quarterly import document as doc
from civicplan.reports.quarterly.police import PoliceBenchmarks, PoliceMeasure

SOURCE = "data.police.uk street-level crime and anti-social behaviour"


def _area_row(result: Benchmark) -> BenchmarkRow | None:
    return next((r for r in result.rows if r.is_area), None)


def _figure_cells(result: Benchmark | None, row: BenchmarkRow | None) -> tuple[doc.Cell, ...]:
    """Number, rate per 1,000 and rank ("3 of 8") of one district, or words saying why not."""
    if result is None or row is None:
        return tuple(doc.Cell("No data", numeric=True) for _ in range(3))
    return (
        doc.Cell(number_text(row.count), numeric=True),
        doc.Cell(rate_text(row.rate) or "No population", numeric=True),
        doc.Cell(f"{row.rank} of {len(result.rows)}", numeric=True),
    )


def _figure_header(data: PoliceBenchmarks, shown: list[int]) -> tuple[str, ...]:
    return tuple(
        f"{period_words(data.periods[i])} {column}"
        for i in shown
        for column in ("number", "per 1,000", "rank")
    )


def _ranked_by_count(data: PoliceBenchmarks) -> bool:
    return any(
        c.benchmark and c.benchmark.ranked_by == "count"
        for m in data.measures
        for c in m.comparisons
    )


def _common_caveats(data: PoliceBenchmarks) -> list[str]:
    """The caveats every measure shares (said once), in the first measure's order."""
    first = data.measures[0].caveats
    return [c for c in first if all(c in m.caveats for m in data.measures)]


def _lead(data: PoliceBenchmarks, shown: list[int], *, brief: bool = False) -> str:
    """What is compared with what and for which periods, why a period is missing, and how to
    read the ranks. ``brief`` (the summary) leaves the first part to the table's caption."""
    labels = " and for ".join(period_words(data.periods[i]) for i in shown)
    n = len(data.measures)
    parts = (
        []
        if brief
        else [
            f"This section sets {data.area} beside {data.group_words()} on the plan's {n} "
            f"{'measure' if n == 1 else 'measures'} counted from police-recorded crime and "
            f"anti-social behaviour, for {labels}."
        ]
    )
    parts += [data.problem(i) or "" for i in range(len(data.periods)) if i not in shown]
    if len(data.periods) > 1 and len(data.periods) - 1 in shown:
        year = period_words(data.periods[-1])
        parts.append(
            f"{year}, the latest whole financial year, stands in for the year to date"
            + ("." if brief else ": civicplan compares police.uk figures by month, quarter or "
               "whole year.")
        )  # fmt: skip
    if _ranked_by_count(data):
        parts.append(
            "Populations are not loaded for every district, so districts are ranked by their "
            "counts, which do not allow for their size; rank 1 is the highest count."
        )
    else:
        parts.append(
            "Rates are per 1,000 residents; rank 1 is the highest"
            + ("." if brief else " rate in the group.")
        )
    return " ".join(p for p in parts if p)


def _area_cells(measure: PoliceMeasure, shown: list[int]) -> list[doc.Cell]:
    """The council's number, rate and rank for each period shown."""
    cells: list[doc.Cell] = []
    for i in shown:
        result = measure.comparisons[i].benchmark
        cells += _figure_cells(result, _area_row(result) if result else None)
    return cells


def _overview_table(data: PoliceBenchmarks, shown: list[int], numbers: doc.Numbering) -> doc.Table:
    """One row a measure, named by what police.uk counts for it ("ComS_010 Violence")."""
    rows = tuple((doc.Cell(f"{m.code} {m.counted}"), *_area_cells(m, shown)) for m in data.measures)
    return doc.Table(
        numbers.table(),
        f"{data.area} beside {data.group_words()}: measures counted from police data",
        ("Measure", *_figure_header(data, shown)),
        rows,
        (8, *([2] * (3 * len(shown)))),
    )


def _source_text(data: PoliceBenchmarks, shown: list[int]) -> str:
    covered = "; ".join(
        f"{months_words(data.periods[i])} for {period_words(data.periods[i])}" for i in shown
    )
    text = f"Source: {SOURCE} files, as imported into civicplan. Months covered: {covered}."
    if not _ranked_by_count(data):
        text += " Rates use the district populations loaded with the police data."
    return text


def _notes(data: PoliceBenchmarks, shown: list[int]) -> list[str]:
    """The source, then the caveats every measure shares."""
    return [_source_text(data, shown), *_common_caveats(data)]


def _reading(data: PoliceBenchmarks, measure: PoliceMeasure, shown: list[int]) -> str:
    """ "Broxtowe recorded 61 in 2026/27 Q2 (0.5 per 1,000 residents, rank 5 of 8); …" """
    parts = []
    for i in shown:
        result = measure.comparisons[i].benchmark
        row = _area_row(result) if result else None
        if result is None or row is None:
            continue
        rate = f"{rate_text(row.rate)} per 1,000 residents, " if row.rate is not None else ""
        parts.append(
            f"{number_text(row.count)} in {period_words(data.periods[i])} "
            f"({rate}rank {row.rank} of {len(result.rows)})"
        )
    return f"{data.area} recorded {'; '.join(parts)}."


def _district_table(
    data: PoliceBenchmarks, measure: PoliceMeasure, shown: list[int], numbers: doc.Numbering
) -> doc.Table:
    """Every district's figures for each period, in the order of the first period's ranking,
    with the whole group's total and rate last."""
    results = {i: measure.comparisons[i].benchmark for i in shown}
    ranked = {i: result.rows if result else [] for i, result in results.items()}
    districts: dict[str, bool] = {}
    for i in shown:
        for r in ranked[i]:
            districts.setdefault(r.district, r.is_area)
    by_district = {i: {r.district: r for r in ranked[i]} for i in shown}
    rows = [
        (
            doc.Cell(f"{d} (this council)" if mine else d),
            *(cell for i in shown for cell in _figure_cells(results[i], by_district[i].get(d))),
        )
        for d, mine in districts.items()
    ]
    total: list[doc.Cell] = [doc.Cell(f"All {len(districts)} districts")]
    for i in shown:
        result = results[i]
        if result is None:
            total += _figure_cells(None, None)
            continue
        count = sum(r.count for r in result.rows)
        pops = [r.population for r in result.rows]
        rate = rate_per_1000(count, sum(p for p in pops if p)) if all(pops) else None
        total += [
            doc.Cell(number_text(count), numeric=True),
            doc.Cell(rate_text(rate) or "No population", numeric=True),
            doc.Cell("", numeric=True),
        ]
    rows.append(tuple(total))
    labels = " and ".join(period_words(data.periods[i]) for i in shown)
    return doc.Table(
        numbers.table(),
        f"{measure.code} by district, {labels}",
        ("District", *_figure_header(data, shown)),
        tuple(rows),
        (6, *([2] * (3 * len(shown)))),
        total_row=True,
    )


def _measure_blocks(
    data: PoliceBenchmarks, measure: PoliceMeasure, shown: list[int], numbers: doc.Numbering
) -> list[doc.Block]:
    blocks: list[doc.Block] = [doc.Heading(f"{measure.code} {measure.title}", 3)]
    charted = next((i for i in shown if measure.comparisons[i].benchmark), None)
    if charted is None:
        problem = next((c.problem for c in measure.comparisons if c.problem), None)
        blocks.append(doc.Paragraph(problem or "There is no comparison for this measure."))
    else:
        result = measure.comparisons[charted].benchmark
        assert result is not None
        label = period_words(data.periods[charted])
        shown_as = "rate per 1,000 residents" if result.ranked_by == "rate" else "number recorded"
        number, chart_id = numbers.figure()
        chart = benchmark_chart(result, f"{measure.code} {measure.title}: {shown_as}, {label}")
        blocks += [
            doc.Paragraph(_reading(data, measure, shown)),
            # The report's figure id, so two charts in one report never share an id.
            doc.Figure(
                number,
                f"{measure.code} by district, {label}",
                dataclasses.replace(chart, id=chart_id),
                0.85,
            ),
            _district_table(data, measure, shown, numbers),
        ]
    common = set(_common_caveats(data))
    own = [c for c in measure.caveats if c not in common]
    if own:
        blocks.append(doc.Paragraph(f"{'Caveat' if len(own) == 1 else 'Caveats'}: {' '.join(own)}"))
    return blocks


def _unavailable(data: PoliceBenchmarks) -> doc.Section:
    """One sentence when no period can be compared."""
    problem = data.problem(0) or NO_DATA
    if problem == NO_DATA:
        problem = (
            f"No police data has been imported yet, so {data.area or 'the council'} cannot be "
            "compared with other districts on the measures counted from police-recorded crime."
        )
    return doc.Section("benchmark", "Benchmarking", (doc.Paragraph(problem),))


def benchmark_section(data: PoliceBenchmarks, numbers: doc.Numbering) -> doc.Section:
    """The full report's section: the table of every measure, the source and shared caveats,
    then each measure's reading, chart, table of districts and own caveats."""
    shown = data.shown()
    if not shown:
        return _unavailable(data)
    blocks: list[doc.Block] = [
        doc.Paragraph(_lead(data, shown)),
        _overview_table(data, shown, numbers),
        doc.BulletList(tuple(_notes(data, shown))),
    ]
    for measure in data.measures:
        blocks += _measure_blocks(data, measure, shown, numbers)
    return doc.Section("benchmark", "Benchmarking", tuple(blocks))


def benchmark_summary_section(data: PoliceBenchmarks, numbers: doc.Numbering) -> doc.Section:
    """The Scrutiny summary's section, in brief: the table of every measure, then one paragraph
    on what it shows and where it comes from."""
    shown = data.shown()
    if not shown:
        return _unavailable(data)
    months = " and ".join(months_words(data.periods[i]) for i in shown)
    common = " ".join(_common_caveats(data))
    notes = [
        _lead(data, shown, brief=True),
        f"Source: data.police.uk, {months}.",
        common,
        "The full report has each district's figures and each measure's caveats.",
    ]
    return doc.Section(
        "benchmark",
        "Benchmarking",
        (
            _overview_table(data, shown, numbers),
            doc.Paragraph(" ".join(n for n in notes if n)),
        ),
    )
