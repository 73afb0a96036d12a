"""Tracking read endpoints: the seed's own dates and states, the same refusals as the other reads,
and a fixed number of queries however much has been recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.accounts.roles import Role
from civicplan.budgets.services import budget_actual_record, income_bid_record
from civicplan.core.periods import Period
from civicplan.planio.apply import plan_apply
from civicplan.plans.models import Post
from civicplan.risks.models import RegisterRisk
from civicplan.risks.rules import Score
from civicplan.risks.services import risk_entry_get, risk_owner_set, risk_score_record
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.services import key_task_progress_record
from tests.api.conftest import SEED_AS_OF, persona
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, VAWG_STRATEGY, plan_create, plan_data

Q2 = Period.parse("2026/27-Q2")
AS_OF = "as_of=2026-11-30"


@pytest.fixture
def officer_client(seed_plan, as_user):
    return as_user(persona("officer", Role.PERFORMANCE_OFFICER))


@pytest.fixture
def owner(seed_plan):
    return persona("owner", Role.INDICATOR_OWNER, [HEAD_OF_COMMUNITIES])


def _score_risk_2(plan, officer: Any) -> None:
    risk = RegisterRisk.objects.get(plan=plan, number=2)
    risk_owner_set(
        risk=risk,
        owner=Post.objects.get(title=HEAD_OF_COMMUNITIES),
        by=officer,
        expected_version=0,
    )
    risk_score_record(
        risk=risk,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="Grant cut",
        by=officer,
        expected_version=1,
        as_of=SEED_AS_OF,
    )


def test_task_progress_has_the_seed_dates_and_overdue_tasks(seed_plan, officer_client):
    url = f"/api/plans/{seed_plan.pk}/task-progress/?{AS_OF}"

    rows = {row["code"]: row for row in officer_client.get(url).json()}

    assert len(rows) == 24
    assert rows["BCRPASB_29"]["current_target_date"] == "2028-03-31"
    assert rows["BCRPASB_29"]["overdue"] is False
    assert rows["BCRPASB_29"]["reporting_quarter"] == "2026/27-Q2"
    assert {code for code, row in rows.items() if row["overdue"]} == {
        "COMS2629_09",
        "COMS2629_13",
        "COMS2629_06",
        "BCRPMS_01",
        "ComS2629_02",
    }
    assert [code for code, row in rows.items() if row["due_soon"]] == ["COMS2629_16"]


def test_task_progress_reports_what_was_recorded(seed_plan, officer_client, owner):
    task = seed_plan.key_tasks.get(code="COMS2629_09")
    key_task_progress_record(
        task=task,
        period=Q2,
        status=TaskStatus.COMPLETED,
        percent_complete=100,
        commentary="Done",
        by=owner,
        expected_version=0,
        as_of=SEED_AS_OF,
    )

    rows = officer_client.get(f"/api/plans/{seed_plan.pk}/task-progress/?{AS_OF}").json()

    row = next(r for r in rows if r["code"] == "COMS2629_09")
    assert (row["status"], row["percent_complete"], row["overdue"], row["version"]) == (
        "completed",
        100,
        False,
        1,
    )
    assert row["updates"][0]["period"] == "2026/27-Q2"


def test_task_progress_filters_by_partner(seed_plan, officer_client):
    partners = officer_client.get(f"/api/plans/{seed_plan.pk}/partners/").json()
    cgl = next(p for p in partners if p["name"] == "Change Grow Live")

    rows = officer_client.get(
        f"/api/plans/{seed_plan.pk}/task-progress/?partner={cgl['id']}"
    ).json()

    assert cgl["tasks"] == ["BCRP_", "BCRPSMA_11", "BCRPSMA_12"]
    assert [row["code"] for row in rows] == ["BCRP_", "BCRPSMA_11", "BCRPSMA_12"]


def test_risk_register_and_heat_map(seed_plan, officer_client):
    _score_risk_2(seed_plan, persona("scorer", Role.PERFORMANCE_OFFICER))

    register = officer_client.get(f"/api/plans/{seed_plan.pk}/risk-register/?{AS_OF}").json()
    heat = officer_client.get(f"/api/plans/{seed_plan.pk}/risk-heat-map/?{AS_OF}").json()

    assert register["matrix"]["size"] == 5
    assert [r["code"] for r in register["risks"]][:5] == ["R2", "R7", "R12", "R13", "R21"]
    risk_2 = register["risks"][0]
    assert risk_2["owner"] == HEAD_OF_COMMUNITIES
    assert risk_2["inherent"] == {"likelihood": 4, "impact": 4, "score": 16}
    assert (risk_2["rating"], risk_2["trend"], risk_2["review_date"]) == (
        "High",
        "new",
        "2027-02-28",
    )
    assert risk_2["reviews"][0]["reason"] == "Grant cut"
    cell = next(c for c in heat["cells"] if c["risks"])
    assert cell == {"likelihood": 3, "impact": 3, "score": 9, "rating": "High", "risks": ["R2"]}
    assert len(heat["cells"]) == 25
    assert "R7" in heat["unscored"]


def test_heat_map_refuses_an_unknown_score(seed_plan, officer_client):
    response = officer_client.get(f"/api/plans/{seed_plan.pk}/risk-heat-map/?which=best")

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "which"


def test_policy_renewals_put_the_evawg_strategy_among_the_overdue(seed_plan, officer_client):
    body = officer_client.get(f"/api/plans/{seed_plan.pk}/policy-renewals/?{AS_OF}").json()

    overdue = [p["title"] for p in body["policies"] if p["state"] == "overdue"]
    assert overdue == [VAWG_STRATEGY]
    assert body["counts"]["overdue"] == 1
    assert body["policies"][0]["next_due"] == "2025-08-31"


def test_policy_renewals_mine(seed_plan, as_user, owner):
    body = as_user(owner).get(f"/api/plans/{seed_plan.pk}/policy-renewals/?mine=true").json()

    assert all(HEAD_OF_COMMUNITIES in p["owners"] for p in body["policies"])
    assert len(body["policies"]) == 8


def test_budget_position_and_bids(seed_plan, officer_client):
    officer = persona("clerk", Role.PERFORMANCE_OFFICER)
    line = seed_plan.budget_lines.get(description__startswith="Reduction in ASB cases")
    budget_actual_record(
        line=line, period=Q2, amount="-12500", by=officer, expected_version=0, as_of=SEED_AS_OF
    )
    funding = seed_plan.budget_lines.get(description__startswith="Funding applied")
    income_bid_record(
        line=funding,
        funder="Home Office",
        purpose="Safer Streets",
        submitted_on=dt.date(2026, 10, 3),
        amount_bid="45000",
        by=officer,
        as_of=SEED_AS_OF,
    )

    body = officer_client.get(
        f"/api/plans/{seed_plan.pk}/budget-position/?year=2026/27&upto=2"
    ).json()
    bids = officer_client.get(f"/api/plans/{seed_plan.pk}/income-bids/").json()

    psp = body["lines"][0]
    assert (psp["planned"], psp["planned_to_date"], psp["actual_to_date"]) == (
        -20000,
        -10000,
        -12500,
    )
    assert (psp["variance"], psp["reading"], psp["actuals"]) == (
        -2500,
        "favourable",
        {"Q2": -12500},
    )
    assert (body["year"], body["upto"], body["planned_net_change"]) == ("2026/27", 2, -120000)
    assert bids["total_bid"] == 45000
    assert bids["bids"][0]["outcome"] == "pending"


def test_budget_position_of_a_year_outside_the_plan_is_404(seed_plan, officer_client):
    response = officer_client.get(f"/api/plans/{seed_plan.pk}/budget-position/?year=2035/36")

    assert response.status_code == 404
    assert response.json()["detail"] == "2035/36 is not a year of this plan (2026/27 to 2028/29)."


def test_attention_for_the_callers_posts_and_for_a_post(seed_plan, as_user, owner):
    client = as_user(owner)
    post = Post.objects.get(title="Licensing Manager")

    mine = client.get(f"/api/plans/{seed_plan.pk}/attention/?{AS_OF}").json()
    theirs = client.get(f"/api/plans/{seed_plan.pk}/attention/?{AS_OF}&post={post.pk}").json()

    overdue = [t["code"] for t in mine["tasks"] if t["overdue"]]
    assert overdue == ["BCRPMS_01", "COMS2629_09", "COMS2629_13"]
    assert mine["counts"]["tasks"] == 20
    assert {p["title"] for p in mine["policies"]} == {
        "Broxtowe Crime Reduction Plan 2023 – 2026",
        "Hate Crime Pledge 2023",
        "Serious and Organised Crime Strategy 2023 – 2026",
    }
    assert "BCRPMS_01" not in [t["code"] for t in theirs["tasks"]]


@pytest.mark.parametrize(
    "path",
    [
        "task-progress/",
        "partners/",
        "risk-register/",
        "risk-heat-map/",
        "policy-renewals/",
        "budget-position/",
        "income-bids/",
        "attention/",
    ],
)
def test_tracking_reads_need_a_signed_in_caller_and_a_real_plan(plan, client, as_user, path):
    reader = as_user(persona("councillor", Role.VIEWER))

    assert client.get(f"/api/plans/{plan.pk}/{path}").status_code == 401
    assert reader.get(f"/api/plans/{plan.pk}/{path}").status_code == 200
    missing = reader.get(f"/api/plans/{plan.pk + 1000}/{path}")
    assert missing.status_code == 404
    assert missing.json() == {"detail": f"There is no plan with id {plan.pk + 1000}."}


# The most queries each read may run, whatever the plan's size (2 are the session's, 1 the plan's).
BUDGETS = {
    "task-progress/": 9,
    "partners/": 4,
    "risk-register/": 10,
    "risk-heat-map/?which=inherent": 10,
    "policy-renewals/": 6,
    "budget-position/?year=2026/27": 6,
    "income-bids/": 4,
    "attention/?as_of=2026-11-30": 29,
}


def _record(plan, officer: Any) -> None:
    for task in plan.key_tasks.filter(tracking__isnull=True):
        key_task_progress_record(
            task=task,
            period=Q2,
            status=TaskStatus.ON_TRACK,
            percent_complete=50,
            by=officer,
            expected_version=0,
            as_of=SEED_AS_OF,
        )
    for risk in plan.register_risks.filter(entry__isnull=True):
        risk_score_record(
            risk=risk,
            inherent=Score(3, 3),
            residual=Score(2, 3),
            reason="First",
            by=officer,
            expected_version=risk_entry_get(risk).version,
            as_of=SEED_AS_OF,
        )
    for line in plan.budget_lines.filter(actuals__isnull=True):
        budget_actual_record(
            line=line, period=Q2, amount=-100, by=officer, expected_version=0, as_of=SEED_AS_OF
        )


@pytest.mark.parametrize("path", list(BUDGETS))
def test_tracking_read_query_count_is_fixed(db, as_user, path):
    plan = plan_create()
    officer = persona("officer", Role.PERFORMANCE_OFFICER)
    _record(plan, officer)
    client = as_user(persona("owner", Role.INDICATOR_OWNER, [HEAD_OF_COMMUNITIES]))
    url = f"/api/plans/{plan.pk}/{path}"
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    plan_apply(plan_data(scale=3), source_name="tests")
    _record(plan, officer)
    large = count()

    assert small == large, f"{url}: {small} queries for the plan, {large} for 3× the plan"
    assert large <= BUDGETS[path], f"{url}: {large} queries"
