"""Target profiles across the quarters, and tolerances."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.indicators.rules import (
    DEFAULT_TOLERANCE,
    Aggregation,
    ProfileKind,
    Tolerance,
    ToleranceKind,
    profile_targets,
)

D = Decimal
P = Period.parse


def ints(*values: int | str) -> tuple[Decimal, ...]:
    return tuple(D(v) for v in values)


# -- even ------------------------------------------------------------------------------------


def test_even_profile_of_a_count_is_cumulative_quarters() -> None:
    # ComS_001 all crime, 2026/27 target 6,800: Q1 25%, Q2 50%, Q3 75%, Q4 100%.
    profile = profile_targets(6800, 2026, Aggregation.SUM)
    assert profile.kind is ProfileKind.EVEN
    assert profile.to_date == ints(1700, 3400, 5100, 6800)
    assert profile.for_quarter == ints(1700, 1700, 1700, 1700)
    assert profile.target_for(P("2026/27-Q2")) == D(3400)
    assert profile.target_for(P("2026/27")) == D(6800)
    assert profile.note == ""


def test_even_profile_rounds_half_up_and_leaves_the_remainder_to_q4() -> None:
    # ComS_011 ASB incidents, 2025/26 target 1,850: exact 462.5, 925, 1387.5.
    profile = profile_targets(1850, FinancialYear(2025), Aggregation.SUM)
    assert profile.to_date == ints(463, 925, 1388, 1850)
    assert profile.for_quarter == ints(463, 462, 463, 462)
    assert sum(profile.for_quarter) == D(1850)
    assert profile.quarters[0] == P("2025/26-Q1")


def test_even_profile_of_a_small_count_never_goes_negative() -> None:
    # Rounding each quarter's share would give 1, 1, 1 and −1 for a target of 2.
    profile = profile_targets(2, 2026, Aggregation.SUM)
    assert profile.to_date == ints(1, 1, 2, 2)
    assert profile.for_quarter == ints(1, 0, 1, 0)


def test_even_profile_keeps_the_targets_decimal_places() -> None:
    profile = profile_targets(D("57.7"), 2026, Aggregation.SUM)
    assert profile.to_date == ints("14.4", "28.9", "43.3", "57.7")
    assert sum(profile.for_quarter) == D("57.7")


def test_even_profile_with_more_places_on_request() -> None:
    profile = profile_targets(1850, 2026, Aggregation.SUM, places=2)
    assert profile.to_date == ints("462.50", "925.00", "1387.50", "1850")


def test_even_profile_of_zero_is_zero_each_quarter() -> None:
    assert profile_targets(0, 2026, Aggregation.SUM).to_date == ints(0, 0, 0, 0)


@pytest.mark.parametrize("aggregation", [Aggregation.LATEST, Aggregation.RATIO])
def test_a_snapshot_or_ratio_has_the_annual_target_every_quarter(aggregation: Aggregation) -> None:
    # ComS_033 residents feeling safe after dark: 65% each quarter.
    profile = profile_targets(65, 2026, aggregation)
    assert profile.to_date == ints(65, 65, 65, 65)
    assert profile.for_quarter == ints(65, 65, 65, 65)
    assert profile.target_for(P("2026/27-Q3")) == D(65)


def test_a_seasonal_profile_of_a_snapshot_is_flat_and_says_why() -> None:
    profile = profile_targets(65, 2026, Aggregation.LATEST, kind=ProfileKind.SEASONAL)
    assert profile.kind is ProfileKind.EVEN
    assert profile.to_date == ints(65, 65, 65, 65)
    assert profile.note == "A snapshot or ratio has the same target each quarter."


def test_target_for_a_period_outside_the_profile_is_refused() -> None:
    profile = profile_targets(6800, 2026, Aggregation.SUM)
    with pytest.raises(ValueError, match="2025/26 Q2 is not 2026/27 or one of its quarters"):
        profile.target_for(P("2025/26-Q2"))
    with pytest.raises(ValueError, match="October 2026 is not 2026/27"):
        profile.target_for(P("2026-10"))


# -- seasonal --------------------------------------------------------------------------------

LAST_YEAR = {  # a 2025/26 all-crime year of 6,869 split by quarter
    P("2025/26-Q1"): 1800,
    P("2025/26-Q2"): 1750,
    P("2025/26-Q3"): 1700,
    P("2025/26-Q4"): 1619,
}


def test_seasonal_profile_follows_last_years_quarters() -> None:
    # Cumulative shares of 6,869: 1800, 3550, 5250. 6800 × 1800 ÷ 6869 = 1781.92 → 1782;
    # 6800 × 3550 ÷ 6869 = 3514.34 → 3514; 6800 × 5250 ÷ 6869 = 5197.26 → 5197; Q4 = 6800.
    profile = profile_targets(
        6800, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL, last_year=LAST_YEAR
    )
    assert profile.kind is ProfileKind.SEASONAL
    assert profile.to_date == ints(1782, 3514, 5197, 6800)
    assert profile.for_quarter == ints(1782, 1732, 1683, 1603)
    assert sum(profile.for_quarter) == D(6800)


def test_seasonal_profile_falls_back_to_even_when_a_quarter_is_missing() -> None:
    last_year = {**LAST_YEAR, P("2025/26-Q3"): None}
    profile = profile_targets(
        6800, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL, last_year=last_year
    )
    assert profile.kind is ProfileKind.EVEN
    assert profile.to_date == ints(1700, 3400, 5100, 6800)
    assert profile.note == "No value for 2025/26 Q3: profiled evenly."


def test_seasonal_profile_falls_back_to_even_without_last_year() -> None:
    profile = profile_targets(6800, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL)
    assert profile.kind is ProfileKind.EVEN
    assert profile.note.startswith("No value for 2025/26 Q1, 2025/26 Q2")


def test_seasonal_profile_falls_back_to_even_when_last_year_is_zero() -> None:
    zeros = {q: 0 for q in P("2025/26").quarters()}
    profile = profile_targets(8, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL, last_year=zeros)
    assert profile.kind is ProfileKind.EVEN
    assert profile.to_date == ints(2, 4, 6, 8)
    assert profile.note == "2025/26 quarters add up to 0: profiled evenly."


def test_seasonal_profile_falls_back_to_even_when_last_year_has_a_negative() -> None:
    last_year = {**LAST_YEAR, P("2025/26-Q2"): -5}
    profile = profile_targets(
        6800, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL, last_year=last_year
    )
    assert profile.kind is ProfileKind.EVEN
    assert "negative" in profile.note


def test_seasonal_profile_ignores_values_from_other_years() -> None:
    wrong_year = {q: 100 for q in P("2024/25").quarters()}
    profile = profile_targets(
        40, 2026, Aggregation.SUM, kind=ProfileKind.SEASONAL, last_year=wrong_year
    )
    assert profile.kind is ProfileKind.EVEN


@given(
    st.integers(0, 100_000),
    st.lists(st.integers(0, 5_000), min_size=4, max_size=4),
    st.sampled_from(ProfileKind),
)
def test_any_count_profile_adds_up_exactly_never_negative_within_half_a_unit(
    annual: int, last: list[int], kind: ProfileKind
) -> None:
    last_year = dict(zip(P("2025/26").quarters(), last, strict=True))
    profile = profile_targets(annual, 2026, Aggregation.SUM, kind=kind, last_year=last_year)
    assert sum(profile.for_quarter) == annual
    assert profile.to_date[-1] == annual
    assert all(share >= 0 for share in profile.for_quarter)
    assert list(profile.to_date) == sorted(profile.to_date)
    if profile.kind is ProfileKind.EVEN:
        exact = [D(annual) * n / 4 for n in (1, 2, 3, 4)]
        assert all(abs(t - e) <= D("0.5") for t, e in zip(profile.to_date, exact, strict=True))


# -- tolerance -------------------------------------------------------------------------------


def test_default_tolerance_is_five_percent_of_target() -> None:
    assert Tolerance(ToleranceKind.RELATIVE, D(5)) == DEFAULT_TOLERANCE
    assert DEFAULT_TOLERANCE.band(6800) == D(340)
    assert DEFAULT_TOLERANCE.band(D(65)) == D("3.25")
    assert DEFAULT_TOLERANCE.label == "5% of target"


def test_relative_tolerance_of_a_zero_target_is_zero_wide() -> None:
    assert DEFAULT_TOLERANCE.band(0) == 0


def test_relative_tolerance_of_a_negative_target_is_still_positive() -> None:
    assert DEFAULT_TOLERANCE.band(-100) == D(5)


def test_absolute_tolerance_is_the_amount_whatever_the_target() -> None:
    tolerance = Tolerance(ToleranceKind.ABSOLUTE, D(2))
    assert tolerance.band(65) == D(2)
    assert tolerance.band(0) == D(2)
    assert tolerance.label == "2 worse than target"


def test_tolerance_reads_the_stored_text_and_rejects_a_negative_amount() -> None:
    assert Tolerance("absolute", D(1)).kind is ToleranceKind.ABSOLUTE  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot be negative"):
        Tolerance(ToleranceKind.RELATIVE, D(-1))
    with pytest.raises(ValueError, match="is not a valid ToleranceKind"):
        Tolerance("fuzzy", D(1))  # type: ignore[arg-type]


def test_enum_labels_for_display() -> None:
    assert ProfileKind.SEASONAL.label == "Seasonal (last year)"
    assert ToleranceKind.RELATIVE.label == "Percentage of target"
