"""Key tasks (actions) of the plan."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from civicplan.core.fy import FinancialYearField
from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.plans.models import Objective, Partner, Plan, Post


class KeyTask(models.Model):
    """A key task or priority for improvement, identified by its action code (``BCRPASB_29``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="key_tasks")
    code = models.CharField(max_length=40)
    title = models.TextField()
    is_new = models.BooleanField(default=False, help_text='Marked "(New)" in the plan.')
    outcome = models.TextField(blank=True)
    partners = models.ManyToManyField(Partner, through="KeyTaskPartner", related_name="key_tasks")
    officers = models.ManyToManyField(Post, through="KeyTaskOfficer", related_name="key_tasks")
    target_date = models.DateField(null=True, blank=True)
    target_date_text = models.CharField(max_length=100, blank=True)
    budget_note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="keytask_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class KeyTaskPartner(models.Model):
    """A partner of a key task, in the order printed."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "partner"], name="keytaskpartner_unique")
        ]

    def __str__(self) -> str:
        return str(self.partner)


class KeyTaskOfficer(models.Model):
    """An officer (post) responsible for a key task, in the order printed."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE)
    post = models.ForeignKey(Post, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "post"], name="keytaskofficer_unique")
        ]

    def __str__(self) -> str:
        return str(self.post)


# -- Tracking: what officers record each quarter (never written by a plan import) ---------------


class TaskStatus(models.TextChoices):
    """Where a key task (or one of its milestones) stands, as its officer reports it."""

    NOT_STARTED = "not_started", "Not started"
    """Work has not begun; percent complete is 0."""
    ON_TRACK = "on_track", "On track"
    """Going to plan and expected to meet its target date."""
    AT_RISK = "at_risk", "At risk"
    """Behind or threatened, but the date can still be met; commentary says why."""
    OFF_TRACK = "off_track", "Off track"
    """Will not meet its target date without action; commentary says why."""
    COMPLETED = "completed", "Completed"
    """Done; percent complete is 100 and it is never overdue."""
    CANCELLED = "cancelled", "Cancelled"
    """Stopped on purpose; commentary says why, and it is never overdue."""


CLOSED_STATUSES = (TaskStatus.COMPLETED, TaskStatus.CANCELLED)


class KeyTaskTracking(models.Model):
    """The tracked state of a key task: its revised target date and the lock its changes share.

    The plan's date stays on ``KeyTask.target_date`` (a re-import may update it); a revision made
    here wins over it and is kept with its reason in ``KeyTaskTargetChange``. Every change to the
    task's progress, date or milestones moves ``version`` on (optimistic locking).
    """

    task = models.OneToOneField(KeyTask, on_delete=models.PROTECT, related_name="tracking")
    revised_target_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Tracking of {self.task.code}"


class KeyTaskUpdate(models.Model):
    """One quarter's progress report on a key task; recording the same quarter again replaces it
    (the audit trail keeps what it said before)."""

    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="updates")
    fy = FinancialYearField()
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    percent_complete = models.PositiveSmallIntegerField()
    commentary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task", "fy", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["task", "fy", "quarter"], name="keytaskupdate_unique"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="keytaskupdate_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="keytaskupdate_percent"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TaskStatus.COMPLETED) | models.Q(percent_complete=100),
                name="keytaskupdate_completed_is_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.period.label}: {self.get_status_display()}"

    @property
    def period(self) -> Period:
        return Period.for_quarter(self.fy, self.quarter)


class KeyTaskTargetChange(models.Model):
    """A change of a key task's target date, with the date it replaced and why."""

    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="target_changes")
    previous_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.previous_date} → {self.new_date}"


class KeyTaskMilestone(models.Model):
    """An optional step of a key task with its own date and status."""

    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task", "due_date", "position", "id"]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.title[:60]}"

    @property
    def current_target_date(self) -> dt.date:
        """A milestone's date is its own (the rules read this name)."""
        return self.due_date


class KeyTaskObjective(models.Model):
    """A corporate objective a key task serves (the plan does not say; officers link them)."""

    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="objective_links")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="task_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "objective"], name="keytaskobjective_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.objective.code}"


class KeyTaskIndicator(models.Model):
    """An indicator whose figures show a key task's effect."""

    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="indicator_links")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="task_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "indicator"], name="keytaskindicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.indicator.code}"
