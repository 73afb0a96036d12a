"""Tracking pages read in bulk: the same number of queries for a plan three times the size, with
three times the progress reports, scores, renewals, actuals and bids, signed in as an owner (so
the navigation's "Needs attention" count is worked out too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civicplan.accounts.roles import Role
from civicplan.budgets.models import BudgetKind
from civicplan.budgets.services import budget_actual_record, income_bid_record
from civicplan.core.periods import Period
from civicplan.plans.models import Plan, Post
from civicplan.plans.services import policy_renewal_record
from civicplan.risks.rules import Score
from civicplan.risks.services import risk_entry_get, risk_owner_set, risk_score_record
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.services import key_task_milestone_save, key_task_progress_record
from tests.clock import SEED_DAY
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, plan_create
from tests.factories.seed import AS_OF
from tests.factories.users import persona

pytestmark = pytest.mark.today(SEED_DAY)

Q2 = Period.parse("2026/27-Q2")

# The most queries each page may run, whatever the plan's size. 25 of them are the navigation's
# "Needs attention" count (every figure due, task, risk and policy of the plan, read once: the
# CSV download, which has no navigation, shows the page's own share).
MAX_QUERIES = {
    "/key-tasks/progress/": 38,
    "/key-tasks/progress/?format=csv": 11,
    "/key-tasks/partners/": 31,
    "/key-tasks/BCRPASB_29/": 43,
    "/risks/register/": 37,
    "/risks/heat-map/": 37,
    "/risks/R2/": 40,
    "/policies/renewals/": 33,
    "/policies/{policy}/": 35,
    "/attention/": 31,
    "/budget/position/": 33,
    "/budget/lines/{line}/": 34,
    "/budget/bids/": 33,
    "/budget/bids/{bid}/": 31,
}


def _record(plan: Plan, officer: Any) -> None:
    """Progress, milestones, scores, renewals, actuals and a bid on every row not yet tracked."""
    post = Post.objects.get(title=HEAD_OF_COMMUNITIES)
    for task in plan.key_tasks.filter(tracking__isnull=True):
        key_task_progress_record(
            task=task,
            period=Q2,
            status=TaskStatus.ON_TRACK,
            percent_complete=50,
            commentary="Going well",
            by=officer,
            expected_version=0,
            as_of=AS_OF,
        )
        key_task_milestone_save(
            task=task, title="Step", due_date=dt.date(2027, 1, 1), by=officer, expected_version=1
        )
    for risk in plan.register_risks.filter(entry__isnull=True):
        risk_owner_set(risk=risk, owner=post, by=officer, expected_version=0)
        risk_score_record(
            risk=risk,
            inherent=Score(3, 3),
            residual=Score(2, 3),
            reason="First",
            by=officer,
            expected_version=risk_entry_get(risk).version,
            as_of=AS_OF,
        )
    for policy in plan.policies.filter(recurrence="", renewals__isnull=True):
        policy_renewal_record(
            policy=policy,
            document_version="v2",
            approved_on=AS_OF,
            approved_by_body="Cabinet",
            next_renewal_date=dt.date(2029, 1, 1),
            by=officer,
            expected_version=0,
            as_of=AS_OF,
        )
    for line in plan.budget_lines.filter(actuals__isnull=True):
        budget_actual_record(
            line=line, period=Q2, amount=-100, by=officer, expected_version=0, as_of=AS_OF
        )
        if line.kind == BudgetKind.INCOME:
            income_bid_record(
                line=line,
                funder="Home Office",
                purpose="Safer Streets",
                submitted_on=AS_OF,
                amount_bid=1000,
                by=officer,
                as_of=AS_OF,
            )


def _counts(client: Client, plan: Plan) -> dict[str, int]:
    policy = plan.policies.get(title="Corporate Plan")
    line = plan.budget_lines.get(description="Funding applied for as they become available")
    bid = line.bids.first()
    counts = {}
    for template in MAX_QUERIES:
        url = template.format(policy=policy.pk, line=line.pk, bid=bid.pk)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[template] = len(queries)
    return counts


@pytest.mark.django_db
def test_tracking_page_query_counts_do_not_grow_with_the_plan():
    plan = plan_create(scale=1)
    officer = persona("officer", Role.PERFORMANCE_OFFICER)
    owner = persona("owner", Role.INDICATOR_OWNER, HEAD_OF_COMMUNITIES)
    _record(plan, officer)
    client = Client()
    client.force_login(owner)
    client.get("/")  # the session's first request

    small = _counts(client, plan)
    plan_create(scale=3)  # the same plan, revised: three times the rows in every list
    _record(plan, officer)
    large = _counts(client, plan)

    assert plan.key_tasks.count() == 3 * 6
    assert large == small
    assert {url: n for url, n in small.items() if n > MAX_QUERIES[url]} == {}


@pytest.mark.django_db
def test_navigation_count_is_worked_out_once_and_only_for_owners():
    plan_create()
    owner = persona("owner", Role.INDICATOR_OWNER, HEAD_OF_COMMUNITIES)
    viewer = persona("viewer", Role.VIEWER, HEAD_OF_COMMUNITIES)
    owner_client, viewer_client = Client(), Client()
    owner_client.force_login(owner)
    viewer_client.force_login(viewer)

    with CaptureQueriesContext(connection) as owner_queries:
        owner_page = owner_client.get("/budget/")
    with CaptureQueriesContext(connection) as viewer_queries:
        viewer_page = viewer_client.get("/budget/")

    assert b'class="app-count"' in owner_page.content
    assert b'class="app-count"' not in viewer_page.content
    assert len(owner_queries) - len(viewer_queries) >= 10  # the attention reads, once
    assert len(viewer_queries) <= 12
