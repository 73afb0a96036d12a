"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against the live server.

Listed in ``pytest_plugins`` in tests/conftest.py, so any test may use them::

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_something(signed_in_page, browser_plan):
        signed_in_page.goto("/indicators/")
        assert_accessible(signed_in_page)

``signed_in_page`` signs in through the real login form; ``assert_accessible`` runs axe-core with
the WCAG 2.0/2.1/2.2 A and AA rules and fails with the violations listed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from civicplan.plans.models import Plan
from tests.factories.plan_data import plan_create
from tests.factories.users import PASSWORD, user_create

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _missing(what: str, fix: str) -> None:
    pytest.fail(
        f"{what} is missing: {fix} (or deselect these tests with -m 'not browser')", pytrace=False
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (never a downloaded browser build)."""
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM), "apt-get install -y chromium chromium-driver (make setup-test)")
    if not AXE.exists():
        _missing(str(AXE), "npm ci (make setup)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM, used by the fixtures
    # in the same thread, would otherwise refuse to run beside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _static_files_for_live_server() -> Iterator[None]:
    """As tests/conftest.py does per test, but before the session's live server loads WhiteNoise.

    Cookies last as long as the browser: a test that pins the clock (``today`` marker) makes the
    server date its cookies' expiry from the pinned day, which Chromium, on the real clock, would
    otherwise find already past and drop, signing the user out.
    """
    override = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        WHITENOISE_USE_FINDERS=True,
        SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
        CSRF_COOKIE_AGE=None,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def live_server(_static_files_for_live_server: None, live_server: Any) -> Any:
    """pytest-django's live server, started after the static files settings above."""
    return live_server


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # Chromium reports each thing the Content-Security-Policy refused on the console.
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not refused, f"Content-Security-Policy violations: {refused}"


@pytest.fixture
def browser_user(transactional_db: None) -> Any:
    return user_create()


@pytest.fixture
def browser_plan(transactional_db: None) -> Plan:
    return plan_create()


def sign_in(page: Any, username: str = "viewer", password: str = PASSWORD) -> None:
    """Sign in through the login form as a person would."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, "signing in failed"


@pytest.fixture
def signed_in_page(page: Any, browser_user: Any) -> Any:
    sign_in(page)
    return page


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    page.evaluate(AXE.read_text())  # through the debugger, as no page script could
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        AXE_TAGS,
    )


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:3])}" for v in violations
    )
