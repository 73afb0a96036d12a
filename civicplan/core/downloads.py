"""CSV downloads: the one writer every page's "Download CSV" link goes through.

Files open in Excel as they are: UTF-8 with a byte-order mark (so "£" and "–" survive), plain
numbers, ISO dates, lists joined with "; ", and text that Excel would run as a formula made inert.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from civicplan.core.formats import plain_number

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> str:
    """One cell's plain text: ``Decimal('-20000.00')`` → ``-20000``, a date → ``2028-03-31``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float):
        return plain_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(csv_value(item) for item in value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        # A spreadsheet would run "=…" or "-…" text as a formula (CSV injection).
        return f"'{text}"
    return text


def csv_response(header: list[str], rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """An attachment named ``filename`` holding ``header`` and ``rows``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(csv_value(value) for value in row)
    return response
