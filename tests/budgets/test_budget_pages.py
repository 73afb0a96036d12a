"""Budget pages on the seed: the budget position, actuals and income bids, with their forms and
personas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicplan.budgets.models import BudgetActual, IncomeBid
from tests.clock import SEED_DAY
from tests.support.forms import form_data
from tests.support.html import parse, tables

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]


def _line(plan, description: str):
    return plan.budget_lines.get(description__startswith=description)


def test_budget_position_for_2026_27_to_the_end_of_q2(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/budget/position/?year=2026/27&upto=2")

    found = tables(response.content)
    position = found["Budget position, 2026/27 to the end of Q2"]
    psp = position.row("Reduction in ASB cases")
    assert (psp["Planned 2026/27"], psp["Planned to date"], psp["Variance"], psp["Reading"]) == (
        "−£20,000",
        "−£10,000",
        "£10,000",
        "Adverse",
    )
    assert psp["Actual to date"] == "£0 No actuals recorded"
    totals = found["Net change in revenue budgets, 2026/27 to the end of Q2"]
    assert totals.row("Net change")["Planned 2026/27"] == "−£120,000"
    assert totals.row("Net change")["Planned to date"] == "−£60,000"


def test_budget_position_defaults_to_the_quarter_just_ended(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/budget/position/")

    assert "Budget position, 2026/27 to the end of Q2" in tables(response.content)


def test_officer_records_an_actual_and_the_variance_follows(seed_plan, as_user, owner):
    line = _line(seed_plan, "Reduction in ASB cases")
    client = as_user(owner)
    data = form_data("actual", quarter=1, amount="-12,500", note="PSPO case savings")

    response = client.post(f"/budget/lines/{line.pk}/actuals/?year=2026/27", data, follow=True)

    actual = BudgetActual.objects.get()
    assert (actual.quarter, actual.amount) == (1, Decimal("-12500.00"))
    assert (
        tables(response.content)["Actual amounts recorded, 2026/27"].row("2026/27 Q1")["Actual"]
        == "−£12,500"
    )
    position = tables(client.get("/budget/position/?year=2026/27&upto=2").content)
    psp = position["Budget position, 2026/27 to the end of Q2"].row("Reduction in ASB cases")
    assert (psp["Q1 actual"], psp["Actual to date"], psp["Variance"], psp["Reading"]) == (
        "−£12,500",
        "−£12,500",
        "−£2,500",
        "Favourable",
    )


def test_actual_with_the_wrong_sign_is_refused_on_the_amount(seed_plan, as_user, owner):
    line = _line(seed_plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=1, amount="5000")

    response = as_user(owner).post(f"/budget/lines/{line.pk}/actuals/?year=2026/27", data)

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert "Enter saving as a negative amount" in link.text
    assert link.attrs["href"] == "#id_actual-amount"
    assert not BudgetActual.objects.exists()


def test_actual_for_a_quarter_not_started_is_not_offered(seed_plan, as_user, owner):
    line = _line(seed_plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=4, amount="-100")

    response = as_user(owner).post(f"/budget/lines/{line.pk}/actuals/?year=2026/27", data)

    assert (
        "Choose a quarter that has started"
        in parse(response.content).find("div", class_="govuk-error-summary").text
    )


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_actual_refused_for_others(request, seed_plan, as_user, persona):
    line = _line(seed_plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=1, amount="-100")

    response = as_user(request.getfixturevalue(persona)).post(
        f"/budget/lines/{line.pk}/actuals/?year=2026/27", data
    )

    assert response.status_code == 403
    assert not BudgetActual.objects.exists()


def test_actual_from_a_stale_page_is_a_conflict(seed_plan, as_user, owner, officer):
    line = _line(seed_plan, "Reduction in ASB cases")
    url = f"/budget/lines/{line.pk}/actuals/?year=2026/27"
    as_user(officer).post(url, form_data("actual", quarter=1, amount="-100"))

    response = as_user(owner).post(url, form_data("actual", quarter=1, amount="-200", version_1=0))

    assert response.status_code == 409
    page = parse(response.content)
    assert page.find("input", id="id_actual-amount").attrs["value"] == "-200"
    assert page.find("input", id="id_actual-version_1").attrs["value"] == "1"
    assert BudgetActual.objects.get().amount == Decimal("-100.00")


def test_bids_are_recorded_and_decided_by_performance_officers(seed_plan, as_user, officer):
    client = as_user(officer)
    line = _line(seed_plan, "Funding applied for")
    bid = form_data(
        "bid",
        line=line.pk,
        funder="Home Office",
        purpose="Safer Streets round 6",
        submitted_on=("3", "10", "2026"),
        amount_bid="45,000",
    )

    client.post("/budget/bids/record/", bid)
    saved = IncomeBid.objects.get()
    decision = form_data(
        "decision",
        version=saved.version,
        outcome="successful",
        decided_on=("20", "11", "2026"),
        amount_awarded="40000",
    )
    client.post(f"/budget/bids/{saved.pk}/outcome/", decision)

    table = tables(client.get("/budget/bids/").content)["Income bids"]
    assert table.row("Home Office") == {
        "Funder": "Home Office",
        "Purpose": "Safer Streets round 6",
        "Budget line": "Funding applied for as they become available",
        "Submitted": "3 October 2026",
        "Amount bid": "£45,000",
        "Outcome": "Successful",
        "Awarded": "£40,000",
        "Decided": "20 November 2026",
    }


def test_bid_outcome_errors(seed_plan, as_user, officer):
    client = as_user(officer)
    line = _line(seed_plan, "Funding applied for")
    client.post(
        "/budget/bids/record/",
        form_data(
            "bid",
            line=line.pk,
            funder="Home Office",
            purpose="Safer Streets",
            submitted_on=("3", "10", "2026"),
            amount_bid="45000",
        ),
    )
    saved = IncomeBid.objects.get()

    response = client.post(
        f"/budget/bids/{saved.pk}/outcome/",
        form_data("decision", version=saved.version, outcome="successful"),
    )

    links = parse(response.content).find("div", class_="govuk-error-summary").find_all("a")
    assert links[0].text == "Enter the amount awarded, more than £0"
    assert links[0].attrs["href"] == "#id_decision-amount_awarded"


def test_bids_form_only_for_those_who_may_record(seed_plan, as_user, owner, viewer_holding_post):
    owner_page = parse(as_user(owner).get("/budget/bids/").content)
    viewer_page = parse(as_user(viewer_holding_post).get("/budget/bids/").content)

    options = owner_page.find("select", id="id_bid-line").find_all("option")
    assert [o.text for o in options] == ["Actions to in work from partner agencies"]
    assert viewer_page.find("main").find_all("form") == []
