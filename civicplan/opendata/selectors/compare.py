"""Comparing places: a council beside its neighbours or peers (benchmark), and where incidents
cluster inside it (hotspots)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import duckdb

from civicplan.opendata.policeuk import FORCES
from civicplan.opendata.rules import MeasureDef, Period, rate_per_1000
from civicplan.opendata.selectors import stats
from civicplan.opendata.store import DISTRICT_SQL


def force_area_name(force: str) -> str:
    """``nottinghamshire`` → ``Nottinghamshire``, ``avon-and-somerset`` → ``Avon and Somerset``:
    the area a force polices, as a sentence names it."""
    name = FORCES.get(force, force.replace("-", " ").title())
    for suffix in (" Constabulary", " Police"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    district: str
    count: int
    population: int | None
    rate: float | None  # per 1,000 residents
    is_area: bool
    rank: int


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The area beside its comparators for one measure and period, highest first."""

    area: str
    code: str
    period: Period
    group: str  # "Nottinghamshire districts" or "peer group (7)"
    ranked_by: Literal["rate", "count"]
    rows: list[BenchmarkRow] = field(default_factory=list)
    # Districts the force only touches near its boundary, left out of its group (see
    # ``stats.force_districts``): their own force's files are not loaded.
    left_out: list[str] = field(default_factory=list)

    def left_out_sentence(self) -> str:
        """Why districts that appear in the force's files are not in the group ("" if none)."""
        if not self.left_out:
            return ""
        names = ", ".join(self.left_out)
        return (
            f"Left out of the {self.group}: {names}. The force's files hold only a few incidents "
            "there, near its boundary; they are policed by another force, whose files are not "
            "imported."
        )


def benchmark(
    con: duckdb.DuckDBPyConnection,
    *,
    area: str,
    measure: MeasureDef,
    period: Period,
    peers: Sequence[str] | None = None,
    population: dict[str, int] | None = None,
) -> Benchmark:
    """Counts and rates per 1,000 for the area and its comparators (one grouped query).

    Comparators are the peer group when given, else the districts of the area's home force
    (without those it only touches at its boundary, which are listed in ``left_out``).
    Rates are ranked when every district has a population, counts otherwise.
    """
    [area] = stats.check_districts(con, [area])
    left_out: list[str] = []
    if peers:
        districts = stats.check_districts(con, [area, *[p for p in peers if p != area]])
        districts = list(dict.fromkeys(districts))
        group = f"peer group ({len(districts) - 1} besides {area})"
        rows = stats.district_counts(
            con, [measure], first=period.first, last=period.last, grain=period.grain,
            districts=districts,
        )  # fmt: skip
    else:
        homes = stats.home_forces(con, period.first, period.last)
        force = homes.get(area)
        if force is None:
            raise LookupError(f"No police data for {area} in {period}: import that period first.")
        districts, left_out = stats.force_districts(con, force, period.first, period.last)
        if area not in districts:  # however few, the council's own district is always shown
            districts, left_out = sorted([*districts, area]), [d for d in left_out if d != area]
        group = f"districts of {force_area_name(force)}"
        rows = stats.district_counts(
            con, [measure], first=period.first, last=period.last, grain=period.grain,
            districts=districts,
        )  # fmt: skip
    counts = {d: 0 for d in districts}
    for row in rows:
        if row.period == period:
            counts[row.district] = row.count
    population = {k.lower(): v for k, v in (population or {}).items()}
    pops = {d: population.get(d.lower()) for d in districts}
    ranked_by: Literal["rate", "count"] = "rate" if all(pops.values()) and pops else "count"

    def key(d: str) -> float:
        rate = rate_per_1000(counts[d], pops[d])
        return rate if ranked_by == "rate" and rate is not None else float(counts[d])

    order = sorted(districts, key=lambda d: (-key(d), d))
    return Benchmark(
        area=area,
        code=measure.code,
        period=period,
        group=group,
        ranked_by=ranked_by,
        left_out=left_out,
        rows=[
            BenchmarkRow(
                district=d,
                count=counts[d],
                population=pops[d],
                rate=rate_per_1000(counts[d], pops[d]),
                is_area=d == area,
                rank=index,
            )
            for index, d in enumerate(order, start=1)
        ],
    )


@dataclass(frozen=True, slots=True)
class Hotspot:
    rank: int
    place: str  # "On or near High Street" or the LSOA name
    lsoa_code: str
    lsoa_name: str
    count: int
    share: float  # of the area's incidents of these types in the period


def hotspots(
    con: duckdb.DuckDBPyConnection,
    *,
    area: str,
    crime_types: Sequence[str],
    period: Period,
    by: Literal["street", "lsoa"] = "street",
    limit: int = 10,
) -> list[Hotspot]:
    """The streets ("On or near …", within their LSOA) or LSOAs with most incidents, top first.

    A street is kept within its LSOA so that two High Streets in different towns stay apart.
    """
    [area] = stats.check_districts(con, [area])
    place = "s.location" if by == "street" else "s.lsoa_name"
    rows = con.execute(
        f"""
        SELECT place, lsoa_code, lsoa_name, n, n / sum(n) OVER () AS share
        FROM (
            SELECT {place} AS place, s.lsoa_code, s.lsoa_name, count(*) AS n
            FROM street_crime s LEFT JOIN lsoa_lookup lk ON lk.lsoa_code = s.lsoa_code
            WHERE s.month BETWEEN $first AND $last
              AND list_contains($types, s.crime_type)
              AND {DISTRICT_SQL} = $area
            GROUP BY ALL
        )
        ORDER BY n DESC, place, lsoa_code
        LIMIT $limit
        """,
        {
            "first": period.first,
            "last": period.last,
            "types": list(crime_types),
            "area": area,
            "limit": limit,
        },
    ).fetchall()
    return [
        Hotspot(rank, place or "(no location)", code or "", name or "", int(n), float(share))
        for rank, (place, code, name, n, share) in enumerate(rows, start=1)
    ]
