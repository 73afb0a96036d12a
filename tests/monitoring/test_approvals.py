"""Approvals: what a performance officer weighs, approving and returning, and who may do it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.indicators.models import Indicator
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.services import indicator_value_approve, indicator_value_record
from tests.clock import SEED_DAY
from tests.factories.plan_data import plan_create
from tests.factories.scenario import Q1, Q2, approved, submit
from tests.support.clients import signed_in_as
from tests.support.html import parse, tables

pytestmark = pytest.mark.today(SEED_DAY)

URL = "/approvals/"


@pytest.fixture
def waiting(plan, owner, officer):
    """ComS_001: 2025/26 Q2 1,650 and 2026/27 Q1 1,700 approved; Q2 1,750 submitted."""
    approved(plan, "ComS_001", "2025/26-Q1", 1700, by=owner, officer=officer)
    approved(plan, "ComS_001", "2025/26-Q2", 1650, by=owner, officer=officer)
    approved(plan, "ComS_001", Q1, 1700, by=owner, officer=officer)
    return submit(plan, "ComS_001", Q2, 1750, owner, "More vehicle crime over the summer")


def test_approvals_card_shows_remedial_action_and_forecast(plan, owner, as_officer):
    # ComS_001 Q1: 2,000 against 1,700 to date (6,800 a year) is worse by 300, beyond 5%: red.
    value = submit(
        plan,
        "ComS_001",
        Q1,
        2000,
        owner,
        "A spate of shed break-ins",
        remedial_action="Patrols in the three worst wards",
        forecast="Back on target by Q3",
    )

    facts = _facts(_card(as_officer.get(URL), value))

    assert facts["Status if approved"] == "Off target"
    assert facts["Remedial action"] == "Patrols in the three worst wards"
    assert facts["Forecast"] == "Back on target by Q3"


def _card(response, value):
    return parse(response.content).find("div", id=f"value-{value.pk}")


def _facts(card):
    return {
        row.find("dt").text: row.find("dd").text
        for row in card.find_all("div", class_="govuk-summary-list__row")
    }


def _decide(client, value, decision, reason="", url=URL, version=None):
    return client.post(
        url,
        {
            "value_id": value.pk,
            "expected_version": value.version if version is None else version,
            "decision": decision,
            "reason": reason,
        },
    )


def test_approvals_card_shows_what_the_officer_weighs(as_officer, waiting):
    response = as_officer.get(URL)

    card = _card(response, waiting)
    assert card.find("h2").text == "ComS_001, 2026/27 Q2: All crime"
    assert _facts(card) == {
        "Figure": "1,750",
        "Status if approved": "Within tolerance",
        "Target to date": "3,400",
        "Actual to date if approved": "3,450",
        "Previous period (2026/27 Q1)": "1,700",
        "Same period last year (2025/26 Q2)": "1,650",
        "Commentary": "More vehicle crime over the summer",
        "Remedial action": "None given",
        "Forecast": "None given",
        "Source": "Entered by the owner",
        "Submitted by": _facts(card)["Submitted by"],
        "Owner": "Head of Communities and Community Safety",
    }
    assert _facts(card)["Submitted by"].startswith("Owner, 30 November 2026, ")
    reason = card.find("textarea", name="reason")
    assert card.find("label", **{"for": reason.attrs["id"]}).text == (
        "Reason for returning ComS_001 2026/27 Q2"
    )
    assert [b.text for b in card.find_all("button")] == [
        "Approve ComS_001 2026/27 Q2",
        "Return to owner ComS_001 2026/27 Q2",
    ]
    assert card.find("input", name="csrfmiddlewaretoken")


def test_approvals_police_figure_shows_its_files_and_rows(as_officer, plan, waiting, officer):
    indicator_value_approve(value_id=waiting.pk, by=officer, expected_version=waiting.version)
    derived = indicator_value_record(
        indicator=plan.indicators.get(code="ComS_001"),
        period=Q2,
        value=1790,
        source=ValueSource.POLICE,
        provenance={
            "area": "Broxtowe",
            "files": [
                {"name": "2026-07-nottinghamshire-street.csv", "rows": 610},
                {"name": "2026-08-nottinghamshire-street.csv", "rows": 590},
                {"name": "2026-09-nottinghamshire-street.csv", "rows": 590},
            ],
            "months": ["2026-07", "2026-08", "2026-09"],
            "rows_counted": 1790,
        },
    )

    facts = _facts(_card(as_officer.get(URL), derived))

    assert facts["Source"] == (
        "1,790 rows counted in Broxtowe, 2026-07 to 2026-09 "
        "2026-07-nottinghamshire-street.csv: 610 rows "
        "2026-08-nottinghamshire-street.csv: 590 rows "
        "2026-09-nottinghamshire-street.csv: 590 rows"
    )
    assert facts["Replaces the approved figure"] == "1,750 revision 1, Entered by the owner"
    assert facts["Submitted by"].startswith("civicplan (automatic), ")


def test_approve_locks_the_figure_and_the_dashboard_shows_its_status(as_officer, waiting):
    response = _decide(as_officer, waiting, "approve")

    assert response.status_code == 302
    assert response["Location"] == URL
    waiting.refresh_from_db()
    assert waiting.status == ValueStatus.APPROVED
    after = as_officer.get(URL)
    assert "Figure approved." in parse(after.content).find("div", role="alert").text
    assert "0 figures waiting." in parse(after.content).text
    dashboard = tables(as_officer.get("/dashboard/").content)["Every measure for 2026/27 Q2"]
    assert dashboard.row("ComS_001")["Status"] == "Within tolerance"


def test_return_without_a_reason_is_an_error_linked_to_the_reason(as_officer, waiting):
    response = _decide(as_officer, waiting, "return")

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("title").text.startswith("Error: ")
    link = page.find("div", class_="govuk-error-summary").find("a")
    assert (link.attrs["href"], link.text) == (
        f"#reason-{waiting.pk}",
        "Say why the figure is being returned",
    )
    assert page.find("p", id=f"reason-{waiting.pk}-error").text == (
        "Error: Say why the figure is being returned"
    )
    waiting.refresh_from_db()
    assert waiting.status == ValueStatus.SUBMITTED


def test_return_with_a_reason_sends_it_back_to_the_owner(as_officer, as_owner, waiting):
    _decide(as_officer, waiting, "return", reason="Q2 looks like the year to date")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.return_reason) == (
        ValueStatus.RETURNED,
        "Q2 looks like the year to date",
    )
    entry = parse(as_owner.get("/indicators/ComS_001/values/2026-27-Q2/").content)
    assert "Q2 looks like the year to date" in entry.find("div", class_="app-returned").text


def test_approvals_stale_copy_is_refused(as_officer, waiting, plan, owner):
    stale = waiting.version
    submit(plan, "ComS_001", Q2, 1760, owner, "Corrected")

    response = _decide(as_officer, waiting, "approve", version=stale)

    assert response.status_code == 409
    assert "Someone else changed this figure" in parse(response.content).text
    waiting.refresh_from_db()
    assert (waiting.status, waiting.value) == (ValueStatus.SUBMITTED, Decimal(1760))


def test_approvals_period_filter(as_officer, waiting, plan, owner):
    submit(plan, "ComS_024", Q1, 21, owner)

    everything = parse(as_officer.get(URL).content)
    in_q2 = parse(as_officer.get(f"{URL}?period=2026/27-Q2").content)

    def titles(page):
        cards = page.find_all("h2", class_="govuk-summary-card__title")
        return [h.text.split(":")[0] for h in cards]

    assert titles(everything) == ["ComS_024, 2026/27 Q1", "ComS_001, 2026/27 Q2"]
    assert titles(in_q2) == ["ComS_001, 2026/27 Q2"]


@pytest.mark.parametrize("who", ["as_owner", "as_viewer"])
def test_approvals_are_for_performance_officers_only(request, who, waiting):
    client = request.getfixturevalue(who)

    assert client.get(URL).status_code == 403
    response = _decide(client, waiting, "approve")

    assert response.status_code == 403
    assert "Only a performance officer can approve figures." in parse(response.content).text
    waiting.refresh_from_db()
    assert waiting.status == ValueStatus.SUBMITTED
    assert _decide(client, waiting, "return", reason="No").status_code == 403


def test_approvals_without_csrf_token_are_refused(officer, waiting):
    client = signed_in_as(officer, enforce_csrf_checks=True)

    assert _decide(client, waiting, "approve").status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == ValueStatus.SUBMITTED


def test_navigation_counts_figures_waiting_for_officers_only(
    as_officer, as_owner, as_viewer, waiting
):
    def items(client):
        nav = parse(client.get("/dashboard/").content).find("ul", id="navigation")
        return [li.find("a").text for li in nav.find_all("li")]

    assert items(as_officer)[:4] == [
        "Overview",
        "Dashboard",
        "My indicators",
        "Approvals 1 waiting",
    ]
    assert items(as_owner)[:4] == ["Overview", "Dashboard", "My indicators", "Indicators"]
    assert items(as_viewer)[:3] == ["Overview", "Dashboard", "Indicators"]


def test_approvals_queries_do_not_grow_with_the_plan(as_officer, waiting, officer):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert as_officer.get(URL).status_code == 200
        return len(context)

    small = count()
    plan_create(scale=3)
    plan = Indicator.objects.first().plan
    for n in (2, 3):
        submit(plan, f"ComS_001x{n}", Q2, 1750, officer, "Copy")
    assert IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED).count() == 3
    large = count()

    assert large == small == 13
