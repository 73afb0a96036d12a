"""Policy renewal and budget pages on the seed: the tracker, a policy's renewals, the budget
position, actuals and income bids, with their forms and personas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client

from civicplan.budgets.models import BudgetActual, IncomeBid
from civicplan.plans.models import Policy, PolicyRenewal
from tests.support.html import parse, tables

from .conftest import form_data

EVAWG = "Ending Violence Against Women and Girls Strategy 2021 – 2024"
HATE_CRIME = "Hate Crime Pledge 2023"


def _policy(plan, title: str) -> Policy:
    return plan.policies.get(title=title)


def _renewal(**values):
    defaults = {
        "version": 0,
        "document_version": "2026",
        "approved_on": ("12", "11", "2026"),
        "approved_by_body": "Cabinet",
        "document_url": "https://www.broxtowe.gov.uk/hate-crime-pledge",
        "next_renewal_date": ("31", "12", "2029"),
        "note": "",
    }
    return form_data("renewal", **{**defaults, **values})


# -- policy renewals --------------------------------------------------------------------------


def test_renewal_tracker_puts_evawg_strategy_among_the_overdue(as_user, viewer):
    response = as_user(viewer).get("/policies/renewals/")

    found = tables(response.content)
    overdue = found["Overdue"]
    assert overdue.column("Strategy or policy") == [EVAWG]
    assert overdue.row(EVAWG)["Renewal as printed"] == "2024 due Summer 2025 – awaited"
    assert overdue.row(EVAWG)["Next renewal due"] == "31 August 2025"
    assert set(found["Due within 90 days"].column("Strategy or policy")) == {
        "Food Service Plan",
        "Broxtowe Crime Reduction Plan 2023 – 2026",
        HATE_CRIME,
        "Serious and Organised Crime Strategy 2023 – 2026",
    }
    assert found["No renewal date"].column("Strategy or policy") == [
        "Broxtowe Hackney Carriage and Private Hire Policy"
    ]


def test_renewal_tracker_my_policies_for_an_owner(as_user, colleague):
    response = as_user(colleague).get("/policies/renewals/?whose=mine")

    found = tables(response.content)
    mine = [row[0] for table in found.values() for row in table.rows]
    assert sorted(mine) == [
        "Broxtowe Gambling Licensing Statement",
        "Broxtowe Hackney Carriage and Private Hire Policy",
        "Broxtowe Sex Establishment Policy",
        "Broxtowe Statement of Licensing Policy",
    ]


def test_renewal_tracker_csv_has_every_policy_with_its_status(as_user, viewer):
    response = as_user(viewer).get("/policies/renewals/?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 26
    assert (rows[0]["Strategy or policy"], rows[0]["Status"], rows[0]["Next renewal due"]) == (
        EVAWG,
        "Overdue",
        "2025-08-31",
    )


def test_owner_records_a_renewal_and_the_policy_moves_on(plan, as_user, owner):
    policy = _policy(plan, HATE_CRIME)
    client = as_user(owner)

    response = client.post(f"/policies/{policy.pk}/renewals/", _renewal(), follow=True)

    renewal = PolicyRenewal.objects.get()
    assert (renewal.sequence, renewal.approved_on, renewal.next_renewal_date) == (
        1,
        dt.date(2026, 11, 12),
        dt.date(2029, 12, 31),
    )
    history = tables(response.content)["Renewal history"]
    assert history.row("1")["Version"] == "2026"
    assert history.node.find("a").attrs["href"] == "https://www.broxtowe.gov.uk/hate-crime-pledge"
    later = tables(client.get("/policies/renewals/").content)["Due later"]
    assert later.row(HATE_CRIME)["Next renewal due"] == "31 December 2029"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"document_version": ""}, "document_version", "Enter the version"),
        ({"approved_on": ("1", "1", "2027")}, "approved_on", "cannot be in the future"),
        ({"document_url": "www broxtowe"}, "document_url", "is not a web address"),
        ({"next_renewal_date": ("", "", "")}, "next_renewal_date", "Enter when this version"),
    ],
)
def test_renewal_errors(plan, as_user, owner, values, field, message):
    policy = _policy(plan, HATE_CRIME)

    response = as_user(owner).post(f"/policies/{policy.pk}/renewals/", _renewal(**values))

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert message in link.text
    assert link.attrs["href"] == f"#id_renewal-{field}"
    assert not PolicyRenewal.objects.exists()


def test_annual_policy_renewal_has_its_next_date_worked_out(plan, as_user, owner):
    policy = _policy(plan, "Broxtowe Modern Slavery and Human Trafficking Statement")

    response = as_user(owner).post(f"/policies/{policy.pk}/renewals/", _renewal())

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert "renewed every year" in link.text
    as_user(owner).post(
        f"/policies/{policy.pk}/renewals/", _renewal(next_renewal_date=("", "", ""))
    )
    page = parse(as_user(owner).get(f"/policies/{policy.pk}/").content)
    assert "12 November 2027" in page.find("dl", class_="govuk-summary-list").text


@pytest.mark.parametrize("persona", ["colleague", "viewer"])
def test_renewal_refused_for_others(request, plan, as_user, persona):
    policy = _policy(plan, HATE_CRIME)
    client = as_user(request.getfixturevalue(persona))

    assert client.post(f"/policies/{policy.pk}/renewals/", _renewal()).status_code == 403
    assert not PolicyRenewal.objects.exists()


def test_renewal_needs_csrf_token(plan, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    policy = _policy(plan, HATE_CRIME)

    assert client.post(f"/policies/{policy.pk}/renewals/", _renewal()).status_code == 403


def test_renewal_from_a_stale_page_is_a_conflict(plan, as_user, owner, officer):
    policy = _policy(plan, HATE_CRIME)
    as_user(officer).post(f"/policies/{policy.pk}/renewals/", _renewal())

    response = as_user(owner).post(
        f"/policies/{policy.pk}/renewals/", _renewal(document_version="2026b")
    )

    assert response.status_code == 409
    page = parse(response.content)
    assert page.find("input", id="id_renewal-document_version").attrs["value"] == "2026b"
    assert page.find("input", id="id_renewal-version").attrs["value"] == "1"
    assert PolicyRenewal.objects.count() == 1


# -- budget -----------------------------------------------------------------------------------


def _line(plan, description: str):
    return plan.budget_lines.get(description__startswith=description)


def test_budget_position_for_2026_27_to_the_end_of_q2(as_user, viewer):
    response = as_user(viewer).get("/budget/position/?year=2026/27&upto=2")

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


def test_budget_position_defaults_to_the_quarter_just_ended(as_user, viewer):
    response = as_user(viewer).get("/budget/position/")

    assert "Budget position, 2026/27 to the end of Q2" in tables(response.content)


def test_officer_records_an_actual_and_the_variance_follows(plan, as_user, owner):
    line = _line(plan, "Reduction in ASB cases")
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


def test_actual_with_the_wrong_sign_is_refused_on_the_amount(plan, as_user, owner):
    line = _line(plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=1, amount="5000")

    response = as_user(owner).post(f"/budget/lines/{line.pk}/actuals/?year=2026/27", data)

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert "Enter saving as a negative amount" in link.text
    assert link.attrs["href"] == "#id_actual-amount"
    assert not BudgetActual.objects.exists()


def test_actual_for_a_quarter_not_started_is_not_offered(plan, as_user, owner):
    line = _line(plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=4, amount="-100")

    response = as_user(owner).post(f"/budget/lines/{line.pk}/actuals/?year=2026/27", data)

    assert (
        "Choose a quarter that has started"
        in parse(response.content).find("div", class_="govuk-error-summary").text
    )


@pytest.mark.parametrize("persona", ["colleague", "viewer"])
def test_actual_refused_for_others(request, plan, as_user, persona):
    line = _line(plan, "Reduction in ASB cases")
    data = form_data("actual", quarter=1, amount="-100")

    response = as_user(request.getfixturevalue(persona)).post(
        f"/budget/lines/{line.pk}/actuals/?year=2026/27", data
    )

    assert response.status_code == 403
    assert not BudgetActual.objects.exists()


def test_actual_from_a_stale_page_is_a_conflict(plan, as_user, owner, officer):
    line = _line(plan, "Reduction in ASB cases")
    url = f"/budget/lines/{line.pk}/actuals/?year=2026/27"
    as_user(officer).post(url, form_data("actual", quarter=1, amount="-100"))

    response = as_user(owner).post(url, form_data("actual", quarter=1, amount="-200", version_1=0))

    assert response.status_code == 409
    page = parse(response.content)
    assert page.find("input", id="id_actual-amount").attrs["value"] == "-200"
    assert page.find("input", id="id_actual-version_1").attrs["value"] == "1"
    assert BudgetActual.objects.get().amount == Decimal("-100.00")


def test_bids_are_recorded_and_decided_by_performance_officers(plan, as_user, officer):
    client = as_user(officer)
    line = _line(plan, "Funding applied for")
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


def test_bid_outcome_errors(plan, as_user, officer):
    client = as_user(officer)
    line = _line(plan, "Funding applied for")
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


def test_bids_form_only_for_those_who_may_record(plan, as_user, owner, viewer):
    owner_page = parse(as_user(owner).get("/budget/bids/").content)
    viewer_page = parse(as_user(viewer).get("/budget/bids/").content)

    options = owner_page.find("select", id="id_bid-line").find_all("option")
    assert [o.text for o in options] == ["Actions to in work from partner agencies"]
    assert viewer_page.find("main").find_all("form") == []
