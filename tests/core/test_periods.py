"""Periods: parsing, formatting, dates, neighbours and order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period, PeriodKind

FY = FinancialYear(2026)


def years() -> st.SearchStrategy[Period]:
    return st.integers(1905, 2995).map(Period.for_year)


def quarters() -> st.SearchStrategy[Period]:
    return st.builds(Period.for_quarter, st.integers(1905, 2995), st.integers(1, 4))


def months() -> st.SearchStrategy[Period]:
    return st.builds(Period.for_month, st.integers(1905, 2995), st.integers(1, 12))


def periods() -> st.SearchStrategy[Period]:
    return st.one_of(years(), quarters(), months())


# -- parsing and formatting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/27", Period(FY, PeriodKind.YEAR, 0)),
        ("2026-27", Period(FY, PeriodKind.YEAR, 0)),
        ("2026/2027", Period(FY, PeriodKind.YEAR, 0)),
        ("2026/27-Q2", Period(FY, PeriodKind.QUARTER, 2)),
        ("2026/27 Q2", Period(FY, PeriodKind.QUARTER, 2)),
        (" 2026/27-q2 ", Period(FY, PeriodKind.QUARTER, 2)),
        ("2026/27Q2", Period(FY, PeriodKind.QUARTER, 2)),
        ("2026-27-Q4", Period(FY, PeriodKind.QUARTER, 4)),
        ("2026-10", Period(FY, PeriodKind.MONTH, 10)),
        ("2027-03", Period(FY, PeriodKind.MONTH, 3)),
        ("2026-04", Period(FY, PeriodKind.MONTH, 4)),
    ],
)
def test_parse_reads_each_spelling(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("period", "text", "label"),
    [
        (Period.for_year(2026), "2026/27", "2026/27"),
        (Period.for_quarter(2026, 2), "2026/27-Q2", "2026/27 Q2"),
        (Period.for_month(2026, 10), "2026-10", "October 2026"),
        (Period.for_month(2027, 1), "2027-01", "January 2027"),
        (Period.for_year(2099), "2099/00", "2099/00"),
    ],
)
def test_str_and_label_spell_the_period(period: Period, text: str, label: str) -> None:
    assert str(period) == text
    assert period.label == label
    assert repr(period) == f"Period({text})"


def test_parse_reads_a_hyphen_and_01_to_12_as_a_month_not_a_year() -> None:
    # 2010-11 is November 2010 (ISO 8601); the financial year is written 2010/11.
    assert Period.parse("2010-11") == Period.for_month(2010, 11)
    assert Period.parse("2010/11") == Period.for_year(2010)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a period is needed, such as 2026/27"),
        ("   ", "a period is needed"),
        ("2026/28", "'2026/28' is not a period: write a financial year as 2026/27"),
        ("2026-13", "'2026-13' is not a period"),
        ("2026-00", "'2026-00' is not a period"),
        ("Q2", "'Q2' is not a period"),
        ("2026/27-Q5", "'2026/27-Q5': a financial year has quarters Q1 to Q4"),
        ("2026/27-Q0", "a financial year has quarters Q1 to Q4"),
        ("2026/28-Q1", "'2026/28-Q1' is not a quarter such as 2026/27-Q2"),
        ("October 2026", "'October 2026' is not a period"),
        ("2026/27-M07", "'2026/27-M07' is not a period"),
    ],
)
def test_parse_rejects_bad_text_with_a_message_saying_what_to_write(
    text: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Period.parse(text)


def test_parse_rejects_something_that_is_not_text() -> None:
    with pytest.raises(ValueError, match="a period is needed"):
        Period.parse(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (PeriodKind.YEAR, 1),
        (PeriodKind.QUARTER, 0),
        (PeriodKind.QUARTER, 5),
        (PeriodKind.MONTH, 13),
    ],
)
def test_period_rejects_a_number_out_of_range(kind: PeriodKind, number: int) -> None:
    with pytest.raises(ValueError, match="number must be"):
        Period(FY, kind, number)


def test_period_rejects_a_bare_int_for_the_year() -> None:
    with pytest.raises(TypeError, match="must be a FinancialYear"):
        Period(2026, PeriodKind.YEAR)  # type: ignore[arg-type]


def test_period_accepts_the_kind_as_the_stored_text() -> None:
    period = Period(FY, "quarter", 2)  # type: ignore[arg-type]
    assert period.kind is PeriodKind.QUARTER
    assert period == Period.for_quarter(2026, 2)


def test_for_month_rejects_month_13() -> None:
    with pytest.raises(ValueError, match="month must be 1–12"):
        Period.for_month(2026, 13)


@given(periods())
def test_parse_of_str_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period


@given(periods())
def test_str_of_parse_is_canonical(period: Period) -> None:
    assert str(Period.parse(str(period))) == str(period)


@given(quarters())
def test_the_display_label_of_a_quarter_parses_back(period: Period) -> None:
    assert Period.parse(period.label) == period


# -- days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026/27", dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
        ("2026/27-Q1", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026/27-Q2", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026/27-Q3", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026/27-Q4", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        ("2027-02", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ],
)
def test_first_and_last_day(text: str, first: dt.date, last: dt.date) -> None:
    period = Period.parse(text)
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (dt.date(2026, 4, 1), "2026/27-Q1"),
        (dt.date(2026, 6, 30), "2026/27-Q1"),
        (dt.date(2026, 7, 1), "2026/27-Q2"),
        (dt.date(2026, 9, 30), "2026/27-Q2"),
        (dt.date(2026, 12, 31), "2026/27-Q3"),
        (dt.date(2027, 1, 1), "2026/27-Q4"),
        (dt.date(2027, 3, 31), "2026/27-Q4"),
        (dt.date(2027, 4, 1), "2027/28-Q1"),
    ],
)
def test_quarter_containing_a_date(day: dt.date, quarter: str) -> None:
    assert str(Period.quarter_containing(day)) == quarter


def test_month_and_year_containing_a_date() -> None:
    day = dt.date(2027, 2, 14)
    assert Period.month_containing(day) == Period.parse("2027-02")
    assert Period.year_containing(day) == Period.parse("2026/27")
    assert Period.containing(day, PeriodKind.QUARTER) == Period.parse("2026/27-Q4")


@given(st.dates(dt.date(1901, 4, 1), dt.date(2998, 12, 31)), st.sampled_from(PeriodKind))
def test_the_period_containing_a_date_contains_it(day: dt.date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert period.first_day <= day <= period.last_day
    assert day in period
    assert period.kind is kind


@given(periods())
def test_periods_tile_the_calendar(period: Period) -> None:
    assert period.next().first_day == period.last_day + dt.timedelta(days=1)


# -- inside and around ---------------------------------------------------------------------


def test_a_year_has_four_quarters_and_twelve_months_in_order() -> None:
    year = Period.parse("2026/27")
    assert [str(q) for q in year.quarters()] == [f"2026/27-Q{n}" for n in range(1, 5)]
    assert [str(m) for m in year.months()][:2] == ["2026-04", "2026-05"]
    assert [str(m) for m in year.months()][-3:] == ["2027-01", "2027-02", "2027-03"]
    assert len(year.months()) == 12


def test_a_quarter_has_three_months_and_is_its_own_only_quarter() -> None:
    q4 = Period.parse("2026/27-Q4")
    assert [str(m) for m in q4.months()] == ["2027-01", "2027-02", "2027-03"]
    assert q4.quarters() == (q4,)


def test_a_month_has_no_quarters_inside_it() -> None:
    with pytest.raises(ValueError, match="a month has no quarters inside it"):
        Period.parse("2026-10").quarters()


def test_a_month_knows_its_quarter_and_year() -> None:
    month = Period.parse("2027-02")
    assert month.quarter == Period.parse("2026/27-Q4")
    assert month.year == Period.parse("2026/27")
    assert month.fy == FY


def test_a_year_has_no_quarter_of_its_own() -> None:
    with pytest.raises(ValueError, match="is a whole year"):
        _ = Period.parse("2026/27").quarter


def test_contains_periods_and_dates() -> None:
    year, q2 = Period.parse("2026/27"), Period.parse("2026/27-Q2")
    assert q2 in year
    assert Period.parse("2026-08") in q2
    assert Period.parse("2026-10") not in q2
    assert year not in q2
    assert dt.date(2026, 9, 30) in q2
    assert dt.date(2026, 10, 1) not in q2
    assert "2026/27-Q2" not in year


def test_to_date_lists_the_year_so_far() -> None:
    assert [str(p) for p in Period.parse("2026/27-Q3").to_date()] == [
        "2026/27-Q1",
        "2026/27-Q2",
        "2026/27-Q3",
    ]
    assert len(Period.parse("2027-01").to_date()) == 10


@pytest.mark.parametrize(
    ("text", "previous", "year_earlier"),
    [
        ("2026/27", "2025/26", "2025/26"),
        ("2026/27-Q2", "2026/27-Q1", "2025/26-Q2"),
        ("2026/27-Q1", "2025/26-Q4", "2025/26-Q1"),
        ("2026-04", "2026-03", "2025-04"),
        ("2027-01", "2026-12", "2026-01"),
    ],
)
def test_previous_and_year_earlier(text: str, previous: str, year_earlier: str) -> None:
    period = Period.parse(text)
    assert str(period.previous()) == previous
    assert str(period.year_earlier()) == year_earlier


@given(periods())
def test_previous_then_next_is_the_same_period(period: Period) -> None:
    assert period.previous().next() == period


@given(periods())
def test_a_year_earlier_is_four_quarters_or_twelve_months_back(period: Period) -> None:
    steps = 12 // period.kind.months
    assert period.shifted(-steps) == period.year_earlier()
    assert period.year_earlier().first_day == period.first_day.replace(
        year=period.first_day.year - 1
    )


# -- order and identity --------------------------------------------------------------------


def test_sorting_puts_a_period_before_the_shorter_ones_inside_it() -> None:
    texts = ["2026-05", "2026/27-Q2", "2026-04", "2025/26-Q4", "2026/27-Q1", "2026/27"]
    assert [str(p) for p in sorted(map(Period.parse, texts))] == [
        "2025/26-Q4",
        "2026/27",
        "2026/27-Q1",
        "2026-04",
        "2026-05",
        "2026/27-Q2",
    ]


@given(periods(), periods())
def test_order_follows_the_first_day(a: Period, b: Period) -> None:
    if a.first_day < b.first_day:
        assert a < b
    assert (a < b) + (b < a) + (a == b) == 1  # total


def test_periods_are_hashable_and_equal_by_value() -> None:
    values = {Period.parse("2026/27-Q2"): 1}
    assert values[Period.for_quarter(FinancialYear(2026), 2)] == 1
    assert Period.parse("2026/27") != Period.parse("2026/27-Q1")


def test_periods_are_frozen() -> None:
    period = Period.parse("2026/27-Q2")
    with pytest.raises(AttributeError):
        period.number = 3  # type: ignore[misc]


def test_comparing_with_something_else_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = Period.parse("2026/27") < "2026/27"
