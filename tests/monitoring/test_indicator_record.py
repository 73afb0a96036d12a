"""The indicator page's monitoring record (figures by quarter, chart, revisions, audit trail,
settings) and a performance officer's settings and target forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.core.fy import FinancialYear
from civicplan.core.models import AuditEvent
from civicplan.indicators.models import Indicator, IndicatorYearValue, YearValueKind
from civicplan.monitoring.services import indicator_value_return
from tests.clock import SEED_DAY
from tests.factories.plan_data import plan_create
from tests.factories.scenario import Q2, quarter_two, submit
from tests.support.clients import signed_in_as
from tests.support.html import parse, tables

pytestmark = pytest.mark.today(SEED_DAY)

PAGE = "/indicators/ComS_001/"
SETTINGS = "/indicators/ComS_001/settings/"
TARGETS = "/indicators/ComS_001/targets/"


@pytest.fixture
def figures(plan, owner, officer):
    quarter_two(plan, owner=owner, officer=officer)


def test_indicator_page_quarterly_figures_by_year(as_viewer, figures):
    table = tables(as_viewer.get(PAGE).content)["Quarterly figures by year"]

    assert table.headers == [
        "Period",
        "Figure for the period",
        "Actual to date",
        "Target to date",
        "Status",
        "Against a year earlier",
        "Against the period before",
    ]
    none, apart = "– None", ["Not comparable", "Not comparable"]
    assert table.rows == [
        ["2026/27 Q2", "1,750", "3,450", "3,400", "Within tolerance", "Worsening", "Worsening"],
        ["2026/27 Q1", "1,700", "1,700", "1,700", "On target", "Unchanged", "Not comparable"],
        ["2025/26 Q4", none, none, "6,800", "Data missing", *apart],
        ["2025/26 Q3", none, none, "5,100", "Data missing", *apart],
        ["2025/26 Q2", "1,650", "3,350", "3,400", "On target", "Not comparable", "Improving"],
        ["2025/26 Q1", "1,700", "1,700", "1,700", "On target", "Not comparable", "Not comparable"],
    ]


def test_indicator_page_annual_measure_has_figures_by_year(as_viewer, plan):
    table = tables(as_viewer.get("/indicators/ComS_033/").content)["Figures by year"]

    assert table.column("Period") == ["2026/27", "2025/26"]
    assert table.row("2026/27")["Target to date"] == "65.0%"  # printed as 57.7%: 1 place


def test_indicator_page_chart_is_svg_with_its_figures_in_a_table(as_viewer, figures):
    response = as_viewer.get(PAGE)

    page = parse(response.content)
    svg = page.find("svg", id="trend-coms_001")
    assert svg.attrs["role"] == "img"
    assert svg.find("title").text == "ComS_001: actual against target"
    assert "Q2 actual 3,450, target 3,400" in svg.find("desc").text
    table = tables(response.content)["Actual against target (the chart's figures)"]
    assert table.row("2024/25") == {"Period": "2024/25", "Actual": "6,869", "Target": "– None"}
    assert table.row("2026/27 Q2 to date") == {
        "Period": "2026/27 Q2 to date",
        "Actual": "3,450",
        "Target": "3,400",
    }
    assert table.row("2026/27 Q3 to date")["Actual"] == "– None"


def test_indicator_page_history_lists_every_revision(as_viewer, plan, figures, owner, officer):
    row = submit(plan, "ComS_001", Q2, 1760, owner, "Late crime reports added")
    indicator_value_return(value_id=row.pk, by=officer, expected_version=row.version, reason="Why?")

    table = tables(as_viewer.get(PAGE).content)["Every revision of every figure"]

    assert [r[:5] for r in table.rows[:2]] == [
        ["2026/27 Q2", "2", "1,760", "Returned", "Entered by the owner"],
        ["2026/27 Q2", "1", "1,750", "Approved", "Entered by the owner"],
    ]
    newest = table.row("2026/27 Q2")
    assert newest["Commentary"] == "Late crime reports added"
    assert newest["Entered"].startswith("Owner, 30 November 2026, ")
    assert newest["Approved or returned"].startswith("Officer, 30 November 2026, ")
    assert newest["Approved or returned"].endswith("Returned because: Why?")
    assert len(table.rows) == 5  # four approved quarters and the returned correction


def test_indicator_page_audit_trail_says_who_when_before_after_and_why(
    as_officer, plan, figures, owner, officer
):
    row = submit(plan, "ComS_001", Q2, 1760, owner, "Late crime reports added")
    indicator_value_return(
        value_id=row.pk, by=officer, expected_version=row.version, reason="Check the date range"
    )

    table = tables(as_officer.get(PAGE).content)["Audit trail"]

    assert table.headers == ["When", "Who", "What", "About", "Before", "After", "Reason"]
    returned = table.rows[0]
    assert returned[1:] == [
        "Officer",
        "Figure returned to the owner",
        "2026/27 Q2, revision 2 (Entered by the owner)",
        "Status: Submitted",
        "Status: Returned",
        "Check the date range",
    ]
    submitted = table.rows[1]
    assert submitted[1:4] == [
        "Owner",
        "Figure submitted for approval",
        "2026/27 Q2, revision 2 (Entered by the owner)",
    ]
    assert submitted[5] == (
        "Figure: 1,760 Commentary: Late crime reports added Status: Submitted Revision: 2 "
        "Source: Entered by the owner"
    )
    assert len(table.rows) == 10  # four figures submitted and approved; one submitted, returned


def test_indicator_page_settings_summary(as_viewer, plan):
    page = parse(as_viewer.get(PAGE).content)

    assert "How it is monitored" in [h.text for h in page.find_all("h2")]
    facts = {
        row.find("dt").text: row.find("dd").text
        for row in page.find_all("div", class_="govuk-summary-list__row")
    }
    assert facts["How often it is collected"] == "Quarterly"
    assert facts["How figures combine"] == "Added up over the year"
    assert facts["Which way is better"] == "Lower is better"
    assert facts["Tolerance"] == "5% of the target"
    assert facts["Target profile"] == "Even"
    assert facts["Series break"] == "No break"


def test_indicator_page_change_links_are_for_officers(as_officer, as_viewer, plan):
    assert parse(as_officer.get(PAGE).content).find("a", href=SETTINGS)
    assert parse(as_officer.get(PAGE).content).find("a", href=TARGETS)
    assert b'href="/indicators/ComS_001/settings/"' not in as_viewer.get(PAGE).content
    assert b'href="/indicators/ComS_001/targets/"' not in as_viewer.get(PAGE).content


def test_indicator_page_offers_the_owner_the_figure_to_enter(as_owner, as_viewer, plan):
    link = parse(as_owner.get(PAGE).content).find(
        "a", href="/indicators/ComS_001/values/2026-27-Q2/"
    )
    assert link.text == "Enter the figure for 2026/27 Q2"
    assert b"/values/2026-27-Q2/" not in as_viewer.get(PAGE).content


# -- settings -----------------------------------------------------------------------------------


def _settings(client, **changes):
    page = parse(client.get(SETTINGS).content).find("main").find("form", method="post")
    data = {}
    for field in page.find_all("input"):
        if field.attrs.get("name") and field.attrs.get("type") != "submit":
            data[field.attrs["name"]] = field.attrs.get("value", "")
    for select in page.find_all("select"):
        chosen = select.find_all("option", selected="")
        data[select.attrs["name"]] = chosen[0].attrs["value"] if chosen else ""
    return client.post(SETTINGS, {**data, **changes})


def test_settings_change_is_saved_with_the_reason_in_the_audit_trail(as_officer, plan):
    response = _settings(
        as_officer,
        tolerance_kind="absolute",
        tolerance_amount="150",
        reason="Agreed at the performance board",
        **{"series_break_date-day": "1", "series_break_date-month": "12"},
        **{"series_break_date-year": "2024", "series_break_reason": "New recording method"},
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    indicator = Indicator.objects.get(code="ComS_001")
    assert (indicator.tolerance_kind, indicator.tolerance_amount) == ("absolute", Decimal(150))
    assert str(indicator.series_break_date) == "2024-12-01"
    event = AuditEvent.objects.get(action="indicator.settings")
    assert event.reason == "Agreed at the performance board"
    assert event.after == {
        "tolerance_kind": "absolute",
        "tolerance_amount": 150,
        "series_break_date": "2024-12-01",
        "series_break_reason": "New recording method",
    }
    audit = tables(as_officer.get(PAGE).content)["Audit trail"]
    assert audit.rows[0][2:4] == ["Monitoring settings changed", "The indicator"]
    assert "Tolerance measured as: Fixed amount" in audit.rows[0][5]


def test_settings_need_a_reason_and_a_real_date(as_officer, plan):
    response = _settings(
        as_officer,
        reason="",
        **{"series_break_date-day": "31", "series_break_date-month": "2"},
        **{"series_break_date-year": "2025"},
    )

    summary = parse(response.content).find("div", class_="govuk-error-summary")
    assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == [
        ("#id_series_break_date", "The series break date must be a real date"),
        ("#id_reason", "Say why the settings are changing"),
    ]
    assert Indicator.objects.get(code="ComS_001").version == 1


def test_settings_ratio_needs_both_parts(as_officer, plan):
    response = _settings(as_officer, aggregation="ratio", reason="Make it a ratio")

    summary = parse(response.content).find("div", class_="govuk-error-summary")
    assert [a.text for a in summary.find_all("a")] == [
        "Choose the indicator that counts the part",
        "Choose the indicator that counts the whole",
    ]


def test_settings_stale_copy_is_refused(as_officer, plan):
    response = _settings(as_officer, expected_version="0", polarity="higher", reason="Flip")

    assert response.status_code == 409
    assert "Someone else changed these settings" in parse(response.content).text
    assert Indicator.objects.get(code="ComS_001").polarity == "lower"


def test_settings_and_targets_are_for_officers_only(as_owner, as_viewer, plan):
    for client in (as_owner, as_viewer):
        assert client.get(SETTINGS).status_code == 403
        assert client.get(TARGETS).status_code == 403
        assert client.post(SETTINGS, {"reason": "x"}).status_code == 403
        target = {"year": "2026/27", "value": "1", "reason": "x"}
        assert client.post(TARGETS, target).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="indicator.").exists()


def test_settings_without_csrf_token_are_refused(officer, plan):
    client = signed_in_as(officer, enforce_csrf_checks=True)

    assert client.post(SETTINGS, {"reason": "x"}).status_code == 403


# -- targets ------------------------------------------------------------------------------------


def test_target_change_is_saved_with_the_reason(as_officer, plan):
    response = as_officer.post(
        TARGETS, {"year": "2027/28", "value": "6,500", "reason": "Reset after the 2026 review"}
    )

    assert response.status_code == 302
    target = IndicatorYearValue.objects.get(
        indicator__code="ComS_001", year=FinancialYear(2027), kind=YearValueKind.TARGET
    )
    assert target.value == Decimal(6500)
    audit = tables(as_officer.get(PAGE).content)["Audit trail"]
    assert audit.rows[0][2:] == [
        "Target set",
        "The indicator",
        "Target: 6,800",
        "Target: 6,500",
        "Reset after the 2026 review",
    ]


def test_target_needs_a_reason_linked_from_the_error_summary(as_officer, plan):
    response = as_officer.post(TARGETS, {"year": "2027/28", "value": "6500", "reason": ""})

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert (link.attrs["href"], link.text) == ("#id_reason", "Say why the target is changing")


def test_target_value_is_checked_by_the_unit(as_officer, plan):
    response = as_officer.post(
        "/indicators/ComS_024/targets/", {"year": "2027/28", "value": "140", "reason": "x"}
    )

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert (link.attrs["href"], link.text) == (
        "#id_value",
        "A percentage must be between 0 and 100, not 140",
    )


def test_indicator_page_queries_do_not_grow_with_the_plan(as_officer, owner, officer, plan):
    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert as_officer.get(url).status_code == 200
        return len(context)

    quarter_two(plan, owner=owner, officer=officer)
    urls = [PAGE, f"{PAGE}?format=csv&table=history", SETTINGS, TARGETS]
    small = [count(url) for url in urls]
    plan_create(scale=3)
    assert Indicator.objects.count() == 24
    large = [count(url) for url in urls]

    assert large == small
    # One more than before police data: the organisation's crime-measure mapping (one query).
    assert small == [21, 19, 9, 8]


def test_settings_change_the_decimal_places_a_measure_is_printed_with(as_officer, plan):
    response = _settings(as_officer, decimal_places="2", reason="Printed to 2 places nationally")

    assert response.status_code == 302
    assert Indicator.objects.get(code="ComS_001").decimal_places == 2
    event = AuditEvent.objects.get(action="indicator.settings")
    assert (event.before, event.after) == ({"decimal_places": 0}, {"decimal_places": 2})


def test_settings_refuse_more_than_4_decimal_places(as_officer, plan):
    response = _settings(as_officer, decimal_places="7", reason="More precision")

    summary = parse(response.content).find("div", class_="govuk-error-summary")
    assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == [
        ("#id_decimal_places", "Choose the number of decimal places, from 0 to 4"),
    ]
    assert Indicator.objects.get(code="ComS_001").decimal_places == 0
