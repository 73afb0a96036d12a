"""Importing data.police.uk street files (single files, folders, monthly archive zips) into DuckDB.

One run is one DuckDB transaction: every file is checked and loaded, or nothing changes. Each
archive republishes past months, so a force-month is replaced whole, never appended twice, and a
file whose SHA-256 is already recorded for its force-month is skipped. Rows are parsed by DuckDB's
parallel CSV reader with explicit column types: no Python loop touches a row on the fast path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
from tqdm import tqdm

from civicplan.core import clock
from civicplan.opendata import store
from civicplan.opendata.policeuk import (
    STREET_HEADER,
    format_month,
    parse_street_file_name,
)
from civicplan.opendata.validate import PoliceFileError, Scan, first_problem, scan_file

BATCH_BYTES = 256 << 20
COLUMN_TYPES = dict(
    zip(
        STREET_HEADER,
        ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", *["VARCHAR"] * 6],
        strict=True,
    )
)
# The row's month comes from its file; a Month cell that disagrees makes it NULL (see _load_batch).
_SELECT_COLUMNS = ", ".join(
    'CASE WHEN r."Month" = b.month_text THEN b.month END' if name == "Month" else f'r."{name}"'
    for name in STREET_HEADER
)
_LINE_RE = re.compile(r"Line: (\d+)")
_FILE_RE = re.compile(r"file = (.+)")

Status = Literal["new", "replaced", "unchanged"]


@dataclass(frozen=True, slots=True)
class StreetSource:
    """One street file found in the paths given: where it came from and where to read it."""

    name: str
    origin: str
    path: Path
    month: dt.date
    force: str


@dataclass(slots=True)
class FileResult:
    """What happened to one file."""

    name: str
    origin: str
    force: str
    month: dt.date
    sha256: str
    status: Status
    rows: int = 0
    rows_without_location: int = 0


@dataclass(slots=True)
class ImportResult:
    """The whole run: each file's fate, the files passed over, and how long it took."""

    files: list[FileResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files if f.status != "unchanged")

    def count(self, status: Status) -> int:
        return sum(1 for f in self.files if f.status == status)


def import_police(
    paths: Sequence[Path | str],
    *,
    db_path: Path | str | None = None,
    progress: bool = False,
    threads: int | None = None,
) -> ImportResult:
    """Import every street file under ``paths``; raise ``PoliceFileError`` and change nothing on
    any problem."""
    started = time.perf_counter()
    result = ImportResult()
    with tempfile.TemporaryDirectory(prefix="policeuk-") as tmp:
        sources = collect_sources([Path(p) for p in paths], Path(tmp), result.skipped)
        scans = _scan_all(sources, progress=progress, threads=threads)
        sources, scans = _drop_duplicates(sources, scans)
        con = store.connect(db_path)
        try:
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            with store.transaction(con):
                result.files = _load(con, sources, scans, progress=progress)
        finally:
            con.close()
    result.seconds = time.perf_counter() - started
    return result


def collect_sources(paths: Iterable[Path], tmp: Path, skipped: list[str]) -> list[StreetSource]:
    """Street files from files, folders and archive zips; other files are noted and skipped."""
    sources: list[StreetSource] = []
    for path in paths:
        if not path.exists():
            raise PoliceFileError(str(path), None, "no such file or folder.")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() == ".zip":
                    sources += _from_zip(child, tmp, skipped)
                elif child.is_file() and child.suffix.lower() == ".csv":
                    source = _from_file(child, str(child))
                    if source:
                        sources.append(source)
                    else:
                        skipped.append(str(child))
        elif path.suffix.lower() == ".zip":
            sources += _from_zip(path, tmp, skipped)
        else:
            source = _from_file(path, str(path))
            if source is None:
                raise PoliceFileError(
                    str(path),
                    None,
                    "the name must be like 2026-05-nottinghamshire-street.csv, as downloaded "
                    "from data.police.uk (outcomes and stop-and-search files are not imported).",
                )
            sources.append(source)
    if not sources:
        raise PoliceFileError(
            ", ".join(str(p) for p in paths) or "(no paths)",
            None,
            "no street files (YYYY-MM-force-street.csv) found: give the monthly archive zip, a "
            "folder of street files, or the files themselves.",
        )
    return sorted(sources, key=lambda s: (s.month, s.force, s.origin))


def _from_file(path: Path, origin: str) -> StreetSource | None:
    parsed = parse_street_file_name(path.name)
    if parsed is None:
        return None
    return StreetSource(path.name, origin, path, parsed.month, parsed.force)


def _from_zip(archive: Path, tmp: Path, skipped: list[str]) -> list[StreetSource]:
    """Extract the street members of an archive; each member keeps ``zip!member`` as its origin."""
    found: list[StreetSource] = []
    folder = Path(tempfile.mkdtemp(dir=tmp))
    try:
        with zipfile.ZipFile(archive) as zf:
            for index, info in enumerate(zf.infolist()):
                if info.is_dir():
                    continue
                name = Path(info.filename).name
                origin = f"{archive}!{info.filename}"
                parsed = parse_street_file_name(name)
                if parsed is None:
                    skipped.append(origin)
                    continue
                target = folder / str(index) / name
                target.parent.mkdir()
                try:
                    with zf.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                except (zipfile.BadZipFile, EOFError, OSError) as exc:
                    raise PoliceFileError(
                        origin, None, f"the archive is damaged ({exc}); download it again."
                    ) from None
                found.append(StreetSource(name, origin, target, parsed.month, parsed.force))
    except zipfile.BadZipFile as exc:
        raise PoliceFileError(
            str(archive), None, f"not a readable zip archive ({exc}); download it again."
        ) from None
    return found


def _scan_all(sources: list[StreetSource], *, progress: bool, threads: int | None) -> list[Scan]:
    """Hash and check every file on all cores (hashlib releases the GIL); first error wins."""
    with (
        ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 2) as pool,
        tqdm(
            total=len(sources), unit="file", desc="Checking", disable=not progress, leave=False
        ) as bar,
    ):
        futures = [pool.submit(scan_file, s.path, s.origin) for s in sources]
        scans = []
        for future in futures:
            scans.append(future.result())
            bar.update()
    return scans


def _drop_duplicates(
    sources: list[StreetSource], scans: list[Scan]
) -> tuple[list[StreetSource], list[Scan]]:
    """A force-month twice in one run: identical copies collapse, different ones are an error."""
    kept: dict[tuple[str, dt.date], int] = {}
    for index, (source, scan) in enumerate(zip(sources, scans, strict=True)):
        key = (source.force, source.month)
        if key in kept:
            other = sources[kept[key]]
            if scans[kept[key]].sha256 != scan.sha256:
                raise PoliceFileError(
                    source.origin,
                    None,
                    f"{source.force} {format_month(source.month)} is also in {other.origin} with "
                    "different contents: import the older archive first, then the newer one, in "
                    "separate runs.",
                )
            continue
        kept[key] = index
    order = sorted(kept.values())
    return [sources[i] for i in order], [scans[i] for i in order]


def _load(
    con: duckdb.DuckDBPyConnection,
    sources: list[StreetSource],
    scans: list[Scan],
    *,
    progress: bool,
) -> list[FileResult]:
    stored = {
        (force, month): (file_id, sha)
        for file_id, force, month, sha in con.execute(
            "SELECT file_id, force, month, sha256 FROM source_file"
        ).fetchall()
    }
    next_id = (con.execute("SELECT coalesce(max(file_id), 0) FROM source_file").fetchone() or [0])[
        0
    ]
    first_new = next_id + 1
    results: list[FileResult] = []
    todo: list[tuple[int, StreetSource, Scan, FileResult]] = []
    replaced: list[int] = []
    for source, scan in zip(sources, scans, strict=True):
        old = stored.get((source.force, source.month))
        status: Status = "new" if old is None else "replaced"
        if old is not None and old[1] == scan.sha256:
            status = "unchanged"
        result = FileResult(
            source.name, source.origin, source.force, source.month, scan.sha256, status
        )
        results.append(result)
        if status == "unchanged":
            continue
        if old is not None:
            replaced.append(old[0])
        next_id += 1
        todo.append((next_id, source, scan, result))
    if replaced:
        for table in ("street_crime", "area_month_count", "source_file"):
            con.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT unnest(?))", [replaced])
    with tqdm(
        total=len(todo), unit="file", desc="Loading", disable=not progress, leave=False
    ) as bar:
        rows = 0
        for batch in _batches(todo):
            rows += _load_batch(con, batch)
            bar.update(len(batch))
            bar.set_postfix(rows=f"{rows:,}")
    _record_files(con, todo)
    if todo:
        store.rebuild_area_counts(con, min_file_id=first_new)
    return results


def _batches(
    todo: list[tuple[int, StreetSource, Scan, FileResult]],
) -> Iterable[list[tuple[int, StreetSource, Scan, FileResult]]]:
    """Files read by one parallel ``read_csv`` call each (a short last line goes alone)."""
    batch: list[tuple[int, StreetSource, Scan, FileResult]] = []
    size = 0
    for item in todo:
        if item[2].short_last_line:
            yield [item]
            continue
        batch.append(item)
        size += item[2].size
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _load_batch(
    con: duckdb.DuckDBPyConnection, batch: list[tuple[int, StreetSource, Scan, FileResult]]
) -> int:
    """Parse, type-check and store one batch of files with one parallel ``read_csv``; returns rows.

    Each row is tied to its file by DuckDB's ``file_index`` (an integer join, not a join on the
    path string), and takes its month from the file: a row whose Month text differs from the file
    name's month becomes NULL and trips the NOT NULL constraint, so a wrong month costs one string
    comparison per row rather than a date parse and a second pass.
    """
    paths = [str(source.path) for _, source, _, _ in batch]
    padded = batch[0][2].short_last_line
    if padded:
        # DuckDB pads every short row when asked, so check the rest of this (rare) file first.
        _, source, _, _ = batch[0]
        problem = first_problem(source.path, source.origin, source.month)
        if problem:
            raise problem
    con.execute(
        "CREATE OR REPLACE TEMP TABLE batch_file AS SELECT unnest(?) AS file_index, "
        "unnest(?) AS file_id, unnest(?)::DATE AS month, unnest(?) AS month_text",
        [
            list(range(len(batch))),
            [file_id for file_id, _, _, _ in batch],
            [source.month for _, source, _, _ in batch],
            [format_month(source.month) for _, source, _, _ in batch],
        ],
    )
    try:
        inserted = con.execute(
            f"""
            INSERT INTO street_crime
            SELECT b.file_id, {_SELECT_COLUMNS}
            FROM read_csv(?, header = true, columns = ?, auto_detect = false, delim = ',',
                          quote = '"', escape = '"', null_padding = {str(padded).lower()})
                 AS r
            JOIN batch_file b ON b.file_index = r.file_index
            """,
            [paths, COLUMN_TYPES],
        ).fetchone()
    except duckdb.Error as exc:
        raise _explain(exc, batch) from None
    return int(inserted[0]) if inserted else 0


def _record_files(
    con: duckdb.DuckDBPyConnection, todo: list[tuple[int, StreetSource, Scan, FileResult]]
) -> None:
    """Count each new file's rows in the store (one grouped scan) and register the files."""
    if not todo:
        return
    counts = {
        file_id: (int(n), int(unplaced))
        for file_id, n, unplaced in con.execute(
            "SELECT file_id, count(*), count(*) FILTER (WHERE lsoa_code IS NULL) "
            "FROM street_crime WHERE file_id >= ? GROUP BY file_id",
            [todo[0][0]],
        ).fetchall()
    }
    imported_at = clock.utc_naive_now()
    records = []
    for file_id, source, scan, result in todo:
        result.rows, result.rows_without_location = counts.get(file_id, (0, 0))
        records.append(
            (
                file_id,
                source.force,
                source.month,
                source.name,
                source.origin,
                scan.sha256,
                scan.size,
                result.rows,
                result.rows_without_location,
                imported_at,
            )
        )
    con.executemany("INSERT INTO source_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records)


def _explain(
    exc: duckdb.Error, batch: list[tuple[int, StreetSource, Scan, FileResult]]
) -> PoliceFileError:
    """Turn DuckDB's complaint into a file-and-line message by re-reading the file it names."""
    message = str(exc)
    named = _FILE_RE.search(message)
    ordered = sorted(
        batch, key=lambda item: 0 if named and str(item[1].path) == named.group(1).strip() else 1
    )
    for _, source, _, _ in ordered:
        problem = first_problem(source.path, source.origin, source.month)
        if problem:
            return problem
    line = _LINE_RE.search(message)
    origin = ordered[0][1].origin if named else ", ".join(item[1].origin for item in batch)
    first = message.splitlines()[0] if message else type(exc).__name__
    return PoliceFileError(origin, int(line.group(1)) if line else None, f"cannot be read: {first}")
