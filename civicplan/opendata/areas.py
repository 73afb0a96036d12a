"""Files the user loads about areas: the ONS LSOA-to-district lookup, populations, peer groups.

Each is checked whole before the store changes, and a problem is reported by file and line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from civicplan.opendata import store
from civicplan.opendata.validate import DataFileError

_LSOA_CODE_RE = re.compile(r"^[EW]01\d{6}$")


@dataclass(frozen=True, slots=True)
class LookupRow:
    lsoa_code: str
    lsoa_name: str
    district: str
    district_code: str


@dataclass(frozen=True, slots=True)
class PopulationRow:
    district: str
    district_code: str
    population: int


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, row) pairs of a CSV saved by Excel or downloaded (BOM, CRLF allowed)."""
    origin = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            origin, None, f"is not UTF-8 text ({exc.reason}); save it as 'CSV UTF-8'."
        ) from None
    except OSError as exc:
        raise DataFileError(origin, None, f"cannot be read: {exc.strerror}.") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    if not any(header):
        raise DataFileError(origin, 1, "is empty: the first line must name the columns.")
    rows = []
    start = 2
    for row in reader:
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in row):
            rows.append((line, [cell.strip() for cell in row]))
    return header, rows


def _find_column(header: list[str], patterns: list[str]) -> int | None:
    for pattern in patterns:
        for index, name in enumerate(header):
            if re.fullmatch(pattern, name, flags=re.IGNORECASE):
                return index
    return None


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def parse_lookup(path: Path) -> list[LookupRow]:
    """Read an ONS LSOA lookup: ``LSOA21CD``, ``LSOA21NM``, ``LAD22CD``, ``LAD22NM`` (any years)."""
    origin = str(path)
    header, rows = _read_table(path)
    code = _find_column(header, [r"LSOA\d{2}CD", r"lsoa_?code"])
    name = _find_column(header, [r"LSOA\d{2}NM", r"lsoa_?name"])
    district = _find_column(header, [r"LAD\d{2}NM", r"LTLA\d{2}NM", r"district", r"lad_?name"])
    district_code = _find_column(header, [r"LAD\d{2}CD", r"LTLA\d{2}CD", r"lad_?code"])
    if code is None or district is None:
        raise DataFileError(
            origin,
            1,
            "is not an ONS LSOA lookup: it needs an LSOA code column (such as LSOA21CD) and a "
            f"district name column (such as LAD22NM); found {', '.join(header)}.",
        )
    seen: dict[str, tuple[int, str]] = {}
    out = []
    for line, row in rows:
        lsoa = _cell(row, code)
        lad = _cell(row, district)
        if not _LSOA_CODE_RE.match(lsoa):
            raise DataFileError(origin, line, f"{lsoa!r} is not an LSOA code such as E01028034.")
        if not lad:
            raise DataFileError(origin, line, f"LSOA {lsoa} has no district name.")
        if lsoa in seen and seen[lsoa][1] != lad:
            raise DataFileError(
                origin,
                line,
                f"LSOA {lsoa} is in {lad} here but in {seen[lsoa][1]} on line {seen[lsoa][0]}.",
            )
        if lsoa not in seen:
            seen[lsoa] = (line, lad)
            out.append(LookupRow(lsoa, _cell(row, name), lad, _cell(row, district_code)))
    if not out:
        raise DataFileError(origin, None, "has a header but no LSOAs.")
    return out


def load_lookup(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Replace the lookup and recount every district: one transaction."""
    rows = parse_lookup(path)
    with store.transaction(con):
        con.execute("DELETE FROM lsoa_lookup")
        con.executemany(
            "INSERT INTO lsoa_lookup VALUES (?, ?, ?, ?)",
            [(r.lsoa_code, r.lsoa_name, r.district, r.district_code) for r in rows],
        )
        store.rebuild_area_counts(con)
    return len(rows)


def parse_population(path: Path) -> list[PopulationRow]:
    """Read district populations: a name or code column and a population column."""
    origin = str(path)
    header, rows = _read_table(path)
    name = _find_column(
        header,
        [r"district", r"district[ _]name", r"name", r"area", r"LAD\d{2}NM", r"local authority"],
    )
    code = _find_column(header, [r"code", r"district[ _]code", r"LAD\d{2}CD", r"area code"])
    population = _find_column(header, [r"population", r"pop", r"all ages", r"residents"])
    if population is None or (name is None and code is None):
        raise DataFileError(
            origin,
            1,
            "needs a district name (or code) column and a population column, for example "
            f"'district,code,population'; found {', '.join(header)}.",
        )
    out = []
    seen: dict[str, int] = {}
    for line, row in rows:
        label = _cell(row, name)
        ident = _cell(row, code)
        if not label and not ident:
            raise DataFileError(origin, line, "has neither a district name nor a code.")
        raw = _cell(row, population).replace(",", "").replace(" ", "")
        if not raw.isdigit() or int(raw) == 0:
            raise DataFileError(
                origin,
                line,
                f"population {_cell(row, population)!r} for {label or ident} is not a whole "
                "number above zero.",
            )
        key = (label or ident).lower()
        if key in seen:
            raise DataFileError(
                origin, line, f"{label or ident} is listed twice (also on line {seen[key]})."
            )
        seen[key] = line
        out.append(PopulationRow(label, ident, int(raw)))
    if not out:
        raise DataFileError(origin, None, "has a header but no districts.")
    return out


def load_population(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    rows = parse_population(path)
    with store.transaction(con):
        con.execute("DELETE FROM population")
        con.executemany(
            "INSERT INTO population VALUES (?, ?, ?)",
            [(r.district, r.district_code, r.population) for r in rows],
        )
    return len(rows)


def stored_population(con: duckdb.DuckDBPyConnection) -> list[PopulationRow]:
    return [PopulationRow(*r) for r in con.execute("SELECT * FROM population").fetchall()]


def population_by_district(
    con: duckdb.DuckDBPyConnection, rows: list[PopulationRow]
) -> dict[str, int]:
    """Population keyed by lower-case district name; codes are named through the ONS lookup."""
    names = dict(
        con.execute(
            "SELECT DISTINCT district_code, district FROM lsoa_lookup WHERE district_code <> ''"
        ).fetchall()
    )
    out: dict[str, int] = {}
    for row in rows:
        label = row.district or names.get(row.district_code, "")
        if label:
            out[label.lower()] = row.population
    return out


def parse_peers(path: Path) -> list[str]:
    """A peer group: one district a line (a 'district' header, blank lines and # notes allowed)."""
    origin = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise DataFileError(origin, None, f"cannot be read as UTF-8 text ({exc}).") from None
    peers: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        first = next(csv.reader([line]), [""])[0].strip()
        if number == 1 and first.lower() in {"district", "name", "peer", "council"}:
            continue
        if first and first not in peers:
            peers.append(first)
    if not peers:
        raise DataFileError(origin, None, "lists no districts: write one district a line.")
    return peers
