"""Direction of travel, for both polarities, with missing values and breaks in a series."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.indicators.rules import (
    Direction,
    Polarity,
    SeriesBreak,
    direction_against_previous,
    direction_against_year_earlier,
    direction_of_travel,
)

D = Decimal
P = Period.parse
LOWER, HIGHER = Polarity.LOWER, Polarity.HIGHER
IMPROVING, WORSENING = Direction.IMPROVING, Direction.WORSENING
UNCHANGED, NOT_COMPARABLE = Direction.UNCHANGED, Direction.NOT_COMPARABLE
NEW_IN_2025_26 = SeriesBreak.new_measure(FinancialYear(2025))  # ComS_100, ComS_102, ComS_103
RECORDING_CHANGED = SeriesBreak(dt.date(2024, 12, 1), "recording method changed December 2024")


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (D(7123), D(7162), IMPROVING),  # ComS_001 all crime, 2023/24 against 2022/23
        (D(6869), D(7123), IMPROVING),  # 2024/25 against 2023/24
        (D(7162), D(7123), WORSENING),
        (D(6869), D(6869), UNCHANGED),
    ],
)
def test_lower_is_better(current: Decimal, previous: Decimal, expected: Direction) -> None:
    assert direction_of_travel(current, previous, LOWER) is expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (D("62.2"), D("57.7"), IMPROVING),  # ComS_033 feeling safe, 2023/24 against 2022/23
        (D("62.2"), D("62.2"), UNCHANGED),  # 2024/25 against 2023/24
        (D("57.7"), D("62.2"), WORSENING),
        (D("62.3"), D("62.2"), IMPROVING),  # any change counts
    ],
)
def test_higher_is_better(current: Decimal, previous: Decimal, expected: Direction) -> None:
    assert direction_of_travel(current, previous, HIGHER) is expected


def test_unchanged_compares_values_not_spelling() -> None:
    assert direction_of_travel(D("62.20"), D("62.2"), HIGHER) is UNCHANGED
    assert direction_of_travel(0, D("0.0"), LOWER) is UNCHANGED


@pytest.mark.parametrize(
    ("current", "previous", "polarity"),
    [(None, D(5), LOWER), (D(5), None, HIGHER), (None, None, LOWER), (D(6), D(5), None)],
)
def test_not_comparable_without_both_values_or_a_polarity(
    current: Decimal | None, previous: Decimal | None, polarity: Polarity | None
) -> None:
    assert direction_of_travel(current, previous, polarity) is NOT_COMPARABLE


def test_not_comparable_across_a_break_in_the_series() -> None:
    assert direction_of_travel(D(6), D(5), HIGHER, series_break=True) is NOT_COMPARABLE


def test_labels_for_display() -> None:
    assert [d.label for d in Direction] == ["Improving", "Worsening", "Unchanged", "Not comparable"]
    assert Direction("not_comparable") is NOT_COMPARABLE


# -- against a year earlier and the previous quarter -----------------------------------------

VALUES = {
    P("2025/26-Q1"): 1750,
    P("2025/26-Q2"): 1800,
    P("2025/26-Q4"): 1600,
    P("2026/27-Q1"): 1700,
    P("2026/27-Q2"): 1820,
}


def test_against_a_year_earlier_compares_the_same_quarter() -> None:
    assert direction_against_year_earlier(VALUES, P("2026/27-Q1"), LOWER) is IMPROVING
    assert direction_against_year_earlier(VALUES, P("2026/27-Q2"), LOWER) is WORSENING
    assert direction_against_year_earlier(VALUES, P("2026/27-Q2"), HIGHER) is IMPROVING


def test_against_the_previous_quarter_crosses_the_year_end() -> None:
    assert direction_against_previous(VALUES, P("2026/27-Q2"), LOWER) is WORSENING
    assert direction_against_previous(VALUES, P("2026/27-Q1"), LOWER) is WORSENING  # vs Q4 1600
    assert direction_against_previous(VALUES, P("2025/26-Q4"), LOWER) is NOT_COMPARABLE  # no Q3


def test_against_a_year_earlier_with_no_earlier_value() -> None:
    assert direction_against_year_earlier(VALUES, P("2026/27-Q4"), LOWER) is NOT_COMPARABLE
    assert direction_against_year_earlier({}, P("2026/27-Q1"), LOWER) is NOT_COMPARABLE


def test_against_a_year_earlier_for_whole_years() -> None:
    # ComS_033 feeling safe: 2024/25 62.2% against 2023/24 62.2%.
    years = {P("2023/24"): D("62.2"), P("2024/25"): D("62.2")}
    assert direction_against_year_earlier(years, P("2024/25"), HIGHER) is UNCHANGED


# -- breaks in a series ----------------------------------------------------------------------


def test_a_new_measure_does_not_compare_with_the_years_before_it() -> None:
    # ComS_100: "New performance indicator 2025/26. Data from 2023/2024 is not comparable".
    values = {P("2024/25-Q2"): 30, P("2025/26-Q1"): 31, P("2025/26-Q2"): 32, P("2026/27-Q2"): 35}
    breaks = [NEW_IN_2025_26]
    assert NEW_IN_2025_26.reason == "New measure 2025/26, not comparable"
    assert (
        direction_against_year_earlier(values, P("2025/26-Q2"), HIGHER, breaks=breaks)
        is NOT_COMPARABLE
    )
    assert direction_against_year_earlier(values, P("2026/27-Q2"), HIGHER, breaks=breaks) is (
        IMPROVING
    )
    assert direction_against_previous(values, P("2025/26-Q2"), HIGHER, breaks=breaks) is IMPROVING
    assert (
        direction_against_previous(values, P("2025/26-Q1"), HIGHER, breaks=breaks) is NOT_COMPARABLE
    )


@pytest.mark.parametrize(
    ("one", "other", "separated"),
    [
        ("2024/25-Q3", "2023/24-Q3", True),  # Q3 2024/25 straddles December 2024
        ("2024/25-Q4", "2024/25-Q3", True),  # so it compares with nothing on the other side
        ("2025/26-Q3", "2024/25-Q3", True),
        ("2025/26-Q4", "2024/25-Q4", False),  # both wholly after the change
        ("2024/25-Q2", "2024/25-Q1", False),  # both wholly before it
        ("2024/25-Q2", "2023/24-Q2", False),
        ("2024/25", "2023/24", True),
        ("2026/27", "2025/26", False),
        ("2024-12", "2024-11", True),
        ("2025-01", "2024-12", False),  # December 2024 is the first month of the new method
        ("2025-12", "2024-12", False),
    ],
)
def test_a_recording_change_separates_periods_on_either_side(
    one: str, other: str, separated: bool
) -> None:
    # ComS_046: "A new way of recording such activity commenced in December 2024".
    assert RECORDING_CHANGED.separates(P(one), P(other)) is separated
    assert RECORDING_CHANGED.separates(P(other), P(one)) is separated


def test_a_recording_change_stops_direction_of_travel_across_it() -> None:
    values = {P("2023/24-Q3"): 90, P("2024/25-Q3"): 30, P("2024/25-Q4"): 25, P("2025/26-Q4"): 20}
    breaks = [RECORDING_CHANGED]
    assert (
        direction_against_year_earlier(values, P("2024/25-Q3"), HIGHER, breaks=breaks)
        is NOT_COMPARABLE
    )
    assert (
        direction_against_previous(values, P("2024/25-Q4"), HIGHER, breaks=breaks) is NOT_COMPARABLE
    )
    assert direction_against_year_earlier(values, P("2025/26-Q4"), HIGHER, breaks=breaks) is (
        WORSENING
    )


def test_several_breaks_each_stop_comparisons() -> None:
    values = {P("2024/25"): 10, P("2025/26"): 12, P("2026/27"): 14}
    breaks = [RECORDING_CHANGED, NEW_IN_2025_26]
    assert direction_against_previous(values, P("2025/26"), HIGHER, breaks=breaks) is (
        NOT_COMPARABLE
    )
    assert direction_against_previous(values, P("2026/27"), HIGHER, breaks=breaks) is IMPROVING
