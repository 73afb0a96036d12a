"""The one writer of Word's markup, and Office files that are the same bytes for the same content.

``sheet_put`` writes a value to a spreadsheet cell so that text can never become a formula.

The plan document (``planio.render_docx``) and the quarterly report
(``reports.quarterly.render_docx``) both write their body as WordprocessingML text, because
python-docx's paragraph-by-paragraph calls take seconds on a large plan; python-docx supplies the
package, styles, pictures and properties. These functions are that text, so a heading, a table
whose header row repeats on every page and whose rows never split, and a numbered caption are
written one way in both.

A .docx or .xlsx file is a zip archive, and zip stores the time each part was written; the
libraries also stamp the document's properties with the time of saving. ``fixed_zip`` rewrites
both, so two exports of the same data are identical and can be compared.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_STAMP = b"2000-01-01T00:00:00Z"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def fixed_zip(raw: bytes, *, stamp: bytes | None = FIXED_STAMP) -> bytes:
    """The same parts in the same order, each stamped with ``FIXED_ZIP_TIME``; the created and
    modified properties set to ``stamp`` (``None`` keeps the ones the caller set, such as a
    report's "data as at" date)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if stamp is not None and info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def sheet_put(cell: Any, value: object) -> Any:
    """Put ``value`` in an openpyxl cell and return the cell. Text stays text: openpyxl stores
    a string that starts with "=" as a formula, which Excel would run when the file is opened
    (so an owner's commentary "=HYPERLINK(…)" would become a link), so such text is stored as a
    string. Numbers and dates are untouched."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


# -- WordprocessingML ---------------------------------------------------------------------------


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """A run of text, escaped, spaces kept."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def field(instruction: str, shown: str) -> str:
    """A Word field (SEQ, PAGE, NUMPAGES) showing ``shown`` until Word updates it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def paragraph(
    runs: str, style: str | None = None, *, keep_next: bool = False, extra: str = ""
) -> str:
    """A paragraph of ``runs`` in ``style`` (a style id such as ``Heading1``); ``keep_next``
    keeps it on the page of what follows (headings, captions); ``extra`` adds paragraph
    properties such as an alignment."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        "<w:keepNext/>" if keep_next else ""
    )
    props += extra
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def caption(kind: str, number: int, text: str) -> str:
    """``Table 3: …`` with a SEQ field, so Word can list and renumber tables and figures; kept
    with what it captions."""
    return paragraph(
        run(f"{kind} ") + field(f"SEQ {kind} \\* ARABIC", str(number)) + run(f": {text}"),
        "Caption",
        keep_next=True,
    )


def cell(body: str, width: int, *, shade: str = "") -> str:
    """A table cell ``width`` twips wide holding ``body`` (paragraphs; Word needs at least one,
    so an empty cell gets an empty paragraph); ``shade`` is a fill colour such as ``CCE2D8``."""
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>{body or "<w:p/>"}</w:tc>'
    )


def row(cells: Iterable[str], *, header: bool) -> str:
    """A row kept on one page; a header row repeats at the top of each page."""
    props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table(rows: Iterable[str], widths: list[int], *, width: int | None = None) -> str:
    """A table in Word's own grid style with its column ``widths``; ``width`` fixes the table's
    width and layout (otherwise Word fits it to its content)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    size = (
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        if width is not None
        else '<w:tblW w:w="0" w:type="auto"/>'
    )
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>{size}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}'
        "</w:tbl>"
    )
