"""Key tasks (actions) of the plan."""

from __future__ import annotations

from django.db import models

from civicplan.plans.models import Partner, Plan, Post


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
