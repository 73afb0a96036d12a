"""Helpers to open, fill in and save collection workbooks in tests, as an owner would in Excel."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from civicplan.monitoring.workbook.layout import FIRST_ROW, INDEX

VALUES = "Q2 values"


def open_book(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


def to_bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def codes(ws: Worksheet) -> list[str]:
    return [
        ws.cell(row=n, column=INDEX["code"]).value
        for n in range(FIRST_ROW, ws.max_row + 1)
        if ws.cell(row=n, column=INDEX["code"]).value
    ]


def row_of(ws: Worksheet, code: str) -> int:
    for n in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=n, column=INDEX["code"]).value == code:
            return n
    raise KeyError(code)


def cell(ws: Worksheet, code: str, key: str) -> Any:
    return ws.cell(row=row_of(ws, code), column=INDEX[key])


def fill(data: bytes, figures: dict[str, Any], **cells: dict[str, Any]) -> bytes:
    """Type ``figures`` (code → value, or code → (value, commentary)) into the values sheet;
    ``cells`` sets other columns by key: ``period={"ComS_011": "2026/27-Q1"}``."""
    book = open_book(data)
    ws = book[VALUES]
    for code, figure in figures.items():
        value, commentary = figure if isinstance(figure, tuple) else (figure, None)
        cell(ws, code, "value").value = value
        if commentary is not None:
            cell(ws, code, "commentary").value = commentary
    for key, by_code in cells.items():
        for code, value in by_code.items():
            cell(ws, code, key).value = value
    return to_bytes(book)


def sheet_part(data: bytes, title: str) -> str:
    """The zip member holding the sheet called ``title`` (openpyxl names them sheet1.xml …)."""
    with ZipFile(BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        book = load_workbook(BytesIO(data))
    return names[book.sheetnames.index(title)]


def repacked(data: bytes, part: str, change: Callable[[bytes], Iterator[bytes]]) -> bytes:
    """``data`` with zip member ``part`` written again from the chunks ``change`` yields (streamed,
    so a test can make a member of hundreds of megabytes without holding it)."""
    out = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item))
                continue
            with target.open(part, "w") as member:
                for chunk in change(source.read(item)):
                    member.write(chunk)
    return out.getvalue()


def zip_bomb(data: bytes, sheet: str, *, megabytes: int) -> bytes:
    """The workbook with ``megabytes`` of blank space packed into one sheet: a small file that
    unpacks to far more than any workbook (the sheet's declared size is left as it was)."""

    def padded(xml: bytes) -> Iterator[bytes]:
        head, tail = xml.split(b"</sheetData>")
        yield head
        block = b" " * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield b"</sheetData>" + tail

    return repacked(data, sheet_part(data, sheet), padded)


def declared_size(data: bytes, sheet: str, ref: str) -> bytes:
    """The workbook with one sheet declaring the size ``ref`` (say A1:K2000000)."""

    def declared(xml: bytes) -> Iterator[bytes]:
        yield re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml, count=1)

    return repacked(data, sheet_part(data, sheet), declared)
