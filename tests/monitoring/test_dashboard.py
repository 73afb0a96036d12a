"""The dashboard: counts by objective and framework, exceptions, missing data, direction of
travel, discrepancies for officers, filters and sorting, CSV, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.monitoring.models import ValueSource
from civicplan.monitoring.services import indicator_value_record
from tests.clock import SEED_DAY
from tests.factories.plan_data import plan_create
from tests.factories.scenario import Q2, approved, quarter_two
from tests.support.html import parse, tables

pytestmark = pytest.mark.today(SEED_DAY)

URL = "/dashboard/"


@pytest.fixture
def figures(plan, owner, officer):
    quarter_two(plan, owner=owner, officer=officer)


def _tables(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return tables(response.content)


def test_dashboard_defaults_to_the_quarter_most_recently_ended(as_viewer, figures):
    response = as_viewer.get(URL)

    page = parse(response.content)
    assert page.find("h1").text == "Dashboard: 2026/27 Q2"
    assert page.find("select", id="id_period").find("option", selected="").text == "2026/27 Q2"
    assert "due by Wednesday 21 October 2026" in page.find("main").text


def test_dashboard_counts_statuses_by_objective_in_words(as_viewer, figures):
    table = _tables(as_viewer)["Status by objective"]

    assert table.headers == [
        "Objective",
        "On target",
        "Within tolerance",
        "Off target",
        "No target",
        "Data missing",
        "Not yet due",
        "Total",
    ]
    assert table.rows == [
        ["CS1: Reduce anti-social behaviour in Broxtowe", "0", "0", "0", "0", "1", "0", "1"],
        [
            "CS2: Work with partners to reduce violence and improve public safety",
            *["0", "0", "1", "0", "0", "1", "2"],
        ],
        ["CS3: Reduce Drug and Alcohol Use", "0", "1", "0", "0", "0", "0", "1"],
        ["No objective", "1", "0", "0", "0", "3", "0", "4"],
    ]
    foot = table.node.find("tfoot").find("tr")
    assert foot.text == "All measures 1 1 1 0 4 1 8"
    link = table.node.find("a", href="/dashboard/?objective=CS2&status=red#indicators")
    assert link.text == "1"


def test_dashboard_counts_statuses_by_framework(as_viewer, figures):
    table = _tables(as_viewer)["Status by framework"]

    assert table.rows == [
        ["Service data", "0", "1", "1", "0", "4", "0", "6"],
        ["Critical Success Indicator", "0", "1", "1", "0", "1", "1", "4"],
        ["Key Performance Indicator", "0", "0", "0", "0", "1", "0", "1"],
        ["Management Performance Indicator", "1", "0", "0", "0", "0", "0", "1"],
    ]


def test_dashboard_status_is_a_tag_with_words(as_viewer, figures):
    table = _tables(as_viewer)["Every measure for 2026/27 Q2"]

    tag = table.node.find("strong", class_="govuk-tag")
    assert tag.text == "Within tolerance"
    assert "govuk-tag--orange" in tag.attrs["class"]


def test_dashboard_exceptions_are_red_then_amber_with_commentary_and_owner(as_viewer, figures):
    table = _tables(as_viewer)["Exceptions: off target and within tolerance"]

    assert [row[0] for row in table.rows] == ["ComS_024", "ComS_001"]
    assert table.row("ComS_024") | {"Indicator": ""} == {
        "Code": "ComS_024",
        "Indicator": "",
        "Status": "Off target",
        "Actual to date": "25%",
        "Target to date": "22%",
        "Commentary": "Three repeat referrals from one family",
        "Owner": "Head of Communities and Community Safety",
    }
    assert table.row("ComS_001")["Actual to date"] == "3,450"
    assert table.row("ComS_001")["Commentary"] == "More vehicle crime over the summer"


def test_dashboard_lists_missing_data_by_owner(as_viewer, figures):
    table = _tables(as_viewer)["Data missing, by owner"]

    assert [row[:2] for row in table.rows] == [
        ["Head of Communities and Community Safety", "1"],
        ["Head of Environmental Health, Licensing and Private Sector Housing", "2"],
        ["No owner", "1"],
    ]
    assert table.row("Head of Environmental")["Measures"] == (
        "ComS_012: Reduction in ASB cases reported in the Borough to Environmental Health "
        "ComS_012a: Less than 3 months"
    )


def test_dashboard_counts_direction_of_travel(as_viewer, figures):
    table = _tables(as_viewer)["Direction of travel"]

    assert table.headers == ["Direction", "Against 2025/26 Q2", "Against 2026/27 Q1"]
    assert table.rows == [
        ["Improving", "0", "1"],
        ["Unchanged", "0", "0"],
        ["Worsening", "1", "1"],
        ["Not comparable", "7", "6"],
    ]


def test_dashboard_lists_every_measure_with_its_standing(as_viewer, figures):
    table = _tables(as_viewer)["Every measure for 2026/27 Q2"]

    assert table.row("ComS_001") | {"Indicator": ""} == {
        "Code": "ComS_001",
        "Indicator": "",
        "Actual to date": "3,450",
        "Target to date": "3,400",
        "Status": "Within tolerance",
        "Against last year": "Worsening",
        "Against last quarter": "Worsening",
        "Owner": "Head of Communities and Community Safety",
        "Latest figure": "1,750 Approved",
    }
    assert table.row("ComS_093a")["Status"] == "On target"
    assert table.row("ComS_093a")["Against last quarter"] == "Improving"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("?status=red", ["ComS_024"]),
        ("?framework=mpi", ["ComS_093a"]),
        ("?objective=CS2", ["ComS_024", "ComS_033"]),
        ("?objective=CS2&status=pending", ["ComS_033"]),
        ("?sort=status", ["ComS_024", "ComS_001", *["ComS_012", "ComS_012a", "ComS_024a"]]),
        ("?sort=-code&framework=csi", ["ComS_033", "ComS_024", "ComS_012", "ComS_001"]),
    ],
)
def test_dashboard_filters_and_sorts_the_measures(as_viewer, figures, query, codes):
    table = _tables(as_viewer, URL + query)["Every measure for 2026/27 Q2"]

    assert table.column("Code")[: len(codes)] == codes
    if "sort" not in query:
        assert len(table.rows) == len(codes)


def test_dashboard_framework_filter_narrows_the_counts(as_viewer, figures):
    found = _tables(as_viewer, URL + "?framework=csi")

    assert found["Status by framework"].rows == [
        ["Critical Success Indicator", "0", "1", "1", "0", "1", "1", "4"]
    ]
    assert found["Status by objective"].node.find("tfoot").text == "All measures 0 1 1 0 1 1 4"


def test_dashboard_other_period_shows_its_standing(as_viewer, figures):
    found = _tables(as_viewer, URL + "?period=2026/27-Q1")

    table = found["Every measure for 2026/27 Q1"]
    assert table.row("ComS_001")["Status"] == "On target"
    assert table.row("ComS_001")["Against last year"] == "Unchanged"


def test_dashboard_unknown_period_is_reported_and_the_default_shown(as_viewer, figures):
    response = as_viewer.get(URL + "?period=2099/00-Q9")

    page = parse(response.content)
    assert page.find("title").text.startswith("Error: Dashboard, 2026/27 Q2")
    summary = page.find("div", class_="govuk-error-summary")
    assert summary.find("a", href="#id_period").text == "Choose a period from the list"


def test_dashboard_shows_discrepancies_to_officers_only(as_officer, as_viewer, figures, plan):
    indicator = plan.indicators.get(code="ComS_001")
    indicator_value_record(
        indicator=indicator,
        period=Q2,
        value=1790,
        source=ValueSource.POLICE,
        provenance={"files": [{"name": "2026-07-nottinghamshire-street.csv", "rows": 600}]},
    )

    table = _tables(as_officer)["Derived figures that differ from the approved ones"]
    approved_figure = ["1,750", "Entered by the owner"]
    derived_figure = ["1,790", "Police open data"]
    assert table.rows == [["ComS_001", "2026/27 Q2", *approved_figure, *derived_figure, "40"]]
    assert "Derived figures that differ from the approved ones" not in _tables(as_viewer)
    assert b"Derived figures" not in as_viewer.get(URL).content


def test_dashboard_csv_downloads_every_measure(as_viewer, figures):
    response = as_viewer.get(URL + "?format=csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == (
        "Code,Indicator,Actual to date,Target to date,Status,Against last year,"
        "Against last quarter,Owner,Latest figure,Latest figure status,Frameworks,Objective"
    )
    assert lines[1] == (
        "ComS_001,All crime,3450,3400,Within tolerance,Worsening,Worsening,"
        "Head of Communities and Community Safety,1750,Approved,Service data; CSI,CS3"
    )


def test_dashboard_counts_csv(as_viewer, figures):
    response = as_viewer.get(URL + "?format=csv&table=by_objective")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "CS1: Reduce anti-social behaviour in Broxtowe,0,0,0,0,1,0,1"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


# The most queries each may run, whatever the plan's size: the session, the user and the plan;
# the objectives, the standings (seven), the user's roles and the discrepancies; and on HTML the
# navigation's counts (figures awaiting approval; the "Needs attention" posts).
QUERY_URLS = {
    "/dashboard/": 15,
    "/dashboard/?status=red&sort=-status&framework=csi": 15,
    "/dashboard/?format=csv": 13,
}


def test_dashboard_queries_do_not_grow_with_the_plan(as_officer, officer, owner):
    plan = Indicator.objects.first().plan
    quarter_two(plan, owner=owner, officer=officer)
    small = {url: _queries(as_officer, url) for url in QUERY_URLS}
    plan_create(scale=3)
    for n in (2, 3):  # the copies' figures too, by the performance officer
        approved(plan, f"ComS_001x{n}", Q2, 1750, by=officer, officer=officer, commentary="Copy")
    assert Indicator.objects.count() == 24
    large = {url: _queries(as_officer, url) for url in QUERY_URLS}

    assert large == small
    assert {url: n for url, n in small.items() if n > QUERY_URLS[url]} == {}


def test_dashboard_periods_cover_the_plan_and_the_year_before(as_viewer, figures):
    page = parse(as_viewer.get(URL).content)

    options = [o.attrs["value"] for o in page.find("select", id="id_period").find_all("option")]
    assert options[0] == str(Period.parse("2028/29-Q4"))
    assert options[-1] == "2025/26-Q1"
    assert len(options) == 16
