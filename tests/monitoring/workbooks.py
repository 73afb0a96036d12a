"""Helpers to open, fill in and save collection workbooks in tests, as an owner would in Excel."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from civicplan.indicators.workbook.layout import FIRST_ROW, INDEX

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
