"""Monitored figures: each revision of an indicator's value for a period, on its way to a report.

The table keeps the name it had when values lived in the indicators app (``db_table``), so the
move to this app changed no data (see migration ``0001``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicplan.core.fy import FinancialYearField
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.models import Indicator


class ValueStatus(models.TextChoices):
    """Where a monitored value is in its journey from owner to report."""

    DRAFT = "draft", "Draft"
    """Saved by the owner, not yet sent for approval."""
    SUBMITTED = "submitted", "Submitted"
    """Waiting for a performance officer."""
    RETURNED = "returned", "Returned"
    """Sent back to the owner with a reason; the owner corrects and resubmits."""
    APPROVED = "approved", "Approved"
    """Checked and locked; the figure reports use."""
    SUPERSEDED = "superseded", "Superseded"
    """An approved value replaced by a later approved revision; kept for the record."""


class ValueSource(models.TextChoices):
    """Where a figure came from."""

    OWNER = "owner", "Entered by the owner"
    """Typed into the data-entry page."""
    WORKBOOK = "workbook", "Collection workbook"
    """Uploaded in a filled-in collection workbook."""
    API = "api", "API"
    """Sent through the API."""
    POLICE = "police", "Police open data"
    """Derived from data.police.uk files."""
    CASEWORK = "casework", "Council casework"
    """Derived from the council's own casework records."""


class IndicatorValue(models.Model):
    """One revision of an indicator's figure for one period.

    Values are never edited after approval: a correction is a new revision and the approved one is
    kept (and marked superseded when the correction is approved). Figures from different sources
    for the same period are kept side by side.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    fy = FinancialYearField()
    period_kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in PeriodKind])
    period_number = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=20, choices=ValueSource.choices, default=ValueSource.OWNER)
    revision = models.PositiveIntegerField(default=1)
    value = models.DecimalField(max_digits=16, decimal_places=4)
    commentary = models.TextField(blank=True)
    remedial_action = models.TextField(
        blank=True, help_text="What is being done to bring an off-target figure back on target."
    )
    forecast = models.TextField(
        blank=True, help_text="When the figure is expected back on target (“by Q4”)."
    )
    status = models.CharField(max_length=20, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    provenance = models.JSONField(default=dict, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock for edits.")

    class Meta:
        db_table = "indicators_indicatorvalue"
        ordering = ["indicator", "fy", "period_kind", "period_number", "source", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fy", "period_kind", "period_number", "source", "revision"],
                name="indicatorvalue_unique_revision",
            ),
            models.UniqueConstraint(
                fields=["indicator", "fy", "period_kind", "period_number"],
                condition=models.Q(status="approved"),
                name="indicatorvalue_one_approved_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "fy", "period_kind", "period_number", "source"],
                condition=models.Q(status__in=["draft", "submitted", "returned"]),
                name="indicatorvalue_one_open_revision_per_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(return_reason=""),
                name="indicatorvalue_returned_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["fy", "period_kind", "period_number", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} r{self.revision}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.fy, PeriodKind(self.period_kind), self.period_number)
