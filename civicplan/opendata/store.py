"""The DuckDB store for police open data: where it lives, its tables, and how areas are named.

DuckDB rather than the Django database because these are millions of read-only rows counted in
bulk; a columnar store answers "every measure for every district" in milliseconds. The store is a
cache of public files: it can always be rebuilt by importing them again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

ENV_PATH = "CIVICPLAN_OPENDATA_DB"

SCHEMA = """
CREATE TABLE IF NOT EXISTS source_file (
    file_id INTEGER NOT NULL,
    force VARCHAR NOT NULL,
    month DATE NOT NULL,
    name VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    rows BIGINT NOT NULL,
    rows_without_location BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS street_crime (
    file_id INTEGER NOT NULL,
    crime_id VARCHAR,
    month DATE NOT NULL,
    reported_by VARCHAR,
    falls_within VARCHAR,
    longitude DOUBLE,
    latitude DOUBLE,
    location VARCHAR,
    lsoa_code VARCHAR,
    lsoa_name VARCHAR,
    crime_type VARCHAR NOT NULL,
    last_outcome VARCHAR,
    context VARCHAR
);
CREATE TABLE IF NOT EXISTS area_month_count (
    file_id INTEGER NOT NULL,
    month DATE NOT NULL,
    district VARCHAR,
    crime_type VARCHAR NOT NULL,
    n BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS lsoa_lookup (
    lsoa_code VARCHAR NOT NULL,
    lsoa_name VARCHAR,
    district VARCHAR NOT NULL,
    district_code VARCHAR
);
CREATE TABLE IF NOT EXISTS population (
    district VARCHAR NOT NULL,
    district_code VARCHAR,
    population BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS store_note (key VARCHAR NOT NULL, value VARCHAR);
"""

# The district of a street_crime row ``s`` (with ``lsoa_lookup lk`` left-joined on the LSOA code):
# the ONS lookup when it knows the LSOA, else the LSOA-name prefix ("Broxtowe 003C" → "Broxtowe").
DISTRICT_SQL = (
    "COALESCE(lk.district, CASE WHEN regexp_full_match(s.lsoa_name, '.+ [0-9]{3}[A-Z]') "
    "THEN left(s.lsoa_name, length(s.lsoa_name) - 5) ELSE s.lsoa_name END)"
)


class StoreMissing(Exception):
    """Raised when a read finds no store: nothing has been imported yet."""


def default_path() -> Path:
    """``OPENDATA_DUCKDB_PATH`` setting, else ``CIVICPLAN_OPENDATA_DB``, else the data folder."""
    from django.conf import settings

    explicit = getattr(settings, "OPENDATA_DUCKDB_PATH", None) or os.environ.get(ENV_PATH)
    return Path(explicit) if explicit else Path(settings.DATA_DIR) / "opendata.duckdb"


def connect(
    path: Path | str | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the store (creating its tables when writable); reads fail clearly when it is absent."""
    path = Path(path) if path is not None else default_path()
    if read_only:
        if not path.exists():
            raise StoreMissing(
                f"No police data store at {path}: "
                "run `civicplan opendata import-police FILES` first."
            )
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("SET preserve_insertion_order = false")
    con.execute(SCHEMA)
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One DuckDB transaction: committed when the block ends, rolled back if anything escapes
    it (an interrupt too), so a failed import or reload changes nothing."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True once a police file has been imported into the store."""
    row = con.execute("SELECT count(*) FROM source_file").fetchone()
    return bool(row and row[0])


def rebuild_area_counts(con: duckdb.DuckDBPyConnection, *, min_file_id: int | None = None) -> None:
    """Refresh the (file, month, district, crime type) counts that every area statistic reads.

    Kept beside the raw rows so that deriving all measures for all districts reads thousands of
    rows, not millions. Rebuilt for new files on import and wholly when the LSOA lookup changes.
    """
    if min_file_id is None:
        con.execute("DELETE FROM area_month_count")
        where = ""
    else:
        con.execute("DELETE FROM area_month_count WHERE file_id >= ?", [min_file_id])
        where = f"WHERE s.file_id >= {int(min_file_id)}"
    con.execute(
        f"""
        INSERT INTO area_month_count
        SELECT s.file_id, s.month, {DISTRICT_SQL} AS district, s.crime_type, sum(s.n)
        FROM (
            SELECT file_id, month, lsoa_code, lsoa_name, crime_type, count(*) AS n
            FROM street_crime {where.replace("s.", "")}
            GROUP BY ALL
        ) s
        LEFT JOIN lsoa_lookup lk ON lk.lsoa_code = s.lsoa_code
        GROUP BY ALL
        """
    )
