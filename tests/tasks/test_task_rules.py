"""Overdue, due-soon and progress rules for key tasks: pure, with their boundaries."""

import datetime as dt

import pytest

from civicplan.core.periods import Period
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.rules import (
    TaskState,
    is_due_soon,
    is_overdue,
    needs_update,
    progress_problems,
    reporting_quarter,
)
from tests.clock import SEED_DAY

TODAY = SEED_DAY


def _due(days: int, status: str | None = None) -> TaskState:
    return TaskState(TODAY + dt.timedelta(days=days), status)


def test_is_overdue_when_past_its_date():
    assert is_overdue(_due(-1), TODAY)


def test_is_overdue_not_on_the_day_itself():
    assert not is_overdue(_due(0), TODAY)


@pytest.mark.parametrize("status", [TaskStatus.COMPLETED, TaskStatus.CANCELLED])
def test_is_overdue_never_when_closed(status):
    assert not is_overdue(_due(-300, status), TODAY)


@pytest.mark.parametrize("status", [None, TaskStatus.NOT_STARTED, TaskStatus.OFF_TRACK])
def test_is_overdue_when_open_in_any_state(status):
    assert is_overdue(_due(-1, status), TODAY)


def test_is_overdue_never_without_a_date():
    assert not is_overdue(TaskState(None), TODAY)
    assert not is_due_soon(TaskState(None), TODAY)


def test_is_due_soon_includes_today():
    assert is_due_soon(_due(0), TODAY)


def test_is_due_soon_includes_the_90th_day():
    assert is_due_soon(_due(90), TODAY)


def test_is_due_soon_excludes_the_91st_day():
    assert not is_due_soon(_due(91), TODAY)


def test_is_due_soon_excludes_overdue():
    assert not is_due_soon(_due(-1), TODAY)


def test_is_due_soon_excludes_completed():
    assert not is_due_soon(_due(10, TaskStatus.COMPLETED), TODAY)


def test_is_due_soon_window_can_be_changed():
    assert is_due_soon(_due(30), TODAY, days=30)
    assert not is_due_soon(_due(31), TODAY, days=30)


def test_reporting_quarter_is_the_one_just_ended():
    assert reporting_quarter(TODAY) == Period.parse("2026/27-Q2")
    assert reporting_quarter(dt.date(2026, 4, 1)) == Period.parse("2025/26-Q4")
    assert reporting_quarter(dt.date(2027, 1, 1)) == Period.parse("2026/27-Q3")


def test_needs_update_when_quarter_has_no_report():
    q2 = Period.parse("2026/27-Q2")
    assert needs_update({Period.parse("2026/27-Q1")}, TaskStatus.ON_TRACK, q2)
    assert not needs_update({q2}, TaskStatus.ON_TRACK, q2)


def test_needs_update_never_when_closed():
    assert not needs_update(set(), TaskStatus.COMPLETED, Period.parse("2026/27-Q2"))


def test_progress_problems_accepts_a_consistent_report():
    assert progress_problems(TaskStatus.ON_TRACK, 40, "") == {}
    assert progress_problems(TaskStatus.COMPLETED, 100, "") == {}
    assert progress_problems(TaskStatus.NOT_STARTED, 0, "") == {}


@pytest.mark.parametrize(
    ("status", "percent", "field"),
    [
        (TaskStatus.COMPLETED, 90, "percent_complete"),
        (TaskStatus.NOT_STARTED, 10, "percent_complete"),
        (TaskStatus.ON_TRACK, 101, "percent_complete"),
        (TaskStatus.ON_TRACK, -1, "percent_complete"),
        ("finished", 100, "status"),
    ],
)
def test_progress_problems_rejects_inconsistent_reports(status, percent, field):
    assert field in progress_problems(status, percent, "")


@pytest.mark.parametrize("status", [TaskStatus.AT_RISK, TaskStatus.OFF_TRACK, TaskStatus.CANCELLED])
def test_progress_problems_wants_a_reason_when_in_trouble(status):
    percent = 0 if status == TaskStatus.CANCELLED else 30
    assert progress_problems(status, percent, "  ") == {
        "commentary": f"Explain why the task is {TaskStatus(status).label.lower()}"
    }
    assert progress_problems(status, percent, "Partner withdrew funding") == {}
