"""The late-figures page (by post, with CSV) and the collection workbook's download and upload."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.services import indicator_value_return
from civicplan.monitoring.workbook import workbook_build
from tests.clock import SEED_DAY as TODAY
from tests.factories.scenario import Q2, submit
from tests.monitoring.workbooks import fill, open_book, row_of
from tests.support.clients import signed_in_as
from tests.support.html import parse, tables

pytestmark = pytest.mark.today(TODAY)

LATE = "/late/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_late_lists_figures_by_post_with_due_date_and_working_days(as_viewer, plan, owner, officer):
    returned = submit(
        plan, "ComS_024", Q2, 25, owner, "Repeats", remedial_action="Panel review", forecast="Q4"
    )
    indicator_value_return(
        value_id=returned.pk, by=officer, expected_version=returned.version, reason="Check it"
    )
    submit(plan, "ComS_001", Q2, 1750, owner, "Summer")

    found = tables(as_viewer.get(LATE).content)

    assert found["Late figures by post"].rows == [
        ["Head of Communities and Community Safety", "2", "28"],
        ["Head of Environmental Health, Licensing and Private Sector Housing", "2", "28"],
        ["Licensing Manager", "1", "28"],
    ]
    mine = found["Head of Communities and Community Safety: 2 late"]
    assert mine.headers == [
        "Code",
        "Indicator",
        "Period",
        "Due",
        "Working days late",
        "Why it is late",
        "Returned because",
    ]
    assert [row[:1] + row[2:] for row in mine.rows] == [
        ["ComS_024", "2026/27 Q2", "21 October 2026", "28", "Returned for correction", "Check it"],
        ["ComS_024a", "2026/27 Q2", "21 October 2026", "28", "Nothing entered", "– None"],
    ]


def test_late_csv_has_every_late_figure(as_viewer, plan):
    response = as_viewer.get(f"{LATE}?format=csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Post,Code,Indicator,Period,Due,Working days late,Why it is late,Returned because"
    )
    assert lines[1] == (
        "Head of Communities and Community Safety,ComS_001,All crime,2026/27 Q2,2026-10-21,28,"
        "Nothing entered,"
    )
    assert len(lines) == 1 + 6


def test_late_before_the_due_date_nothing_is_late(as_viewer, plan):
    page = parse(as_viewer.get(f"{LATE}?period=2026/27-Q3").content)

    assert "Nothing is late for 2026/27 Q3." in page.text
    assert "due by Friday 22 January 2027" in page.text  # Christmas and New Year not counted


# -- the collection workbook --------------------------------------------------------------------


def _upload(client, data, *, submit=False, name="q2.xlsx"):
    return client.post(
        "/workbook/upload/",
        {"workbook": SimpleUploadedFile(name, data, content_type=XLSX), "submit": submit or ""},
    )


def test_workbook_page_has_labelled_download_and_upload_forms(as_owner, plan):
    page = parse(as_owner.get("/workbook/").content).find("main")

    upload = page.find("input", type="file")
    assert page.find("label", **{"for": upload.attrs["id"]}).text == "Upload a file"
    checkbox = page.find("input", type="checkbox")
    assert page.find("label", **{"for": checkbox.attrs["id"]}).text == (
        "Submit the figures for approval"
    )
    posts = [o.text for o in page.find("select", id="id_post").find_all("option")]
    assert posts == ["All the indicators I may enter", "Head of Communities and Community Safety"]


def test_workbook_download_is_the_owners_workbook(as_owner, plan):
    response = as_owner.get("/workbook/download/?period=2026/27-Q2")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="collection-2026-27-Q2.xlsx"'
    ws = open_book(response.content)["Q2 values"]
    assert [ws.cell(row=n, column=1).value for n in range(2, ws.max_row + 1)] == [
        "ComS_001",
        "ComS_024",
        "ComS_024a",
    ]


def test_workbook_viewer_has_no_forms_and_no_workbook(as_viewer, plan):
    page = parse(as_viewer.get("/workbook/").content).find("main")
    assert not page.find_all("form")

    assert as_viewer.get("/workbook/download/?period=2026/27-Q2").status_code == 403


def test_workbook_upload_saves_and_lists_what_it_saved(as_owner, plan, owner):
    data = fill(workbook_build(plan, Q2, by=owner, today=TODAY), {"ComS_001": (1700, "Steady")})

    response = _upload(as_owner, data, submit=True)

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text == "Workbook uploaded"
    assert "q2.xlsx: 1 figure saved and submitted for approval" in page.text
    assert tables(response.content)["Figures saved"].rows == [
        ["ComS_001", "2026/27 Q2", "1,700", "Submitted", "2"]
    ]
    [row] = IndicatorValue.objects.all()
    assert (row.value, row.status, row.source) == (
        Decimal(1700),
        ValueStatus.SUBMITTED,
        ValueSource.WORKBOOK,
    )


def test_workbook_upload_problems_name_sheet_row_and_column(as_owner, plan, owner):
    book = workbook_build(plan, Q2, by=owner, today=TODAY)
    data = fill(book, {"ComS_001": -5, "ComS_024": 120})
    rows = {code: row_of(open_book(data)["Q2 values"], code) for code in ("ComS_001", "ComS_024")}

    response = _upload(as_owner, data)

    page = parse(response.content)
    assert page.find("title").text.startswith("Error: Workbook not saved")
    summary = page.find("div", class_="govuk-error-summary")
    assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == [
        (
            "#id_workbook",
            f'Sheet "Q2 values", row {rows["ComS_001"]}, column I: a count cannot be negative (-5)',
        ),
        (
            "#id_workbook",
            f'Sheet "Q2 values", row {rows["ComS_024"]}, column I: '
            "a percentage must be between 0 and 100, not 120",
        ),
    ]
    assert tables(response.content)["Problems to put right"].rows[0] == [
        "Q2 values",
        str(rows["ComS_001"]),
        "I",
        "a count cannot be negative (-5)",
    ]
    assert IndicatorValue.objects.count() == 0


def test_workbook_upload_of_another_posts_figures_saves_nothing(as_colleague, plan, owner):
    data = fill(workbook_build(plan, Q2, by=owner, today=TODAY), {"ComS_001": 1700})

    response = _upload(as_colleague, data)

    summary = parse(response.content).find("div", class_="govuk-error-summary")
    assert "ComS_001" in summary.text
    assert IndicatorValue.objects.count() == 0


def test_workbook_upload_without_a_file_is_an_error(as_owner, plan):
    response = as_owner.post("/workbook/upload/", {"submit": "on"})

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert (link.attrs["href"], link.text) == (
        "#id_workbook",
        "Choose the collection workbook you filled in",
    )


def test_workbook_upload_without_csrf_token_is_refused(owner, plan):
    data = fill(workbook_build(plan, Q2, by=owner, today=TODAY), {"ComS_001": 1700})
    client = signed_in_as(owner, enforce_csrf_checks=True)

    assert _upload(client, data).status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_workbook_upload_larger_than_the_limit_is_refused_unread(as_owner, plan, settings):
    settings.CIVICPLAN_MAX_REQUEST_BYTES = 1024 * 1024

    response = _upload(as_owner, b"PK" + b"\0" * (2 * 1024 * 1024))

    assert response.status_code == 413
    page = parse(response.content)
    assert page.find("h1").text == "The file is too big"
    assert "bigger than civicplan accepts (1 MB)" in page.text
    assert not IndicatorValue.objects.exists()


def test_workbook_upload_by_a_councillor_is_refused_before_it_is_read(as_viewer, plan, owner):
    data = fill(workbook_build(plan, Q2, by=owner, today=TODAY), {"ComS_001": (1700, "Steady")})

    response = _upload(as_viewer, data)

    assert response.status_code == 403
    assert "Only indicator owners and performance officers upload figures" in response.text
    assert not IndicatorValue.objects.exists()
