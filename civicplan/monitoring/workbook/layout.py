"""What the collection workbook looks like, shared by the builder and the reader.

The two must agree on every sheet name, column and hidden key, so they live here once. The
workbook is identified by a very hidden sheet of keys (template, format, plan, period); its values
sheet has one row per indicator and period, with the figure's value id and version in two hidden,
protected columns so an upload can tell whether someone changed the figure since the download.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from openpyxl.utils import get_column_letter

from civicplan.core.periods import Period, PeriodKind
from civicplan.monitoring.models import IndicatorValue, ValueStatus

TEMPLATE: Final = "civicplan collection workbook"
FORMAT: Final = "1"
META_SHEET: Final = "civicplan"
INSTRUCTIONS_SHEET: Final = "Instructions"
DERIVED_SHEET: Final = "Worked out (read only)"
FRESH: Final = "Download a fresh collection workbook from civicplan and enter your figures in that."
HEADER_ROW: Final = 1
FIRST_ROW: Final = 2


@dataclass(frozen=True)
class Column:
    """A column of the values sheet."""

    key: str
    header: str
    width: float
    hidden: bool = False


COLUMNS: Final = (
    Column("code", "Code", 12),
    Column("title", "Indicator", 58),
    Column("unit", "Unit", 10),
    Column("owners", "Owner(s)", 34),
    Column("period", "Period", 12),
    Column("annual_target", "Annual target", 13),
    Column("target_to_date", "Target to date", 13),
    Column("last_year", "Same period last year", 15),
    Column("value", "Value", 13),
    Column("commentary", "Commentary", 58),
    Column("status", "Status now", 30),
    Column("value_id", "Value id (do not change)", 12, hidden=True),
    Column("version", "Version (do not change)", 12, hidden=True),
)
LETTER: Final = {column.key: get_column_letter(n) for n, column in enumerate(COLUMNS, 1)}
INDEX: Final = {column.key: n for n, column in enumerate(COLUMNS, 1)}
EDITABLE: Final = ("value", "commentary")


def values_sheet_title(period: Period) -> str:
    """``Q2 values``, ``2026-27 values`` or ``October 2026 values`` (a sheet name has no ``/``)."""
    if period.kind is PeriodKind.QUARTER:
        return f"Q{period.number} values"
    if period.kind is PeriodKind.YEAR:
        return f"{str(period.fy).replace('/', '-')} values"
    return f"{period.label} values"


def workbook_filename(period: Period, post_title: str = "") -> str:
    """A file name for the download: ``collection-2026-27-Q2.xlsx`` (with the post, if one)."""
    stem = f"collection-{str(period).replace('/', '-')}"
    if post_title:
        slug = "".join(ch if ch.isalnum() else "-" for ch in post_title.lower())
        stem += "-" + "-".join(part for part in slug.split("-") if part)[:60]
    return f"{stem}.xlsx"


def status_text(value: IndicatorValue | None) -> str:
    """The ``Status now`` cell: where the figure is, and where it came from if not from a person."""
    if value is None:
        return "Nothing entered"
    text = value.get_status_display()
    if value.source not in ("owner", "workbook"):
        text += f" ({value.get_source_display().lower()})"
    if value.status == ValueStatus.RETURNED and value.return_reason:
        text += f": {value.return_reason}"
    return text
