"""Reads for police open data: the organisation's crime-measure mapping and peer groups (Django
side), and the comparison an indicator page or report shows (both sides). Area counts are in
``stats``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, cast

import duckdb

from civicplan.opendata import areas, store
from civicplan.opendata.models import CrimeMeasure, PeerGroup
from civicplan.opendata.rules import (
    DEFAULT_MEASURES,
    MeasureDef,
    Period,
    Rule,
    council_area_name,
    quarters_ending,
)
from civicplan.opendata.selectors import stats
from civicplan.opendata.selectors.compare import Benchmark, benchmark
from civicplan.plans.models import Organisation, Plan

AREA_ENV = "CIVICPLAN_AREA"


def measures_for(
    organisation: Organisation | None,
) -> tuple[list[MeasureDef], Literal["organisation", "default"]]:
    """The organisation's measures and where they came from ("organisation" or "default").

    An organisation that has not set up its mapping uses the seed defaults, so derived figures
    are available from the first import; ``crime_measures_seed`` copies them to be edited.
    """
    if organisation is not None:
        rows = list(
            CrimeMeasure.objects.filter(organisation=organisation).prefetch_related("types")
        )
        if rows:
            return [
                MeasureDef(
                    code=row.indicator_code,
                    title=row.title,
                    rule=cast(Rule, row.rule),  # the field's choices are the rule's values
                    crime_types=tuple(t.crime_type for t in row.types.all()),
                    caveat=row.caveat,
                )
                for row in rows
            ], "organisation"
    return list(DEFAULT_MEASURES), "default"


def measure_for(organisation: Organisation | None, code: str) -> tuple[MeasureDef, str] | None:
    measures, origin = measures_for(organisation)
    for measure in measures:
        if measure.code.lower() == code.strip().lower():
            return measure, origin
    return None


def measure_caveats(plan: Any, code: str) -> list[str]:
    """What police.uk cannot show for this indicator, one point each, for the indicator page.

    Empty when the indicator is not derived from police data.
    """
    found = measure_for(plan.organisation, code)
    return found[0].caveats() if found else []


def council_area(organisation: Organisation | None, explicit: str | None = None) -> str | None:
    """The district the council's figures are for: ``explicit`` (``--area``), else the
    ``CIVICPLAN_AREA`` environment variable, else the district the council is named after."""
    area = (explicit or "").strip() or os.environ.get(AREA_ENV, "").strip()
    if not area and organisation is not None:
        area = council_area_name(organisation.name)
    return area or None


def default_peer_group(organisation: Organisation | None) -> PeerGroup | None:
    """The organisation's default peer group, or None (compare with the force's districts)."""
    if organisation is None:
        return None
    return PeerGroup.objects.filter(organisation=organisation, is_default=True).first()


def period_words(period: Period) -> str:
    """``2026/27 Q2``, ``2026/27`` or ``2026-05``: a period as a sentence names it."""
    return str(period).replace("-Q", " Q")


def months_words(period: Period) -> str:
    """``January to March 2026``, ``April 2025 to March 2026`` or ``March 2026``."""
    first, last = period.first, period.last
    if first == last:
        return f"{last:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def period_label(period: Period) -> str:
    """``2025/26 Q4 (January to March 2026)``, ``2025/26 (April 2025 to March 2026)`` or
    ``January 2026``: a period as a caption names it."""
    if period.grain == "month":
        return months_words(period)
    return f"{period_words(period)} ({months_words(period)})"


@dataclass(frozen=True, slots=True)
class PoliceComparison:
    """What an indicator page or report shows beside a police-derived figure."""

    measure: MeasureDef  # the organisation's mapping for this indicator
    caveats: list[str]  # measure.caveats(): what police.uk cannot show
    benchmark: Benchmark | None  # None when it cannot be computed …
    problem: str | None  # … and then why, in words for a council user
    area: str  # the council's district, e.g. "Broxtowe"
    period: Period | None = None  # the period compared (None when no data was found)
    peer_group: str | None = None  # the peer group's name when one was used
    fix_command: str = ""  # what a performance officer runs to solve ``problem``, if a command can


IMPORT_COMMAND = "civicplan opendata import-police PATH…"
NO_DATA = "No police data has been imported yet."


STORE_BUSY = (
    "The police data store is busy (an import is running), so its figures cannot be shown just "
    "now: try again in a few minutes."
)


def open_store(
    store_path: Path | str | None = None,
) -> tuple[duckdb.DuckDBPyConnection | None, str | None]:
    """A read-only connection to the store, or None and why not (``NO_DATA`` or ``STORE_BUSY``),
    in words for a council user: pages show the sentence rather than fail."""
    try:
        return store.connect(store_path, read_only=True), None
    except store.StoreMissing:
        return None, NO_DATA
    except duckdb.IOException:
        return None, STORE_BUSY


def _home_force(con: duckdb.DuckDBPyConnection, area: str, period: Period | None) -> str | None:
    """The force recording most of the area's incidents in the period (or in all months held)."""
    if period is None:
        bounds = con.execute("SELECT min(month), max(month) FROM source_file").fetchone()
        if not bounds or bounds[0] is None:
            return None
        first, last = bounds
    else:
        first, last = period.first, period.last
    return stats.home_forces(con, first, last).get(area)


def latest_complete_quarter(con: duckdb.DuckDBPyConnection, area: str) -> Period | None:
    """The latest financial-year quarter for which every month of the area's force is held."""
    force = _home_force(con, area, None)
    held = set(stats.force_months(con, force)) if force else set()
    if not held:
        return None
    for quarter in reversed(quarters_ending(Period.month(max(held)), len(held) // 3 + 2)):
        if all(m in held for m in quarter.months()):
            return quarter
    return None


def _period_problem(con: duckdb.DuckDBPyConnection, area: str, period: Period) -> str | None:
    """Why ``period`` cannot be compared for ``area`` (no force, months missing), or None."""
    force = _home_force(con, area, period)
    if force is None:
        return f"No police data for {area} in {period_words(period)}: import those months first."
    held = set(stats.force_months(con, force))
    missing = [m for m in period.months() if m not in held]
    if missing:
        names = ", ".join(f"{m:%B %Y}" for m in missing)
        return (
            f"The police data for {area} in {period_words(period)} is incomplete: "
            f"{names} {'is' if len(missing) == 1 else 'are'} not imported yet."
        )
    return None


def _compare_all(
    con: duckdb.DuckDBPyConnection,
    organisation: Organisation | None,
    wanted: list[PoliceComparison],
) -> list[PoliceComparison]:
    """Each of ``wanted`` with its benchmark, or with the problem that stopped it. The store is
    checked once per period; the peer group and populations are read once, when first needed."""
    if not store.holds_data(con):
        return [replace(c, problem=NO_DATA, fix_command=IMPORT_COMMAND) for c in wanted]
    try:
        [area] = stats.check_districts(con, [wanted[0].area])
    except LookupError as exc:
        return [replace(c, problem=str(exc)) for c in wanted]
    problems: dict[Period, str | None] = {}
    latest: list[Period | None] = []
    context: list[tuple[PeerGroup | None, dict[str, int]]] = []
    done = []
    for found in wanted:
        found = replace(found, area=area)
        if found.period is None:
            if not latest:
                latest.append(latest_complete_quarter(con, area))
            if latest[0] is None:
                done.append(
                    replace(
                        found,
                        problem=f"The police data holds no whole quarter for {area} yet.",
                        fix_command=IMPORT_COMMAND,
                    )
                )
                continue
            found = replace(found, period=latest[0])
        period = found.period
        assert period is not None
        if period not in problems:
            problems[period] = _period_problem(con, area, period)
        if problems[period]:
            done.append(replace(found, problem=problems[period], fix_command=IMPORT_COMMAND))
            continue
        if not context:
            population = areas.population_by_district(con, areas.stored_population(con))
            context.append((default_peer_group(organisation), population))
        group, population = context[0]
        try:
            result = benchmark(
                con, area=area, measure=found.measure, period=period,
                peers=group.district_list() if group else None, population=population,
            )  # fmt: skip
        except LookupError as exc:
            done.append(replace(found, problem=str(exc)))
            continue
        done.append(replace(found, benchmark=result, peer_group=group.name if group else None))
    return done


def police_comparisons(
    plan: Plan,
    wanted: Sequence[tuple[str, Period | None]],
    *,
    store_path: Path | str | None = None,
) -> list[PoliceComparison | None]:
    """``police_comparison`` for each (code, period) of ``wanted``, in order, read in bulk: one
    query for the mapping, at most one for the peer group, one store connection. A report that
    compares every measure for two periods costs what one indicator page does."""
    measures = {m.code.lower(): m for m in measures_for(plan.organisation)[0]}
    area = council_area(plan.organisation) or ""
    found: list[PoliceComparison | None] = []
    for code, period in wanted:
        measure = measures.get(code.strip().lower())
        found.append(
            PoliceComparison(measure, measure.caveats(), None, None, area, period)
            if measure
            else None
        )
    todo = [c for c in found if c is not None]
    if not todo:
        return found
    if not area:
        problem = f"The council's district is not known: set {AREA_ENV}."
        done = [replace(c, problem=problem) for c in todo]
    else:
        con, closed = open_store(store_path)
        if con is None:
            fix = IMPORT_COMMAND if closed == NO_DATA else ""
            done = [replace(c, problem=closed, fix_command=fix) for c in todo]
        else:
            with con:
                done = _compare_all(con, plan.organisation, todo)
    results = iter(done)
    return [next(results) if c is not None else None for c in found]


def police_comparison(
    plan: Plan, code: str, period: Period | None, *, store_path: Path | str | None = None
) -> PoliceComparison | None:
    """The council beside its peer group (or its force's districts) for one police-derived
    indicator and period; None when the indicator is not derived from police data.

    ``period`` None means the latest quarter for which the store holds every month. Whatever
    goes wrong with the store (none yet, busy, no data for the period, an unknown district) is
    returned as ``problem``, written for a council user, never raised.
    """
    return police_comparisons(plan, [(code, period)], store_path=store_path)[0]
