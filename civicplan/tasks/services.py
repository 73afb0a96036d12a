"""Writing key-task tracking: progress each quarter, target-date changes, milestones and links.

The one way these change, whoever asks (page, API, upload). Each service checks permission (the
task's officers, through the posts they hold, or a performance officer; viewers never), validates,
moves the task's tracking ``version`` on (a stale copy raises ``EditConflict`` and changes nothing)
and writes the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, owns, require
from civicplan.core import clock
from civicplan.core.audit import actor, audit_record
from civicplan.core.errors import ValueRejected
from civicplan.core.formats import date_text
from civicplan.core.locking import version_bump
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.models import Indicator
from civicplan.plans.models import Objective
from civicplan.tasks.models import (
    KeyTask,
    KeyTaskIndicator,
    KeyTaskMilestone,
    KeyTaskObjective,
    KeyTaskTargetChange,
    KeyTaskTracking,
    KeyTaskUpdate,
    TaskStatus,
)
from civicplan.tasks.rules import progress_problems

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor, AnyUser

__all__ = [
    "can_update_task",
    "key_task_links_set",
    "key_task_milestone_remove",
    "key_task_milestone_save",
    "key_task_progress_record",
    "key_task_target_date_change",
    "task_officer_post_ids",
]


def task_officer_post_ids(task: KeyTask) -> set[int]:
    """The posts responsible for a task (its officers, as the plan names them)."""
    return {link.post_id for link in task.keytaskofficer_set.all()}


def can_update_task(user: AnyUser, task: KeyTask) -> bool:
    """The task's officers update their own tasks; performance officers (and administrators) any."""
    return is_performance_officer(user) or owns(user, task_officer_post_ids(task))


def _require_can_update(user: AnyUser, task: KeyTask) -> None:
    officers = ", ".join(link.post.title for link in task.keytaskofficer_set.all()) or "no post"
    require(
        can_update_task(user, task),
        f"You cannot update {task.code}: it belongs to {officers}. Ask a performance officer "
        "if it should be yours.",
    )


def _lock(task: KeyTask, expected_version: int, **changes: Any) -> KeyTaskTracking:
    """The task's tracking row, its version moved on (``EditConflict`` if the copy was stale)."""
    tracking, _ = KeyTaskTracking.objects.get_or_create(task=task)
    version_bump(KeyTaskTracking, tracking.pk, expected_version, task.code, **changes)
    tracking.refresh_from_db()
    return tracking


def _check_quarter(task: KeyTask, period: Period, as_of: dt.date) -> None:
    plan = task.plan
    if period.kind is not PeriodKind.QUARTER:
        raise ValueRejected(
            f"Progress is reported by quarter, such as 2026/27-Q2, not {period.label}",
            field="period",
        )
    if not plan.first_year <= period.fy <= plan.last_year:
        raise ValueRejected(
            f"{period.label} is outside the plan ({plan.period_label})", field="period"
        )
    if period.first_day > as_of:
        raise ValueRejected(
            f"{period.label} has not started yet: report progress for this quarter or an "
            "earlier one",
            field="period",
        )


def _update_snapshot(row: KeyTaskUpdate) -> dict[str, Any]:
    return {
        "period": str(row.period),
        "status": row.status,
        "percent_complete": row.percent_complete,
        "commentary": row.commentary,
    }


@transaction.atomic
def key_task_progress_record(
    *,
    task: KeyTask,
    period: Period,
    status: str,
    percent_complete: int,
    commentary: str = "",
    by: Actor,
    expected_version: int,
    as_of: dt.date | None = None,
) -> KeyTaskUpdate:
    """Record (or correct) a quarter's progress report on a key task."""
    _require_can_update(by, task)
    _check_quarter(task, period, as_of or clock.today())
    commentary = (commentary or "").strip()
    if isinstance(percent_complete, bool) or not isinstance(percent_complete, int):
        raise ValueRejected("Enter percent complete as a whole number", field="percent_complete")
    problems = progress_problems(status, percent_complete, commentary)
    if problems:
        field, message = next(iter(problems.items()))
        raise ValueRejected(message, field=field)
    _lock(task, expected_version)
    row = KeyTaskUpdate.objects.filter(task=task, fy=period.fy, quarter=period.number).first()
    before = None if row is None else _update_snapshot(row)
    if row is None:
        row = KeyTaskUpdate(task=task, fy=period.fy, quarter=period.number)
    row.status = TaskStatus(status)
    row.percent_complete = percent_complete
    row.commentary = commentary
    row.recorded_by = actor(by)
    row.save()
    audit_record(
        by=by, action="task.progress", obj=task, before=before, after=_update_snapshot(row)
    )
    return row


@transaction.atomic
def key_task_target_date_change(
    *, task: KeyTask, new_date: dt.date, reason: str, by: Actor, expected_version: int
) -> KeyTaskTargetChange:
    """Move a task's target date; the plan's date and every earlier change stay on record."""
    _require_can_update(by, task)
    reason = (reason or "").strip()
    if not reason:
        raise ValueRejected("Say why the target date is changing", field="reason")
    if not isinstance(new_date, dt.date):
        raise ValueRejected("Enter the new target date", field="new_date")
    tracking = KeyTaskTracking.objects.filter(task=task).first()
    current = (tracking.revised_target_date if tracking else None) or task.target_date
    if new_date == current:
        raise ValueRejected(
            f"{task.code} is already due on {date_text(new_date)}", field="new_date"
        )
    _lock(task, expected_version, revised_target_date=new_date)
    change = KeyTaskTargetChange.objects.create(
        task=task,
        previous_date=current,
        new_date=new_date,
        reason=reason,
        changed_by=actor(by),
    )
    audit_record(
        by=by,
        action="task.target_date",
        obj=task,
        before={"target_date": current.isoformat() if current else None},
        after={"target_date": new_date.isoformat()},
        reason=reason,
    )
    return change


def _milestone_snapshot(milestone: KeyTaskMilestone) -> dict[str, Any]:
    return {
        "title": milestone.title,
        "due_date": milestone.due_date.isoformat(),
        "status": milestone.status,
    }


@transaction.atomic
def key_task_milestone_save(
    *,
    task: KeyTask,
    title: str,
    due_date: dt.date,
    status: str = TaskStatus.NOT_STARTED,
    milestone: KeyTaskMilestone | None = None,
    by: Actor,
    expected_version: int,
) -> KeyTaskMilestone:
    """Add a milestone to a task, or change one (``milestone`` given)."""
    _require_can_update(by, task)
    title = (title or "").strip()
    if not title:
        raise ValueRejected("Name the milestone", field="title")
    if len(title) > 300:
        raise ValueRejected("Keep the milestone's name under 300 characters", field="title")
    if not isinstance(due_date, dt.date):
        raise ValueRejected("Enter the milestone's date", field="due_date")
    if status not in TaskStatus.values:
        raise ValueRejected("Choose the milestone's status", field="status")
    if milestone is not None and milestone.task_id != task.pk:
        raise ValueRejected(f"That milestone belongs to another task, not {task.code}")
    _lock(task, expected_version)
    before = None if milestone is None else _milestone_snapshot(milestone)
    if milestone is None:
        milestone = KeyTaskMilestone(task=task, position=task.milestones.count())
    milestone.title = title
    milestone.due_date = due_date
    milestone.status = TaskStatus(status)
    milestone.save()
    audit_record(
        by=by,
        action="task.milestone",
        obj=task,
        before=before,
        after={"milestone": milestone.pk, **_milestone_snapshot(milestone)},
    )
    return milestone


@transaction.atomic
def key_task_milestone_remove(
    *, milestone: KeyTaskMilestone, by: Actor, expected_version: int, reason: str = ""
) -> None:
    """Remove a milestone added by mistake; the audit trail keeps what it was."""
    task = milestone.task
    _require_can_update(by, task)
    _lock(task, expected_version)
    before = {"milestone": milestone.pk, **_milestone_snapshot(milestone)}
    milestone.delete()
    audit_record(by=by, action="task.milestone.remove", obj=task, before=before, reason=reason)


@transaction.atomic
def key_task_links_set(
    *,
    task: KeyTask,
    objectives: Iterable[Objective],
    indicators: Iterable[Indicator],
    by: Actor,
    expected_version: int,
) -> None:
    """Say exactly which objectives and indicators a task concerns (links to risks are made on
    the risk, as its further actions)."""
    _require_can_update(by, task)
    objectives = list(dict.fromkeys(objectives))
    indicators = list(dict.fromkeys(indicators))
    linked: list[Objective | Indicator] = [*objectives, *indicators]
    for item in linked:
        if item.plan_id != task.plan_id:
            raise ValueRejected(f"{item} is not in the plan of {task.code}", field="links")
    _lock(task, expected_version)
    before = {
        "objectives": sorted(task.objective_links.values_list("objective__code", flat=True)),
        "indicators": sorted(task.indicator_links.values_list("indicator__code", flat=True)),
    }
    task.objective_links.exclude(objective__in=objectives).delete()
    task.indicator_links.exclude(indicator__in=indicators).delete()
    for objective in objectives:
        KeyTaskObjective.objects.get_or_create(task=task, objective=objective)
    for indicator in indicators:
        KeyTaskIndicator.objects.get_or_create(task=task, indicator=indicator)
    after = {
        "objectives": sorted(o.code for o in objectives),
        "indicators": sorted(i.code for i in indicators),
    }
    if before != after:
        audit_record(by=by, action="task.links", obj=task, before=before, after=after)
