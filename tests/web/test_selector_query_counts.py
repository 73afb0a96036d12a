"""Tracking selectors run a fixed number of queries, however much has been recorded."""

import datetime as dt

import pytest

from civicplan.attention.selectors import plan_attention
from civicplan.budgets.selectors import budget_year, income_bids
from civicplan.budgets.services import budget_actual_record
from civicplan.core.fy import FinancialYear
from civicplan.core.periods import Period
from civicplan.plans.models import Post
from civicplan.plans.selectors import policy_renewal_tracker
from civicplan.plans.services import policy_renewal_record
from civicplan.risks.rules import Score
from civicplan.risks.selectors import risk_heat_map, risk_register
from civicplan.risks.services import risk_details_update, risk_owner_set, risk_score_record
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.selectors import partner_list, task_progress_list
from civicplan.tasks.services import key_task_milestone_save, key_task_progress_record
from tests.factories.plan_data import HEAD_OF_COMMUNITIES
from tests.factories.seed import AS_OF

Q2 = Period.parse("2026/27-Q2")


def _record_a_lot(plan, officer):
    """Progress, milestones, risks, renewals and actuals on several rows of each kind."""
    for task in plan.key_tasks.all()[:6]:
        key_task_progress_record(
            task=task,
            period=Q2,
            status=TaskStatus.ON_TRACK,
            percent_complete=50,
            by=officer,
            expected_version=0,
            as_of=AS_OF,
        )
        key_task_milestone_save(
            task=task, title="Step", due_date=dt.date(2027, 1, 1), by=officer, expected_version=1
        )
    post = Post.objects.get(title=HEAD_OF_COMMUNITIES)
    for risk in plan.register_risks.all():
        risk_owner_set(risk=risk, owner=post, by=officer, expected_version=0)
        risk_details_update(
            risk=risk,
            causes="c",
            controls="c",
            further_actions=list(plan.key_tasks.all()[:2]),
            target=Score(1, 2),
            review_date=None,
            by=officer,
            expected_version=1,
        )
        risk_score_record(
            risk=risk,
            inherent=Score(3, 3),
            residual=Score(2, 3),
            reason="r",
            by=officer,
            expected_version=2,
            as_of=AS_OF,
            reviewed_on=AS_OF,
        )
    for policy in plan.policies.filter(recurrence="")[:5]:
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
    for line in plan.budget_lines.all():
        budget_actual_record(
            line=line, period=Q2, amount=-100, by=officer, expected_version=0, as_of=AS_OF
        )


@pytest.mark.parametrize(
    ("name", "read", "queries"),
    [
        ("tasks", lambda plan: task_progress_list(plan, as_of=AS_OF), 6),
        ("partners", partner_list, 1),
        ("risks", lambda plan: risk_heat_map(risk_register(plan, as_of=AS_OF)), 7),
        ("policies", lambda plan: policy_renewal_tracker(plan, as_of=AS_OF).rows, 3),
        ("budget", lambda plan: budget_year(plan, FinancialYear(2026)).lines, 3),
        ("bids", lambda plan: income_bids(plan).bids, 1),
    ],
)
def test_selector_query_count_does_not_grow(
    seed_plan,
    officer,
    django_assert_num_queries,
    django_assert_max_num_queries,
    name,
    read,
    queries,
):
    with django_assert_max_num_queries(queries):  # prefetches of nothing are skipped
        read(seed_plan)
    _record_a_lot(seed_plan, officer)
    with django_assert_num_queries(queries):
        read(seed_plan)


def test_plan_attention_query_count_does_not_grow(seed_plan, officer, django_assert_num_queries):
    _record_a_lot(seed_plan, officer)
    with django_assert_num_queries(25):  # standings, tasks, risks and policies, each fixed
        plan_attention(seed_plan, as_of=AS_OF).for_posts(None)
    for task in seed_plan.key_tasks.all()[6:]:
        key_task_progress_record(
            task=task,
            period=Q2,
            status=TaskStatus.ON_TRACK,
            percent_complete=10,
            by=officer,
            expected_version=0,
            as_of=AS_OF,
        )
    with django_assert_num_queries(25):
        plan_attention(seed_plan, as_of=AS_OF).for_posts(None)
