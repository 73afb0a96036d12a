"""Defaults inferred from the plan's wording when an indicator first arrives (pure)."""

from __future__ import annotations

import datetime as dt
import re

from civicplan.core.fy import FinancialYear
from civicplan.indicators.rules import SeriesBreak

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_NEW_MEASURE = re.compile(
    r"new (?:performance )?(?:measure|indicator|pi)\s+(\d{4}\s*/\s*\d{2,4})", re.IGNORECASE
)
_RECORDING_CHANGED = re.compile(
    r"new way of recording.*?(?:commenced|began|started) in (" + "|".join(_MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE,
)


def infer_series_break(comments: str) -> SeriesBreak | None:
    """A break in a series stated in the comments, which stops comparisons across it.

    "New performance measure 2025/26" → not comparable before 1 April 2025;
    "A new way of recording such activity commenced in December 2024" → before 1 December 2024.
    """
    text = " ".join((comments or "").split())
    if match := _NEW_MEASURE.search(text):
        try:
            year = FinancialYear.parse(match.group(1))
        except ValueError:
            return None
        return SeriesBreak(year.first_day, match.group(0))
    if match := _RECORDING_CHANGED.search(text):
        month = _MONTHS[match.group(1).lower()]
        return SeriesBreak(
            dt.date(int(match.group(2)), month, 1),
            f"Recording method changed {match.group(1)} {match.group(2)}",
        )
    return None
