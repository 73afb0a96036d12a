"""The plan document as Word (DOCX), written with python-docx from the same blocks as the text.

Accessible as the 2018 regulations ask of downloadable documents: real heading styles, tables whose
header row repeats on every page (``w:tblHeader``) and whose rows never split across a page
(``w:cantSplit``), lists as real bullet paragraphs, numbered table captions kept with their table,
and the title and language in the document's properties. Reproducible: the same document gives the
same bytes (fixed timestamps inside the file and in its properties, no "generated at" text).

python-docx supplies the package, styles and properties; the body is written as one piece of
WordprocessingML, because its paragraph-by-paragraph calls take seconds for a large plan.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from civicplan.core import office
from civicplan.planio.blocks import (
    Block,
    BulletList,
    Cell,
    Heading,
    Paragraph,
    PlanDocument,
    Table,
)

FIXED_TIME = dt.datetime(2000, 1, 1)  # in the properties and inside the zip: same plan, same bytes
# Style ids of python-docx's default template ("List Bullet" is the name people see).
TITLE, BULLET = "Title", "ListBullet"
TEXT_WIDTH = 13958  # twips between the margins of landscape A4 with 1-inch margins


def _cell(content: Cell, width: int, *, bold: bool = False) -> str:
    """A cell: its text, then its list items as bullet paragraphs."""
    paragraphs = [office.paragraph(office.run(content.text, bold=bold))] if content.text else []
    paragraphs += [office.paragraph(office.run(item), BULLET) for item in content.items]
    return office.cell("".join(paragraphs), width)


def _row(cells: tuple[Cell, ...], widths: list[int], *, header: bool) -> str:
    """A row kept on one page; the header row, bold, repeats at the top of each page."""
    return office.row(
        (_cell(c, w, bold=header) for c, w in zip(cells, widths, strict=True)), header=header
    )


def _widths(header: tuple[str, ...]) -> list[int]:
    """Text columns three times as wide as the year and figure columns."""
    weights = [
        1 if any(ch.isdigit() for ch in text) or "future" in text.lower() else 3 for text in header
    ]
    return [TEXT_WIDTH * weight // sum(weights) for weight in weights]


def _table(table: Table, number: int) -> str:
    """The numbered caption, kept with the table, then the table."""
    widths = _widths(table.header)
    rows = [_row(tuple(Cell(text) for text in table.header), widths, header=True)]
    rows += [_row(row, widths, header=False) for row in table.rows]
    text = table.caption.split(": ", 1)[-1]
    return office.caption("Table", number, text) + office.table(rows, widths) + "<w:p/>"


def _blocks(blocks: list[Block]) -> str:
    out: list[str] = []
    tables = 0
    for block in blocks:
        if isinstance(block, Heading):
            style = TITLE if block.level == 0 else f"Heading{block.level}"
            out.append(office.paragraph(office.run(block.text), style, keep_next=True))
        elif isinstance(block, Paragraph):
            out.append(office.paragraph(office.run(block.text)))
        elif isinstance(block, BulletList):
            out += [office.paragraph(office.run(item), BULLET) for item in block.items]
        else:
            tables += 1
            out.append(_table(block, tables))
    return "".join(out)


def _page_setup(doc) -> None:
    """Landscape A4 (the measures tables have eight columns), page numbers in the footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = 10692130, 7560310  # A4 in EMU, turned
    footer = section.footer.paragraphs[0]._p
    footer.getparent().replace(
        footer,
        parse_xml(f"<w:p {nsdecls('w')}>{office.run('Page ')}{office.field('PAGE', '1')}</w:p>"),
    )
    doc.styles["Normal"].font.size = Pt(10)


def _properties(doc, document: PlanDocument) -> None:
    props = doc.core_properties
    props.title = document.title
    props.subject = f"{document.priority} business plan"
    props.author = document.organisation
    props.keywords = "business plan"
    props.language = "en-GB"
    props.last_modified_by = document.organisation
    props.revision = 1
    props.created = props.modified = FIXED_TIME


def render_docx(document: PlanDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    doc = Document()
    _page_setup(doc)
    _properties(doc, document)
    body = doc.element.body
    content = parse_xml(f"<w:body {nsdecls('w')}>{_blocks(document.blocks)}</w:body>")
    for position, element in enumerate(list(content)):
        body.insert(position, element)  # before the section properties, which stay last
    buffer = io.BytesIO()
    doc.save(buffer)
    return office.fixed_zip(buffer.getvalue())
