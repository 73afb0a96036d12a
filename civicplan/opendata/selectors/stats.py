"""Area statistics from the store: pure reads, each a fixed number of grouped DuckDB queries.

Counts come from ``area_month_count`` (one row per file, month, district and crime type), so
"every measure for every district for twelve quarters" reads thousands of rows, not millions.
A district belongs to the force whose files record most of its incidents (border LSOAs appear in
a neighbour's files too); its counts include every loaded force's rows located in its LSOAs.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from civicplan.opendata.rules import Grain, MeasureDef, Period, period_of

_PERIOD_START_SQL = {
    "month": "a.month",
    # Financial-year quarters start in April, July, October and January: the calendar quarters.
    "quarter": "date_trunc('quarter', a.month)::DATE",
    "year": "make_date(year(a.month) - CASE WHEN month(a.month) < 4 THEN 1 ELSE 0 END, 4, 1)",
}

# The force that records most of each district's incidents in the window: its "home" force.
_HOME_FORCE_CTE = """
home AS (
    SELECT district, arg_max(force, n) AS force
    FROM (
        SELECT a.district, f.force, sum(a.n) AS n
        FROM area_month_count a JOIN source_file f USING (file_id)
        WHERE a.district IS NOT NULL AND a.month BETWEEN $first AND $last
        GROUP BY ALL
    )
    GROUP BY district
)
"""


class DistrictCount(NamedTuple):
    """One measure's count for one district in one period (a tuple: bulk reads make thousands)."""

    district: str
    code: str
    period: Period
    # The field shadows ``tuple.count``, which mypy refuses for any NamedTuple; the name is the
    # rows' public one (pages, tests, the benchmark), so it stays.
    count: int  # type: ignore[assignment]


def known_crime_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0] for r in con.execute("SELECT DISTINCT crime_type FROM area_month_count").fetchall()
    ]


def known_districts(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT district FROM area_month_count WHERE district IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def check_districts(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> list[str]:
    """The districts as the store spells them; an unknown one is an error naming near matches."""
    known = known_districts(con)
    by_lower = {k.lower(): k for k in known}
    found = []
    for name in names:
        match = by_lower.get(name.strip().lower())
        if match is None:
            near = difflib.get_close_matches(name, known, n=3)
            hint = f" Did you mean {', '.join(near)}?" if near else ""
            raise LookupError(
                f"No LSOAs of {name!r} in the police data store.{hint} A district is named by its "
                "LSOA-name prefix ('Broxtowe' for 'Broxtowe 003C') or by the ONS lookup loaded."
            )
        found.append(match)
    return found


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def measure_table_sql(con: duckdb.DuckDBPyConnection, measures: Sequence[MeasureDef]) -> str:
    """(measure code, crime type) pairs as a VALUES list, expanded against the types stored.

    Inlined as quoted literals because DuckDB takes named or positional parameters, not both.
    """
    known = known_crime_types(con)
    pairs = [(m.code, t) for m in measures for t in m.types_among(known)]
    if not pairs:
        return "(SELECT NULL::VARCHAR AS code, NULL::VARCHAR AS crime_type WHERE false) AS m"
    values = ", ".join(f"({_sql_text(c)}, {_sql_text(t)})" for c, t in pairs)
    return f"(VALUES {values}) AS m(code, crime_type)"


def district_counts(
    con: duckdb.DuckDBPyConnection,
    measures: Sequence[MeasureDef],
    *,
    first: dt.date,
    last: dt.date,
    grain: Grain,
    districts: Sequence[str] | None = None,
    force: str | None = None,
) -> list[DistrictCount]:
    """Every measure for every district (or those named, or a force's) by period: one query."""
    table = measure_table_sql(con, measures)
    named: dict[str, object] = {"first": first, "last": last}
    where = ["a.month BETWEEN $first AND $last", "a.district IS NOT NULL"]
    with_home = ""
    if districts is not None:
        where.append("list_contains($districts, a.district)")
        named["districts"] = list(districts)
    if force is not None:
        with_home = "WITH " + _HOME_FORCE_CTE
        where.append("a.district IN (SELECT district FROM home WHERE force = $force)")
        named["force"] = force
    rows = con.execute(
        f"""
        {with_home}
        SELECT a.district, m.code, {_PERIOD_START_SQL[grain]} AS start, sum(a.n)::BIGINT
        FROM area_month_count a JOIN {table} ON m.crime_type = a.crime_type
        WHERE {" AND ".join(where)}
        GROUP BY ALL
        """,
        named,
    ).fetchall()
    return [DistrictCount(d, c, period_of(s, grain), n) for d, c, s, n in rows]


def area_counts(
    con: duckdb.DuckDBPyConnection,
    area: str,
    measures: Sequence[MeasureDef],
    period: Period,
    grain: Grain,
) -> dict[tuple[str, Period], int]:
    """One area's counts per measure and sub-period, with zeros where nothing was recorded."""
    counts = {(m.code, p): 0 for m in measures for p in period.split(grain)}
    for row in district_counts(
        con, measures, first=period.first, last=period.last, grain=grain, districts=[area]
    ):
        counts[(row.code, row.period)] = row.count
    return counts


def home_forces(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> dict[str, str]:
    """Each district's home force in the window (the force recording most of its incidents)."""
    rows = con.execute(
        f"WITH {_HOME_FORCE_CTE} SELECT district, force FROM home",
        {"first": first, "last": last},
    ).fetchall()
    return dict(rows)


# A district joins a force's comparison group when at least this share of the force's incidents
# in the window are there (see ``force_districts``). The smallest districts of the big forces
# hold about 3%; incidents just over a boundary, well under 1%.
MEMBER_SHARE = 0.01


def force_districts(
    con: duckdb.DuckDBPyConnection, force: str, first: dt.date, last: dt.date
) -> tuple[list[str], list[str]]:
    """The districts a force polices in the window, and those it only touches near its boundary.

    A force's files hold a few incidents just over its boundary. When the neighbouring force's
    files are loaded, those districts go home to it (``home_forces``); when they are not, they
    would join this force's group with a handful of incidents and rank last. So a district is a
    member only when it holds at least 1% of the force's incidents in the window; the others are
    returned second, for the page to say they were left out and why.
    """
    rows = con.execute(
        f"""
        WITH {_HOME_FORCE_CTE}
        SELECT a.district, sum(a.n)::BIGINT
        FROM area_month_count a JOIN source_file f USING (file_id)
        WHERE f.force = $force AND a.month BETWEEN $first AND $last
          AND a.district IN (SELECT district FROM home WHERE force = $force)
        GROUP BY ALL
        """,
        {"force": force, "first": first, "last": last},
    ).fetchall()
    if not rows:
        return [], []
    floor = sum(n for _, n in rows) * MEMBER_SHARE
    return sorted(d for d, n in rows if n >= floor), sorted(d for d, n in rows if n < floor)


@dataclass(frozen=True, slots=True)
class FileUse:
    """A source file that contributed rows to one measure's figure for one period."""

    code: str
    period: Period
    name: str
    sha256: str
    force: str
    month: dt.date
    rows: int


def files_by_measure(
    con: duckdb.DuckDBPyConnection,
    area: str,
    measures: Sequence[MeasureDef],
    period: Period,
    grain: Grain,
) -> list[FileUse]:
    """Rows counted per measure, sub-period and source file for one area: one query.

    Summed over files this is the figure itself, so a derived value and its provenance cannot
    disagree.
    """
    rows = con.execute(
        f"""
        SELECT m.code, {_PERIOD_START_SQL[grain]} AS start, f.name, f.sha256, f.force, f.month,
               sum(a.n)::BIGINT
        FROM area_month_count a
        JOIN {measure_table_sql(con, measures)} ON m.crime_type = a.crime_type
        JOIN source_file f USING (file_id)
        WHERE a.district = $area AND a.month BETWEEN $first AND $last
        GROUP BY ALL ORDER BY 1, 2, f.month, f.force
        """,
        {"area": area, "first": period.first, "last": period.last},
    ).fetchall()
    return [
        FileUse(code, period_of(start, grain), name, sha, force, month, int(n))
        for code, start, name, sha, force, month, n in rows
    ]


def lookup_in_use(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM lsoa_lookup").fetchone()
    return bool(row and row[0])


def force_months(con: duckdb.DuckDBPyConnection, force: str) -> list[dt.date]:
    rows = con.execute(
        "SELECT month FROM source_file WHERE force = ? ORDER BY month", [force]
    ).fetchall()
    return [r[0] for r in rows]


def rows_without_location(con: duckdb.DuckDBPyConnection, force: str, period: Period) -> int:
    row = con.execute(
        "SELECT coalesce(sum(rows_without_location), 0) FROM source_file "
        "WHERE force = ? AND month BETWEEN ? AND ?",
        [force, period.first, period.last],
    ).fetchone()
    return int(row[0]) if row else 0


def store_summary(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dt.date, dt.date, int, int]]:
    """Per force: first and last month held, files, rows."""
    return con.execute(
        "SELECT force, min(month), max(month), count(*), sum(rows)::BIGINT FROM source_file "
        "GROUP BY force ORDER BY force"
    ).fetchall()
