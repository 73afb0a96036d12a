"""Derived measures, benchmarks and hotspots on a synthetic Nottinghamshire and Derbyshire year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from civicplan.core.fy import FinancialYear
from civicplan.opendata import ingest
from civicplan.opendata.derive import derive
from civicplan.opendata.policeuk import ASB, district_from_lsoa_name
from civicplan.opendata.rules import DEFAULT_MEASURES, Period
from civicplan.opendata.selectors import compare, stats

YEAR = Period.parse("2025/26")
MEASURES = {m.code: m for m in DEFAULT_MEASURES}


@pytest.fixture(scope="session")
def year_store(notts_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("year-store") / "opendata.duckdb"
    ingest.import_police([notts_year], db_path=db)
    return db


@pytest.fixture
def con(year_store: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(year_store), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def all_rows(notts_year: Path, csv_rows) -> list[dict[str, str]]:
    rows = []
    for path in sorted(notts_year.rglob("*-street.csv")):
        rows += csv_rows(path.read_bytes())
    return rows


def test_derived_asb_for_broxtowe_year_equals_asb_rows_in_broxtowe_lsoas(con, all_rows):
    expected = sum(
        1 for r in all_rows
        if r["Crime type"] == ASB and r["LSOA name"].startswith("Broxtowe ")
    )  # fmt: skip
    values = derive(con, area="Broxtowe", period=YEAR, measures=[MEASURES["ComS_011"]])
    assert [(v.code, str(v.period), v.value) for v in values] == [("ComS_011", "2025/26", expected)]
    assert expected > 500
    provenance = values[0].provenance
    assert provenance.rows_counted == expected
    assert len(provenance.files) == 12  # Broxtowe's rows are all in Nottinghamshire's files
    assert sum(f["rows"] for f in provenance.files) == expected
    assert provenance.months_missing == ()
    assert provenance.force == "nottinghamshire"
    assert values[0].complete


def test_every_default_measure_matches_the_csv_count(con, all_rows):
    in_area = [r for r in all_rows if district_from_lsoa_name(r["LSOA name"]) == "Gedling"]
    by_type = Counter(r["Crime type"] for r in in_area)
    expected = {
        "ComS_001": sum(n for t, n in by_type.items() if t != ASB),
        "ComS_007": by_type["Burglary"],
        "ComS_008": by_type["Vehicle crime"],
        "ComS_009": by_type["Robbery"],
        "ComS_010": by_type["Violence and sexual offences"],
        "ComS_011": by_type[ASB],
    }
    values = derive(con, area="gedling", period=YEAR, measures=DEFAULT_MEASURES)
    assert {v.code: v.value for v in values} == expected


def test_quarters_and_months_add_up_to_the_year(con):
    measures = DEFAULT_MEASURES
    year = {v.code: v.value for v in derive(con, area="Broxtowe", period=YEAR, measures=measures)}
    quarters = derive(con, area="Broxtowe", period=YEAR, measures=measures, grain="quarter")
    months = derive(con, area="Broxtowe", period=YEAR, measures=measures, grain="month")
    assert sorted({str(v.period) for v in quarters}) == [f"2025/26-Q{q}" for q in (1, 2, 3, 4)]
    assert len({v.period for v in months}) == 12
    for code, total in year.items():
        assert sum(v.value for v in quarters if v.code == code) == total
        assert sum(v.value for v in months if v.code == code) == total


def test_financial_year_quarter_one_is_april_to_june(con, all_rows):
    expected = sum(
        1 for r in all_rows
        if r["Crime type"] == ASB and r["LSOA name"].startswith("Broxtowe ")
        and r["Month"] in ("2025-04", "2025-05", "2025-06")
    )  # fmt: skip
    [value] = derive(con, area="Broxtowe", period=Period.parse("2025/26-Q1"),
                     measures=[MEASURES["ComS_011"]])  # fmt: skip
    assert value.value == expected
    assert value.provenance.months == ("2025-04", "2025-05", "2025-06")


def test_period_beyond_the_data_is_flagged_incomplete(con):
    [value] = derive(con, area="Broxtowe", period=Period.parse("2026/27-Q1"),
                     measures=[MEASURES["ComS_011"]])  # fmt: skip
    assert value.value == 0
    assert not value.complete
    assert value.provenance.months_missing == ("2026-04", "2026-05", "2026-06")


def test_unknown_area_names_near_matches(con):
    with pytest.raises(LookupError, match="Did you mean Broxtowe"):
        derive(con, area="Broxtow", period=YEAR, measures=DEFAULT_MEASURES)


def test_district_counts_for_every_district_in_one_query(con, all_rows):
    rows = stats.district_counts(
        con, DEFAULT_MEASURES, first=dt.date(2025, 4, 1), last=dt.date(2026, 3, 1), grain="quarter"
    )
    asb = Counter(
        district_from_lsoa_name(r["LSOA name"]) for r in all_rows
        if r["Crime type"] == ASB and r["LSOA name"]
    )  # fmt: skip
    got = Counter()
    for row in rows:
        if row.code == "ComS_011":
            got[row.district] += row.count
    assert got == asb
    assert {row.period.grain for row in rows} == {"quarter"}


def test_force_districts_are_the_home_force_ones(con):
    homes = stats.home_forces(con, YEAR.first, YEAR.last)
    notts = sorted(d for d, f in homes.items() if f == "nottinghamshire")
    assert notts == ["Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield",
                     "Newark and Sherwood", "Nottingham", "Rushcliffe"]  # fmt: skip
    assert homes["Amber Valley"] == "derbyshire"  # though some of its rows are in Notts files


def test_benchmark_counts_and_rates_per_thousand(con, all_rows):
    asb = Counter(
        district_from_lsoa_name(r["LSOA name"]) for r in all_rows if r["Crime type"] == ASB
    )
    population = {d: 100_000 + 1000 * i for i, d in enumerate(sorted(asb) if asb else [])}
    result = compare.benchmark(con, area="Broxtowe", measure=MEASURES["ComS_011"], period=YEAR,
                               population={k: v for k, v in population.items() if k})  # fmt: skip
    assert result.ranked_by == "rate"
    assert len(result.rows) == 8
    by_name = {r.district: r for r in result.rows}
    assert by_name["Broxtowe"].is_area
    assert by_name["Broxtowe"].count == asb["Broxtowe"]
    assert by_name["Broxtowe"].rate == pytest.approx(
        asb["Broxtowe"] * 1000 / population["Broxtowe"]
    )
    rates = [r.rate for r in result.rows]
    assert rates == sorted(rates, reverse=True)
    assert [r.rank for r in result.rows] == list(range(1, 9))


def test_benchmark_with_peer_group_across_forces_ranks_counts_without_population(con):
    result = compare.benchmark(con, area="Broxtowe", measure=MEASURES["ComS_007"], period=YEAR,
                               peers=["Erewash", "High Peak", "broxtowe"])  # fmt: skip
    assert sorted(r.district for r in result.rows) == ["Broxtowe", "Erewash", "High Peak"]
    assert result.ranked_by == "count"
    counts = [r.count for r in result.rows]
    assert counts == sorted(counts, reverse=True)


def test_hotspot_streets_and_lsoas_match_a_counter(con, all_rows):
    q2 = ("2025-07", "2025-08", "2025-09")
    asb = [
        r
        for r in all_rows
        if r["Crime type"] == ASB and r["Month"] in q2 and r["LSOA name"].startswith("Broxtowe ")
    ]
    streets = Counter((r["Location"], r["LSOA name"]) for r in asb)
    lsoas = Counter(r["LSOA name"] for r in asb)
    period = Period.quarter(FinancialYear(2025), 2)
    top = compare.hotspots(con, area="Broxtowe", crime_types=[ASB], period=period, limit=3)
    assert [(h.place, h.lsoa_name, h.count) for h in top] == [
        (place, lsoa, n)
        for (place, lsoa), n in sorted(streets.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    ]
    assert top[0].share == pytest.approx(top[0].count / len(asb))
    by_lsoa = compare.hotspots(
        con, area="Broxtowe", crime_types=[ASB], period=period, by="lsoa", limit=1
    )
    assert (by_lsoa[0].place, by_lsoa[0].count) == min(
        lsoas.items(), key=lambda kv: (-kv[1], kv[0])
    )


def test_area_counts_by_month_fill_zeros(con, all_rows):
    burglary = MEASURES["ComS_007"]
    counts = stats.area_counts(con, "Broxtowe", [burglary], YEAR, "month")
    assert len(counts) == 12
    may = Counter(
        r["Month"] for r in all_rows
        if r["Crime type"] == "Burglary" and r["LSOA name"].startswith("Broxtowe ")
    )  # fmt: skip
    assert counts[("ComS_007", Period.parse("2025-05"))] == may["2025-05"]
    assert sum(counts.values()) == sum(may.values())


def test_benchmark_leaves_out_districts_a_force_only_touches_when_their_force_is_not_loaded(
    notts_year: Path, tmp_path: Path, all_rows
):
    """Only Nottinghamshire's files: Derbyshire districts in them are named, not ranked last."""
    db = tmp_path / "notts-only.duckdb"
    ingest.import_police(sorted(notts_year.rglob("*-nottinghamshire-street.csv")), db_path=db)
    in_notts_files = {
        district_from_lsoa_name(r["LSOA name"])
        for r in all_rows
        if r["Falls within"] == "Nottinghamshire Police" and r["LSOA name"]
    }
    notts = {"Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield",
             "Newark and Sherwood", "Nottingham", "Rushcliffe"}  # fmt: skip
    touched = sorted(in_notts_files - notts)
    assert touched  # the synthetic files do hold rows of Derbyshire districts
    with duckdb.connect(str(db), read_only=True) as con:
        result = compare.benchmark(con, area="Broxtowe", measure=MEASURES["ComS_001"], period=YEAR)
    assert sorted(r.district for r in result.rows) == sorted(notts)
    assert result.left_out == touched
    assert result.left_out_sentence().startswith(
        f"Left out of the districts of Nottinghamshire: {', '.join(touched)}."
    )


def test_benchmark_keeps_every_district_when_the_neighbouring_force_is_loaded(con):
    result = compare.benchmark(con, area="Broxtowe", measure=MEASURES["ComS_001"], period=YEAR)
    assert len(result.rows) == 8
    assert result.left_out == []
    assert result.left_out_sentence() == ""
