"""Words and labels the police data pages share: forces, periods, months, counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from civicplan.core.formats import number_text
from civicplan.opendata.policeuk import FORCES
from civicplan.opendata.rules import Period, add_months
from civicplan.opendata.selectors.comparison import months_words

SEED_COMMAND = "civicplan opendata seed-measures --organisation"
LOCATION_NOTE = (
    "To protect the privacy of victims and witnesses, police.uk moves "
    "each incident to the nearest of a set of map points (the centre of a street, a public place "
    "such as a park or a station, or a shop) and names it “On or near …”. An incident is counted "
    "on the street of its map point, which may not be exactly where it happened."
)


def force_name(force: str) -> str:
    """``nottinghamshire`` → ``Nottinghamshire Police``."""
    return FORCES.get(force, force.replace("-", " ").title())


def month_list(months: Sequence[dt.date]) -> str:
    """``April to November 2025 and February 2026``: runs of consecutive months."""
    runs: list[list[dt.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    names = [months_words(Period(run[0], run[-1], "month")) for run in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def count_words(n: int, one: str, many: str) -> str:
    return f"{number_text(n)} {one if n == 1 else many}"
