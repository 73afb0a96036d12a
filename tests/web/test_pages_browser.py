"""The read-only pages in a real browser: they sign in, render with GOV.UK Frontend, pass axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories.users import PASSWORD
from tests.support.browser import assert_accessible, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/", "Community Safety Business Plan 2026–2029"),
    ("/indicators/", "Indicators"),
    ("/indicators/?framework=bogus", "Indicators"),
    ("/indicators/?sort=-latest_actual&objective=CS2", "Indicators"),
    (
        "/indicators/ComS_024/",
        "High risk domestic abuse cases re-referred to the Multi Agency "
        "Risk Assessment Conference [expressed as a % of the total number "
        "of referrals]",
    ),
    ("/key-tasks/", "Key tasks"),
    ("/policies/", "Strategies and policies"),
    ("/risks/", "Risks"),
    ("/budget/", "Budget"),
    ("/findings/", "Findings"),
    ("/findings/?kind=nope", "Findings"),
]


def test_login_page_is_accessible(page, browser_user):
    page.goto("/indicators/")
    assert "/login/" in page.url
    assert_accessible(page)
    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/indicators/")


def test_every_page_renders_and_passes_axe(signed_in_page, browser_plan):
    page = signed_in_page
    for path, heading in PAGES:
        page.goto(path)
        assert page.locator("h1").inner_text() == heading, path
        # GOV.UK Frontend's stylesheet and JavaScript loaded: styles applied, components started.
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        h1_style = page.locator("h1").evaluate(
            "e => [getComputedStyle(e).fontSize, getComputedStyle(e).fontFamily]"
        )
        assert h1_style == ["36px", "arial, sans-serif"]  # govuk-heading-l, in Arial
        assert (
            page.locator(".govuk-service-navigation").get_attribute(
                "data-govuk-service-navigation-init"
            )
            == ""
        )
        assert_accessible(page)


def test_axe_check_finds_a_violation_when_there_is_one(signed_in_page, browser_plan):
    page = signed_in_page
    page.goto("/policies/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")

    assert "label" in [v["id"] for v in axe_violations(page)]


def test_error_summary_takes_focus_and_links_to_the_field(signed_in_page, browser_plan):
    page = signed_in_page
    page.goto("/indicators/?framework=bogus")

    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.get_by_role("link", name="Choose a framework from the list").click()
    assert page.evaluate("document.activeElement.id") == "id_framework"


def test_filter_form_and_sort_links_work(signed_in_page, browser_plan):
    page = signed_in_page
    page.goto("/indicators/")

    page.get_by_label("Framework").select_option("mpi")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert page.locator("tbody th").inner_text() == "ComS_093a"

    page.goto("/indicators/?objective=CS2")
    page.get_by_role("link", name="Latest actual").click()
    expect(page).to_have_url(re.compile(r"sort=latest_actual"))
    expect(page.locator("tbody th")).to_have_text(["ComS_024", "ComS_033"])


def test_csv_download_is_a_file(signed_in_page, browser_plan):
    page = signed_in_page
    page.goto("/budget/")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download all budget lines (CSV)").click()
    download = info.value
    assert download.suggested_filename == "community-safety-2026-27-budget-lines.csv"
    assert "-20000" in Path(download.path()).read_text(encoding="utf-8-sig")


def test_screenshots_of_overview_and_indicators(signed_in_page, browser_plan):
    page = signed_in_page
    for path, name in [("/", "overview"), ("/indicators/", "indicators")]:
        page.goto(path)
        page.screenshot(path=f"/tmp/civicplan-{name}.png", full_page=True)


def test_the_content_security_policy_refuses_inline_script_and_is_reported(browser, live_server):
    """The policy is on, and the console message the ``page`` fixture fails on is what Chromium
    writes when it refuses something: an inline script added to a page does not run."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    messages: list[str] = []
    tab.on("console", lambda message: messages.append(message.text))
    tab.goto("/login/")

    tab.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )

    assert tab.evaluate("window.ran === undefined")
    assert any("Content Security Policy" in m for m in messages), messages
    context.close()


def test_the_api_documentation_works_under_the_policy(signed_in_page):
    signed_in_page.goto("/api/docs")

    expect(signed_in_page.locator(".swagger-ui .info .title")).to_contain_text("civicplan")
