"""The data of the report's benchmarking: the council beside the other districts of its police
force (or its peer group) on each of the plan's measures counted from data.police.uk.

``police_benchmarks`` reads every comparison the report needs at once: what
``opendata.selectors.police_comparison`` gives for each measure and period, with one store
connection and two Django queries whatever the number of measures. ``benchmarking.py`` turns it
into the report's section.

The comparisons are for the report's quarter and for the latest whole financial year up to it:
a benchmark's period (``opendata.rules.Period``) is a month, a quarter or a financial year, so a
year to date (April to September) cannot be compared yet; the latest whole year stands in for
it, and the section says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from civicplan.core.periods import Period as ReportPeriod
from civicplan.opendata import areas, stats
from civicplan.opendata.compare import benchmark
from civicplan.opendata.rules import MeasureDef, Period
from civicplan.opendata.selectors import (
    AREA_ENV,
    IMPORT_COMMAND,
    NO_DATA,
    PoliceComparison,
    council_area,
    default_peer_group,
    measures_for,
    open_store,
    period_words,
)
from civicplan.plans.models import Plan


@dataclass(frozen=True)
class PoliceMeasure:
    """One of the plan's police-derived indicators, compared for each of the report's periods."""

    code: str
    title: str  # the plan's own title for the indicator
    comparisons: tuple[PoliceComparison, ...]  # one per period, in ``PoliceBenchmarks.periods``

    @property
    def caveats(self) -> list[str]:
        return self.comparisons[0].caveats

    @property
    def counted(self) -> str:
        """What police.uk counts for it (the mapping's title: "Burglary", "Violence"), which can
        be less than the plan's title says; the plan's title when the mapping has none."""
        return self.comparisons[0].measure.title or self.title


@dataclass(frozen=True)
class PoliceBenchmarks:
    """Every comparison the section shows: the area, the periods and each measure."""

    area: str
    periods: tuple[Period, ...]  # the report's quarter, then the latest whole financial year
    measures: tuple[PoliceMeasure, ...]

    def shown(self) -> list[int]:
        """The periods (by index) for which at least one measure has a benchmark."""
        return [
            i
            for i in range(len(self.periods))
            if any(m.comparisons[i].benchmark for m in self.measures)
        ]

    def problem(self, index: int) -> str | None:
        """Why a period has no benchmark at all (the first measure's reason: they share it)."""
        reasons = [m.comparisons[index].problem for m in self.measures]
        return next((r for r in reasons if r), None)

    @property
    def peer_group(self) -> str | None:
        return next(
            (c.peer_group for m in self.measures for c in m.comparisons if c.peer_group), None
        )

    def group_words(self) -> str:
        """ "the other districts of Nottinghamshire" or "its peer group (CIPFA neighbours)"."""
        if self.peer_group:
            return f"its peer group ({self.peer_group})"
        found = next(
            (c.benchmark for m in self.measures for c in m.comparisons if c.benchmark), None
        )
        group = found.group if found else "districts of its police force"
        return f"the other {group}" if group.startswith("districts of") else group


def comparison_periods(period: ReportPeriod) -> tuple[Period, ...]:
    """The report's period, then the latest whole financial year up to it (the year itself when
    the report is for the fourth quarter or for a year, so it is not compared twice)."""
    own = Period.parse(str(period))
    if own.grain == "year":
        return (own,)
    year = Period.year(own.fy) if own.last.month == 3 else Period.year(own.fy - 1)
    return (own, year) if year != own else (own,)


def _period_problem(con: duckdb.DuckDBPyConnection, area: str, period: Period) -> str | None:
    """Why ``period`` cannot be compared for ``area`` (no force, months missing), or None."""
    force = stats.home_forces(con, period.first, period.last).get(area)
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
    plan: Plan,
    found: dict[tuple[str, Period], PoliceComparison],
    periods: Sequence[Period],
) -> dict[tuple[str, Period], PoliceComparison]:
    """``selectors.police_comparison`` for every measure and period on one connection: the
    checks are made once per period and the peer group and populations read once."""
    row = con.execute("SELECT count(*) FROM source_file").fetchone()
    if not row or not row[0]:
        return {
            k: dataclasses.replace(c, problem=NO_DATA, fix_command=IMPORT_COMMAND)
            for k, c in found.items()
        }
    some = next(iter(found.values()))
    try:
        [area] = stats.check_districts(con, [some.area])
    except LookupError as exc:
        return {k: dataclasses.replace(c, problem=str(exc)) for k, c in found.items()}
    group = default_peer_group(plan.organisation)
    population = areas.population_by_district(con, areas.stored_population(con))
    out = {}
    for period in periods:
        problem = _period_problem(con, area, period)
        for (code, p), comparison in found.items():
            if p != period:
                continue
            comparison = dataclasses.replace(comparison, area=area)
            if problem:
                out[(code, p)] = dataclasses.replace(
                    comparison, problem=problem, fix_command=IMPORT_COMMAND
                )
                continue
            try:
                result = benchmark(
                    con, area=area, measure=comparison.measure, period=period,
                    peers=group.district_list() if group else None, population=population,
                )  # fmt: skip
            except LookupError as exc:
                out[(code, p)] = dataclasses.replace(comparison, problem=str(exc))
                continue
            out[(code, p)] = dataclasses.replace(
                comparison, benchmark=result, peer_group=group.name if group else None
            )
    return out


def police_benchmarks(
    plan: Plan,
    period: ReportPeriod,
    indicators: Sequence[tuple[str, str]],
    *,
    store_path: Path | str | None = None,
) -> PoliceBenchmarks | None:
    """The comparisons for those of ``indicators`` (code, title; in the plan's order) that are
    derived from police data; None when none is.

    Each comparison is what ``selectors.police_comparison(plan, code, period)`` gives, read in
    bulk: one query for the measure mapping, one for the peer group (only when the store holds
    data) and one store connection for the whole report.
    """
    measures: dict[str, MeasureDef] = {
        m.code.lower(): m for m in measures_for(plan.organisation)[0]
    }
    wanted = [
        (code, title, measures[code.lower()])
        for code, title in indicators
        if code.lower() in measures
    ]
    if not wanted:
        return None
    periods = comparison_periods(period)
    area = council_area(plan.organisation) or ""
    found = {
        (code, p): PoliceComparison(m, m.caveats(), None, None, area, p)
        for code, _, m in wanted
        for p in periods
    }
    if not area:
        problem = f"The council's district is not known: set {AREA_ENV}."
        found = {k: dataclasses.replace(c, problem=problem) for k, c in found.items()}
    else:
        con, problem = open_store(store_path)
        if con is None:
            fix = IMPORT_COMMAND if problem == NO_DATA else ""
            found = {
                k: dataclasses.replace(c, problem=problem, fix_command=fix)
                for k, c in found.items()
            }
        else:
            with con:
                found = _compare_all(con, plan, found, periods)
    return PoliceBenchmarks(
        area=next(iter(found.values())).area,
        periods=periods,
        measures=tuple(
            PoliceMeasure(code, title, tuple(found[(code, p)] for p in periods))
            for code, title, _ in wanted
        ),
    )
