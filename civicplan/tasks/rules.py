"""Pure rules for key tasks: when a task is overdue or due soon, and what a progress report may say.

No database. Anything with a ``current_target_date`` and a ``status`` can be judged: the tracking
selector's ``TaskProgress`` rows, milestones, or a ``TaskState`` built in a test.

Boundaries (as of a date ``D``):

* **overdue** — the current target date is before ``D`` and the task is neither completed nor
  cancelled. A task due on ``D`` itself is not overdue: it still has the day.
* **due soon** — not overdue, not closed, and the target date falls from ``D`` to ``D + 90 days``
  inclusive: due today and due on the 90th day both count; the 91st day does not.
* A task without a target date (the plan printed none) is never overdue or due soon.
* A task with no progress report yet (status ``None``) is judged by its date alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from civicplan.core.periods import Period
from civicplan.tasks.models import CLOSED_STATUSES, TaskStatus

DUE_SOON_DAYS = 90
"""The look-ahead of "due soon" for tasks and policies: the next 90 days."""


class HasDueDate(Protocol):
    """What the rules need to know of a task or milestone."""

    @property
    def current_target_date(self) -> dt.date | None: ...

    @property
    def status(self) -> str | None: ...


@dataclass(frozen=True)
class TaskState:
    """The minimum a rule needs: handy in tests and for callers without a model at hand."""

    current_target_date: dt.date | None
    status: str | None = None


def is_closed(status: str | None) -> bool:
    """Completed and cancelled tasks need no more updates and are never late."""
    return status in CLOSED_STATUSES


def is_overdue(task: HasDueDate, as_of: dt.date) -> bool:
    """Past its current target date and neither completed nor cancelled."""
    due = task.current_target_date
    return due is not None and due < as_of and not is_closed(task.status)


def is_due_soon(task: HasDueDate, as_of: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """Open and due between today and the ``days``-th day from today, both included."""
    due = task.current_target_date
    if due is None or is_closed(task.status):
        return False
    return as_of <= due <= as_of + dt.timedelta(days=days)


def reporting_quarter(as_of: dt.date) -> Period:
    """The quarter whose progress is reported now: the one most recently ended.

    Progress reports go with the quarterly performance report, as figures do: on 30 November 2026
    officers are reporting 2026/27 Q2 (July–September).
    """
    return Period.quarter_containing(as_of).previous()


def progress_problems(status: str, percent_complete: int, commentary: str) -> dict[str, str]:
    """What is wrong with a progress report, by field; empty when it can be saved.

    A report must be consistent (not started is 0%, completed is 100%) and a task at risk, off
    track or cancelled must say why: those are the ones a reader will ask about.
    """
    problems: dict[str, str] = {}
    if status not in TaskStatus.values:
        choices = ", ".join(label.lower() for label in TaskStatus.labels)
        problems["status"] = f"Choose a status: {choices}"
        return problems
    if not 0 <= percent_complete <= 100:
        problems["percent_complete"] = (
            f"Percent complete must be between 0 and 100, not {percent_complete}"
        )
    elif status == TaskStatus.COMPLETED and percent_complete != 100:
        problems["percent_complete"] = (
            f"A completed task is 100% complete, not {percent_complete}%: "
            "change the percentage or choose another status"
        )
    elif status == TaskStatus.NOT_STARTED and percent_complete != 0:
        problems["percent_complete"] = (
            f"A task that has not started is 0% complete, not {percent_complete}%: "
            "choose “On track” or another status"
        )
    needs_reason = (TaskStatus.AT_RISK, TaskStatus.OFF_TRACK, TaskStatus.CANCELLED)
    if status in needs_reason and not commentary.strip():
        label = TaskStatus(status).label.lower()
        problems["commentary"] = f"Explain why the task is {label}"
    return problems


def needs_update(reported: Collection[Period], status: str | None, quarter: Period) -> bool:
    """An open task reports every quarter: true when ``quarter`` has no report yet.

    ``status`` is the latest report's; completed and cancelled tasks report no more.
    """
    return not is_closed(status) and quarter not in reported
