"""The Police data page: what the store holds, for which area, and how the plan's measures are
counted (the organisation's crime-type mapping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

import duckdb

from civicplan.core import clock
from civicplan.core.formats import number_text
from civicplan.core.tables import Table
from civicplan.opendata.pages.common import (
    SEED_COMMAND,
    count_words,
    force_name,
)
from civicplan.opendata.pages.tables import forces_table, measures_table
from civicplan.opendata.policeuk import CRIME_TYPES
from civicplan.opendata.rules import Period
from civicplan.opendata.selectors import stats
from civicplan.opendata.selectors.compare import force_area_name
from civicplan.opendata.selectors.comparison import (
    AREA_ENV,
    IMPORT_COMMAND,
    NO_DATA,
    council_area,
    default_peer_group,
    latest_complete_quarter,
    measures_for,
    period_label,
)
from civicplan.plans.models import Organisation

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
    local = clock.local_time(when.replace(tzinfo=dt.UTC))
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
        size = count_words(len(group.district_list()), "district", "districts")
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
        mapping_origin=origin,
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
