"""Every page is a GOV.UK page: skip link, header, navigation, one h1, captioned tables."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tests.support.html import Node, parse
from tests.web.test_access import PAGES

STATIC = settings.PACKAGE_DIR / "static"

NAV_TEXT = {
    "plans:overview": "Overview",
    "monitoring:indicators": "Indicators",
    "monitoring:indicator": "Indicators",
    "tasks:list": "Key tasks",
    "plans:policies": "Policies",
    "risks:index": "Risks",
    "budgets:index": "Budget",
    "plans:findings": "Findings",
}


def _assert_govuk_page(name: str, document: Node) -> None:
    # One h1 and a title naming the service.
    assert len(document.find_all("h1")) == 1
    assert document.find("title").text.endswith("– civicplan")
    # A skip link first, to the main content.
    first_link = document.find("body").find("a")
    assert first_link.attrs["href"] == "#main-content"
    assert "govuk-skip-link" in first_link.attrs["class"]
    assert document.find("main").attrs["id"] == "main-content"
    # The service navigation, marking the page (or its section) as current.
    links = document.find("nav", aria_label="Menu").find_all("a")
    assert [link.text for link in links] == [
        "Overview",
        "Dashboard",
        "Indicators",
        "Key tasks",
        "Policies",
        "Risks",
        "Budget",
        "Findings",
        "Needs attention",
    ]
    current = [link for link in links if "aria-current" in link.attrs]
    assert [link.text for link in current] == [NAV_TEXT[name]]
    assert current[0].attrs["aria-current"] == (
        "true" if name == "monitoring:indicator" else "page"
    )
    # GOV.UK Frontend's stylesheet and JavaScript, started as a module.
    styles = [link.attrs["href"] for link in document.find_all("link", rel="stylesheet")]
    assert "/static/govuk/govuk-frontend.min.css" in styles
    module = document.find("script", type="module")
    assert module.attrs["src"] == "/static/civicplan/init.js"  # a file: the CSP allows no inline
    assert "initAll()" in (STATIC / "civicplan" / "init.js").read_text()
    assert '"../govuk/govuk-frontend.min.js"' in (STATIC / "civicplan" / "init.js").read_text()
    body_script = document.find("body").find("script").attrs["src"]
    assert body_script == "/static/civicplan/js-enabled.js"
    assert "govuk-frontend-supported" in (STATIC / "civicplan" / "js-enabled.js").read_text()
    assert "govuk-template__body" in document.find("body").attrs["class"]
    # Tables with captions, scoped column and row headings.
    tables = document.find_all("table")
    assert tables
    for table in tables:
        assert table.find("caption").text
        assert all(th.attrs.get("scope") == "col" for th in table.find("thead").find_all("th"))
        assert all(th.attrs.get("scope") == "row" for th in table.find("tbody").find_all("th"))
    # Downloads of the tables.
    downloads = [a for a in document.find_all("a") if a.text.startswith("Download")]
    assert downloads
    assert all("format=csv" in a.attrs["href"] for a in downloads)


def test_every_page_is_a_govuk_page(signed_in, plan):
    for name, kwargs in PAGES:
        response = signed_in.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        _assert_govuk_page(name, parse(response.content))
