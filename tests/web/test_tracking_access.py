"""Every tracking page needs a signed-in user; a form's address takes posts only; unknown things
are 404s that say what was not found."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from civicplan.budgets.services import income_bid_record
from civicplan.tasks.models import KeyTaskUpdate
from tests.clock import SEED_DAY
from tests.factories.seed import AS_OF
from tests.support.forms import form_data
from tests.support.html import parse

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]

PAGES = [
    "/key-tasks/progress/",
    "/key-tasks/partners/",
    "/key-tasks/BCRPASB_29/",
    "/risks/register/",
    "/risks/heat-map/",
    "/risks/R2/",
    "/policies/renewals/",
    "/attention/",
    "/budget/position/",
    "/budget/bids/",
]


@pytest.mark.parametrize("url", PAGES)
def test_tracking_page_anonymous_is_sent_to_login(client, seed_plan, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url, safe='/')}"


def test_anonymous_post_saves_nothing(client, seed_plan):
    data = form_data("progress", version=0, period="2026/27-Q2", status="on_track")

    response = client.post("/key-tasks/BCRPASB_29/progress/", data)

    assert response.status_code == 302
    assert not KeyTaskUpdate.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["/policies/99999/", "/budget/lines/99999/", "/budget/bids/99999/", "/risks/X1/"],
)
def test_unknown_things_are_404(as_user, viewer_holding_post, url):
    assert as_user(viewer_holding_post).get(url).status_code == 404


def test_a_page_without_tables_has_no_csv(seed_plan, as_user, officer):
    line = seed_plan.budget_lines.get(description__startswith="Funding applied")

    bid = income_bid_record(
        line=line,
        funder="Home Office",
        purpose="Safer Streets",
        submitted_on=AS_OF,
        amount_bid=1000,
        by=officer,
        as_of=AS_OF,
    )

    assert as_user(officer).get(f"/budget/bids/{bid.pk}/?format=csv").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/risks/R2/score/",
        "/risks/R2/details/",
        "/risks/R2/owner/",
        "/key-tasks/BCRPASB_29/target-date/",
        "/key-tasks/BCRPASB_29/milestones/",
        "/budget/bids/record/",
    ],
)
def test_form_addresses_take_posts_only(as_user, officer, url):
    assert as_user(officer).get(url).status_code == 405


def test_every_tracking_page_is_a_govuk_page_with_one_h1(as_user, owner):
    client = as_user(owner)
    for url in PAGES:
        page = parse(client.get(url).content)
        assert len(page.find_all("h1")) == 1, url
        assert page.find("title").text.endswith("– civicplan"), url
