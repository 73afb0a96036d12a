"""Every monitoring page is a GOV.UK page: one h1, a titled page, the right navigation item
current, captioned tables with scoped headings; and anonymous visitors are sent to sign in."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.clock import SEED_DAY
from tests.factories.scenario import Q2, quarter_two, submit
from tests.support.html import parse

pytestmark = pytest.mark.today(SEED_DAY)

PAGES = [
    ("/dashboard/", "Dashboard", "page"),
    ("/late/", "Dashboard", "true"),
    ("/my-indicators/", "My indicators", "page"),
    ("/indicators/ComS_001/values/2026-27-Q2/", "My indicators", "true"),
    ("/workbook/", "My indicators", "true"),
    ("/approvals/", "Approvals", "page"),
    ("/indicators/ComS_001/", "Indicators", "true"),
    ("/indicators/ComS_001/settings/", "Indicators", "true"),
    ("/indicators/ComS_001/targets/", "Indicators", "true"),
]


@pytest.fixture
def figures(plan, owner, officer):
    quarter_two(plan, owner=owner, officer=officer)
    submit(plan, "ComS_024a", Q2, 40, owner, "Waiting")


@pytest.mark.parametrize(("url", "nav", "current"), PAGES)
def test_monitoring_page_is_a_govuk_page(as_officer, figures, url, nav, current):
    response = as_officer.get(url)

    assert response.status_code == 200
    page = parse(response.content)
    assert len(page.find_all("h1")) == 1
    assert page.find("title").text.endswith("– civicplan")
    links = page.find("nav", aria_label="Menu").find_all("a")
    marked = [
        (a.text.split(" ")[0], a.attrs["aria-current"]) for a in links if "aria-current" in a.attrs
    ]
    assert marked == [(nav.split(" ")[0], current)]
    for table in page.find_all("table"):
        assert table.find("caption").text
        assert all(th.attrs.get("scope") == "col" for th in table.find("thead").find_all("th"))
        assert all(th.attrs.get("scope") == "row" for th in table.find("tbody").find_all("th"))
    for field in page.find("main").find_all("input") + page.find("main").find_all("textarea"):
        if field.attrs.get("type") in ("hidden", None) and field.tag == "input":
            continue
        assert page.find("label", **{"for": field.attrs["id"]}), field.attrs


@pytest.mark.parametrize("url", [url for url, _, _ in PAGES])
def test_monitoring_page_anonymous_is_sent_to_sign_in(client, plan, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={quote(url, safe='/')}"
