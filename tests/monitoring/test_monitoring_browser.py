"""Quarterly monitoring in a real browser: an owner enters and submits a figure, a performance
officer approves it, the dashboard shows its status; every page passes axe (WCAG 2.2 A and AA).

Screenshots go to ``$CIVICPLAN_SCREENSHOTS`` when set (to look at), else the test's tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from civicplan.accounts.roles import Role
from tests.clock import SEED_DAY
from tests.factories.scenario import approved
from tests.factories.users import OWNER_POST, PASSWORD, persona
from tests.support.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The live server runs in this process: its pages see 30 November 2026 too.
pytestmark = [*pytestmark, pytest.mark.today(SEED_DAY)]


def _person(username: str, role: Role, *posts: str) -> Any:
    user = persona(username, role, *posts)
    user.set_password(PASSWORD)
    user.save()
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def people(browser_plan: Any) -> dict[str, Any]:
    owner = _person("owner", Role.INDICATOR_OWNER, OWNER_POST)
    officer = _person("officer", Role.PERFORMANCE_OFFICER)
    approved(browser_plan, "ComS_001", "2026/27-Q1", 1700, by=owner, officer=officer)
    return {"owner": owner, "officer": officer}


@pytest.fixture
def shots(tmp_path: Path) -> Any:
    folder = Path(os.environ.get("CIVICPLAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page: Any, name: str) -> None:
        page.screenshot(path=str(folder / f"monitoring-{name}.png"), full_page=True)

    return shot


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_owner_submits_officer_approves_dashboard_shows_status(page, people, shots):
    sign_in(page, "owner")
    page.goto("/my-indicators/")
    expect(page.locator("h1")).to_have_text("My indicators for 2026/27 Q2")
    assert_accessible(page)
    shots(page, "my-indicators")

    page.get_by_role("link", name="ComS_001", exact=True).click()
    expect(page.locator("h1")).to_have_text("All crime")
    assert_accessible(page)
    page.get_by_label("Value").fill("1750")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()

    # Within tolerance needs commentary: the error summary takes focus and links to the field.
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Value").input_value() == "1750"
    assert_accessible(page)
    shots(page, "entry-error")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.name") == "commentary"
    page.get_by_label("Commentary").fill("More vehicle crime over the summer")
    page.get_by_role("button", name="Submit for approval").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "ComS_001, 2026/27 Q2: 1,750 submitted for approval." in banner.inner_text()
    row = page.locator("tr", has=page.get_by_role("link", name="ComS_001", exact=True))
    assert "Submitted" in row.inner_text()
    assert "Within tolerance" in row.inner_text()
    _sign_out(page)

    sign_in(page, "officer")
    page.get_by_role("link", name="Approvals 1 waiting").click()
    expect(page.locator("h1")).to_have_text("Figures waiting for approval")
    assert_accessible(page)
    shots(page, "approvals")
    page.get_by_role("button", name="Approve ComS_001 2026/27 Q2").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Figure approved.")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.locator("h1")).to_have_text("Dashboard: 2026/27 Q2")
    row = page.locator("#indicators tr", has=page.get_by_role("link", name="ComS_001", exact=True))
    assert "Within tolerance" in row.inner_text()
    exceptions = page.locator("table", has=page.locator("caption", has_text="Exceptions"))
    assert "More vehicle crime over the summer" in exceptions.inner_text()
    assert_accessible(page)
    shots(page, "dashboard")


def test_officer_returns_a_figure_with_a_reason(page, people, browser_plan, shots):
    from tests.factories.scenario import Q2, submit

    submit(browser_plan, "ComS_001", Q2, 1750, people["owner"], "Summer")
    sign_in(page, "officer")
    page.goto("/approvals/")
    page.get_by_role("button", name="Return to owner ComS_001 2026/27 Q2").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    shots(page, "approvals-error")
    page.get_by_label("Reason for returning ComS_001 2026/27 Q2").fill("Add the late reports")
    page.get_by_role("button", name="Return to owner ComS_001 2026/27 Q2").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Figure returned.")
    _sign_out(page)

    sign_in(page, "owner")
    page.goto("/indicators/ComS_001/values/2026-27-Q2/")
    assert "Add the late reports" in page.locator(".app-returned").inner_text()
    assert_accessible(page)


PAGES = [
    ("/dashboard/?status=missing&sort=-code", "Dashboard: 2026/27 Q2"),
    ("/dashboard/?period=bogus", "Dashboard: 2026/27 Q2"),
    ("/late/", "Late figures: 2026/27 Q2"),
    ("/my-indicators/?owner=1", "My indicators for 2026/27 Q2"),
    ("/workbook/", "Collection workbook"),
    ("/indicators/ComS_001/", "All crime"),
    (
        "/indicators/ComS_033/",
        "Residents surveyed who feel safe when outside in Nottinghamshire after dark (%)",
    ),
    ("/indicators/ComS_001/settings/", "Change how it is monitored"),
    ("/indicators/ComS_001/targets/", "Change a target"),
]


def test_monitoring_pages_pass_axe(page, people, shots):
    sign_in(page, "officer")
    for path, heading in PAGES:
        page.goto(path)
        assert page.locator("h1").inner_text() == heading, path
        assert_accessible(page)
    shots(page, "targets")
    page.goto("/indicators/ComS_001/")
    shots(page, "indicator")
    assert page.locator("svg.app-chart[role=img]").is_visible()

    page.goto("/indicators/ComS_001/settings/")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    shots(page, "settings-error")


def test_police_section_and_peer_group_page_pass_axe(page, people, shots, settings, tmp_path):
    from tests.factories.police_store import police_store_build

    settings.OPENDATA_DUCKDB_PATH = police_store_build(tmp_path)
    sign_in(page, "officer")
    page.goto("/indicators/ComS_001/")
    section = page.locator("section", has=page.locator("#police-heading"))
    assert "Broxtowe is ranked 5 of 8" in section.inner_text()
    assert page.locator("svg#benchmark-coms-001-2025-26-q4[role=img]").is_visible()
    assert "What police.uk cannot show" in page.locator("#police-caveats").inner_text()
    assert_accessible(page)
    shots(page, "indicator-police")

    section.get_by_role("link", name="Change the peer group").click()
    expect(page.locator("h1")).to_have_text("Peer group")
    assert_accessible(page)
    page.get_by_label("Districts to compare with").fill("Gedling\nGedlin")
    page.get_by_role("button", name="Save peer group").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "No LSOAs of 'Gedlin'" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    shots(page, "peer-group-error")
    page.get_by_label("Districts to compare with").fill("Gedling\nRushcliffe")
    page.get_by_role("button", name="Save peer group").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")

    page.goto("/indicators/ComS_001/")
    caption = page.locator("caption", has_text="the peer group ‘Nearest neighbours’")
    assert caption.is_visible()
    assert_accessible(page)
