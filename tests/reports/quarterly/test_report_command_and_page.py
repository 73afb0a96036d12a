"""``civicplan report`` and the report page: one way to build the report, from either door."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from civicplan.planio.workflows import plan_import_file
from tests.factories.users import user_create

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return plan_import_file(SEED, as_of=AS_OF).plan


def test_report_command_writes_the_cabinet_docx(plan, tmp_path: Path):
    out = tmp_path / "cabinet.docx"

    call_command(
        "report", "quarterly", "--period", "2026/27-Q2", "--audience", "Cabinet",
        "--format", "docx", "-o", str(out), "--as-of", "2026-11-30",
        "--meeting", "Cabinet, 8 December 2026",
    )  # fmt: skip

    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "Community Safety: quarterly performance report for 2026/27 Q2" in texts
    assert "Meeting: Cabinet, 8 December 2026" in texts


def test_report_command_writes_the_scrutiny_summary_as_html(plan, capsys):
    call_command("report", "scrutiny", "--period", "2026/27-Q2", "--as-of", "2026-11-30")

    html = capsys.readouterr().out
    assert "<title>Community Safety: performance summary for 2026/27 Q2</title>" in html
    assert "Overview and Scrutiny Committee" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026/27", "--format", "html"], "give a quarter such as 2026/27-Q2"),
        (["--period", "2026/27-Q2", "--format", "pdf"], "--format pdf needs -o"),
        (["--period", "2026/27-Q2", "--as-of", "30/11/2026"], "is not a date"),
    ],
)
def test_report_command_explains_what_is_wrong(plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "quarterly", *args)


@pytest.fixture
def signed_in(client, plan):
    client.force_login(user_create("councillor"))
    return client


def test_report_page_needs_a_login(client, plan):
    response = client.get(reverse("reports:quarterly"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_report_page_offers_quarter_audience_and_format(signed_in):
    response = signed_in.get(reverse("reports:quarterly"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<label class="govuk-label" for="id_period">Quarter</label>' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who is it for?' in html
    assert 'value="scrutiny"' in html and 'value="pdf"' in html
    assert '<option value="2026/27-Q2"' in html


def test_report_page_downloads_the_report(signed_in):
    response = signed_in.get(
        reverse("reports:quarterly"),
        {"period": "2026/27-Q2", "audience": "gmt", "format": "html", "meeting": "GMT"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="community-safety-2026-27-q2-gmt.html"'
    )
    assert b"Management Performance Indicators" in response.content


def test_report_page_shows_the_report_on_the_page(signed_in):
    response = signed_in.get(
        reverse("reports:quarterly"),
        {"period": "2026/27-Q2", "audience": "cabinet", "format": "page"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="report-csi"' in html
    assert html.count('role="img"') == 1
    assert html.count("<h1") == 1  # the page's own; the report's headings start at h2


def test_report_page_lists_each_problem_in_an_error_summary(signed_in):
    response = signed_in.get(reverse("reports:quarterly"), {"period": "2031/32-Q1"})
    html = response.content.decode()

    assert response.status_code == 400
    assert "There is a problem" in html
    assert '<a href="#id_period">Choose a quarter from the list</a>' in html
    assert '<a href="#id_audience">Choose who the report is for</a>' in html
    assert '<a href="#id_format">Choose the format of the report</a>' in html
