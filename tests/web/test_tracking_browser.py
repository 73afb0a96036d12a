"""Tracking in a real browser: a task update and a risk re-score through the pages, and axe-core's
WCAG 2.2 A/AA rules on every tracking page (with its forms, and with an error summary).

Screenshots go to /tmp/civicplan-tracking-*.png for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_role_set
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan, Post
from civicplan.plans.services import user_posts_set
from civicplan.risks.models import RiskReview
from civicplan.tasks.models import KeyTaskUpdate
from tests.factories.seed import SEED, SEED_AS_OF
from tests.factories.users import OWNER_POST, user_create
from tests.support.browser import assert_accessible, sign_in

# The live server runs in this process: its pages see 30 November 2026 too.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.today(SEED_AS_OF),
]


@pytest.fixture
def seed(transactional_db: None) -> Plan:
    """The seed plan as of 30 November 2026."""
    return plan_import_file(SEED, as_of=SEED_AS_OF).plan


def _person(username: str, role: Role, post: str | None = None) -> Any:
    user = user_create(username)
    user_role_set(user=user, roles=[role], by=None)
    if post:
        user_posts_set(user=user, posts=[Post.objects.get(title=post)], by=None)
    return user


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=f"/tmp/civicplan-tracking-{name}.png", full_page=True)


def test_officer_records_a_task_update_through_the_page(page, seed):
    _person("owner", Role.INDICATOR_OWNER, OWNER_POST)
    sign_in(page, "owner")
    page.goto("/key-tasks/BCRPASB_29/")

    assert page.get_by_label("Quarter").input_value() == "2026/27-Q2"
    page.get_by_label("At risk").check()
    page.get_by_label("Percent complete").fill("30")
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state()

    # The error summary takes focus and its link goes to the field.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    _shot(page, "task-error")
    page.get_by_role("link", name="Explain why the task is at risk").click()
    assert page.evaluate("document.activeElement.id") == "id_progress-commentary"
    assert page.get_by_label("Percent complete").input_value() == "30"

    page.get_by_label("Commentary").fill("Consultation with partners delayed to January.")
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state()

    banner = page.locator(".govuk-notification-banner--success")
    assert "Progress for 2026/27 Q2" in banner.inner_text()
    history = page.locator("table", has=page.locator("caption", has_text="Progress reports"))
    assert "Consultation with partners delayed" in history.inner_text()
    update = KeyTaskUpdate.objects.get(task__code="BCRPASB_29")
    assert (update.status, update.percent_complete) == ("at_risk", 30)
    assert_accessible(page)
    _shot(page, "task")


def test_officer_rescores_a_risk_through_the_page(page, seed):
    _person("officer", Role.PERFORMANCE_OFFICER)
    sign_in(page, "officer")
    page.goto("/risks/R2/")

    page.get_by_label("Inherent likelihood").select_option("4")
    page.get_by_label("Inherent impact").select_option("4")
    page.get_by_label("Residual likelihood").select_option("3")
    page.get_by_label("Residual impact").select_option("3")
    page.get_by_label("Reason for the scores").fill("Grant reduced; controls in place")
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_load_state()

    assert (
        "Risk 2 scored: residual 9, inherent 16."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    review = RiskReview.objects.get()
    assert (review.inherent_score, review.residual_score) == (16, 9)
    page.goto("/risks/register/")
    row = page.locator("tr#risk-R2")
    assert "High" in row.inner_text()
    page.goto("/risks/heat-map/")
    assert page.locator("svg[role=img]").count() == 1
    grid = page.locator("table", has=page.locator("caption", has_text="matrix as a table"))
    assert "R2" in grid.locator("tr", has_text="3: Possible").inner_text()


PAGES = [
    ("/key-tasks/progress/", "Key task progress", "tracker"),
    ("/key-tasks/progress/?flag=overdue", "Key task progress", "tracker-overdue"),
    ("/key-tasks/partners/", "Partners", "partners"),
    ("/key-tasks/COMS2629_09/", "Produce a Residents Domestic Abuse Policy", "task-overdue"),
    ("/risks/register/", "Risk register", "register"),
    ("/risks/heat-map/", "Risk heat map", "heat-map"),
    ("/risks/R2/", "Failure to obtain adequate resources to achieve service objectives", "risk"),
    ("/policies/renewals/", "Policy renewals", "renewals"),
    ("/budget/position/", "Budget position", "budget"),
    ("/budget/bids/", "Income bids", "bids"),
    ("/attention/", "What needs attention", "attention"),
]


def test_tracking_pages_pass_axe(page, seed):
    officer = _person("officer", Role.PERFORMANCE_OFFICER)
    user_posts_set(user=officer, posts=[Post.objects.get(title=OWNER_POST)], by=None)
    sign_in(page, "officer")
    page.goto("/risks/R2/")  # one scored risk, so the heat map and the register have scores
    page.get_by_label("Inherent likelihood").select_option("4")
    page.get_by_label("Inherent impact").select_option("5")
    page.get_by_label("Residual likelihood").select_option("2")
    page.get_by_label("Residual impact").select_option("5")
    page.get_by_label("Reason for the scores").fill("First scoring")
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_load_state()
    policy = seed.policies.get(title__startswith="Ending Violence").pk
    line = seed.budget_lines.get(description__startswith="Reduction in ASB").pk
    pages = [
        *PAGES,
        (f"/policies/{policy}/", "Ending Violence Against Women and Girls", "policy"),
        (f"/budget/lines/{line}/", "Reduction in ASB cases", "budget-line"),
    ]

    for path, heading, name in pages:
        page.goto(path)
        assert page.locator("h1").inner_text().startswith(heading), path
        assert_accessible(page)
        _shot(page, name)
