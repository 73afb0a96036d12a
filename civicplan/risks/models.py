"""Risks: the strategic risk register extract, key strategic risks and key-task risks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicplan.plans.models import Organisation, Plan, Post
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

    @property
    def code(self) -> str:
        """``R7``: the short code pages, the API and reports use for it."""
        return f"R{self.number}"


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

    @property
    def code(self) -> str:
        """``S1``: the first key strategic risk as printed (positions count from 0)."""
        return f"S{self.position + 1}"


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

    @property
    def code(self) -> str:
        """``T2``: the second risk to key tasks as printed (positions count from 0)."""
        return f"T{self.position + 1}"


# -- Tracking: the risk register as the council keeps it (never written by a plan import) -------


class RiskMatrix(models.Model):
    """How an organisation scores risks: a 4×4 or 5×5 grid of likelihood × impact, with labels.

    Without a row, the default 5×5 of ``risks.rules.default_matrix`` applies. ``bands`` maps a score
    (likelihood × impact) to a rating: ``[{"from": 1, "label": "Low"}, …]`` in ascending order.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_matrix"
    )
    size = models.PositiveSmallIntegerField(choices=[(4, "4 × 4"), (5, "5 × 5")], default=5)
    likelihood_labels = models.JSONField(default=list)
    impact_labels = models.JSONField(default=list)
    bands = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(size__in=[4, 5]), name="riskmatrix_size")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.size} × {self.size}"


def _pair(prefix: str) -> models.Q:
    """Likelihood and impact are given together or not at all."""
    return models.Q(**{f"{prefix}_likelihood__isnull": True, f"{prefix}_impact__isnull": True}) | (
        models.Q(**{f"{prefix}_likelihood__gte": 1, f"{prefix}_likelihood__lte": 5})
        & models.Q(**{f"{prefix}_impact__gte": 1, f"{prefix}_impact__lte": 5})
    )


class RiskEntry(models.Model):
    """The tracked side of one risk of the plan: owner, causes, controls, scores and reviews.

    It belongs to exactly one of the plan's register risks, key strategic risks or key-task risks
    (which a plan import may not remove while this exists). Current scores live here; every
    scoring is also kept as a ``RiskReview`` so the trend shows. ``version`` locks edits.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risk_entries")
    register_risk = models.OneToOneField(
        RegisterRisk, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    strategic_risk = models.OneToOneField(
        StrategicRisk, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    key_task_risk = models.OneToOneField(
        KeyTaskRisk, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    owner = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="risks_owned"
    )
    causes = models.TextField(blank=True)
    controls = models.TextField(blank=True)
    further_actions = models.ManyToManyField(
        KeyTask, through="RiskAction", blank=True, related_name="risk_entries"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True, help_text="When it is next reviewed.")
    last_reviewed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "risk entries"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        register_risk__isnull=False,
                        strategic_risk__isnull=True,
                        key_task_risk__isnull=True,
                    )
                    | models.Q(
                        register_risk__isnull=True,
                        strategic_risk__isnull=False,
                        key_task_risk__isnull=True,
                    )
                    | models.Q(
                        register_risk__isnull=True,
                        strategic_risk__isnull=True,
                        key_task_risk__isnull=False,
                    )
                ),
                name="riskentry_exactly_one_risk",
            ),
            models.CheckConstraint(condition=_pair("inherent"), name="riskentry_inherent_pair"),
            models.CheckConstraint(condition=_pair("residual"), name="riskentry_residual_pair"),
            models.CheckConstraint(condition=_pair("target"), name="riskentry_target_pair"),
        ]

    def __str__(self) -> str:
        return str(self.register_risk or self.strategic_risk or self.key_task_risk)


class RiskAction(models.Model):
    """A key task that is a further action against a risk (and so a risk the task concerns)."""

    entry = models.ForeignKey(RiskEntry, on_delete=models.CASCADE)
    task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="risk_actions")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["entry", "task"], name="riskaction_unique")]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.task.code}"


class RiskReview(models.Model):
    """One review of a risk with the scores it left, who recorded it, when and why.

    Never changed: the rows in order are the risk's history and trend.
    """

    entry = models.ForeignKey(RiskEntry, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    matrix_size = models.PositiveSmallIntegerField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "reviewed_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} reviewed {self.reviewed_on}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact
