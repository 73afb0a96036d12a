"""The business plan itself: organisation, plan, objectives, policy register, posts, findings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from civicplan.core.fy import FinancialYearField


class HttpsURLField(models.URLField):
    """A web address; one typed without a scheme is read as https:// (Django 6's default)."""

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Organisation(models.Model):
    """A council. Posts, partners and plans belong to it."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A job title such as "Head of Communities and Community Safety" that owns measures and tasks.

    Posts outlive the people in them; user accounts are mapped to posts.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="post_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class PostHolder(models.Model):
    """A user who holds a post, and so owns what the post owns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts_held"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="holders")

    class Meta:
        # Kept from when it lived in the accounts app (plans migration 0005 moved it).
        db_table = "accounts_postholder"
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="postholder_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.post}"


class Partner(models.Model):
    """An outside body named as a partner of key tasks ("Police", "Change Grow Live")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A three-year business plan for one corporate priority."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    priority = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    first_year = FinancialYearField()
    last_year = FinancialYearField()
    vision = models.TextField(blank=True)
    values = models.JSONField(default=list, blank=True)
    objectives_statement = models.CharField(max_length=300, blank=True)
    introduction = models.JSONField(default=list, blank=True)
    budget_notes = models.JSONField(default=list, blank=True)
    risk_register_as_at = models.CharField(max_length=100, blank=True)
    risk_register_url = HttpsURLField(max_length=500, blank=True)
    extra = models.JSONField(
        default=dict,
        blank=True,
        help_text="Further plan-level keys of Plan JSON, kept as they came.",
    )
    source_name = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "priority", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "priority", "first_year"], name="plan_unique_priority_year"
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="plan_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.first_year} to {self.last_year}"


class Objective(models.Model):
    """A corporate objective of the priority (CS1–CS3)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class ServiceObjective(models.Model):
    """A service-level objective of one department in support of a corporate objective."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="service_objectives"
    )
    service_area = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class Recurrence(models.TextChoices):
    """How a policy renews when it has no fixed date."""

    ANNUAL = "annual", "Updated annually"
    """Renewed every year ("Updated annually", "Annual Plan")."""
    CONTINUOUS = "continuous", "Under constant review"
    """Kept under review, with no renewal date."""


class Policy(models.Model):
    """A strategy or policy in the plan's register, with its renewal date as printed and as read."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="policies")
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    purpose_items = models.JSONField(default=list, blank=True)
    renewal_text = models.CharField(max_length=200, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, blank=True)
    owners = models.ManyToManyField(Post, through="PolicyOwner", related_name="policies")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="policy_unique_title"),
            models.CheckConstraint(
                condition=models.Q(recurrence="") | models.Q(renewal_date__isnull=True),
                name="policy_date_or_recurrence",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyOwner(models.Model):
    """A post responsible for a policy, in the order printed."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE)
    post = models.ForeignKey(Post, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "post"], name="policyowner_unique")
        ]

    def __str__(self) -> str:
        return str(self.post)


class Finding(models.Model):
    """One flaw in the plan found at import: the data-quality report."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=60)
    line = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField()
    suggestion = models.CharField(max_length=300, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:80]}"


class PolicyRenewal(models.Model):
    """A renewal of a policy as approved: version, date, approving body and where the document is.

    Rows are only added (``sequence`` 1, 2, 3 … per policy), so the history is the rows in order.
    The latest row sets the next renewal date (see ``plans.rules.next_renewal_due``); a second
    renewal saved from the same stale page clashes on ``sequence`` and is refused.
    """

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="renewals")
    sequence = models.PositiveIntegerField()
    document_version = models.CharField(max_length=100)
    approved_on = models.DateField()
    approved_by_body = models.CharField(max_length=200)
    document_url = HttpsURLField(max_length=500, blank=True)
    next_renewal_date = models.DateField(
        null=True, blank=True, help_text="Set for policies renewed on a fixed date, not recurring."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "sequence"], name="policyrenewal_unique"),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="policyrenewal_sequence_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} – {self.document_version} ({self.approved_on})"
