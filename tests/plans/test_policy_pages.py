"""Policy renewal pages on the seed: the tracker and a policy's renewals, with their forms and
personas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from civicplan.plans.models import Policy, PolicyRenewal
from tests.clock import SEED_DAY
from tests.support.forms import form_data
from tests.support.html import parse, tables

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]

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


def test_renewal_tracker_puts_evawg_strategy_among_the_overdue(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/policies/renewals/")

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


def test_renewal_tracker_csv_has_every_policy_with_its_status(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/policies/renewals/?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 26
    assert (rows[0]["Strategy or policy"], rows[0]["Status"], rows[0]["Next renewal due"]) == (
        EVAWG,
        "Overdue",
        "2025-08-31",
    )


def test_owner_records_a_renewal_and_the_policy_moves_on(seed_plan, as_user, owner):
    policy = _policy(seed_plan, HATE_CRIME)
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
def test_renewal_errors(seed_plan, as_user, owner, values, field, message):
    policy = _policy(seed_plan, HATE_CRIME)

    response = as_user(owner).post(f"/policies/{policy.pk}/renewals/", _renewal(**values))

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert message in link.text
    assert link.attrs["href"] == f"#id_renewal-{field}"
    assert not PolicyRenewal.objects.exists()


def test_annual_policy_renewal_has_its_next_date_worked_out(seed_plan, as_user, owner):
    policy = _policy(seed_plan, "Broxtowe Modern Slavery and Human Trafficking Statement")

    response = as_user(owner).post(f"/policies/{policy.pk}/renewals/", _renewal())

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert "renewed every year" in link.text
    as_user(owner).post(
        f"/policies/{policy.pk}/renewals/", _renewal(next_renewal_date=("", "", ""))
    )
    page = parse(as_user(owner).get(f"/policies/{policy.pk}/").content)
    assert "12 November 2027" in page.find("dl", class_="govuk-summary-list").text


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_renewal_refused_for_others(request, seed_plan, as_user, persona):
    policy = _policy(seed_plan, HATE_CRIME)
    client = as_user(request.getfixturevalue(persona))

    assert client.post(f"/policies/{policy.pk}/renewals/", _renewal()).status_code == 403
    assert not PolicyRenewal.objects.exists()


def test_renewal_needs_csrf_token(seed_plan, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    policy = _policy(seed_plan, HATE_CRIME)

    assert client.post(f"/policies/{policy.pk}/renewals/", _renewal()).status_code == 403


def test_renewal_from_a_stale_page_is_a_conflict(seed_plan, as_user, owner, officer):
    policy = _policy(seed_plan, HATE_CRIME)
    as_user(officer).post(f"/policies/{policy.pk}/renewals/", _renewal())

    response = as_user(owner).post(
        f"/policies/{policy.pk}/renewals/", _renewal(document_version="2026b")
    )

    assert response.status_code == 409
    page = parse(response.content)
    assert page.find("input", id="id_renewal-document_version").attrs["value"] == "2026b"
    assert page.find("input", id="id_renewal-version").attrs["value"] == "1"
    assert PolicyRenewal.objects.count() == 1
