import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.core.fy import FinancialYear, fy_range


def test_financial_year_parse_and_format_round_trip():
    year = FinancialYear.parse("2026/27")
    assert year.start == 2026
    assert str(year) == "2026/27"
    assert year.first_day == dt.date(2026, 4, 1)
    assert year.last_day == dt.date(2027, 3, 31)


@pytest.mark.parametrize("text", ["2026-27", "2026/2027", " 2026 / 27 ", "2026–27"])
def test_financial_year_parse_accepts_usual_spellings(text):
    assert FinancialYear.parse(text) == FinancialYear(2026)


@pytest.mark.parametrize("text", ["2026/28", "2026", "26/27", "", "2026/2028", "1999/01"])
def test_financial_year_parse_rejects_years_that_do_not_follow_on(text):
    with pytest.raises(ValueError, match="financial year|must follow"):
        FinancialYear.parse(text)


def test_financial_year_century_boundary():
    assert str(FinancialYear(2099)) == "2099/00"
    assert FinancialYear.parse("2099/00") == FinancialYear(2099)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 31), "2025/26"),
        (dt.date(2026, 4, 1), "2026/27"),
        (dt.date(2027, 1, 5), "2026/27"),
    ],
)
def test_financial_year_containing_a_date(day, expected):
    assert str(FinancialYear.containing(day)) == expected


def test_fy_range_is_inclusive_and_ordered():
    years = fy_range(FinancialYear(2026), FinancialYear(2028))
    assert [str(y) for y in years] == ["2026/27", "2027/28", "2028/29"]
    assert years == sorted(years, reverse=True)[::-1]
    assert FinancialYear(2026) + 2 == FinancialYear(2028)


@given(st.integers(min_value=1900, max_value=2998))
def test_financial_year_text_round_trips(start):
    year = FinancialYear(start)
    assert FinancialYear.parse(str(year)) == year
    assert FinancialYear.containing(year.first_day) == year
    assert FinancialYear.containing(year.last_day) == year
