"""The quarterly report as Word: the figures, statuses, commentary and charts a reader needs,
in an accessible document (real headings, repeating header rows, captions, alternative text)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn

from .conftest import AMBER_COMMENTARY, AS_OF, RED_COMMENTARY

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(built):
    return docx.Document(io.BytesIO(built.files["cabinet.docx"]))


def _row(document, code: str) -> list[str]:
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if cells[0] == code:
                return cells
    raise AssertionError(f"no row for {code}")


def test_quarterly_docx_has_the_exact_figures_and_statuses(document):
    assert _row(document, "ComS_011")[2:5] == ["820", "900", "On target"]
    assert _row(document, "ComS_012")[2:5] == ["205", "200", "Within tolerance"]
    assert _row(document, "ComS_014")[2:5] == ["60", "45", "Off target"]
    assert _row(document, "ComS_001")[2:5] == ["No figure", "3,400", "Data missing"]


def test_quarterly_docx_has_the_exceptions_commentary(document):
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]

    assert quotes == [RED_COMMENTARY, AMBER_COMMENTARY]


def test_quarterly_docx_charts_are_pictures_with_their_text_alternative(built, document):
    figures = built.reports["cabinet"].figures
    shapes = document.inline_shapes
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]

    assert len(shapes) == 4
    assert descriptions == [figure.chart.alt for figure in figures]
    assert "ComS_014" in shapes[1]._inline.docPr.get("title")
    assert "Q2 actual 60, target 45" in descriptions[1]
    assert len({shape._inline.docPr.get("id") for shape in shapes}) == 4


def test_quarterly_docx_has_real_headings_and_numbered_captions(document):
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    captions = [text for style, text in styles if style == "Caption"]

    assert ("Title", "Community Safety: quarterly performance report for 2026/27 Q2") in styles
    assert ("Heading 1", "Critical Success Indicators") in styles
    assert ("Heading 2", "ComS_014 ASB cases received by Communities") in styles
    assert captions[:3] == [
        "Figure 1: Measures by status and corporate objective",
        "Table 1: Measures by status and corporate objective",
        "Table 2: Critical Success Indicators, 2026/27 Q2",
    ]
    caption_paragraphs = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert all(p.paragraph_format.keep_with_next for p in caption_paragraphs)
    assert "SEQ Figure" in caption_paragraphs[0]._p.xml


def test_quarterly_docx_tables_repeat_their_header_and_never_split_a_row(document):
    assert len(document.tables) >= 10
    for table in document.tables:
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_quarterly_docx_numbers_its_pages_and_names_itself(document):
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    props = document.core_properties

    assert "PAGE" in footer and "NUMPAGES" in footer
    assert props.title == "Community Safety: quarterly performance report for 2026/27 Q2"
    assert props.language == "en-GB"
    assert props.created == props.modified == dt.datetime.combine(AS_OF, dt.time(), dt.UTC)


def test_quarterly_docx_is_the_same_bytes_for_the_same_data(built):
    assert built.files["cabinet.docx"] == built.files["cabinet-again.docx"]


def test_scrutiny_docx_has_key_messages_and_one_chart(built):
    document = docx.Document(io.BytesIO(built.files["scrutiny.docx"]))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]

    assert bullets[0] == (
        "14 measures are reported for 2026/27 Q2: 1 on target, 1 within tolerance, "
        "1 off target, 9 data missing and 2 not yet due."
    )
    assert bullets[1] == "Key tasks: 1 completed, 4 overdue and 1 at risk or off track, of 24."
    assert len(document.inline_shapes) == 1
