"""Every figure in the quarterly report is printed to its measure's decimal places: the HTML (its
text, chart labels and alternative text), the Word file and the PDF.

ComS_024 (repeat MARAC cases, %) is worked out from its parts, ComS_024b ÷ ComS_024a; with 67
repeats of 181 cases to date it is 37.0165745856…%, which the report once printed to 28 digits.
The plan prints ComS_024 as whole percentages (37%, 24%, 27%), so the report prints 37%.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import zipfile
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from pypdf import PdfReader

from civicplan.planio.workflows import plan_import_file
from civicplan.reports.quarterly.exports import report_bytes
from tests.clock import moment

from .conftest import AS_OF, Q1, Q2, SEED, _approve, build, record_quarter, rolled_back

pytestmark = pytest.mark.django_db

# A number with its decimal part: "37.0", "1,234.56", "57.7" (not "2026/27" or "Q2").
DECIMALS = re.compile(r"\d[\d,]*\.\d+")


@dataclass
class Texts:
    html: str
    docx: str
    pdf: str
    places: dict[str, int]


def _html_text(raw: bytes) -> str:
    """What a reader or a screen reader gets: the text (chart labels included) and alt text."""
    page = raw.decode()
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    described = re.findall(r'(?:alt|aria-label|title)="([^"]*)"', page)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(described))


def _docx_text(raw: bytes) -> str:
    """Every run of text in the Word file and the alternative text of its pictures."""
    xml = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
    described = re.findall(r'descr="([^"]*)"', xml)
    return html_lib.unescape(" ".join(runs) + " " + " ".join(described))


def _pdf_text(raw: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages))


@pytest.fixture(scope="module")
def texts(django_db_setup, django_db_blocker, tmp_path_factory) -> Texts:
    """The Q2 Cabinet report of the seed with ComS_024's parts recorded, in every format."""
    no_store = tmp_path_factory.mktemp("no-police-store") / "opendata.duckdb"
    with (
        time_machine.travel(moment(AS_OF), tick=True),
        rolled_back(django_db_blocker),
        override_settings(OPENDATA_DUCKDB_PATH=no_store),
    ):
        plan = plan_import_file(SEED, as_of=AS_OF).plan
        record_quarter(plan)
        officer = get_user_model().objects.get(username="officer")
        for code, q1, q2 in (("ComS_024a", 90, 91), ("ComS_024b", 33, 34)):
            _approve(plan, code, Q1, q1, officer, officer, "Recorded for the precision test.")
            _approve(plan, code, Q2, q2, officer, officer, "Recorded for the precision test.")
        report = build(plan, "cabinet")
        places = dict(plan.indicators.values_list("code", "decimal_places"))
        return Texts(
            html=_html_text(report_bytes(report, "html")),
            docx=_docx_text(report_bytes(report, "docx")),
            pdf=_pdf_text(report_bytes(report, "pdf")),
            places=places,
        )


def _decimal_parts(text: str) -> list[str]:
    return [m.group(0) for m in DECIMALS.finditer(text)]


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_quarterly_precision_no_figure_has_more_than_4_decimal_places(texts, kind):
    text = getattr(texts, kind)

    assert "37.0165" not in text
    assert [n for n in _decimal_parts(text) if len(n.split(".")[1]) > 4] == []


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_quarterly_precision_the_derived_percentage_is_printed_to_its_measures_places(texts, kind):
    text = getattr(texts, kind)

    assert texts.places["ComS_024"] == 0
    assert "37%" in text  # 67 ÷ 181 to date
    assert not re.search(r"\b37\.\d+%", text)


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_quarterly_precision_no_percentage_has_more_places_than_any_measure(texts, kind):
    """Every percentage in the report has at most the most places any percentage measure has
    (ComS_033, printed 57.7% in the plan, has 1); the seed's other percentages are whole."""
    most = max(texts.places.values())
    percentages = re.findall(r"\d+(?:\.(\d+))?%", getattr(texts, kind))

    assert most == 1
    assert all(len(p) <= most for p in percentages)


def test_quarterly_precision_the_trend_alt_text_prints_the_measures_places(texts):
    """Q1 is 33 ÷ 90 = 36.66…%, Q2 to date 67 ÷ 181 = 37.01…%; both printed as whole per cents."""
    described = "Q1 actual 37%, target 22%; Q2 actual 37%, target 22%"

    assert described in texts.html
    assert described in texts.docx
