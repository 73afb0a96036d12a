"""The plan document as Word: real headings, repeating table headers, bullets, captions."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from civicplan.planio.importer import parse_plan_text
from civicplan.planio.plan_document import build_plan_document
from civicplan.planio.render_docx import render_docx
from tests.planio.exports.report_helpers import AS_OF, SEED


@pytest.fixture(scope="module")
def raw() -> bytes:
    data = parse_plan_text(SEED.read_text(encoding="utf-8"), as_of=AS_OF)
    return render_docx(build_plan_document(data))


@pytest.fixture(scope="module")
def document(raw):
    return docx.Document(io.BytesIO(raw))


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_plan_docx_has_real_headings(document):
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]

    assert headings[0] == ("Title", "Community Safety Business Plan 2026–2029")
    assert ("Heading 1", "6. Summary Of Key Risks") in headings
    assert ("Heading 2", "Critical Success Indicators (CSI)") in headings
    assert ("Heading 3", "Reduce anti-social behaviour in Broxtowe (CS1)") in headings
    assert ("Heading 4", "Communities and Community Safety") in headings


def test_plan_docx_tables_repeat_their_header_and_never_split_a_row(document):
    assert len(document.tables) == 13
    for table in document.tables:
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_plan_docx_tables_have_numbered_captions_kept_with_them(document):
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]

    assert [p.text for p in captions[:2]] == [
        "Table 1: Strategy and policy documents",
        "Table 2: Service data – Communities",
    ]
    assert len(captions) == len(document.tables)
    assert all(p.paragraph_format.keep_with_next for p in captions)
    assert "SEQ Table" in captions[0]._p.xml


def test_plan_docx_lists_are_bullet_paragraphs(document):
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    purpose = document.tables[0].rows[2].cells[1]

    assert "Going the extra mile: a strong, caring focus on the needs of communities" in bullets
    assert [p.style.name for p in purpose.paragraphs] == ["Normal"] + ["List Bullet"] * 4
    assert purpose.paragraphs[1].text == "Lean and fit in its assets, systems and processes"


def test_plan_docx_shows_the_seed_figures(document):
    rows = [row for table in document.tables for row in _rows(table)]

    assert ["All crime (ComS_001)", "7,162", "7,123", "6,869", ""] in rows
    assert any(
        r[0].endswith("(ComS_24)") and r[1:7] == ["37%", "24%", "27%", "24%", "22%", "20%"]
        for r in rows
    )
    assert any(r[1] == "COMS2629_07" and r[2:] == ["(20,000)"] * 3 for r in rows)
    assert any(r[0].endswith("BCRPASB_29") and r[3].endswith("March 2028") for r in rows)


def test_plan_docx_properties_name_the_plan(document):
    props = document.core_properties

    assert props.title == "Community Safety Business Plan 2026–2029"
    assert props.author == "Broxtowe Borough Council"
    assert props.language == "en-GB"


def test_plan_docx_is_the_same_bytes_for_the_same_plan(raw):
    data = parse_plan_text(SEED.read_text(encoding="utf-8"), as_of=AS_OF)

    assert render_docx(build_plan_document(data)) == raw
