"""Reading a filled-in collection workbook back: check every cell, then save all or nothing.

Every row is checked before anything is written, and every problem is reported at once, named by
sheet, row and column, so an owner fixes the file in one go. The figures are then saved through
``indicator_value_save`` (the one way a value enters civicplan) in a single transaction: the same
permission, validation, commentary and locking rules as the data-entry page and the API.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
import zlib
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from civicplan.core import clock
from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.periods import Period
from civicplan.monitoring.models import ValueSource
from civicplan.monitoring.rules import can_enter_figures
from civicplan.monitoring.services import ValueInput, indicator_value_save
from civicplan.monitoring.workbook.layout import (
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    FRESH,
    HEADER_ROW,
    INDEX,
    LETTER,
    META_SHEET,
    TEMPLATE,
    values_sheet_title,
)
from civicplan.monitoring.workbook.results import SavedValue, UploadProblem, UploadResult
from civicplan.monitoring.workbook.rows import RowReader
from civicplan.plans.models import Plan

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

MAX_BYTES = 5 * 1024 * 1024
"""A collection workbook is tens of kilobytes; anything this big is the wrong file."""

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""What a workbook may unpack to: the seed's is about 0.1 MB, a plan of 20 times its size about
2 MB. A zip bomb unpacks to gigabytes from a few hundred kilobytes."""

MAX_ENTRIES = 500
"""Parts in the zip: a collection workbook has about 15."""

MAX_ROWS = 100_000
MAX_COLUMNS = 200
"""A sheet's declared size (its ``<dimension>``): more rows or columns than any plan needs."""

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")

UNREADABLE = (
    "This file cannot be read as an Excel workbook: it may be damaged, or be another kind of file "
    "renamed to .xlsx. Open it in Excel, save it as “Excel Workbook (.xlsx)” and upload it again."
)

WRONG_TEMPLATE = (
    "This is not a civicplan collection workbook, or it was copied into a new file and lost "
    f"the hidden details civicplan reads it by. {FRESH}"
)


class _Refused(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str, *, kind: str = "file", **where: Any) -> None:
        super().__init__(message)
        self.problem = UploadProblem(message, kind=kind, **where)


def _load(data: bytes) -> Workbook:
    if not data:
        raise _Refused("The file is empty. Choose the collection workbook you filled in.")
    if len(data) > MAX_BYTES:
        raise _Refused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB, far bigger than a collection "
            "workbook. Check that you chose the right file."
        )
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _Refused(
            "This is an old-style Excel file (.xls) or a password-protected workbook. Open it "
            "in Excel, save it as “Excel Workbook (.xlsx)” without a password, and upload that."
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise _Refused(
            "This file is not an Excel workbook (.xlsx). Upload the collection workbook you "
            "downloaded from civicplan, saved as “Excel Workbook (.xlsx)”."
        )
    _check_zip(data)
    try:
        with warnings.catch_warnings():
            # Excel writes extensions openpyxl does not keep (and says so): harmless here.
            warnings.simplefilter("ignore")
            return load_workbook(BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise _Refused(UNREADABLE) from exc


def _check_zip(data: bytes) -> None:
    """Refuse, from the zip's directory and each sheet's first bytes alone, a file that would
    unpack to far more than any workbook (a zip bomb) before openpyxl unpacks any of it."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ENTRIES:
                raise _Refused(
                    f"This file holds {len(parts):,} parts, far more than a collection workbook. "
                    "Check that you chose the right file."
                )
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _Refused(
                    f"This file would unpack to {unpacked / 1024 / 1024:,.0f} MB, far more than "
                    "a collection workbook. Check that you chose the right file."
                )
            for part in parts:
                if not part.filename.startswith("xl/worksheets/"):
                    continue
                with archive.open(part) as sheet:
                    found = _DIMENSION.search(sheet.read(4096))
                if found and (
                    int(found.group(2)) > MAX_ROWS
                    or column_index_from_string(found.group(1).decode()) > MAX_COLUMNS
                ):
                    raise _Refused(
                        f"A sheet of this file reaches cell {found.group(1).decode()}"
                        f"{int(found.group(2)):,}, far beyond a collection workbook. Check that "
                        "you chose the right file."
                    )
    # A damaged directory or member, a member cut short, a compression method zipfile lacks, an
    # encrypted member, or (ValueError) a declared column past Excel's last, XFD.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise _Refused(UNREADABLE) from exc


def _cached_values(data: bytes) -> Workbook:
    """The same workbook with each formula's last calculated result instead of the formula."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(BytesIO(data), data_only=True)


def _meta(book: Workbook, plan: Plan) -> Period:
    if META_SHEET not in book.sheetnames:
        raise _Refused(WRONG_TEMPLATE, kind="template")
    rows = book[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
    meta = {str(key): value for key, value in rows if key}
    if meta.get("template") != TEMPLATE:
        raise _Refused(WRONG_TEMPLATE, kind="template")
    if str(meta.get("format")) != FORMAT:
        raise _Refused(
            f"This workbook was made by an older version of civicplan. {FRESH}", kind="template"
        )
    if str(meta.get("plan_id")) != str(plan.pk):
        raise _Refused(
            f"This workbook is for the plan “{meta.get('plan')}”, not “{plan.title}”. Upload "
            "it to that plan, or download this plan's workbook.",
            kind="template",
        )
    try:
        return Period.parse(str(meta.get("period") or ""))
    except ValueError:
        raise _Refused(WRONG_TEMPLATE, kind="template") from None


def _check_headings(ws: Worksheet) -> None:
    for column in COLUMNS:
        letter = LETTER[column.key]
        found = ws[f"{letter}{HEADER_ROW}"].value
        if str(found or "").strip() != column.header:
            raise _Refused(
                f"the heading should be “{column.header}”, not “{found or ''}”: columns must "
                f"not be moved, added, removed or renamed. {FRESH}",
                kind="template",
                sheet=ws.title,
                row=HEADER_ROW,
                column=letter,
            )


def _save(reader: RowReader, name: str) -> None:
    """Save every change or none: any refusal by the service rolls the whole upload back.

    The rows were checked already; the service checks again (permission, value, version), so a
    change made between the check and the save is still caught.
    """
    result = reader.result
    with transaction.atomic():
        for change in reader.changes:
            try:
                entry = ValueInput(change.indicator, change.period, change.value, change.commentary)
                row = indicator_value_save(
                    entry=entry,
                    by=reader.by,
                    submit=reader.submit,
                    expected_version=change.expected_version,
                    source=ValueSource.WORKBOOK,
                    provenance={"file": name, "sheet": reader.ws.title, "row": change.row},
                    as_of=reader.as_of,
                )
            except (ValueRejected, EditConflict, PermissionDenied, IntegrityError) as exc:
                column = "commentary" if getattr(exc, "field", "") == "commentary" else "value"
                kind = "value"
                if isinstance(exc, EditConflict | IntegrityError):
                    kind = "conflict"
                elif isinstance(exc, PermissionDenied):
                    kind = "permission"
                message = str(exc)
                if isinstance(exc, IntegrityError):
                    message = "someone else saved this figure at the same moment: try again"
                reader.problem(change.row, column, message, kind)
                continue
            result.saved.append(
                SavedValue(
                    change.indicator.code,
                    change.period,
                    row.value,
                    row.status,
                    change.row,
                    row.pk,
                )
            )
        if result.problems:
            result.saved.clear()
            transaction.set_rollback(True)


def workbook_upload(
    plan: Plan,
    data: bytes,
    *,
    by: Actor,
    submit: bool,
    name: str = "workbook.xlsx",
    as_of: dt.date | None = None,
) -> UploadResult:
    """Check a filled-in collection workbook and save its new figures, all or nothing.

    Blank values are skipped and unchanged figures are not saved again. When anything is wrong
    the result lists every problem (sheet, row, column) and nothing is saved.
    """
    result = UploadResult(file=name, submit=submit)
    if not can_enter_figures(by):  # before the file is so much as opened
        result.problems.append(
            UploadProblem(
                "You cannot upload figures: only indicator owners and performance officers "
                "enter them. Nothing was read or saved.",
                kind="permission",
            )
        )
        return result
    try:
        book = _load(data)
        result.period = _meta(book, plan)
        title = values_sheet_title(result.period)
        if title not in book.sheetnames:
            raise _Refused(f"The sheet “{title}” with the figures is missing. {FRESH}")
        ws = book[title]
        _check_headings(ws)
    except _Refused as refused:
        result.problems.append(refused.problem)
        return result
    value_cells = ws.iter_rows(min_row=FIRST_ROW, min_col=INDEX["value"], max_col=INDEX["value"])
    has_formulas = any(row[0].data_type == "f" for row in value_cells)
    cached = _cached_values(data)[title] if has_formulas else None
    reader = RowReader(
        plan=plan,
        period=result.period,
        ws=ws,
        cached=cached,
        by=by,
        submit=submit,
        as_of=as_of or clock.today(),
        result=result,
    )
    reader.read()
    if reader.changes and not result.problems:
        _save(reader, name)
    result.problems.sort(key=lambda p: (p.row or 0, p.column))
    return result
