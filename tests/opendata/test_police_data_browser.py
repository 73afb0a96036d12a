"""The police data pages in a real browser: the store's status and the hotspots an ASB officer
filters, with and without a store, and the page a performance officer records figures from,
each passing axe (WCAG 2.2 A and AA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from civicplan.accounts.roles import Role
from civicplan.planio.workflows import plan_import_file
from tests.factories.police_store import police_store_build
from tests.factories.seed import SEED, SEED_AS_OF
from tests.factories.users import PASSWORD, persona
from tests.support.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def police_store(settings: Any, tmp_path: Path) -> Path:
    """The live server runs in this process: it reads the store the setting points at."""
    settings.OPENDATA_DUCKDB_PATH = police_store_build(tmp_path)
    return settings.OPENDATA_DUCKDB_PATH


def test_police_data_and_hotspot_pages_pass_axe(signed_in_page, browser_plan, police_store):
    page = signed_in_page
    page.goto("/police-data/")
    expect(page.locator("h1")).to_have_text("Police data")
    assert page.locator("caption", has_text="Police data held, by force").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hotspots: the streets and LSOAs with most incidents").click()
    expect(page.locator("h1")).to_have_text("Hotspots")
    caption = page.locator("caption")
    assert caption.inner_text() == (
        "ASB incidents (ComS_011) in Broxtowe, 2025/26 Q4 (January to March 2026): "
        "the 10 streets with most recorded"
    )
    assert page.locator("tbody tr").first.inner_text().split("\t")[:2] == [
        "1",
        "On or near Oakgar Street",
    ]
    assert_accessible(page)

    page.get_by_label("Period").select_option(label="January 2026")
    page.get_by_label("LSOA (neighbourhood)").check()
    page.get_by_label("20").check()
    page.get_by_role("button", name="Show hotspots").click()
    page.wait_for_load_state()
    assert "period=2026-01" in page.url and "by=lsoa" in page.url
    assert caption.inner_text().startswith("ASB incidents (ComS_011) in Broxtowe, January 2026")
    assert page.get_by_label("Period").input_value() == "2026-01"
    assert_accessible(page)


def test_hotspot_error_summary_takes_focus_and_passes_axe(
    signed_in_page, browser_plan, police_store
):
    page = signed_in_page
    page.goto("/police-data/hotspots/?what=Arson&period=2019%2F20-Q1")

    summary = page.locator(".govuk-error-summary")
    assert "Choose a measure or a police.uk crime type from the list" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: Hotspots")
    assert_accessible(page)
    summary.get_by_role("link", name="Choose a period from the list", exact=False).click()
    assert page.evaluate("document.activeElement.id") == "id_period"


def test_police_data_pages_without_a_store_pass_axe(signed_in_page, browser_plan):
    page = signed_in_page
    for path, heading in [("/police-data/", "Police data"), ("/police-data/hotspots/", "Hotspots")]:
        page.goto(path)
        assert page.locator("h1").inner_text() == heading
        assert page.locator("#store-problem").inner_text() == (
            "No police data has been imported yet."
        )
        assert_accessible(page)


@pytest.fixture
def seed_officer(transactional_db: None) -> Any:
    """The seed plan (its six police measures, collected quarterly) and a performance officer
    who signs in through the login form."""
    plan_import_file(SEED, as_of=SEED_AS_OF)
    user = persona("officer", Role.PERFORMANCE_OFFICER)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_officer_records_figures_from_police_data_and_each_step_passes_axe(
    page, seed_officer, police_store
):
    sign_in(page, "officer")
    page.goto("/police-data/")
    page.get_by_role("link", name="Record figures from police data").click()
    expect(page.locator("h1")).to_have_text("Record figures from police data")
    caption = page.locator("caption")
    assert caption.inner_text() == (
        "Figures from police data for Broxtowe, 2025/26 Q4 (January to March 2026), by quarter"
    )
    asb = page.locator("tbody tr", has_text="ComS_011")
    assert asb.inner_text().split("\t")[:4] == ["ComS_011", "ASB incidents", "2025/26 Q4", "57"]
    assert_accessible(page)

    page.get_by_role("button", name="Record these figures for approval").click()
    page.wait_for_load_state()
    banner = page.locator("#record-outcome")
    assert banner.locator("h3").inner_text() == "6 figures recorded for approval"
    assert "ComS_011 2025/26-Q4" in banner.inner_text()
    assert "period=2025%2F26-Q4" in page.url
    assert_accessible(page)

    page.get_by_label("Period").select_option("2025/26")
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_load_state()
    assert caption.inner_text().startswith("Figures from police data for Broxtowe, 2025/26 (")
    page.get_by_role("button", name="Record these figures for approval").click()
    page.wait_for_load_state()
    assert banner.locator("h3").inner_text() == "No new figures recorded"
    assert "ComS_011 2025/26-Q3: months not loaded yet (2025-10, 2025-11)" in banner.inner_text()
    assert_accessible(page)


def test_record_page_error_summary_takes_focus_and_passes_axe(page, seed_officer, police_store):
    sign_in(page, "officer")
    page.goto("/police-data/record/?period=2025%2F26-Q4&grain=year")

    summary = page.locator(".govuk-error-summary")
    assert "2025/26 Q4 is a quarter" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: Record figures from police data")
    assert_accessible(page)
