"""The seed's key tasks keep their dates and links, and are judged overdue as the issue says."""

import datetime as dt

from civicplan.core.periods import Period
from civicplan.risks.models import KeyTaskRisk
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.selectors import partner_list, task_progress_list
from civicplan.tasks.services import key_task_progress_record
from tests.factories.seed import AS_OF

Q2 = Period.parse("2026/27-Q2")


def _rows(plan, as_of=AS_OF):
    return {row.code: row for row in task_progress_list(plan, as_of=as_of)}


def test_seed_task_bcrpasb_29_is_due_end_of_march_2028(seed_plan):
    row = _rows(seed_plan)["BCRPASB_29"]
    assert row.current_target_date == dt.date(2028, 3, 31)
    assert row.planned_target_date == dt.date(2028, 3, 31)
    assert row.task.target_date_text == "March 2028"
    assert not row.overdue
    assert not row.due_soon


def test_seed_tasks_due_march_2026_are_overdue_on_30_november_2026(seed_plan):
    rows = _rows(seed_plan)
    for code in ("COMS2629_09", "COMS2629_13"):
        assert rows[code].current_target_date == dt.date(2026, 3, 31)
        assert rows[code].overdue, code
    overdue = {code for code, row in rows.items() if row.overdue}
    assert overdue == {"COMS2629_09", "COMS2629_13", "COMS2629_06", "BCRPMS_01", "ComS2629_02"}


def test_seed_task_marked_completed_is_not_overdue(seed_plan, owner):
    task = seed_plan.key_tasks.get(code="COMS2629_09")
    key_task_progress_record(
        task=task,
        period=Q2,
        status=TaskStatus.COMPLETED,
        percent_complete=100,
        by=owner,
        expected_version=0,
        as_of=AS_OF,
    )
    rows = _rows(seed_plan)
    assert not rows["COMS2629_09"].overdue
    assert rows["COMS2629_13"].overdue


def test_seed_tasks_due_soon_within_90_days(seed_plan):
    due_soon = {code for code, row in _rows(seed_plan).items() if row.due_soon}
    assert due_soon == {"COMS2629_16"}  # January 2027


def test_seed_key_task_risk_review_policies_links_tasks_and_register_risks(seed_plan):
    risk = KeyTaskRisk.objects.get(plan=seed_plan, task_text__startswith="Review Policies")
    linked = set(risk.tasks.values_list("code", flat=True))
    existing = set(seed_plan.key_tasks.values_list("code", flat=True))
    named = set(risk.action_codes)
    assert linked == named & existing
    assert "BCRP2629_07" in named - linked  # printed, but names no key task
    assert {"BCRPASB_29", "COMS2629_09", "COMS2629_13"} <= linked
    assert sorted(risk.register_risks.values_list("number", flat=True)) == [2, 7, 13, 21]


def test_partner_list_names_each_partner_with_its_tasks(seed_plan):
    partners = {row.partner.name: [t.code for t in row.tasks] for row in partner_list(seed_plan)}
    assert partners["Change Grow Live"] == ["BCRP_", "BCRPSMA_11", "BCRPSMA_12"]
    assert partners["Food Standards Agency"] == ["COMS2629_06"]
    assert list(partners) == sorted(partners)


def test_task_progress_list_filters_by_partner(seed_plan):
    partner = next(p.partner for p in partner_list(seed_plan) if p.partner.name == "Schools")
    rows = task_progress_list(seed_plan, as_of=AS_OF, partner_id=partner.pk)
    assert [r.code for r in rows] == ["BCRPASB_17"]


def test_task_progress_list_filters_by_post(seed_plan):
    post = seed_plan.organisation.posts.get(title="Licensing Manager")
    rows = task_progress_list(seed_plan, as_of=AS_OF, post_ids={post.pk})
    assert [r.code for r in rows] == ["ComS2629_02"]
