"""The plan's tables as an Excel workbook (one sheet each) and as CSV files (one file each).

Excel gets typed cells: numbers as numbers, dates as dates, percentages as fractions formatted
``0%`` (so 37% is 0.37 and sums and charts work), money formatted with brackets as the plan prints
it, a frozen header row and a filter on every sheet, and status cells filled red, amber or green
beside the status word (never colour alone). CSV files get the plain values the project's CSV
downloads use (``37``, ``-20000``, ``2028-03-31``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from civicplan.core.downloads import csv_value
from civicplan.core.office import fixed_zip, sheet_put
from civicplan.planio.tables import Money, Percent, Sheet, Status, Value

FIXED_TIME = dt.datetime(2000, 1, 1)  # workbook properties: same plan, same bytes
# Light fills with black text: the word carries the meaning, the fill repeats it (contrast > 7:1).
RAG_FILLS = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "amber": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
}
MONEY_FORMAT = "#,##0;(#,##0)"
DATE_FORMAT = "d mmmm yyyy"
_BOLD = Font(bold=True)


def _percent_format(value: int | float) -> str:
    """ "0%" for 37, "0.0%" for 57.7: as many decimals as the figure has."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return f"0.{'0' * places}%" if places else "0%"


def _put(cell, value: Value) -> None:
    """A typed value into an Excel cell, with the number format it needs."""
    if isinstance(value, Percent):
        cell.value = value.value / 100
        cell.number_format = _percent_format(value.value)
    elif isinstance(value, Money):
        cell.value = value.value
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, Status):
        sheet_put(cell, value.word)
        if value.rag in RAG_FILLS:
            cell.fill = RAG_FILLS[value.rag]
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        sheet_put(cell, value)


def _width(sheet: Sheet, column: int) -> float:
    longest = max(
        [len(sheet.columns[column])]
        + [len(csv_value(_plain(row[column]))) for row in sheet.rows[:200]]
    )
    return min(max(10, longest + 2), 60)


def render_xlsx(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """The sheets as the bytes of an .xlsx workbook."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.name[:31])
        for column, heading in enumerate(sheet.columns, start=1):
            sheet_put(ws.cell(row=1, column=column), heading).font = _BOLD
        for row_number, values in enumerate(sheet.rows, start=2):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    _put(ws.cell(row=row_number, column=column), value)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(sheet.columns))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
        for index in range(len(sheet.columns)):
            ws.column_dimensions[get_column_letter(index + 1)].width = _width(sheet, index)
    props = workbook.properties
    props.title = title or None
    props.creator = "civicplan"
    props.created = props.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue())


def _plain(value: Value) -> object:
    if isinstance(value, Percent | Money):
        return value.value
    if isinstance(value, Status):
        return value.word
    return value


def csv_name(sheet: Sheet) -> str:
    """ "Key task risks" → "key-task-risks.csv"."""
    return re.sub(r"[^a-z0-9]+", "-", sheet.name.lower()).strip("-") + ".csv"


def render_csv(sheet: Sheet) -> str:
    """One sheet as CSV text: UTF-8 byte-order mark (Excel reads "£" and "–"), CRLF lines."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.columns)
    for row in sheet.rows:
        writer.writerow(csv_value(_plain(value)) for value in row)
    return out.getvalue()


def write_csv_folder(sheets: Sequence[Sheet], folder: Path) -> list[Path]:
    """A CSV file for every sheet in ``folder`` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        path = folder / csv_name(sheet)
        path.write_text(render_csv(sheet), encoding="utf-8", newline="")
        written.append(path)
    return written
