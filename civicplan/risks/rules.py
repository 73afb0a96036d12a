"""Pure rules for the risk register: the scoring matrix, ratings, trend and review dates.

No database. A score is likelihood × impact on the organisation's matrix (4×4 or 5×5); its rating
comes from the matrix's bands. The trend compares the last two residual scores recorded. Review
boundaries, as of a date ``D``: a review dated before ``D`` is **overdue**; one dated from ``D`` to
``D + 30 days`` inclusive is **due**; later ones are **scheduled**; a risk never scored has **no
review date** and is due for its first review once it has an owner.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices

REVIEW_DUE_DAYS = 30
"""A review falls due in the 30 days before its date."""
REVIEW_INTERVAL_MONTHS = 3
"""Without a date given, the next review is a quarter after this one."""
SIZES = (4, 5)

_DEFAULT_LABELS: dict[int, tuple[list[str], list[str], list[dict[str, Any]]]] = {
    5: (
        ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
        ["Negligible", "Minor", "Moderate", "Major", "Critical"],
        [
            {"from": 1, "label": "Low"},
            {"from": 4, "label": "Medium"},
            {"from": 8, "label": "High"},
            {"from": 15, "label": "Very high"},
        ],
    ),
    4: (
        ["Unlikely", "Possible", "Likely", "Very likely"],
        ["Minor", "Moderate", "Major", "Critical"],
        [
            {"from": 1, "label": "Low"},
            {"from": 3, "label": "Medium"},
            {"from": 6, "label": "High"},
            {"from": 9, "label": "Very high"},
        ],
    ),
}


@dataclass(frozen=True)
class MatrixSpec:
    """A scoring matrix: ``size`` rows and columns, their labels (1 first) and rating bands."""

    size: int
    likelihood_labels: list[str] = field(default_factory=list)
    impact_labels: list[str] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)

    @property
    def max_score(self) -> int:
        return self.size * self.size


def default_matrix(size: int = 5) -> MatrixSpec:
    """The usual council labels and bands for a 4×4 or 5×5 matrix."""
    if size not in SIZES:
        raise ValueError(f"A risk matrix is 4 × 4 or 5 × 5, not {size} × {size}")
    likelihood, impact, bands = _DEFAULT_LABELS[size]
    return MatrixSpec(size, list(likelihood), list(impact), [dict(b) for b in bands])


def matrix_problems(spec: MatrixSpec) -> dict[str, str]:
    """What is wrong with a matrix setting, by field; empty when it can be saved."""
    problems: dict[str, str] = {}
    if spec.size not in SIZES:
        problems["size"] = f"Choose a 4 × 4 or 5 × 5 matrix, not {spec.size} × {spec.size}"
        return problems
    for name, labels in (
        ("likelihood_labels", spec.likelihood_labels),
        ("impact_labels", spec.impact_labels),
    ):
        cleaned = [str(label).strip() for label in labels]
        what = name.split("_")[0]
        if len(cleaned) != spec.size or not all(cleaned):
            problems[name] = f"Give {spec.size} {what} labels, lowest first, none blank"
        elif len(set(cleaned)) != len(cleaned):
            problems[name] = f"Each {what} label must be different"
    starts = [band.get("from") for band in spec.bands]
    whole = [s for s in starts if isinstance(s, int) and not isinstance(s, bool)]
    labels = [str(band.get("label") or "").strip() for band in spec.bands]
    if (
        not spec.bands
        or starts[0] != 1
        or len(whole) != len(starts)
        or any(b <= a for a, b in itertools.pairwise(whole))
        or whole[-1] > spec.max_score
        or not all(labels)
    ):
        problems["bands"] = (
            f"Give the rating bands as scores from 1 to {spec.max_score}, each starting above "
            "the last, each with a label"
        )
    return problems


@dataclass(frozen=True)
class Score:
    """A position on the matrix."""

    likelihood: int
    impact: int

    @property
    def value(self) -> int:
        return self.likelihood * self.impact

    def __str__(self) -> str:
        return f"{self.likelihood} × {self.impact} = {self.value}"


def score_problem(score: Score, size: int, what: str = "score") -> str | None:
    """Why a score does not fit the matrix, or None."""
    for name, part in (("likelihood", score.likelihood), ("impact", score.impact)):
        if isinstance(part, bool) or not isinstance(part, int) or not 1 <= part <= size:
            return f"The {what} {name} must be a whole number from 1 to {size}, not {part!r}"
    return None


def rating(score_value: int, spec: MatrixSpec) -> str:
    """The band a score falls in (the last band whose start it reaches)."""
    label = ""
    for band in spec.bands:
        if score_value >= band["from"]:
            label = band["label"]
    return label


class Trend(TextChoices):
    """Which way a risk's residual score moved at its last scoring."""

    REDUCING = "reducing", "Reducing"
    """Lower than the scoring before: the risk is better controlled."""
    INCREASING = "increasing", "Increasing"
    """Higher than the scoring before."""
    UNCHANGED = "unchanged", "No change"
    """The same score as the scoring before."""
    NEW = "new", "New"
    """Scored once or not at all: no trend yet."""


def score_trend(residual_scores: Sequence[int]) -> Trend:
    """The trend from residual scores in the order they were recorded (oldest first)."""
    if len(residual_scores) < 2:
        return Trend.NEW
    before, latest = residual_scores[-2], residual_scores[-1]
    if latest < before:
        return Trend.REDUCING
    if latest > before:
        return Trend.INCREASING
    return Trend.UNCHANGED


def meets_target(residual: Score | None, target: Score | None) -> bool | None:
    """True when the residual score is at or below the target score; None if either is unset."""
    if residual is None or target is None:
        return None
    return residual.value <= target.value


class ReviewState(TextChoices):
    """Where a risk's next review stands as of a date."""

    OVERDUE = "overdue", "Review overdue"
    """The review date has passed."""
    DUE = "due", "Review due"
    """The review date is today or within the next 30 days."""
    SCHEDULED = "scheduled", "Scheduled"
    """The review date is more than 30 days away."""
    UNSCHEDULED = "unscheduled", "Not yet scored"
    """Never scored: no review date yet."""


def review_state(
    review_date: dt.date | None, as_of: dt.date, days: int = REVIEW_DUE_DAYS
) -> ReviewState:
    """Overdue after its date, due from ``days`` before it (the date itself included)."""
    if review_date is None:
        return ReviewState.UNSCHEDULED
    if review_date < as_of:
        return ReviewState.OVERDUE
    if review_date <= as_of + dt.timedelta(days=days):
        return ReviewState.DUE
    return ReviewState.SCHEDULED


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (30 November + 3 → 28 February)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def next_review_after(reviewed_on: dt.date) -> dt.date:
    """The default next review: a quarter after this one."""
    return add_months(reviewed_on, REVIEW_INTERVAL_MONTHS)
