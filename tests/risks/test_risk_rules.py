"""Risk scoring, ratings, trend and review rules: pure, with their boundaries."""

import datetime as dt

import pytest

from civicplan.risks.rules import (
    MatrixSpec,
    ReviewState,
    Score,
    Trend,
    add_months,
    default_matrix,
    matrix_problems,
    meets_target,
    next_review_after,
    rating,
    review_state,
    score_problem,
    score_trend,
)
from tests.clock import SEED_DAY

TODAY = SEED_DAY


def test_score_is_likelihood_times_impact():
    assert Score(4, 5).value == 20
    assert str(Score(3, 2)) == "3 × 2 = 6"


@pytest.mark.parametrize("size", [4, 5])
def test_score_problem_accepts_every_cell_of_the_matrix(size):
    cells = [Score(lk, im) for lk in range(1, size + 1) for im in range(1, size + 1)]
    assert [score_problem(c, size) for c in cells] == [None] * size * size


@pytest.mark.parametrize("score", [Score(5, 1), Score(1, 5), Score(0, 2), Score(2, 0)])
def test_score_problem_rejects_off_a_4x4_matrix(score):
    assert "from 1 to 4" in score_problem(score, 4)


def test_score_problem_rejects_non_integers():
    assert score_problem(Score(True, 2), 5)  # type: ignore[arg-type]
    assert score_problem(Score("3", 2), 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1, "Low"),
        (3, "Low"),
        (4, "Medium"),
        (6, "Medium"),
        (8, "High"),
        (12, "High"),
        (15, "Very high"),
        (25, "Very high"),
    ],
)
def test_rating_5x5_band_boundaries(value, label):
    assert rating(value, default_matrix(5)) == label


@pytest.mark.parametrize(
    ("value", "label"), [(2, "Low"), (3, "Medium"), (4, "Medium"), (6, "High"), (9, "Very high")]
)
def test_rating_4x4_band_boundaries(value, label):
    assert rating(value, default_matrix(4)) == label


def test_default_matrices_are_valid():
    assert matrix_problems(default_matrix(4)) == {}
    assert matrix_problems(default_matrix(5)) == {}


def test_default_matrix_refuses_other_sizes():
    with pytest.raises(ValueError, match="4 × 4 or 5 × 5"):
        default_matrix(3)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (MatrixSpec(6, ["a"] * 6, ["b"] * 6, [{"from": 1, "label": "L"}]), "size"),
        (
            MatrixSpec(4, ["a", "b", "c"], ["1", "2", "3", "4"], [{"from": 1, "label": "L"}]),
            "likelihood_labels",
        ),
        (
            MatrixSpec(4, ["a", "b", "c", "d"], ["1", "1", "3", "4"], [{"from": 1, "label": "L"}]),
            "impact_labels",
        ),
        (
            MatrixSpec(4, ["a", "b", "c", "d"], ["1", "2", "3", "4"], [{"from": 2, "label": "L"}]),
            "bands",
        ),
        (
            MatrixSpec(
                4,
                ["a", "b", "c", "d"],
                ["1", "2", "3", "4"],
                [{"from": 1, "label": "L"}, {"from": 20, "label": "H"}],
            ),
            "bands",
        ),
        (
            MatrixSpec(
                4,
                ["a", "b", "c", "d"],
                ["1", "2", "3", "4"],
                [{"from": 1, "label": "L"}, {"from": 1, "label": "H"}],
            ),
            "bands",
        ),
    ],
)
def test_matrix_problems_name_the_field(spec, field):
    assert field in matrix_problems(spec)


def test_score_trend_from_residual_history():
    assert score_trend([]) is Trend.NEW
    assert score_trend([12]) is Trend.NEW
    assert score_trend([12, 8]) is Trend.REDUCING
    assert score_trend([8, 12]) is Trend.INCREASING
    assert score_trend([16, 8, 8]) is Trend.UNCHANGED
    assert score_trend([4, 16, 9]) is Trend.REDUCING  # only the last two count


def test_meets_target_at_or_below():
    assert meets_target(Score(2, 3), Score(3, 2)) is True
    assert meets_target(Score(3, 3), Score(2, 4)) is False
    assert meets_target(None, Score(2, 2)) is None
    assert meets_target(Score(2, 2), None) is None


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (-1, ReviewState.OVERDUE),
        (0, ReviewState.DUE),
        (30, ReviewState.DUE),
        (31, ReviewState.SCHEDULED),
    ],
)
def test_review_state_boundaries(days, state):
    assert review_state(TODAY + dt.timedelta(days=days), TODAY) is state


def test_review_state_unscheduled_without_date():
    assert review_state(None, TODAY) is ReviewState.UNSCHEDULED


def test_next_review_is_a_quarter_later_at_month_end():
    assert next_review_after(dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)
    assert next_review_after(dt.date(2026, 1, 15)) == dt.date(2026, 4, 15)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
