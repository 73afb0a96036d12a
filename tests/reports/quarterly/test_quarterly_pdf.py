"""The quarterly report as PDF: the same figures, statuses and commentary as the Word file, page
numbers, charts with alternative text, and the number of pages a reader gets."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import AMBER_COMMENTARY, RED_COMMENTARY

pytestmark = pytest.mark.django_db

CABINET_PAGES = 10  # cover, summary, CSIs and KPIs (2), exceptions (2), key tasks (2), risks and
# policies, budget and notes: seen in page images, each section starting where the CSS says


@pytest.fixture(scope="module")
def pdf(built) -> PdfReader:
    return PdfReader(io.BytesIO(built.files["cabinet.pdf"]))


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """All the text, with line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))


def test_quarterly_pdf_has_the_exact_figures_and_statuses(text):
    assert "ComS_011 ASB Incidents (police) 820 900 On target" in text
    assert "ComS_012 ASB cases received by Environmental Health 205 200 Within tolerance" in text
    assert "ComS_014 ASB cases received by Communities 60 45 Off target" in text


def test_quarterly_pdf_has_the_exceptions_commentary(text):
    assert RED_COMMENTARY in text
    assert AMBER_COMMENTARY in text


def test_quarterly_pdf_numbers_its_pages(pdf):
    first = pdf.pages[0].extract_text()
    last = pdf.pages[-1].extract_text()

    assert f"Page 1 of {CABINET_PAGES}" in first
    assert f"Page {CABINET_PAGES} of {CABINET_PAGES}" in last


def test_quarterly_pdf_charts_carry_their_text_alternative(built, pdf):
    """A tagged PDF: each chart is a Figure structure element whose Alt is its text alternative."""
    raw = built.files["cabinet.pdf"]
    alts = [figure.chart.alt for figure in built.reports["cabinet"].figures]

    assert pdf.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")
    for alt in alts:
        assert alt.encode("latin-1", "ignore")[:60] in raw or _in_objects(pdf, alt)


def _in_objects(pdf: PdfReader, alt: str) -> bool:
    """Alt strings may be stored in UTF-16: look them up through the structure tree."""
    found: list[str] = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None and depth < 60:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid, depth + 1)
        elif isinstance(node, list):
            for kid in node:
                walk(kid, depth + 1)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return alt in found


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs poppler-utils (make setup-test)"
)
def test_quarterly_pdf_pages_render_as_images(built, tmp_path: Path):
    source = tmp_path / "cabinet.pdf"
    source.write_bytes(built.files["cabinet.pdf"])

    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(source), str(tmp_path / "page")], check=True
    )

    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == CABINET_PAGES
    assert all(page.stat().st_size > 1000 for page in pages)


def test_scrutiny_pdf_is_at_most_two_pages(built):
    reader = PdfReader(io.BytesIO(built.files["scrutiny.pdf"]))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))

    assert len(reader.pages) <= 2
    assert "Overview and Scrutiny Committee" in text
    assert RED_COMMENTARY in text
    assert "ComS_014 ASB cases received by Communities 60 45 Off target" in text
