"""The hotspots page: the streets or LSOAs with most incidents of a measure or crime type in a
period, with the choices its form offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import duckdb

from civicplan.core.formats import number_text
from civicplan.core.tables import Table
from civicplan.opendata.forms import Grouped
from civicplan.opendata.pages.common import (
    count_words,
    force_name,
    month_list,
)
from civicplan.opendata.pages.tables import hotspot_table
from civicplan.opendata.policeuk import ASB, CRIME_TYPES
from civicplan.opendata.rules import MeasureDef, Period, period_of
from civicplan.opendata.selectors import stats
from civicplan.opendata.selectors.compare import Hotspot, hotspots
from civicplan.opendata.selectors.comparison import (
    latest_complete_quarter,
    months_words,
    period_label,
    period_words,
)

# -- hotspots ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotspotChoices:
    """What the hotspot form offers, and what it shows before anything is chosen."""

    what: Grouped
    periods: Grouped
    defaults: dict[str, str]
    held: frozenset[dt.date]  # the months of the area's home force in the store
    force: str  # that force's slug


def what_choices(measures: Sequence[MeasureDef], known: Sequence[str]) -> Grouped:
    types = list(CRIME_TYPES) + sorted(set(known) - set(CRIME_TYPES))
    return [
        ("Measures in the plan", [(m.code, f"{m.code} {m.title}".strip()) for m in measures]),
        ("police.uk crime types", [(t, t) for t in types]),
    ]


def period_choices(held: Sequence[dt.date], *, months: bool = True) -> Grouped:
    """Quarters, financial years and (unless ``months`` is False) months of the months held,
    latest first; a quarter or year held only in part says how many of its months are there."""
    held_set = set(held)

    def label(period: Period) -> str:
        words = f"{period_words(period)}: {months_words(period)}"
        have = [m for m in period.months() if m in held_set]
        if len(have) == len(period.months()):
            return words
        return f"{words} ({count_words(len(have), 'month', 'months')} held)"

    quarters = sorted({period_of(m, "quarter") for m in held}, reverse=True)
    years = sorted({period_of(m, "year") for m in held}, reverse=True)
    groups = [
        ("Quarters", [(str(p), label(p)) for p in quarters]),
        ("Financial years", [(str(p), label(p)) for p in years]),
    ]
    if months:
        groups.append(
            ("Months", [(str(Period.month(m)), f"{m:%B %Y}") for m in sorted(held, reverse=True)])
        )
    return groups


def held_months(con: duckdb.DuckDBPyConnection, area: str) -> tuple[str, list[dt.date]]:
    """The area's home force (its slug, "" when none) and the months of that force's files held:
    the months a period chosen for ``area`` can be complete in."""
    bounds = con.execute("SELECT min(month), max(month) FROM source_file").fetchone()
    force = stats.home_forces(con, *bounds).get(area, "") if bounds and bounds[0] else ""
    return force, (stats.force_months(con, force) if force else [])


def hotspot_choices(
    con: duckdb.DuckDBPyConnection, area: str, measures: Sequence[MeasureDef]
) -> HotspotChoices:
    """The form's choices for ``area`` (as the store spells it)."""
    force, held = held_months(con, area)
    known = stats.known_crime_types(con)
    asb = next((m.code for m in measures if m.types_among(known) == (ASB,)), ASB)
    latest = latest_complete_quarter(con, area)
    default_period = latest or (Period.month(held[-1]) if held else None)
    return HotspotChoices(
        what=what_choices(measures, known),
        periods=period_choices(held),
        defaults={
            "what": asb,
            "period": str(default_period) if default_period else "",
            "by": "street",
            "limit": "10",
        },
        held=frozenset(held),
        force=force,
    )


@dataclass(frozen=True)
class HotspotResult:
    table: Table
    summary: str  # how many in the area, and how many the listed places account for
    missing: str  # months of the period not imported, in a sentence ("" when complete)
    unplaced: str  # rows of these types without a location in the force's files
    rows: list[Hotspot] = field(default_factory=list)


def _chosen(what: str, measures: Sequence[MeasureDef]) -> tuple[MeasureDef, str]:
    """The measure chosen (or one crime type as a measure) and its name for a caption."""
    for measure in measures:
        if measure.code == what:
            return measure, f"{measure.title} ({measure.code})" if measure.title else measure.code
    return MeasureDef(what, what, "only", (what,)), what


def _unplaced(
    con: duckdb.DuckDBPyConnection, force: str, period: Period, types: Sequence[str]
) -> int:
    """Rows of these types in the force's files for the period that have no location."""
    row = con.execute(
        """
        SELECT count(*) FROM street_crime
        WHERE lsoa_code IS NULL AND list_contains($types, crime_type)
          AND file_id IN (SELECT file_id FROM source_file
                          WHERE force = $force AND month BETWEEN $first AND $last)
        """,
        {"types": list(types), "force": force, "first": period.first, "last": period.last},
    ).fetchone()
    return int(row[0]) if row else 0


def hotspot_result(
    con: duckdb.DuckDBPyConnection,
    choices: HotspotChoices,
    *,
    area: str,
    measures: Sequence[MeasureDef],
    what: str,
    period: Period,
    by: Literal["street", "lsoa"],
    limit: int,
) -> HotspotResult:
    known = stats.known_crime_types(con)
    measure, name = _chosen(what, measures)
    types = measure.types_among(known)
    spots = hotspots(con, area=area, crime_types=types, period=period, by=by, limit=limit)
    total = stats.area_counts(con, area, [measure], period, period.grain)[(measure.code, period)]
    listed = sum(s.count for s in spots)
    places = "streets" if by == "street" else "LSOAs"
    summary = (
        f"{name}: {number_text(total)} recorded with a location in {area} in "
        f"{period_label(period)}."
    )
    if total:
        summary += (
            f" The {count_words(len(spots), places[:-1], places)} below account for "
            f"{number_text(listed)} of them ({listed * 100 / total:.1f}%)."
        )
    missing_months = [m for m in period.months() if m not in choices.held]
    missing = (
        f"The police data for {area} in {period_words(period)} is incomplete: "
        f"{month_list(missing_months)} {'is' if len(missing_months) == 1 else 'are'} not "
        "imported yet, so these counts cover only the months held."
        if missing_months
        else ""
    )
    unplaced = ""
    if choices.force:
        n = _unplaced(con, choices.force, period, types)
        force = force_name(choices.force)
        unplaced = (
            f"{count_words(n, 'row', 'rows')} counted in {name} in {force}’s files for "
            f"{months_words(period)} had no location, so {'it' if n == 1 else 'they'} cannot be "
            f"placed in {area} or any other area and {'is' if n == 1 else 'are'} not included."
            if n
            else f"Every row counted in {name} in {force}’s files for {months_words(period)} "
            "had a location."
        )
    table = hotspot_table(
        spots, area=area, name=name, code=measure.code, period=period, by=by, limit=limit
    )
    return HotspotResult(table, summary, missing, unplaced, list(spots))
