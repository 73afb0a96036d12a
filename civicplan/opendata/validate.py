"""Checking a street file: a fast byte-level scan for every file, a slow exact check for errors.

The fast scan (hash, UTF-8, header, last line) reads each file once at disk speed. DuckDB then
parses the rows; when it objects, the slow check re-reads that file with the ``csv`` module to say
exactly which line is wrong and why, in words a performance officer can act on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from civicplan.opendata.policeuk import (
    STREET_HEADER,
    STREET_HEADER_LINE,
    format_month,
    parse_month,
)

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 20


class DataFileError(Exception):
    """A file that cannot be loaded: where (file, line) and what to do. Nothing was stored."""

    def __init__(self, origin: str, line: int | None, message: str) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.origin}, line {self.line}" if self.line else self.origin
        return f"{where}: {self.message}"


class PoliceFileError(DataFileError):
    """A data.police.uk file that cannot be imported."""


@dataclass(frozen=True, slots=True)
class Scan:
    """What the fast scan learnt about a file."""

    sha256: str
    size: int
    short_last_line: bool  # last line has 11 fields and no newline: the empty Context was dropped


def check_header(first_line: bytes, origin: str) -> None:
    """The first line must be the 12-column street header exactly (a BOM and CR are allowed)."""
    text = first_line.removeprefix(BOM).rstrip(b"\r\n").decode("utf-8", "replace")
    if text == STREET_HEADER_LINE:
        return
    found = next(csv.reader([text]), [])
    missing = [c for c in STREET_HEADER if c not in found]
    extra = [c for c in found if c not in STREET_HEADER]
    detail = []
    if missing:
        detail.append(f"missing {', '.join(missing)}")
    if extra:
        detail.append(f"unexpected {', '.join(extra)}")
    if not detail:
        detail.append("the columns are in the wrong order")
    raise PoliceFileError(
        origin,
        1,
        f"not a data.police.uk street file: the header must be exactly "
        f"'{STREET_HEADER_LINE}' ({'; '.join(detail)}). Outcomes and stop-and-search files "
        "are not imported; re-download the street file.",
    )


def scan_file(path: Path, origin: str) -> Scan:
    """Hash the file and check its ends: the header and a complete last line.

    UTF-8 is not checked here: DuckDB validates every value as it parses, and when it objects
    ``first_problem`` names the line. Reading once to hash is the only full pass in Python.
    """
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    size = 0
    head = b""
    tail = b""
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(buffer):
            chunk = view[:n]
            digest.update(chunk)
            if not head:
                head = bytes(view[: min(n, 4096)])
            tail = bytes(view[max(n - 65536, 0) : n]) if n >= 65536 else (tail + chunk)[-65536:]
            size += n
    if size == 0:
        raise PoliceFileError(origin, 1, "the file is empty; re-download it.")
    check_header(head.split(b"\n", 1)[0], origin)
    short_last = False
    if not tail.endswith(b"\n") and b"\n" in tail:
        last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
        fields = len(next(csv.reader([last]), []))
        if fields == len(STREET_HEADER) - 1:
            short_last = True
        elif fields < len(STREET_HEADER) - 1:
            raise _truncated(origin, _line_count(path), fields)
    return Scan(digest.hexdigest(), size, short_last)


def _line_count(path: Path) -> int:
    """The number of the last line (only on the error path: the fast scan does not count)."""
    data = path.read_bytes()
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _bad_utf8_line(path: Path) -> int:
    data = path.read_bytes().removeprefix(BOM)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    return 1


def first_problem(path: Path, origin: str, month: dt.date) -> PoliceFileError | None:
    """Read the whole file with the ``csv`` module and return its first problem, if any."""
    raw = path.read_bytes()
    try:
        text = raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        return _undecodable(origin, raw[: exc.start].count(b"\n") + 1)
    ends_with_newline = text.endswith("\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    expected = format_month(month)
    width = len(STREET_HEADER)
    total_lines = text.count("\n") + (0 if ends_with_newline else 1)
    header_seen = False
    start = 1
    for row in reader:
        line = start
        start = reader.line_num + 1
        if not header_seen:
            header_seen = True
            try:
                check_header(",".join(row).encode(), origin)
            except PoliceFileError as exc:
                return exc
            continue
        is_last = reader.line_num >= total_lines
        if len(row) != width:
            if is_last and not ends_with_newline and len(row) == width - 1:
                row = [*row, ""]
            elif is_last and len(row) < width:
                return _truncated(origin, line, len(row))
            else:
                return PoliceFileError(
                    origin,
                    line,
                    f"{len(row)} columns where the header has {width}. A comma inside a field "
                    "must be in double quotes; re-download the file if it was edited.",
                )
        problem = _row_problem(row, expected)
        if problem:
            return PoliceFileError(origin, line, problem)
    return None


def _row_problem(row: list[str], expected: str) -> str | None:
    month = row[1]
    if parse_month(month) is None:
        return f"Month is {month!r}, not a month such as {expected}."
    if month != expected:
        return (
            f"Month is {month} but the file name says {expected}: each file holds one month; "
            "rename the file or re-download it."
        )
    for index in (4, 5):
        if row[index]:
            try:
                float(row[index])
            except ValueError:
                return f"{STREET_HEADER[index]} is {row[index]!r}, not a number."
    if not row[9]:
        return "Crime type is empty: every row must have one."
    return None


def _undecodable(origin: str, line: int) -> PoliceFileError:
    return PoliceFileError(
        origin,
        line,
        "text that is not UTF-8 (was the file opened and re-saved in another program?). "
        "Re-download the file from data.police.uk, or save it as 'CSV UTF-8'.",
    )


def _truncated(origin: str, line: int, fields: int) -> PoliceFileError:
    return PoliceFileError(
        origin,
        line,
        f"the file ends part-way through a row ({fields} of {len(STREET_HEADER)} columns): "
        "it looks truncated. Download it again.",
    )
