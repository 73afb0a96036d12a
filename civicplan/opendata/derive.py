"""Derived values: an area's measures for a period, each with where it came from.

The result is plain data (code, period, value, provenance) for the monitoring value service to
record with ``source=police`` and the provenance dict; the period's text (``2026/27-Q2``,
``2026/27``, ``2026-05``) is the one ``civicplan.core.periods.Period.parse`` reads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from civicplan.opendata.policeuk import format_month
from civicplan.opendata.rules import Grain, MeasureDef, Period
from civicplan.opendata.selectors import stats

SOURCE = "data.police.uk street-level crime"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a derived figure came from: enough to re-derive it and to judge its completeness."""

    area: str
    area_method: str
    force: str | None
    crime_types: tuple[str, ...]
    mapping: str
    files: tuple[dict[str, Any], ...]
    months: tuple[str, ...]
    months_missing: tuple[str, ...]
    rows_counted: int
    force_rows_without_location: int
    caveats: tuple[str, ...] = ()
    source: str = SOURCE

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "area": self.area,
            "area_method": self.area_method,
            "force": self.force,
            "crime_types": list(self.crime_types),
            "mapping": self.mapping,
            "files": [dict(f) for f in self.files],
            "months": list(self.months),
            "months_missing": list(self.months_missing),
            "rows_counted": self.rows_counted,
            "force_rows_without_location": self.force_rows_without_location,
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True, slots=True)
class DerivedValue:
    """One measure's figure for one period, ready for ``indicator_value_record``."""

    code: str
    period: Period
    value: int
    provenance: Provenance = field(compare=False)

    @property
    def complete(self) -> bool:
        """False when a month of the period is not loaded yet (police.uk lags by weeks)."""
        return not self.provenance.months_missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "period": str(self.period),
            "value": self.value,
            "complete": self.complete,
            "provenance": self.provenance.as_dict(),
        }


def derive(
    con: duckdb.DuckDBPyConnection,
    *,
    area: str,
    period: Period,
    measures: Sequence[MeasureDef],
    grain: Grain | None = None,
    mapping: str = "default",
) -> list[DerivedValue]:
    """Each measure for ``period`` (or each of its months or quarters, by ``grain``)."""
    [area] = stats.check_districts(con, [area])
    grain = grain or period.grain
    uses = stats.files_by_measure(con, area, measures, period, grain)
    by_key: dict[tuple[str, Period], list[stats.FileUse]] = defaultdict(list)
    for use in uses:
        by_key[(use.code, use.period)].append(use)
    force = _home_force(con, area, period)
    held = set(stats.force_months(con, force)) if force else set()
    known = stats.known_crime_types(con)
    method = (
        "ONS LSOA lookup (LSOA-name prefix for LSOAs it does not list)"
        if stats.lookup_in_use(con)
        else "LSOA-name prefix"
    )
    values = []
    for sub in period.split(grain):
        months = sub.months()
        unplaced = stats.rows_without_location(con, force, sub) if force else 0
        for measure in measures:
            files = by_key.get((measure.code, sub), [])
            count = sum(f.rows for f in files)
            provenance = Provenance(
                area=area,
                area_method=method,
                force=force,
                crime_types=measure.types_among(known),
                mapping=mapping,
                files=tuple({"name": f.name, "sha256": f.sha256, "rows": f.rows} for f in files),
                months=tuple(format_month(m) for m in months if m in held),
                months_missing=tuple(format_month(m) for m in months if m not in held),
                rows_counted=count,
                force_rows_without_location=unplaced,
                caveats=tuple(measure.caveats()),
            )
            values.append(DerivedValue(measure.code, sub, count, provenance))
    return values


def _home_force(con: duckdb.DuckDBPyConnection, area: str, period: Period) -> str | None:
    """The force recording most of the area's incidents in the period, else in all data held."""
    force = stats.home_forces(con, period.first, period.last).get(area)
    if force is None:
        force = stats.home_forces(con, dt.date(1900, 1, 1), dt.date(2999, 12, 1)).get(area)
    return force
