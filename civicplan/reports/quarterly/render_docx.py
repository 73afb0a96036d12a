"""The report as Word (DOCX), written with python-docx from the same ``QuarterlyReport``.

Accessible as the 2018 regulations ask of documents: real Title and Heading styles, tables whose
header row repeats on each page (``w:tblHeader``) and whose rows never split (``w:cantSplit``),
numbered captions (``SEQ`` fields) kept with their table or chart, charts as pictures with their
text alternative (``docPr descr``), page numbers in the footer (``PAGE`` of ``NUMPAGES``) and the
document's language and title in its properties. Reproducible: the properties' dates are the
report's "data as at" date and the zip's times are fixed, so the same report gives the same bytes.

The body is written as WordprocessingML text (python-docx's cell-by-cell calls take seconds on a
large plan); python-docx supplies the package, the styles, the picture parts and the properties.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Emu, Inches, Pt
from lxml import etree

from civicplan.core import office
from civicplan.core.formats import date_text
from civicplan.reports.quarterly.document import (
    Block,
    BulletList,
    Cell,
    Details,
    Figure,
    Heading,
    Paragraph,
    QuarterlyReport,
    Quote,
    Table,
)

TEXT_WIDTH = 9638  # twips between 2 cm margins on A4 portrait
TEXT_WIDTH_EMU = Emu(TEXT_WIDTH * 635)
SHADES = {"green": "CCE2D8", "orange": "FCD6C3", "red": "F4CDC6", "grey": "E5E6E7"}


def _cell(cell: Cell, width: int, *, header: bool) -> str:
    """A cell; a status cell is shaded in its tag's colour and bold, so colour is never alone."""
    shade = SHADES[cell.tag_colour] if cell.status and not header else ""
    align = '<w:jc w:val="right"/>' if cell.numeric else ""
    bold = header or bool(cell.status)
    body = office.paragraph(office.run(cell.text, bold=bold), extra=align) if cell.text else ""
    return office.cell(body, width, shade=shade)


def _row(cells: tuple[Cell, ...], widths: list[int], *, header: bool, total: bool = False) -> str:
    """A row kept on one page; the header row repeats at the top of each page, and the header
    and a total row are bold."""
    return office.row(
        (_cell(c, w, header=header or total) for c, w in zip(cells, widths, strict=True)),
        header=header,
    )


def _table(table: Table) -> str:
    total = sum(table.widths)
    widths = [TEXT_WIDTH * w // total for w in table.widths]
    rows = [_row(tuple(table.columns), widths, header=True)]
    last = len(table.rows) - 1
    rows += [
        _row(row, widths, header=False, total=table.total_row and i == last)
        for i, row in enumerate(table.rows)
    ]
    return (
        office.caption("Table", table.number, table.caption)
        + office.table(rows, widths, width=TEXT_WIDTH)
        + office.paragraph("")
    )


def _picture(doc: WordDocument, figure: Figure) -> str:
    """The chart's PNG as an inline picture whose description is the text alternative."""
    chart = figure.chart
    width = Emu(int(min(Inches(6.5), TEXT_WIDTH_EMU) * figure.scale))
    height = Emu(int(width * chart.height / 6.5))
    inline = doc.part.new_pic_inline(io.BytesIO(chart.png), width=width, height=height)
    shape_id = str(1000 + figure.number)  # unique: the inlines join the body only afterwards
    inline.docPr.set("id", shape_id)
    inline.docPr.set("name", f"Figure {figure.number}")
    inline.docPr.set("title", chart.title)
    inline.docPr.set("descr", chart.alt)
    for pic_pr in inline.xpath(".//pic:cNvPr"):
        pic_pr.set("id", shape_id)
    xml = etree.tostring(inline, encoding="unicode")
    return (
        office.caption("Figure", figure.number, figure.caption)
        + f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>{xml}</w:drawing></w:r></w:p>"
    )


def _block(doc: WordDocument, block: Block) -> str:
    if isinstance(block, Paragraph):
        return office.paragraph(office.run(block.text))
    if isinstance(block, Heading):
        return office.paragraph(office.run(block.text), "Heading2", keep_next=True)
    if isinstance(block, BulletList):
        return "".join(office.paragraph(office.run(item), "ListBullet") for item in block.items)
    if isinstance(block, Details):
        return "".join(
            office.paragraph(
                office.run(f"{label}: ", bold=True) + office.run(cell.text), keep_next=True
            )
            for label, cell in block.pairs
        )
    if isinstance(block, Quote):
        return office.paragraph(office.run(block.text), "Quote") + office.paragraph(
            office.run(f"Commentary from {block.attribution}", italic=True)
        )
    if isinstance(block, Table):
        return _table(block)
    return _picture(doc, block)


def _cover(report: QuarterlyReport) -> str:
    cover = report.cover
    facts = [
        ("Priority", cover.priority),
        ("Period", cover.period_text),
        ("For", cover.audience.label),
        ("Meeting", cover.meeting),
        ("Author", cover.author),
        ("Data as at", date_text(cover.as_of)),
    ]
    out = office.paragraph(office.run(cover.council), "Subtitle") + office.paragraph(
        office.run(cover.title), "Title"
    )
    out += "".join(
        office.paragraph(office.run(f"{k}: ", bold=True) + office.run(v)) for k, v in facts if v
    )
    if not report.is_summary:
        out += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    return out


def _body(doc: WordDocument, report: QuarterlyReport) -> str:
    parts = [_cover(report)]
    for section in report.sections:
        parts.append(office.paragraph(office.run(section.title), "Heading1", keep_next=True))
        parts += [_block(doc, block) for block in section.blocks]
    return "".join(parts)


def _page_setup(doc: WordDocument, report: QuarterlyReport) -> None:
    """A4 portrait, 2 cm margins, the title in the header, "Page n of m" in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    footer = section.footer.paragraphs[0]._p
    footer.getparent().replace(
        footer,
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>'
            f"{office.run('Page ')}{office.field('PAGE', '1')}"
            f"{office.run(' of ')}{office.field('NUMPAGES', '1')}</w:p>"
        ),
    )
    section.header.paragraphs[0].text = report.title
    styles = doc.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10)
    defaults = styles.element.find(
        ".//w:docDefaults/w:rPrDefault/w:rPr", namespaces=styles.element.nsmap
    )
    if defaults is not None:
        defaults.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))


def _properties(doc: WordDocument, report: QuarterlyReport) -> None:
    cover = report.cover
    stamp = dt.datetime.combine(cover.as_of, dt.time())  # the data's date, never the clock's
    props = doc.core_properties
    props.title = report.title
    props.subject = f"{cover.audience.label}: {cover.period_text}"
    props.author = cover.author or cover.council
    props.last_modified_by = cover.author or cover.council
    props.keywords = f"performance report; {cover.priority}; {cover.period.label}"
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = stamp


def render_docx(report: QuarterlyReport) -> bytes:
    """The report as the bytes of a .docx file."""
    doc = Document()
    _page_setup(doc, report)
    _properties(doc, report)
    body = doc.element.body
    namespaces = nsdecls("w", "wp", "a", "pic", "r")
    content = parse_xml(f"<w:body {namespaces}>{_body(doc, report)}</w:body>")
    for position, element in enumerate(list(content)):
        body.insert(position, element)  # before the section properties, which stay last
    buffer = io.BytesIO()
    doc.save(buffer)
    return office.fixed_zip(buffer.getvalue(), stamp=None)  # keeps the report's as-at date
