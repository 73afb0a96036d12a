"""What the police data pages show: the store's status, the organisation's measure mapping, the
hotspot tables and the figures a performance officer records from the data, built as
``core.tables.Table`` so that every table downloads as CSV.

Store reads go through ``selectors.open_store`` (the views open it once a request) and the
``stats`` and ``compare`` functions the command line uses, so a page and ``civicplan opendata
hotspots`` cannot disagree. Whatever goes wrong with the store is a sentence, never an error page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

import duckdb
from django.utils import timezone

from civicplan.core.formats import number_text
from civicplan.core.periods import Period as CorePeriod
from civicplan.core.tables import Cell, Column, Table, Tag, listing, number, text
from civicplan.indicators.models import Indicator
from civicplan.indicators.monitoring import plan_series
from civicplan.indicators.rules import Frequency
from civicplan.opendata import stats
from civicplan.opendata.compare import Hotspot, force_area_name, hotspots
from civicplan.opendata.derive import DerivedValue, derive
from civicplan.opendata.forms import Grouped
from civicplan.opendata.policeuk import ASB, CRIME_TYPES, FORCES, format_month, parse_month
from civicplan.opendata.rules import Grain, MeasureDef, Period, add_months, period_of
from civicplan.opendata.selectors import (
    AREA_ENV,
    IMPORT_COMMAND,
    NO_DATA,
    council_area,
    default_peer_group,
    latest_complete_quarter,
    measures_for,
    period_words,
)
from civicplan.plans.models import Organisation, Plan

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


def _month_list(months: Sequence[dt.date]) -> str:
    """``April to November 2025 and February 2026``: runs of consecutive months."""
    runs: list[list[dt.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    names = [months_words(Period(run[0], run[-1], "month")) for run in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count_words(n: int, one: str, many: str) -> str:
    return f"{number_text(n)} {one if n == 1 else many}"


# -- the mapping ------------------------------------------------------------------------------


def measures_table(measures: Sequence[MeasureDef], known: Sequence[str]) -> Table:
    """Code, title, the crime types counted and the caveats of each measure in the mapping."""
    table = Table(
        "measures",
        "The plan’s police measures and the crime types they count",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Measure"),
            Column("types", "Crime types counted"),
            Column("caveats", "What police.uk cannot show"),
        ],
        filename="police-measures",
    )
    for measure in measures:
        if measure.rule == "all_except":
            words = "Every type except " + ", ".join(sorted(measure.crime_types))
            types = text(words)
        else:
            types = listing(measure.types_among(known))
        caveats = listing(measure.caveats())
        table.add(
            text(measure.code),
            text(measure.title),
            types,
            Cell(value=caveats.value, items=caveats.items, bullets=True),
        )
    return table


# -- the store's status -----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaStatus:
    """The council's district as the store sees it."""

    area: str
    force: str = ""  # "Nottinghamshire Police": the force recording most of its incidents
    latest_quarter: Period | None = None
    compared_with: str = ""  # "the other districts of Nottinghamshire" or a peer group
    problem: str = ""  # why the district cannot be shown

    @property
    def latest_quarter_words(self) -> str:
        quarter = self.latest_quarter
        return period_label(quarter) if quarter else ""


@dataclass(frozen=True)
class PoliceDataPage:
    """The "Police data" page: the store (or why there is none), the district, the mapping."""

    measures: Table
    mapping_origin: Literal["organisation", "default"]
    organisation: str
    problem: str = ""  # no store, or busy
    fix_command: str = ""  # what a performance officer runs about ``problem``
    forces: Table | None = None
    last_imported: str = ""
    rows: str = ""  # "9,600, of which 96 have no location …"
    area: AreaStatus | None = None
    area_problem: str = ""  # the district is not known at all
    seed_command: str = ""

    @property
    def tables(self) -> list[Table]:
        return [t for t in (self.forces, self.measures) if t is not None]


def forces_table(
    summary: Sequence[tuple[str, dt.date, dt.date, int, int]], unplaced: Mapping[str, int]
) -> Table:
    table = Table(
        "store",
        "Police data held, by force",
        [
            Column("force", "Force", row_header=True),
            Column("first", "First month"),
            Column("last", "Last month"),
            Column("files", "Files", numeric=True),
            Column("rows", "Rows", numeric=True),
            Column("unplaced", "Rows without a location", numeric=True),
        ],
        filename="police-data-held",
    )
    for force, first, last, files, rows in summary:
        table.add(
            Cell(value=force, text=force_name(force)),
            Cell(value=f"{first:%Y-%m}", text=f"{first:%B %Y}"),
            Cell(value=f"{last:%Y-%m}", text=f"{last:%B %Y}"),
            number(files),
            number(rows),
            number(unplaced.get(force, 0)),
        )
    if len(summary) > 1:
        first, last = min(r[1] for r in summary), max(r[2] for r in summary)
        table.add_foot(
            text("All forces"),
            Cell(value=f"{first:%Y-%m}", text=f"{first:%B %Y}"),
            Cell(value=f"{last:%Y-%m}", text=f"{last:%B %Y}"),
            number(sum(r[3] for r in summary)),
            number(sum(r[4] for r in summary)),
            number(sum(unplaced.values())),
        )
    return table


def _rows_words(rows: int, unplaced: int) -> str:
    if not unplaced:
        return f"{number_text(rows)}, every one with a location"
    return (
        f"{number_text(rows)}, of which {number_text(unplaced)} "
        f"{'has' if unplaced == 1 else 'have'} no location and cannot be placed in any area"
    )


def _imported_text(when: dt.datetime | None) -> str:
    """The store keeps UTC without a zone; people read London time."""
    if when is None:
        return ""
    local = timezone.localtime(when.replace(tzinfo=dt.UTC))
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _area_status(
    con: duckdb.DuckDBPyConnection, area: str, organisation: Organisation | None
) -> AreaStatus:
    try:
        [area] = stats.check_districts(con, [area])
    except LookupError as exc:
        return AreaStatus(area, problem=str(exc))
    bounds = con.execute("SELECT min(month), max(month) FROM source_file").fetchone()
    force = stats.home_forces(con, *bounds).get(area, "") if bounds else ""
    group = default_peer_group(organisation)
    if group:
        size = _count_words(len(group.district_list()), "district", "districts")
        compared = f"the peer group ‘{group.name}’ ({size})"
    else:
        compared = f"the other districts of {force_area_name(force)}" if force else ""
    return AreaStatus(
        area,
        force=force_name(force) if force else "",
        latest_quarter=latest_complete_quarter(con, area),
        compared_with=compared,
    )


def police_data_page(
    con: duckdb.DuckDBPyConnection | None, problem: str | None, organisation: Organisation | None
) -> PoliceDataPage:
    """Everything the page shows; ``con`` None (with ``problem``) when the store cannot be read."""
    measures, origin = measures_for(organisation)
    known = stats.known_crime_types(con) if con is not None else list(CRIME_TYPES)
    name = organisation.name if organisation else "The council"
    page = PoliceDataPage(
        measures=measures_table(measures, known),
        mapping_origin=origin,  # type: ignore[arg-type]
        organisation=name,
        seed_command=f'{SEED_COMMAND} "{name}"' if origin == "default" else "",
    )
    area = council_area(organisation)
    area_problem = "" if area else f"The council’s district is not known: set {AREA_ENV}."
    if con is None:
        fix = IMPORT_COMMAND if problem == NO_DATA else ""
        return replace(page, problem=problem or "", fix_command=fix, area_problem=area_problem)
    summary = stats.store_summary(con)
    if not summary:
        return replace(page, problem=NO_DATA, fix_command=IMPORT_COMMAND, area_problem=area_problem)
    extra = con.execute(
        "SELECT force, sum(rows_without_location)::BIGINT, max(imported_at) FROM source_file "
        "GROUP BY force"
    ).fetchall()
    unplaced = {force: int(n) for force, n, _ in extra}
    return replace(
        page,
        forces=forces_table(summary, unplaced),
        last_imported=_imported_text(max(when for _, _, when in extra)),
        rows=_rows_words(sum(r[4] for r in summary), sum(unplaced.values())),
        area=_area_status(con, area, organisation) if area else None,
        area_problem=area_problem,
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
        return f"{words} ({_count_words(len(have), 'month', 'months')} held)"

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


def hotspot_table(
    spots: Sequence[Hotspot],
    *,
    area: str,
    name: str,
    code: str,
    period: Period,
    by: Literal["street", "lsoa"],
    limit: int,
) -> Table:
    places = "streets" if by == "street" else "LSOAs"
    which = (
        f"the {limit} {places} with most recorded"
        if len(spots) >= limit
        else f"every {places[:-1]} with any recorded ({len(spots)})"
    )
    first = (
        [Column("place", "Street", row_header=True), Column("lsoa_name", "LSOA")]
        if by == "street"
        else [Column("lsoa_name", "LSOA", row_header=True)]
    )
    table = Table(
        "hotspots",
        f"{name} in {area}, {period_label(period)}: {which}",
        [
            Column("rank", "Rank", numeric=True),
            *first,
            Column("lsoa_code", "LSOA code"),
            Column("count", "Number recorded", numeric=True),
            Column("share", f"% of {area}’s total", numeric=True),
        ],
        filename=(
            f"{area} {code} {str(period).replace('/', '-')} hotspots by {by}".replace("_", "-")
        ),
        empty=f"Nothing counted in {name} was recorded with a location in {area} in "
        f"{period_label(period)}.",
    )
    for spot in spots:
        share = round(spot.share * 100, 1)
        place = [text(spot.place), text(spot.lsoa_name)] if by == "street" else []
        table.add(
            number(spot.rank),
            *(place or [text(spot.lsoa_name)]),
            text(spot.lsoa_code),
            number(spot.count),
            Cell(value=share, text=f"{share:.1f}"),
        )
    return table


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
            f" The {_count_words(len(spots), places[:-1], places)} below account for "
            f"{number_text(listed)} of them ({listed * 100 / total:.1f}%)."
        )
    missing_months = [m for m in period.months() if m not in choices.held]
    missing = (
        f"The police data for {area} in {period_words(period)} is incomplete: "
        f"{_month_list(missing_months)} {'is' if len(missing_months) == 1 else 'are'} not "
        "imported yet, so these counts cover only the months held."
        if missing_months
        else ""
    )
    unplaced = ""
    if choices.force:
        n = _unplaced(con, choices.force, period, types)
        force = force_name(choices.force)
        unplaced = (
            f"{_count_words(n, 'row', 'rows')} counted in {name} in {force}’s files for "
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


# -- recording derived figures ----------------------------------------------------------------

GRAIN_WORDS = {"quarter": "by quarter", "month": "by month", "year": "for the financial year"}


@dataclass(frozen=True)
class RecordChoices:
    """What the "Record figures from police data" form offers, and its defaults."""

    periods: Grouped
    defaults: dict[str, str]


def record_choices(con: duckdb.DuckDBPyConnection, area: str) -> RecordChoices:
    """Quarters and financial years of the months held (as the hotspots page offers them); the
    latest whole quarter, recorded by quarter, until the officer chooses another."""
    _, held = held_months(con, area)
    latest = latest_complete_quarter(con, area) or (
        period_of(held[-1], "quarter") if held else None
    )
    return RecordChoices(
        periods=period_choices(held, months=False),
        defaults={"period": str(latest) if latest else "", "grain": "quarter"},
    )


@dataclass(frozen=True)
class RecordPreview:
    """The figures the police data gives for a period, before anything is recorded."""

    table: Table
    summary: str  # how many figures, and whether every month is held
    recordable: int  # figures with every month held, for indicators collected for such periods
    values: list[DerivedValue] = field(default_factory=list)


def _frequency_cell(indicator: Indicator | None) -> Cell:
    if indicator is None:
        return Cell(value="", text="Not in the plan")
    return Cell(value=indicator.frequency, text=Frequency(indicator.frequency).label)


def _completeness_cell(value: DerivedValue) -> Cell:
    missing = [parse_month(m) for m in value.provenance.months_missing]
    if not missing:
        return Cell(value="complete", tags=(Tag("Complete", "green"),))
    months = [m for m in missing if m is not None]
    return Cell(
        value="months missing: " + ", ".join(value.provenance.months_missing),
        tags=(Tag("Months missing", "orange"),),
        hint=f"{_month_list(months)} not imported",
    )


def record_table(
    values: Sequence[DerivedValue],
    *,
    titles: Mapping[str, str],
    indicators: Mapping[str, Indicator],
    approved: Mapping[str, Mapping[CorePeriod, Decimal]],
    area: str,
    period: Period,
    grain: Grain,
) -> Table:
    """One row a measure and period: the derived figure, the months it counts, whether every
    month is held, how the indicator is collected and the approved figure the plan holds."""
    table = Table(
        "derived",
        f"Figures from police data for {area}, {period_label(period)}, {GRAIN_WORDS[grain]}",
        [
            Column("code", "Code", row_header=True),
            Column("measure", "Measure"),
            Column("period", "Period"),
            Column("value", "Derived value", numeric=True),
            Column("months", "Months counted"),
            Column("complete", "Every month held"),
            Column("frequency", "Collected"),
            Column("approved", "Approved figure held", numeric=True),
        ],
        filename=f"{area} police figures {str(period).replace('/', '-')} by {grain}",
        empty="The organisation’s mapping has no police measures.",
    )
    for value in values:
        missing = set(value.provenance.months_missing)
        counted = [m for m in value.period.months() if format_month(m) not in missing]
        held = approved.get(value.code, {}).get(CorePeriod.parse(str(value.period)))
        table.add(
            text(value.code),
            text(titles.get(value.code, "")),
            Cell(value=str(value.period), text=period_words(value.period)),
            number(value.value),
            Cell(
                value="; ".join(value.provenance.months),
                text=_month_list(counted) if counted else "None",
            ),
            _completeness_cell(value),
            _frequency_cell(indicators.get(value.code)),
            number(held) if held is not None else Cell(value=None, text="None"),
        )
    return table


def record_preview(
    con: duckdb.DuckDBPyConnection, plan: Plan, *, area: str, period: Period, grain: Grain
) -> RecordPreview:
    """What ``derived_values_record_for_period`` would send to the value service, and what the
    plan holds beside it: the approved figures from ``monitoring.plan_series`` (six queries)."""
    measures, origin = measures_for(plan.organisation)
    values = derive(con, area=area, period=period, measures=measures, grain=grain, mapping=origin)
    indicators, series = plan_series(plan)
    by_code = {i.code: i for i in indicators}
    approved = {code: s.values for code, s in series.items()}
    table = record_table(
        values, titles={m.code: m.title for m in measures}, indicators=by_code,
        approved=approved, area=area, period=period, grain=grain,
    )  # fmt: skip
    incomplete = sum(1 for v in values if not v.complete)
    summary = (
        f"{_count_words(len(values), 'figure', 'figures')} from the police data for {area}, "
        f"{period_label(period)}, {GRAIN_WORDS[grain]}."
    )
    if incomplete:
        summary += (
            f" {number_text(incomplete)} of them {'counts' if incomplete == 1 else 'count'} "
            "a period with months not imported yet, so "
            f"{'it' if incomplete == 1 else 'they'} will not be recorded."
        )
    recordable = sum(1 for v in values if v.complete and _collected_for(by_code.get(v.code), v))
    return RecordPreview(table, summary, recordable, list(values))


def _collected_for(indicator: Indicator | None, value: DerivedValue) -> bool:
    """Whether the plan has the indicator and collects it for periods like the value's (the
    value service refuses the others; this only decides whether the page offers the button)."""
    if indicator is None:
        return False
    period = CorePeriod.parse(str(value.period))
    return Frequency(indicator.frequency).period_kind is period.kind


@dataclass(frozen=True)
class RecordOutcome:
    """The banner after recording: a heading, then each kind of outcome with its lines."""

    heading: str
    success: bool  # something was recorded
    sections: list[tuple[str, str, list[str]]]  # (key, lead-in, lines), empty ones left out


def record_outcome(
    recorded: Sequence[str], unchanged: Sequence[str], skipped: Sequence[str]
) -> RecordOutcome:
    """What ``derived_values_record`` did (its ``RecordSummary`` lists), in words."""
    heading = (
        f"{_count_words(len(recorded), 'figure', 'figures')} recorded for approval"
        if recorded
        else "No new figures recorded"
    )
    sections = [
        ("recorded", "Recorded for approval, each beside any figure already approved:", recorded),
        ("unchanged", "Unchanged: recorded before with the same value:", unchanged),
        ("skipped", "Not recorded:", skipped),
    ]
    return RecordOutcome(
        heading,
        bool(recorded),
        [(key, lead, list(lines)) for key, lead, lines in sections if lines],
    )
