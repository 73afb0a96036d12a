"""Key-task forms: the tracker's filters (GET) and the task page's updates (POST).

The update forms only parse; ``tasks.services`` decides what is acceptable and who may save it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict

from civicplan.core.forms import (
    DateField,
    ServiceForm,
    choice_field,
    list_choice,
    required_choice,
)
from civicplan.core.periods import Period
from civicplan.plans.models import Partner, Plan, Post
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.selectors import TaskProgress

NO_REPORT = "none"
FLAGS = [
    ("overdue", "Overdue"),
    ("due_soon", "Due within 90 days"),
    ("needs_update", "No report for the quarter"),
]
STATUS_CHOICES: list[tuple[str, str]] = TaskStatus.choices
STATUS_HINTS = {
    TaskStatus.NOT_STARTED: "Work has not begun: 0% complete.",
    TaskStatus.ON_TRACK: "Going to plan and expected to meet the target date.",
    TaskStatus.AT_RISK: "Behind or threatened, but the date can still be met. Say why.",
    TaskStatus.OFF_TRACK: "Will not meet the target date without action. Say why.",
    TaskStatus.COMPLETED: "Done: 100% complete.",
    TaskStatus.CANCELLED: "Stopped on purpose. Say why.",
}


@dataclass(frozen=True)
class TrackerFilters:
    partner_id: int | None = None
    post_id: int | None = None
    status: str = ""
    flag: str = ""

    def keep(self, row: TaskProgress) -> bool:
        """The status and flag filters, applied to rows already read (no extra query)."""
        if self.status == NO_REPORT and row.status is not None:
            return False
        if self.status and self.status != NO_REPORT and row.status != self.status:
            return False
        return not self.flag or bool(getattr(row, self.flag))


class TrackerFilterForm(forms.Form):
    partner = list_choice("Partner", "a partner", coerce=int)
    post = list_choice("Officer responsible", "an officer", coerce=int)
    status = list_choice("Status", "a status")
    flag = list_choice("Show", "what to show")

    def __init__(self, data: QueryDict, *, partners: list[Partner], posts: list[Post]) -> None:
        super().__init__(data)
        choice_field(self, "partner").choices = [("", "All partners")] + [
            (p.pk, p.name) for p in partners
        ]
        choice_field(self, "post").choices = [("", "All officers")] + [
            (p.pk, p.title) for p in posts
        ]
        choice_field(self, "status").choices = [
            ("", "All statuses"),
            *TaskStatus.choices,
            (NO_REPORT, "No report yet"),
        ]
        choice_field(self, "flag").choices = [("", "All tasks"), *FLAGS]

    def filters(self) -> TrackerFilters:
        """The valid part of the query; an invalid field is reported on the page and ignored."""
        self.is_valid()
        cleaned = self.cleaned_data
        return TrackerFilters(
            partner_id=cleaned.get("partner"),
            post_id=cleaned.get("post"),
            status=cleaned.get("status") or "",
            flag=cleaned.get("flag") or "",
        )


def reportable_quarters(plan: Plan, today: dt.date) -> list[Period]:
    """The plan's quarters that have started by ``today``, latest first."""
    out = []
    for year in range(plan.first_year.start, plan.last_year.start + 1):
        for number in range(1, 5):
            quarter = Period.for_quarter(year, number)
            if quarter.first_day <= today:
                out.append(quarter)
    return out[::-1]


def quarter_label(quarter: Period) -> str:
    """``2026/27 Q2 (July to September 2026)``."""
    first, last = quarter.first_day, quarter.last_day
    return f"{quarter.label} ({first:%B} to {last:%B %Y})"


class ProgressForm(ServiceForm):
    period = list_choice(
        "Quarter",
        "a quarter",
        required=True,
        error_messages={"required": "Choose the quarter you are reporting on"},
    )
    status = required_choice("Status", "Choose the task's status", choices=TaskStatus.choices)
    percent_complete = forms.IntegerField(
        label="Percent complete",
        help_text="A whole number from 0 to 100.",
        error_messages={
            "required": "Enter percent complete, from 0 to 100",
            "invalid": "Enter percent complete as a whole number, from 0 to 100",
        },
    )
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        max_length=10_000,
        widget=forms.Textarea,
        help_text="What was done this quarter and what comes next. Needed when the task is at "
        "risk, off track or cancelled.",
    )

    def __init__(self, *args: Any, quarters: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = [(str(q), quarter_label(q)) for q in quarters]

    @property
    def status_options(self) -> list[tuple[str, str, str]]:
        return [(value, label, STATUS_HINTS[TaskStatus(value)]) for value, label in STATUS_CHOICES]

    def period_value(self) -> Period:
        return Period.parse(self.cleaned_data["period"])


class TargetDateForm(ServiceForm):
    new_date = DateField(label="New target date", what="the new target date")
    reason = forms.CharField(
        label="Why is the target date changing?",
        required=False,
        max_length=10_000,
        widget=forms.Textarea,
        help_text="The plan's date and every change stay on record with their reasons.",
    )


class MilestoneForm(ServiceForm):
    title = forms.CharField(label="Milestone", required=False, max_length=300)
    due_date = DateField(label="Due date", what="the milestone's date")


class MilestoneCompleteForm(ServiceForm):
    milestone = list_choice(
        "Which milestone is completed?",
        "a milestone",
        coerce=int,
        required=True,
        error_messages={"required": "Choose the milestone that is completed"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "milestone").choices = choices
