"""The police open-data store (DuckDB) in and out of an archive.

The copy is made by DuckDB itself (``COPY FROM DATABASE`` from a read-only attachment), so it is
one consistent state of the store whatever its write-ahead log holds, and the read-only
attachment's lock keeps an import from writing while it runs. An import that holds the store
makes the copy wait and retry; one that outlasts the retries fails the backup clearly.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from civicplan.opendata import store
from civicplan.ops.archive import ArchiveError

ATTEMPTS = 10
WAIT_SECONDS = 3.0


def _sql_text(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def store_copy(source: Path, dest: Path) -> None:
    """A consistent copy of the store at ``source`` as a new DuckDB file ``dest``."""
    attempts = ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            with duckdb.connect(":memory:") as con:
                con.execute(f"ATTACH {_sql_text(source)} AS source_store (READ_ONLY)")
                con.execute(f"ATTACH {_sql_text(dest)} AS copy_store")
                con.execute("COPY FROM DATABASE source_store TO copy_store")
                con.execute("DETACH copy_store")
                con.execute("DETACH source_store")
            return
        except duckdb.Error as exc:
            dest.unlink(missing_ok=True)
            busy = "lock" in str(exc).lower() or isinstance(exc, duckdb.ResourceInUseException)
            if not busy or attempt == attempts:
                raise ArchiveError(
                    f"the police data store {source} cannot be read ({exc}); if an import is "
                    "running, back up when it has finished"
                ) from None
            time.sleep(WAIT_SECONDS)


def store_check(path: Path) -> None:
    """Refuse a file that is not a police data store (before anything is replaced)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            store.holds_data(con)
    except duckdb.Error as exc:
        raise ArchiveError(f"the archive's police data store cannot be opened ({exc})") from None


def store_holds_data(path: Path) -> bool:
    """True when a store with imported files is at ``path``; refuses a store in use."""
    if not path.exists():
        return False
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return store.holds_data(con)
    except duckdb.CatalogException:
        return False  # a file without the store's tables holds nothing of ours
    except duckdb.Error as exc:
        raise ArchiveError(
            f"the police data store {path} is in use or unreadable ({exc}); stop civicplan "
            "(the web server and any import) before restoring"
        ) from None


def store_place(source: Path, dest: Path) -> None:
    """Put the restored store at ``dest`` in one rename; a stale write-ahead log goes with it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = dest.with_name(dest.name + ".restoring")
    with source.open("rb") as src, staged.open("wb") as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)
    Path(str(dest) + ".wal").unlink(missing_ok=True)
    os.replace(staged, dest)
