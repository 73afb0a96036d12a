"""RAG status against target, for both polarities, tolerances and missing data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.indicators.rules import (
    DEFAULT_TOLERANCE,
    Polarity,
    RagStatus,
    Tolerance,
    ToleranceKind,
    rag_status,
)

D = Decimal
LOWER, HIGHER = Polarity.LOWER, Polarity.HIGHER
GREEN, AMBER, RED = RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED
ABSOLUTE_2 = Tolerance(ToleranceKind.ABSOLUTE, D(2))
NO_TOLERANCE = Tolerance(ToleranceKind.RELATIVE, D(0))


def judge(
    actual: Decimal | int | None,
    target: Decimal | int | None,
    polarity: Polarity | None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> RagStatus:
    return rag_status(actual, target, polarity, tolerance, has_target=True, due_passed=True)


# -- lower is better: ComS_001 all crime, target 6,800, 5% tolerance = 340 -------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D(6000), GREEN),  # better than target
        (D(6800), GREEN),  # exactly on target
        (D(6869), AMBER),  # the 2024/25 actual: 69 worse, within 340
        (D(7140), AMBER),  # 340 worse: the boundary is amber
        (D("7140.01"), RED),  # just beyond the boundary
        (D(7162), RED),  # the 2022/23 actual
    ],
)
def test_lower_is_better_all_crime_against_6800(actual: Decimal, expected: RagStatus) -> None:
    assert judge(actual, 6800, LOWER) is expected


@pytest.mark.parametrize(
    ("actual", "expected"), [(3400, GREEN), (3401, AMBER), (3570, AMBER), (3571, RED)]
)
def test_lower_is_better_year_to_date_at_q2_against_the_profiled_3400(
    actual: int, expected: RagStatus
) -> None:
    # The tolerance is 5% of the profiled target: 170.
    assert judge(actual, 3400, LOWER) is expected


# -- higher is better: ComS_033 residents feeling safe, target 65%, 5% tolerance = 3.25 -------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D(70), GREEN),
        (D(65), GREEN),
        (D("64.99"), AMBER),
        (D("62.2"), AMBER),  # the 2024/25 actual
        (D("61.75"), AMBER),  # 3.25 points short: the boundary is amber
        (D("61.74"), RED),
        (D("57.7"), RED),  # the 2022/23 actual
    ],
)
def test_higher_is_better_feeling_safe_against_65(actual: Decimal, expected: RagStatus) -> None:
    assert judge(actual, 65, HIGHER) is expected


@pytest.mark.parametrize(
    ("actual", "polarity", "expected"),
    [
        (D(63), HIGHER, AMBER),
        (D("62.99"), HIGHER, RED),
        (D(67), LOWER, AMBER),
        (D("67.01"), LOWER, RED),
    ],
)
def test_absolute_tolerance_in_percentage_points(
    actual: Decimal, polarity: Polarity, expected: RagStatus
) -> None:
    assert judge(actual, 65, polarity, ABSOLUTE_2) is expected


def test_no_tolerance_makes_anything_worse_red() -> None:
    assert judge(6801, 6800, LOWER, NO_TOLERANCE) is RED
    assert judge(6800, 6800, LOWER, NO_TOLERANCE) is GREEN


# -- zero targets -----------------------------------------------------------------------------


def test_zero_target_lower_is_better_relative_tolerance_has_no_amber() -> None:
    assert judge(0, 0, LOWER) is GREEN
    assert judge(1, 0, LOWER) is RED


def test_zero_target_lower_is_better_with_an_absolute_tolerance() -> None:
    assert judge(1, 0, LOWER, Tolerance(ToleranceKind.ABSOLUTE, D(1))) is AMBER
    assert judge(2, 0, LOWER, Tolerance(ToleranceKind.ABSOLUTE, D(1))) is RED


def test_zero_target_higher_is_better_is_always_met() -> None:
    assert judge(0, 0, HIGHER) is GREEN
    assert judge(3, 0, HIGHER) is GREEN


# -- missing, pending and no target -----------------------------------------------------------


@pytest.mark.parametrize("has_target", [True, False])
def test_no_value_after_the_due_date_is_missing(has_target: bool) -> None:
    # Checked first: service data with no value is still chased.
    status = rag_status(None, 6800, LOWER, has_target=has_target, due_passed=True)
    assert status is RagStatus.MISSING
    assert status.label == "Data missing"


@pytest.mark.parametrize("has_target", [True, False])
def test_no_value_before_the_due_date_is_pending(has_target: bool) -> None:
    status = rag_status(None, 6800, LOWER, has_target=has_target, due_passed=False)
    assert status is RagStatus.PENDING


def test_a_value_of_zero_is_a_value_not_missing_data() -> None:
    assert rag_status(0, 10, LOWER, has_target=True, due_passed=True) is GREEN


@pytest.mark.parametrize("due_passed", [True, False])
def test_service_data_has_no_target_even_when_a_number_is_given(due_passed: bool) -> None:
    status = rag_status(7162, 6800, LOWER, has_target=False, due_passed=due_passed)
    assert status is RagStatus.NO_TARGET
    assert status.label == "No target"


def test_no_target_for_the_year_is_no_target() -> None:
    assert judge(7162, None, LOWER) is RagStatus.NO_TARGET


@pytest.mark.parametrize("actual", [D(0), D(65), D(100)])
def test_a_target_without_polarity_is_not_judged(actual: Decimal) -> None:
    # Which way is worse is unknown, so no colour: data only until polarity is set.
    assert judge(actual, 65, None) is RagStatus.NO_TARGET


def test_polarity_from_the_stored_text() -> None:
    assert judge(6869, 6800, Polarity.parse("lower")) is AMBER
    assert Polarity.parse("") is None
    assert Polarity.parse(None) is None
    assert Polarity.HIGHER.label == "Higher is better"


# -- labels and helpers -----------------------------------------------------------------------


def test_labels_are_the_guides_status_words() -> None:
    assert {s.value: s.label for s in RagStatus} == {
        "green": "On target",
        "amber": "Within tolerance",
        "red": "Off target",
        "no_target": "No target",
        "missing": "Data missing",
        "pending": "Not yet due",
    }


def test_only_green_amber_and_red_are_judged_and_amber_and_red_need_commentary() -> None:
    assert {s for s in RagStatus if s.is_judged} == {GREEN, AMBER, RED}
    assert {s for s in RagStatus if s.needs_commentary} == {AMBER, RED}


def test_status_compares_equal_to_its_stored_text() -> None:
    assert isinstance(RagStatus.NO_TARGET, str)
    assert f"{RagStatus.NO_TARGET}" == "no_target"
    assert RagStatus("amber") is AMBER


# -- properties -------------------------------------------------------------------------------

figures = st.decimals(min_value=-10_000, max_value=10_000, places=2)
tolerances = st.builds(
    Tolerance, st.sampled_from(ToleranceKind), st.decimals(min_value=0, max_value=50, places=1)
)
RANK = {GREEN: 0, AMBER: 1, RED: 2}


@given(figures, figures, tolerances)
def test_higher_is_the_mirror_image_of_lower(
    actual: Decimal, target: Decimal, tolerance: Tolerance
) -> None:
    mirrored = 2 * target - actual
    assert judge(actual, target, HIGHER, tolerance) is judge(mirrored, target, LOWER, tolerance)


@given(figures, figures, figures, tolerances, st.sampled_from(Polarity))
def test_a_worse_value_never_gets_a_better_status(
    a: Decimal, b: Decimal, target: Decimal, tolerance: Tolerance, polarity: Polarity
) -> None:
    better, worse = sorted((a, b), reverse=polarity is HIGHER)
    assert (
        RANK[judge(better, target, polarity, tolerance)]
        <= RANK[judge(worse, target, polarity, tolerance)]
    )


@given(figures, tolerances, st.sampled_from(Polarity))
def test_on_target_is_always_green(
    target: Decimal, tolerance: Tolerance, polarity: Polarity
) -> None:
    assert judge(target, target, polarity, tolerance) is GREEN
