"""My indicators and the data-entry page: what an owner enters, how the service's refusals show,
edit conflicts, permissions, CSRF and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.indicators.models import Indicator
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.services import indicator_value_return
from tests.clock import SEED_DAY
from tests.factories.plan_data import plan_create
from tests.factories.scenario import Q2, approved, submit
from tests.support.clients import signed_in_as
from tests.support.html import parse, tables

pytestmark = pytest.mark.today(SEED_DAY)

MINE = "/my-indicators/"
ENTRY = "/indicators/ComS_001/values/2026-27-Q2/"
# What an owner says of an off-target figure, which cannot be submitted without it.
OFF_TARGET = {"remedial_action": "Cases reviewed at the panel", "forecast": "On target by Q4"}


def _form(response):
    return parse(response.content).find("main").find("form", method="post")


def _post(client, url=ENTRY, **data):
    fields = {"value": "", "commentary": "", "expected_version": "0", "action": "submit"}
    return client.post(url, {**fields, **data})


def _values(code="ComS_001"):
    return list(IndicatorValue.objects.filter(indicator__code=code).order_by("id"))


# -- My indicators ---------------------------------------------------------------------------


def test_my_indicators_lists_the_owners_own_and_group_sub_measures(as_owner, plan, owner, officer):
    approved(plan, "ComS_001", "2025/26-Q2", 1650, by=owner, officer=officer)

    response = as_owner.get(MINE)

    table = tables(response.content)["Figures for 2026/27 Q2"]
    assert table.column("Code") == ["ComS_001", "ComS_024", "ComS_024a"]
    assert table.row("ComS_001") | {"Indicator": ""} == {
        "Code": "ComS_001",
        "Indicator": "",
        "Period": "2026/27 Q2",
        "Target to date": "3,400",
        "Same period last year": "1,650",
        "Figure": "Nothing entered",
        "Status": "Data missing",
    }
    assert table.row("ComS_024")["Target to date"] == "22%"
    link = table.node.find("a", href=ENTRY)
    assert link.text == "ComS_001"
    assert "Owner" not in [s.attrs.get("id") for s in parse(response.content).find_all("select")]


def test_my_indicators_shows_the_figure_now_and_its_status_if_approved(as_owner, plan, owner):
    submit(plan, "ComS_001", Q2, 1750, owner, "Summer")  # Q1 missing: the year to date is not
    submit(plan, "ComS_024", Q2, 25, owner, "Repeats", **OFF_TARGET)

    table = tables(as_owner.get(MINE).content)["Figures for 2026/27 Q2"]

    assert table.row("ComS_001")["Figure"] == "1,750 Submitted"
    assert table.row("ComS_001")["Status"] == "Data missing"
    assert table.row("ComS_024")["Figure"] == "25% Submitted"
    assert table.row("ComS_024")["Status"] == "Off target if approved"


def test_my_indicators_officer_sees_every_figure_with_an_owner_filter(as_officer, plan):
    page = as_officer.get(MINE)
    table = tables(page.content)["Figures for 2026/27 Q2"]
    assert table.column("Code") == [
        "ComS_001",
        "ComS_012",
        "ComS_012a",
        "ComS_024",
        "ComS_024a",
        "ComS_038",
        "ComS_093a",
    ]
    options = parse(page.content).find("select", id="id_owner").find_all("option")
    licensing = next(o for o in options if o.text == "Licensing Manager")

    filtered = as_officer.get(f"{MINE}?owner={licensing.attrs['value']}")

    assert tables(filtered.content)["Figures for 2026/27 Q2"].column("Code") == ["ComS_093a"]


def test_my_indicators_annual_measures_come_in_the_fourth_quarter(as_owner, plan):
    table = tables(as_owner.get(f"{MINE}?period=2026/27-Q4").content)["Figures for 2026/27 Q4"]

    # On 30 November 2026 neither Q4 nor the year has ended: listed, not yet open for entry.
    opens = " Opens 1 April 2027"
    assert table.column("Code") == [
        f"{c}{opens}" for c in ("ComS_001", "ComS_024", "ComS_024a")
    ] + [f"ComS_033{opens}"]
    assert table.row(f"ComS_033{opens}")["Period"] == "2026/27"
    links = [a.attrs.get("href") for a in table.node.find_all("a")]
    assert "/indicators/ComS_033/values/2026-27/" not in links


def test_my_indicators_viewer_is_told_who_enters_figures(as_viewer, plan):
    response = as_viewer.get(MINE)

    page = parse(response.content)
    assert "Only indicator owners and performance officers enter figures" in page.text
    assert not page.find_all("table")


# -- the data-entry page -----------------------------------------------------------------------


def test_entry_page_has_labelled_fields_and_both_buttons(as_owner, plan):
    response = as_owner.get(ENTRY)

    form = _form(response)
    value = form.find("input", name="value")
    assert form.find("label", **{"for": value.attrs["id"]}).text == "Value"
    assert value.attrs["inputmode"] == "numeric"
    textarea = form.find("textarea", name="commentary")
    assert form.find("label", **{"for": textarea.attrs["id"]}).text == "Commentary"
    assert form.find("input", name="expected_version").attrs == {
        "type": "hidden",
        "name": "expected_version",
        "value": "0",
    }
    buttons = [(b.attrs["value"], b.text) for b in form.find_all("button")]
    assert buttons == [("submit", "Submit for approval"), ("draft", "Save draft")]
    assert form.find("input", name="csrfmiddlewaretoken")


def test_entry_page_percentage_has_a_percent_suffix(as_owner, plan):
    form = _form(as_owner.get("/indicators/ComS_024/values/2026-27-Q2/"))

    assert form.find("div", class_="govuk-input__suffix").text == "%"
    assert form.find("input", name="value").attrs["inputmode"] == "decimal"


def test_entry_page_shows_targets_and_last_year(as_owner, plan, owner, officer):
    approved(plan, "ComS_001", "2025/26-Q2", 1650, by=owner, officer=officer)

    page = parse(as_owner.get(ENTRY).content)

    facts = {
        row.find("dt").text: row.find("dd").text
        for row in page.find_all("div", class_="govuk-summary-list__row")
    }
    assert facts["Due by"] == "21 October 2026"
    assert facts["Annual target"] == "6,800"
    assert facts["Target to date"] == "3,400"
    assert facts["Same period last year (2025/26 Q2)"] == "1,650"
    assert facts["Figure now"] == "Nothing entered"
    assert facts["Status"] == "Data missing"


def test_entry_submit_saves_and_returns_to_my_indicators(as_owner, plan, owner):
    response = _post(as_owner, value="1,700", commentary="Steady")

    assert response.status_code == 302
    assert response["Location"] == "/my-indicators/?period=2026/27-Q2"
    [row] = _values()
    assert (row.value, row.status, row.commentary, row.entered_by) == (
        Decimal(1700),
        ValueStatus.SUBMITTED,
        "Steady",
        owner,
    )
    banner = parse(as_owner.get(response["Location"]).content).find(
        "div", class_="govuk-notification-banner"
    )
    assert banner.text == "Success ComS_001, 2026/27 Q2: 1,700 submitted for approval."


def test_entry_save_draft_keeps_it_a_draft(as_owner, plan):
    _post(as_owner, value="1700", action="draft")

    [row] = _values()
    assert row.status == ValueStatus.DRAFT
    form = _form(as_owner.get(ENTRY))
    assert form.find("input", name="value").attrs["value"] == "1700"
    assert form.find("input", name="expected_version").attrs["value"] == "1"


def test_entry_amber_figure_without_commentary_is_refused_with_an_error_summary(
    as_owner, plan, owner, officer
):
    approved(plan, "ComS_001", "2026/27-Q1", 1700, by=owner, officer=officer)

    response = _post(as_owner, value="1750")

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("title").text.startswith("Error: ")
    summary = page.find("div", class_="govuk-error-summary")
    link = summary.find("a")
    assert link.attrs["href"] == "#id_commentary"
    assert link.text == "Explain the figure: 1750 is within tolerance for ComS_001"
    group = page.find("textarea", name="commentary")
    assert group.attrs["aria-describedby"] == "id_commentary-hint id_commentary-error"
    assert page.find("p", id="id_commentary-error").text == (
        "Error: Explain the figure: 1750 is within tolerance for ComS_001"
    )
    assert page.find("input", name="value").attrs["value"] == "1750"  # the input is kept
    assert [str(v.period) for v in _values()] == ["2026/27-Q1"]  # nothing saved for Q2


@pytest.mark.parametrize(
    ("url", "value", "message"),
    [
        (ENTRY, "", "Enter a value"),
        (ENTRY, "lots", "Enter a number, not “lots”"),
        (ENTRY, "-3", "A count cannot be negative (-3)"),
        (ENTRY, "12.5", "A count must be a whole number, not 12.5"),
        (
            "/indicators/ComS_024/values/2026-27-Q2/",
            "120",
            "A percentage must be between 0 and 100, not 120",
        ),
    ],
)
def test_entry_value_errors_link_to_the_value_field(as_owner, plan, url, value, message):
    response = _post(as_owner, url, value=value, commentary="Checked")

    page = parse(response.content)
    link = page.find("div", class_="govuk-error-summary").find("a")
    assert (link.attrs["href"], link.text) == ("#id_value", message)
    assert "govuk-input--error" in page.find("input", name="value").attrs["class"]
    assert IndicatorValue.objects.count() == 0


def test_entry_conflict_keeps_the_users_figure_and_lets_them_save_again(as_owner, plan, officer):
    form = _form(as_owner.get(ENTRY))
    version = form.find("input", name="expected_version").attrs["value"]
    submit(plan, "ComS_001", Q2, 1800, officer, "Entered by the performance team", **OFF_TARGET)

    response = _post(as_owner, value="1700", commentary="Mine", expected_version=version)

    assert response.status_code == 409
    page = parse(response.content)
    summary = page.find("div", class_="govuk-error-summary")
    assert "Someone else changed this figure while you were editing it" in summary.text
    assert page.find("input", name="value").attrs["value"] == "1700"
    assert page.find("textarea", name="commentary").text == "Mine"
    facts = {
        row.find("dt").text: row.find("dd").text
        for row in page.find_all("div", class_="govuk-summary-list__row")
    }
    assert facts["Figure now"].startswith("1,800 Submitted")
    assert [v.value for v in _values()] == [Decimal(1800)]

    again = _post(
        as_owner,
        value="1700",
        commentary="Mine",
        expected_version=page.find("input", name="expected_version").attrs["value"],
    )

    assert again.status_code == 302
    assert [(v.value, v.commentary) for v in _values()] == [(Decimal(1700), "Mine")]


def test_entry_returned_figure_shows_the_officers_reason(as_owner, plan, owner, officer):
    row = submit(plan, "ComS_001", Q2, 1750, owner, "Summer")
    indicator_value_return(
        value_id=row.pk, by=officer, expected_version=row.version, reason="Q1 is missing: add it"
    )

    page = parse(as_owner.get(ENTRY).content)

    inset = page.find("div", class_="app-returned")
    assert "Returned for correction" in inset.text
    assert "Q1 is missing: add it" in inset.text
    table = tables(as_owner.get(MINE).content)["Figures for 2026/27 Q2"]
    assert table.row("ComS_001")["Figure"] == "1,750 Returned Returned: Q1 is missing: add it"


def test_entry_another_posts_indicator_is_refused_and_nothing_saved(as_colleague, plan):
    page = parse(as_colleague.get(ENTRY).content).find("main")
    assert not page.find_all("form", method="post")
    assert "You cannot enter figures for ComS_001" in page.text

    response = _post(as_colleague, value="1700", commentary="Not mine")

    assert response.status_code == 403
    assert "You cannot enter figures for ComS_001: it is owned by another post." in (
        parse(response.content).find("main").text
    )
    assert IndicatorValue.objects.count() == 0


def test_entry_viewer_sees_no_form_and_cannot_post(as_viewer, plan):
    assert not parse(as_viewer.get(ENTRY).content).find("main").find_all("form", method="post")

    response = _post(as_viewer, value="1700")

    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_entry_without_csrf_token_is_refused(owner, plan):
    client = signed_in_as(owner, enforce_csrf_checks=True)

    response = _post(client, value="1700")

    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_entry_sub_measure_is_entered_by_the_groups_owner(as_owner, plan):
    response = _post(as_owner, "/indicators/ComS_024a/values/2026-27-Q2/", value="40")

    assert response.status_code == 302
    assert _values("ComS_024a")[0].value == Decimal(40)


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/NOPE/values/2026-27-Q2/",
        "/indicators/ComS_001/values/2026-10/",  # a quarterly measure has no monthly figure
        "/indicators/ComS_001/values/soon/",
        "/indicators/ComS_033/values/2026-27-Q2/",  # an annual survey has a yearly figure
    ],
)
def test_entry_unknown_indicator_or_period_is_not_found(as_owner, plan, url):
    assert as_owner.get(url).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def test_entry_pages_queries_do_not_grow_with_the_plan(as_officer, owner, officer, plan):
    urls = [MINE, f"{MINE}?format=csv", ENTRY]
    submit(plan, "ComS_001", Q2, 1750, owner, "Summer")
    small = [_queries(as_officer, url) for url in urls]
    plan_create(scale=3)
    submit(plan, "ComS_001x2", Q2, 1750, officer, "Summer")
    assert Indicator.objects.count() == 24
    large = [_queries(as_officer, url) for url in urls]

    assert large == small
    assert small == [14, 12, 13]


# -- what entry catches ----------------------------------------------------------------------


def test_entry_page_warns_of_an_unusual_figure_and_saves_it_once_confirmed(as_owner, plan):
    warned = _post(as_owner, value="99999999", commentary="Checked twice", action="draft")

    assert warned.status_code == 200
    page = parse(warned.content)
    summary = page.find("div", class_="govuk-error-summary").text
    assert "99,999,999 for 2026/27 Q2 is more than ten times any figure ComS_001 has had" in summary
    box = page.find("input", id="id_confirm_unusual")
    assert box.attrs["type"] == "checkbox"
    assert page.find("label", **{"for": "id_confirm_unusual"}).text.strip() == (
        "Yes, this figure is right"
    )
    assert not _values()

    saved = _post(
        as_owner, value="99999999", commentary="Checked twice", action="draft", confirm_unusual="on"
    )

    assert saved.status_code == 302
    assert [(v.value, v.status) for v in _values()] == [(Decimal(99999999), ValueStatus.DRAFT)]


def test_entry_page_for_a_quarter_that_has_not_ended_says_when_it_opens(as_owner, plan):
    url = "/indicators/ComS_001/values/2026-27-Q3/"

    response = as_owner.get(url)

    assert "its figures can be entered from 1 January 2027" in parse(response.content).text
    assert b'name="value"' not in response.content  # no form to fill in
    refused = _post(as_owner, url=url, value="1600", commentary="Early")
    assert refused.status_code == 200
    assert "has not ended yet (it ends on 31 December 2026)" in parse(refused.content).text
    assert not _values()
