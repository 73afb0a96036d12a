"""Key-task services: who may update, what is validated, the audit trail and optimistic locking."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export
from civicplan.tasks.models import (
    KeyTaskMilestone,
    KeyTaskTargetChange,
    KeyTaskUpdate,
    TaskStatus,
)
from civicplan.tasks.selectors import task_links, task_progress_list
from civicplan.tasks.services import (
    key_task_links_set,
    key_task_milestone_remove,
    key_task_milestone_save,
    key_task_progress_record,
    key_task_target_date_change,
)
from tests.factories.seed import AS_OF

pytestmark = pytest.mark.usefixtures("seed_plan")

Q1 = Period.parse("2026/27-Q1")
Q2 = Period.parse("2026/27-Q2")


@pytest.fixture
def task(seed_plan):
    """BCRPASB_29: officers Head of Communities and Community Safety, Communities and Crime
    Manager."""
    return seed_plan.key_tasks.get(code="BCRPASB_29")


def _report(task, by, *, version=0, period=Q2, status=TaskStatus.ON_TRACK, percent=40, text=""):
    return key_task_progress_record(
        task=task,
        period=period,
        status=status,
        percent_complete=percent,
        commentary=text,
        by=by,
        expected_version=version,
        as_of=AS_OF,
    )


def _row(plan, code):
    return next(r for r in task_progress_list(plan, as_of=AS_OF) if r.code == code)


# -- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "officer", "administrator"])
def test_progress_record_allowed_for_task_officer_and_performance_officers(request, task, persona):
    row = _report(task, request.getfixturevalue(persona))
    assert row.status == TaskStatus.ON_TRACK


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_progress_record_refused_for_colleague_and_viewer(request, task, persona):
    with pytest.raises(PermissionDenied, match="BCRPASB_29: it belongs to Head of Communities"):
        _report(task, request.getfixturevalue(persona))
    assert not KeyTaskUpdate.objects.exists()


def test_progress_record_refused_for_anonymous(task):
    with pytest.raises(PermissionDenied):
        _report(task, None)


def test_progress_record_colleague_may_update_own_post_task(seed_plan, colleague):
    row = _report(seed_plan.key_tasks.get(code="ComS2629_02"), colleague)
    assert row.task.code == "ComS2629_02"


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_target_date_and_milestones_refused_for_colleague_and_viewer(request, task, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        key_task_target_date_change(
            task=task, new_date=dt.date(2028, 9, 30), reason="x", by=user, expected_version=0
        )
    with pytest.raises(PermissionDenied):
        key_task_milestone_save(
            task=task, title="Draft", due_date=dt.date(2027, 6, 30), by=user, expected_version=0
        )


# -- progress -------------------------------------------------------------------------------


def test_progress_record_shows_as_latest_status(seed_plan, task, owner):
    _report(task, owner, period=Q1, percent=10)
    _report(task, owner, version=1, status=TaskStatus.AT_RISK, percent=30, text="Staff away")
    row = _row(seed_plan, "BCRPASB_29")
    assert (row.status, row.percent_complete, row.latest.commentary) == (
        TaskStatus.AT_RISK,
        30,
        "Staff away",
    )
    assert [u.period for u in row.updates] == [Q1, Q2]
    assert row.version == 2


def test_progress_record_same_quarter_replaces_and_audits_before(task, owner):
    _report(task, owner, percent=20)
    _report(task, owner, version=1, percent=35)
    assert KeyTaskUpdate.objects.get(task=task).percent_complete == 35
    events = AuditEvent.objects.filter(action="task.progress").order_by("id")
    assert [e.before and e.before["percent_complete"] for e in events] == [None, 20]
    assert events.last().after["percent_complete"] == 35
    assert events.last().actor == owner


def test_progress_record_backfill_keeps_latest_quarter_status(seed_plan, task, owner):
    _report(task, owner, status=TaskStatus.OFF_TRACK, percent=50, text="Partner left")
    _report(task, owner, version=1, period=Q1, percent=10)
    assert _row(seed_plan, "BCRPASB_29").status == TaskStatus.OFF_TRACK


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": TaskStatus.COMPLETED, "percent": 80}, "percent_complete"),
        ({"status": TaskStatus.OFF_TRACK, "percent": 50}, "commentary"),
        ({"percent": 150}, "percent_complete"),
        ({"period": Period.parse("2026/27-Q4")}, "period"),
        ({"period": Period.parse("2025/26-Q4")}, "period"),
        ({"period": Period.parse("2026/27")}, "period"),
        ({"status": "done"}, "status"),
    ],
)
def test_progress_record_rejects_bad_reports(task, owner, kwargs, field):
    with pytest.raises(ValueRejected) as caught:
        _report(task, owner, **kwargs)
    assert caught.value.field == field
    assert not KeyTaskUpdate.objects.exists()
    assert not AuditEvent.objects.filter(action="task.progress").exists()


def test_progress_record_current_quarter_is_allowed(task, owner):
    assert _report(task, owner, period=Period.parse("2026/27-Q3")).quarter == 3


# -- locking --------------------------------------------------------------------------------


def test_progress_record_stale_version_changes_nothing(task, owner, officer):
    _report(task, owner, percent=20)
    with pytest.raises(EditConflict, match="Nothing was saved"):
        _report(task, officer, version=0, percent=90)
    assert KeyTaskUpdate.objects.get(task=task).percent_complete == 20
    assert AuditEvent.objects.filter(action="task.progress").count() == 1


def test_target_date_change_with_stale_version_changes_nothing(seed_plan, task, owner):
    _report(task, owner)
    with pytest.raises(EditConflict):
        key_task_target_date_change(
            task=task,
            new_date=dt.date(2028, 9, 30),
            reason="Delay",
            by=owner,
            expected_version=0,
        )
    assert _row(seed_plan, "BCRPASB_29").current_target_date == dt.date(2028, 3, 31)
    assert not KeyTaskTargetChange.objects.exists()


# -- target dates ---------------------------------------------------------------------------


def test_target_date_change_keeps_original_and_history(seed_plan, task, owner, officer):
    key_task_target_date_change(
        task=task,
        new_date=dt.date(2028, 9, 30),
        reason="Consultation extended",
        by=owner,
        expected_version=0,
    )
    key_task_target_date_change(
        task=task,
        new_date=dt.date(2028, 12, 31),
        reason="Election period",
        by=officer,
        expected_version=1,
    )
    row = _row(seed_plan, "BCRPASB_29")
    assert row.planned_target_date == dt.date(2028, 3, 31)
    assert row.current_target_date == dt.date(2028, 12, 31)
    assert row.date_changed
    assert [(c.previous_date, c.new_date, c.reason) for c in row.target_changes] == [
        (dt.date(2028, 3, 31), dt.date(2028, 9, 30), "Consultation extended"),
        (dt.date(2028, 9, 30), dt.date(2028, 12, 31), "Election period"),
    ]
    event = AuditEvent.objects.filter(action="task.target_date").first()
    assert event.before == {"target_date": "2028-09-30"}
    assert event.reason == "Election period"


def test_target_date_change_needs_a_reason(task, owner):
    with pytest.raises(ValueRejected) as caught:
        key_task_target_date_change(
            task=task, new_date=dt.date(2028, 9, 30), reason="  ", by=owner, expected_version=0
        )
    assert caught.value.field == "reason"


def test_target_date_change_to_same_date_is_refused(task, owner):
    with pytest.raises(ValueRejected, match="already due on 31 March 2028"):
        key_task_target_date_change(
            task=task, new_date=dt.date(2028, 3, 31), reason="x", by=owner, expected_version=0
        )


def test_target_date_moved_later_makes_overdue_task_no_longer_overdue(seed_plan, owner):
    task = seed_plan.key_tasks.get(code="COMS2629_13")
    assert _row(seed_plan, "COMS2629_13").overdue
    key_task_target_date_change(
        task=task,
        new_date=dt.date(2027, 3, 31),
        reason="Re-planned with DAHA",
        by=owner,
        expected_version=0,
    )
    row = _row(seed_plan, "COMS2629_13")
    assert not row.overdue
    assert not row.due_soon  # 121 days away


# -- milestones -----------------------------------------------------------------------------


def test_milestones_have_their_own_dates_and_status(seed_plan, task, owner):
    first = key_task_milestone_save(
        task=task,
        title="Draft policy",
        due_date=dt.date(2026, 10, 31),
        by=owner,
        expected_version=0,
    )
    key_task_milestone_save(
        task=task,
        title="Cabinet approval",
        due_date=dt.date(2027, 6, 30),
        by=owner,
        expected_version=1,
    )
    row = _row(seed_plan, "BCRPASB_29")
    assert [m.title for m in row.milestones] == ["Draft policy", "Cabinet approval"]
    assert row.overdue_milestones == [first]
    key_task_milestone_save(
        task=task,
        milestone=first,
        title="Draft policy",
        due_date=first.due_date,
        status=TaskStatus.COMPLETED,
        by=owner,
        expected_version=2,
    )
    assert _row(seed_plan, "BCRPASB_29").overdue_milestones == []


def test_milestone_remove_is_audited(task, owner):
    milestone = key_task_milestone_save(
        task=task, title="Typo", due_date=dt.date(2027, 1, 1), by=owner, expected_version=0
    )
    key_task_milestone_remove(milestone=milestone, by=owner, expected_version=1, reason="typo")
    assert not KeyTaskMilestone.objects.exists()
    event = AuditEvent.objects.get(action="task.milestone.remove")
    assert event.before["title"] == "Typo"


# -- links ----------------------------------------------------------------------------------


def test_links_set_to_objectives_and_indicators(seed_plan, task, owner):
    objective = seed_plan.objectives.get(code="CS1")
    indicator = seed_plan.indicators.get(code="ComS_012")
    key_task_links_set(
        task=task, objectives=[objective], indicators=[indicator], by=owner, expected_version=0
    )
    links = task_links(task)
    assert links.objectives == [objective]
    assert links.indicators == [indicator]
    assert "Review Policies" in [r.task_text[:15] for r in links.plan_risks]
    event = AuditEvent.objects.get(action="task.links")
    assert event.after == {"objectives": ["CS1"], "indicators": ["ComS_012"]}


def test_links_set_refuses_another_plans_indicator(seed_plan, task, owner):
    other = plan_apply(
        {**plan_export(seed_plan), "plan": {**plan_export(seed_plan)["plan"], "priority": "Other"}}
    ).plan
    with pytest.raises(ValueRejected):
        key_task_links_set(
            task=task,
            objectives=[],
            indicators=[other.indicators.first()],
            by=owner,
            expected_version=0,
        )


# -- the plan import may not remove tracked tasks ------------------------------------------


def test_plan_apply_refuses_to_remove_a_task_with_progress(seed_plan, task, owner):
    _report(task, owner)
    data = plan_export(seed_plan)
    data["actions"] = [a for a in data["actions"] if a["code"] != "BCRPASB_29"]
    for risk in data["risks"]["key_tasks"]:
        risk["actions"] = [c for c in risk["actions"] if c != "BCRPASB_29"]
    with pytest.raises(PlanDataError, match="monitoring records depend on it"):
        plan_apply(data)
    assert seed_plan.key_tasks.filter(code="BCRPASB_29").exists()


def test_plan_apply_reimport_keeps_progress_and_revised_date(seed_plan, task, owner):
    _report(task, owner)
    key_task_target_date_change(
        task=task, new_date=dt.date(2028, 9, 30), reason="Delay", by=owner, expected_version=1
    )
    plan_apply(plan_export(seed_plan))
    row = _row(seed_plan, "BCRPASB_29")
    assert row.status == TaskStatus.ON_TRACK
    assert row.current_target_date == dt.date(2028, 9, 30)
