"""Risks: the strategic risk register extract, key strategic risks and key-task risks."""

from __future__ import annotations

from django.db import models

from civicplan.plans.models import Plan
from civicplan.tasks.models import KeyTask


class RegisterRisk(models.Model):
    """A risk from the council's Strategic Risk Register, cited by its number."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="register_risks")
    number = models.PositiveIntegerField()
    title = models.TextField()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="registerrisk_unique_number")
        ]

    def __str__(self) -> str:
        return f"Risk {self.number}: {self.title[:60]}"


class StrategicRisk(models.Model):
    """A key strategic risk the priority leaders identified, with its mitigation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategic_risks")
    title = models.TextField()
    mitigation = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.title[:80]


class KeyTaskRisk(models.Model):
    """A risk to key tasks, linked to the tasks and register risks it cites.

    ``action_codes`` and ``register_numbers`` keep what was printed, even where a code or number
    matches nothing (that is a finding); the relations hold the ones that resolve.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="key_task_risks")
    task_text = models.TextField()
    action_codes = models.JSONField(default=list, blank=True)
    tasks = models.ManyToManyField(KeyTask, blank=True, related_name="risks")
    threat = models.TextField(blank=True)
    register_numbers = models.JSONField(default=list, blank=True)
    register_risks = models.ManyToManyField(RegisterRisk, blank=True, related_name="key_task_risks")
    covered = models.BooleanField(null=True)
    mitigation = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.task_text[:80]
