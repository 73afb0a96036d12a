"""Benchmarking in the quarterly report: the council beside the other districts of its force on
the measures counted from police data, from a real DuckDB store of synthetic police.uk files.

The expected figures are counted again here from the files themselves (the ``csv`` module, the
LSOA-name prefix), independently of the store; the exact figures for Broxtowe are also written
out, as the seed's figures are in the other report tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from pypdf import PdfReader

from civicplan.core.formats import rate_text
from civicplan.core.periods import Period as ReportPeriod
from civicplan.opendata import areas, ingest, store, synth
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.rules import DEFAULT_MEASURES, Period, month_range
from civicplan.opendata.selectors.comparison import PoliceComparison, police_comparison
from civicplan.planio.workflows import plan_import_file
from civicplan.reports.quarterly.benchmarking import benchmark_section
from civicplan.reports.quarterly.document import Figure, Numbering, QuarterlyReport, Table
from civicplan.reports.quarterly.exports import report_bytes
from civicplan.reports.quarterly.model import quarterly_report
from civicplan.reports.quarterly.police import (
    PoliceBenchmarks,
    comparison_periods,
    police_benchmarks,
)

from .conftest import AS_OF, SEED, record_quarter, rolled_back

pytestmark = pytest.mark.django_db

Q2 = ReportPeriod.parse("2026/27-Q2")
QUARTER, YEAR = Period.parse("2026/27-Q2"), Period.parse("2025/26")
# A year of both forces, then the report's quarter: 2026/27 Q1 is left out on purpose.
MONTHS = [
    *month_range(dt.date(2025, 4, 1), dt.date(2026, 3, 1)),
    *month_range(dt.date(2026, 7, 1), dt.date(2026, 9, 1)),
]
NOTTINGHAMSHIRE = {
    "Ashfield": 127_200, "Bassetlaw": 117_400, "Broxtowe": 110_400, "Gedling": 117_100,
    "Mansfield": 110_500, "Newark and Sherwood": 122_900, "Nottingham": 323_700,
    "Rushcliffe": 119_300,
}  # fmt: skip
DERBYSHIRE = {
    "Amber Valley": 126_100, "Bolsover": 80_600, "Chesterfield": 103_600, "Derby": 261_400,
    "Derbyshire Dales": 71_700, "Erewash": 112_800, "High Peak": 90_900,
    "North East Derbyshire": 102_000, "South Derbyshire": 107_300,
}  # fmt: skip
CODES = ["ComS_001", "ComS_007", "ComS_008", "ComS_009", "ComS_010", "ComS_011"]
NO_STORE_SENTENCE = (
    "No police data has been imported yet, so Broxtowe cannot be compared with other districts "
    "on the measures counted from police-recorded crime."
)


@pytest.fixture(scope="module")
def police_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("police-files")
    synth.synthesise(
        folder,
        months=MONTHS,
        forces=["nottinghamshire", "derbyshire"],
        rows_per_month=800,
        seed=6,
    )
    return folder


@pytest.fixture(scope="module")
def police_store(police_files: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files imported, with every district's population loaded."""
    db = tmp_path_factory.mktemp("police-store") / "opendata.duckdb"
    ingest.import_police([police_files], db_path=db)
    population = police_files / "population.csv"
    lines = ["district,population"]
    lines += [f"{d},{n}" for d, n in {**NOTTINGHAMSHIRE, **DERBYSHIRE}.items()]
    population.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = store.connect(db)
    try:
        areas.load_population(con, population)
    finally:
        con.close()
    return db


@pytest.fixture(scope="module")
def store_without_population(police_files: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("police-store-no-population") / "opendata.duckdb"
    ingest.import_police([police_files], db_path=db)
    return db


@pytest.fixture(scope="module")
def expected(police_files: Path) -> dict[tuple[str, Period], dict[str, int]]:
    """Counts per measure, period and Nottinghamshire district, from the files' rows."""
    counts: Counter[tuple[str, Period, str]] = Counter()
    measures = {m.code: m for m in DEFAULT_MEASURES}
    for path in sorted(police_files.rglob("*-street.csv")):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(text, newline="")):
            name = row["LSOA name"]
            district = name[:-5] if re.fullmatch(r".+ \d{3}[A-Z]", name) else ""
            if district not in NOTTINGHAMSHIRE:
                continue
            month = dt.date.fromisoformat(row["Month"] + "-01")
            for period in (QUARTER, YEAR):
                if not period.first <= month <= period.last:
                    continue
                for code in CODES:
                    m = measures[code]
                    counted = (
                        row["Crime type"] in m.crime_types
                        if m.rule == "only"
                        else row["Crime type"] not in m.crime_types
                    )
                    if counted:
                        counts[(code, period, district)] += 1
    return {
        (code, period): {d: counts[(code, period, d)] for d in NOTTINGHAMSHIRE}
        for code in CODES
        for period in (QUARTER, YEAR)
    }


def _rate_and_rank(counts: dict[str, int], district: str) -> tuple[str, str]:
    rates = {d: n * 1000 / NOTTINGHAMSHIRE[d] for d, n in counts.items()}
    order = sorted(rates, key=lambda d: (-rates[d], d))
    return rate_text(rates[district]), f"{order.index(district) + 1} of {len(order)}"


@dataclass
class Built:
    """The reports and files the tests read, made once while the data existed."""

    reports: dict[str, QuarterlyReport] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    queries: int = 0
    connections: int = 0
    police: dict[str, PoliceBenchmarks | None] = field(default_factory=dict)
    comparisons: dict[tuple[str, str, Period], PoliceComparison | None] = field(
        default_factory=dict
    )


@pytest.fixture(scope="module")
def built_with_police(
    django_db_setup, django_db_blocker, police_store: Path, store_without_population: Path
) -> Built:
    out = Built()
    with rolled_back(django_db_blocker), override_settings(OPENDATA_DUCKDB_PATH=police_store):
        plan = plan_import_file(SEED, as_of=AS_OF).plan
        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(store, "connect", wraps=store.connect) as connect,
        ):
            cabinet = quarterly_report(plan, Q2, audience="cabinet", as_of=AS_OF)
        out.queries, out.connections = len(queries), connect.call_count
        scrutiny = quarterly_report(plan, Q2, audience="scrutiny", as_of=AS_OF)
        out.reports = {"cabinet": cabinet, "scrutiny": scrutiny}
        out.reports["q1"] = quarterly_report(
            plan, ReportPeriod.parse("2026/27-Q1"), audience="cabinet", as_of=AS_OF
        )
        for fmt in ("html", "docx", "pdf"):
            out.files[f"cabinet.{fmt}"] = report_bytes(cabinet, fmt)
        out.files["scrutiny.docx"] = report_bytes(scrutiny, "docx")
        indicators = [(c, c) for c in CODES]
        q1 = ReportPeriod.parse("2026/27-Q1")
        missing = police_store.parent / "missing.duckdb"
        out.police = {
            "q2": police_benchmarks(plan, Q2, indicators),
            "q1": police_benchmarks(plan, q1, indicators),
            "none": police_benchmarks(plan, Q2, indicators, store_path=missing),
            "counts": police_benchmarks(plan, Q2, indicators, store_path=store_without_population),
            "not police": police_benchmarks(plan, Q2, [("ComS_012", "ASB cases")]),
        }
        for key, data in out.police.items():
            if data is None or key == "counts":
                continue
            for code in CODES:
                for p in data.periods:
                    path = missing if key == "none" else None
                    out.comparisons[(key, code, p)] = police_comparison(
                        plan, code, p, store_path=path
                    )
        PeerGroup.objects.create(
            organisation=plan.organisation,
            name="Nottingham suburbs",
            districts="Broxtowe\nGedling\nRushcliffe",
            is_default=True,
        )
        out.reports["peers"] = quarterly_report(plan, Q2, audience="scrutiny", as_of=AS_OF)
        PeerGroup.objects.all().delete()
        record_quarter(plan)  # exceptions with commentary: the summary's longest shape
        recorded = quarterly_report(plan, Q2, audience="scrutiny", as_of=AS_OF)
        out.files["scrutiny.pdf"] = report_bytes(recorded, "pdf")
    return out


def _section(report, key="benchmark"):
    return next(s for s in report.sections if s.key == key)


def _table(report, caption_start: str) -> Table:
    return next(t for t in report.tables if t.caption.startswith(caption_start))


def _rows(table: Table) -> dict[str, list[str]]:
    return {row[0].text: [cell.text for cell in row] for row in table.rows}


# Broxtowe's figures on the synthetic files: number, rate per 1,000 and rank, for 2026/27 Q2 and
# for 2025/26 (rates as the report prints them).
BROXTOWE = {
    "ComS_001 All crime": ["257", "2.33", "3 of 8", "1,287", "11.66", "1 of 8"],
    "ComS_007 Burglary": ["17", "0.15", "2 of 8", "63", "0.57", "1 of 8"],
    "ComS_008 Vehicle crime": ["20", "0.18", "2 of 8", "89", "0.81", "1 of 8"],
    "ComS_009 Robbery": ["2", "0.02", "4 of 8", "13", "0.12", "3 of 8"],
    "ComS_010 Violence": ["89", "0.81", "4 of 8", "511", "4.63", "1 of 8"],
    "ComS_011 ASB incidents": ["56", "0.51", "1 of 8", "266", "2.41", "1 of 8"],
}  # fmt: skip
OVERVIEW = "Broxtowe beside the other districts of Nottinghamshire: measures counted from police"
ASB_DISTRICTS = [
    ["Broxtowe (this council)", "56", "0.51", "1 of 8", "266", "2.41", "1 of 8"],
    ["Mansfield", "55", "0.50", "2 of 8", "226", "2.05", "2 of 8"],
    ["Bassetlaw", "57", "0.49", "3 of 8", "213", "1.81", "5 of 8"],
    ["Newark and Sherwood", "58", "0.47", "4 of 8", "226", "1.84", "4 of 8"],
    ["Gedling", "54", "0.46", "5 of 8", "197", "1.68", "6 of 8"],
    ["Ashfield", "57", "0.45", "6 of 8", "247", "1.94", "3 of 8"],
    ["Rushcliffe", "34", "0.28", "7 of 8", "130", "1.09", "7 of 8"],
    ["Nottingham", "38", "0.12", "8 of 8", "149", "0.46", "8 of 8"],
    ["All 8 districts", "409", "0.36", "", "1,654", "1.44", ""],
]


def _html_rows(html: str) -> list[list[str]]:
    """Every table row of the HTML as its cells' text."""
    rows = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


# -- The model ----------------------------------------------------------------------------------


def test_benchmark_overview_has_broxtowes_exact_figures(built_with_police):
    table = _table(built_with_police.reports["cabinet"], OVERVIEW)

    assert table.header == (
        "Measure",
        "2026/27 Q2 number", "2026/27 Q2 per 1,000", "2026/27 Q2 rank",
        "2025/26 number", "2025/26 per 1,000", "2025/26 rank",
    )  # fmt: skip
    assert {k: v[1:] for k, v in _rows(table).items()} == BROXTOWE


def test_benchmark_figures_are_the_files_counted_again(built_with_police, expected):
    """Counts, rates and ranks of every measure and period, from the files' own rows."""
    rows = _rows(_table(built_with_police.reports["cabinet"], OVERVIEW))

    for (label, figures), code in zip(rows.items(), CODES, strict=True):
        assert label.startswith(code)
        for offset, period in ((1, QUARTER), (4, YEAR)):
            counts = expected[(code, period)]
            rate, rank = _rate_and_rank(counts, "Broxtowe")
            assert figures[offset : offset + 3] == [f"{counts['Broxtowe']:,}", rate, rank]


def test_benchmark_district_table_lists_every_district_and_the_total(built_with_police):
    table = _table(built_with_police.reports["cabinet"], "ComS_011 by district")

    assert table.caption == "ComS_011 by district, 2026/27 Q2 and 2025/26"
    assert [[c.text for c in row] for row in table.rows] == ASB_DISTRICTS
    assert table.total_row


@pytest.mark.parametrize("key", ["q2", "q1", "none"])
def test_benchmark_comparisons_are_what_the_selector_gives(built_with_police, key):
    """The report's bulk read gives what ``police_comparison`` gives one by one: with data, with
    a quarter not imported and without a store."""
    data = built_with_police.police[key]
    assert data is not None
    for measure in data.measures:
        for period, comparison in zip(data.periods, measure.comparisons, strict=True):
            assert comparison == built_with_police.comparisons[(key, measure.code, period)]


def test_benchmark_compares_the_quarter_and_the_latest_whole_year(built_with_police):
    assert built_with_police.police["q2"].periods == (QUARTER, YEAR)
    assert comparison_periods(ReportPeriod.parse("2026/27-Q4")) == (
        Period.parse("2026/27-Q4"),
        Period.parse("2026/27"),
    )
    assert comparison_periods(ReportPeriod.parse("2026/27")) == (Period.parse("2026/27"),)


def test_benchmark_section_has_a_chart_and_a_table_per_measure_and_the_caveats(built_with_police):
    section = _section(built_with_police.reports["cabinet"])
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    tables = [b for b in section.blocks if isinstance(b, Table)]
    text = " ".join(getattr(b, "text", "") for b in section.blocks)
    bullets = [item for b in section.blocks if b.kind == "bullets" for item in b.items]

    assert [f.caption for f in figures] == [f"{code} by district, 2026/27 Q2" for code in CODES]
    assert len(tables) == 7  # all measures, then one per measure
    assert figures[-1].chart.alt.startswith(
        "Bar chart of the rate per 1,000 residents in 2026/27 Q2, districts of Nottinghamshire"
    )
    assert "Broxtowe ranks 1 of 8 with 0.51" in figures[-1].chart.alt
    assert "there is no 'violence with injury' figure" in text
    assert "incidents reported only to the council are not included" in text
    assert bullets == [
        "Source: data.police.uk street-level crime and anti-social behaviour files, as imported "
        "into civicplan. Months covered: July to September 2026 for 2026/27 Q2; April 2025 to "
        "March 2026 for 2025/26. Rates use the district populations loaded with the police data.",
        "Crimes recorded without a location cannot be placed in an area, so they are not counted.",
    ]
    assert "2025/26, the latest whole financial year, stands in for the year to date" in text
    assert (
        "Broxtowe recorded 56 in 2026/27 Q2 (0.51 per 1,000 residents, rank 1 of 8); 266 in "
        "2025/26 (2.41 per 1,000 residents, rank 1 of 8)." in text
    )


def test_benchmark_report_reads_one_more_query_and_one_store_connection(built, built_with_police):
    """The measure mapping and the peer group: two queries whatever the measures; the no-store
    report reads the mapping only."""
    assert built_with_police.queries == built.queries["bare"] + 1
    assert built_with_police.queries <= 30
    assert built_with_police.connections == 1


def test_benchmark_for_a_quarter_not_imported_shows_the_year_and_says_why(built_with_police):
    section = _section(built_with_police.reports["q1"])
    table = _table(built_with_police.reports["q1"], OVERVIEW)

    assert (
        "for 2025/26. No police data for Broxtowe in 2026/27 Q1: import those months first. "
        "2025/26, the latest whole financial year, stands in for the year to date"
        in section.blocks[0].text
    )
    assert table.header[1:] == ("2025/26 number", "2025/26 per 1,000", "2025/26 rank")
    assert _rows(table)["ComS_011 ASB incidents"][1:] == ["266", "2.41", "1 of 8"]


def test_benchmark_uses_the_default_peer_group(built_with_police):
    report = built_with_police.reports["peers"]
    table = _table(report, "Broxtowe beside its peer group (Nottingham suburbs)")

    assert _rows(table)["ComS_011 ASB incidents"][1:] == [
        "56", "0.51", "1 of 3", "266", "2.41", "1 of 3",
    ]  # fmt: skip


def test_benchmark_summary_is_the_table_and_one_paragraph_without_charts(built_with_police):
    report = built_with_police.reports["scrutiny"]
    section = _section(report)

    assert [b.kind for b in section.blocks] == ["table", "paragraph"]
    assert _rows(section.blocks[0]) == _rows(_table(built_with_police.reports["cabinet"], OVERVIEW))
    assert section.blocks[1].text == (
        "2025/26, the latest whole financial year, stands in for the year to date. Rates are per "
        "1,000 residents; rank 1 is the highest. Source: data.police.uk, July to September 2026 "
        "and April 2025 to March 2026. Crimes recorded without a location cannot be placed in an "
        "area, so they are not counted. The full report has each district's figures and each "
        "measure's caveats."
    )
    assert [f.caption for f in report.figures] == ["Measures by status and corporate objective"]


def test_benchmark_without_populations_ranks_by_count(built_with_police):
    section = benchmark_section(built_with_police.police["counts"], Numbering())
    overview = section.blocks[1]

    assert "districts are ranked by their counts" in section.blocks[0].text
    assert _rows(overview)["ComS_011 ASB incidents"][1:] == [
        "56", "No population", "4 of 8", "266", "No population", "1 of 8",
    ]  # fmt: skip
    assert "Rates use the district populations" not in section.blocks[2].items[0]


def test_benchmark_has_no_section_for_a_plan_without_police_measures(built_with_police):
    assert built_with_police.police["not police"] is None


# -- No police data -----------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["cabinet", "scrutiny", "gmt"])
def test_benchmark_without_a_store_says_so_in_one_sentence(built, audience):
    section = _section(built.reports[audience])

    assert [b.text for b in section.blocks] == [NO_STORE_SENTENCE]


def test_benchmark_without_a_store_in_every_format(built):
    html = built.files["cabinet.html"].decode()
    document = docx.Document(io.BytesIO(built.files["cabinet.docx"]))
    pdf = PdfReader(io.BytesIO(built.files["cabinet.pdf"]))
    pdf_text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))

    assert f'<p class="govuk-body">{NO_STORE_SENTENCE}</p>' in html
    assert NO_STORE_SENTENCE in [p.text for p in document.paragraphs]
    assert NO_STORE_SENTENCE in pdf_text


# -- The three files ----------------------------------------------------------------------------


def test_benchmark_html_has_broxtowes_rows_and_the_charts(built_with_police):
    html = built_with_police.files["cabinet.html"].decode()
    rows = _html_rows(html)

    assert '<h2 class="govuk-heading-l" id="benchmark">Benchmarking</h2>' in html
    for measure, figures in BROXTOWE.items():
        assert [measure, *figures] in rows
    for row in ASB_DISTRICTS:
        assert row in rows
    assert html.count('role="img"') == 1 + 6  # the status chart (nothing else is recorded)
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Table 10: ' in html
    assert "Figure 7: ComS_011 by district, 2026/27 Q2" in html


def test_benchmark_docx_has_the_tables_and_charts(built_with_police):
    document = docx.Document(io.BytesIO(built_with_police.files["cabinet.docx"]))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]

    assert "Benchmarking" in headings
    for measure, figures in BROXTOWE.items():
        assert [measure, *figures] in rows
    assert ASB_DISTRICTS[0] in rows
    assert sum("Broxtowe ranks" in d for d in descriptions) == 6


def test_benchmark_pdf_has_the_section(built_with_police):
    pdf = PdfReader(io.BytesIO(built_with_police.files["cabinet.pdf"]))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))

    assert "Benchmarking" in text
    assert "ComS_011 ASB incidents 56 0.51 1 of 8 266 2.41 1 of 8" in text
    assert "Broxtowe (this council) 56 0.51 1 of 8 266 2.41 1 of 8" in text
    assert "Months covered: July to September 2026 for 2026/27 Q2" in text


def test_benchmark_scrutiny_pdf_stays_within_two_pages(built_with_police):
    """With a quarter of figures, exceptions and commentary recorded, as well as the police data."""
    reader = PdfReader(io.BytesIO(built_with_police.files["scrutiny.pdf"]))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))

    assert len(reader.pages) <= 2
    assert "ComS_011 ASB incidents 56 0.51 1 of 8 266 2.41 1 of 8" in text


def test_benchmark_scrutiny_docx_has_the_table(built_with_police):
    document = docx.Document(io.BytesIO(built_with_police.files["scrutiny.docx"]))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]

    assert ["ComS_011 ASB incidents", *BROXTOWE["ComS_011 ASB incidents"]] in rows
