"""Pure rules: file names, months, LSOA prefixes, periods, measures, rates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.core.fy import FinancialYear
from civicplan.opendata.policeuk import (
    CRIME_TYPES,
    district_from_lsoa_name,
    parse_month,
    parse_street_file_name,
)
from civicplan.opendata.rules import (
    DEFAULT_MEASURES,
    Period,
    council_area_name,
    fy_quarter,
    quarters_ending,
    rate_per_1000,
)


def test_street_file_name_gives_month_and_force():
    parsed = parse_street_file_name("2026-05-avon-and-somerset-street.csv")
    assert (parsed.month, parsed.force) == (dt.date(2026, 5, 1), "avon-and-somerset")


@pytest.mark.parametrize(
    "name",
    [
        "2026-13-kent-street.csv",
        "2026-05-kent-outcomes.csv",
        "kent-street.csv",
        "2026-5-kent-street.csv",
    ],
)
def test_street_file_name_rejects_others(name):
    assert parse_street_file_name(name) is None


@pytest.mark.parametrize("text", ["2026-00", "2026-13", "May 2026", "2026-5", "26-05", ""])
def test_parse_month_rejects_non_months(text):
    assert parse_month(text) is None


@pytest.mark.parametrize(
    ("name", "district"),
    [("Broxtowe 003C", "Broxtowe"), ("Newark and Sherwood 012A", "Newark and Sherwood"),
     ("Odd name", "Odd name"), ("", None)],
)  # fmt: skip
def test_district_from_lsoa_name(name, district):
    assert district_from_lsoa_name(name) == district


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_fy_quarter_agrees_with_financial_year(day):
    fy, quarter = fy_quarter(day)
    assert fy == FinancialYear.containing(day)
    period = Period.quarter(fy, quarter)
    assert period.first <= day.replace(day=1) <= period.last
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("2026/27-Q2", "2026-07-01", "2026-09-01"), ("2026/27 q4", "2027-01-01", "2027-03-01"),
     ("2026/27", "2026-04-01", "2027-03-01"), ("2026-05", "2026-05-01", "2026-05-01")],
)  # fmt: skip
def test_period_parse(text, first, last):
    period = Period.parse(text)
    assert (period.first.isoformat(), period.last.isoformat()) == (first, last)


@pytest.mark.parametrize("text", ["2026/28", "2026/27-Q5", "Q2", "2026-13"])
def test_period_parse_rejects_with_help(text):
    with pytest.raises(ValueError, match="2026/27-Q2"):
        Period.parse(text)


def test_twelve_quarters_ending():
    quarters = quarters_ending(Period.parse("2026/27-Q2"), 12)
    assert [str(q) for q in quarters[:2]] == ["2023/24-Q3", "2023/24-Q4"]
    assert str(quarters[-1]) == "2026/27-Q2"


def test_default_measures_cover_the_six_codes_with_caveats():
    codes = {m.code: m for m in DEFAULT_MEASURES}
    assert sorted(codes) == ["ComS_001", "ComS_007", "ComS_008", "ComS_009", "ComS_010", "ComS_011"]
    assert "Anti-social behaviour" not in codes["ComS_001"].types_among(CRIME_TYPES)
    assert len(codes["ComS_001"].types_among([*CRIME_TYPES, "New category"])) == 14
    assert codes["ComS_010"].types_among(CRIME_TYPES) == ("Violence and sexual offences",)
    assert all(any("without a location" in c for c in m.caveats()) for m in DEFAULT_MEASURES)
    assert "dwellings" in codes["ComS_007"].caveat
    assert "violence with injury" in codes["ComS_010"].caveat


def test_rate_per_thousand():
    assert rate_per_1000(150, 100_000) == 1.5
    assert rate_per_1000(5, None) is None


@pytest.mark.parametrize(
    ("name", "area"),
    [("Broxtowe Borough Council", "Broxtowe"), ("Newark and Sherwood District Council",
     "Newark and Sherwood"), ("Nottingham City Council", "Nottingham"), ("Gedling", "Gedling")],
)  # fmt: skip
def test_council_area_name(name, area):
    assert council_area_name(name) == area
