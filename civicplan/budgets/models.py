"""Budget implications, efficiencies and income linked to key tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicplan.core.fy import FinancialYearField
from civicplan.core.periods import Period
from civicplan.plans.models import Plan
from civicplan.tasks.models import KeyTask


class BudgetKind(models.TextChoices):
    """The three blocks of the plan's budget table."""

    IMPLICATION = "implication", "Budget implication"
    """A cost the plan adds."""
    EFFICIENCY = "efficiency", "Efficiency generated"
    """A saving (negative amounts)."""
    INCOME = "income", "New business or increased income"
    """Income (negative amounts: a reduction in net budget)."""


class BudgetLine(models.Model):
    """A line of the budget table; amounts per financial year are rows of ``BudgetAmount``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=20, choices=BudgetKind.choices)
    description = models.TextField()
    action = models.CharField(max_length=100, blank=True, help_text="The action cell as printed.")
    task = models.ForeignKey(
        KeyTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.description[:80]


class BudgetAmount(models.Model):
    """The planned amount of a budget line in one financial year (negative is a saving)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts")
    year = FinancialYearField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["line", "year"]
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="budgetamount_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


# -- Tracking: what actually happened (never written by a plan import) --------------------------


class BudgetActual(models.Model):
    """The actual effect of a budget line on the net revenue budget in one quarter.

    The same sign as the plan's amounts: a cost is positive, a saving or income negative. Variance
    and net change are computed from these and the planned amounts, never typed.
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="actuals")
    fy = FinancialYearField()
    quarter = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["line", "fy", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["line", "fy", "quarter"], name="budgetactual_unique"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="budgetactual_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.period.label} {self.amount}"

    @property
    def period(self) -> Period:
        return Period.for_quarter(self.fy, self.quarter)


class BidOutcome(models.TextChoices):
    """Where a bid for funding stands."""

    PENDING = "pending", "Pending"
    """Submitted, no decision yet."""
    SUCCESSFUL = "successful", "Successful"
    """Awarded (in full or in part): the amount awarded is recorded."""
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    """Turned down: nothing awarded."""


class IncomeBid(models.Model):
    """One bid for funding ("Funding applied for as they become available"), with its outcome."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="bids")
    funder = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    submitted_on = models.DateField()
    amount_bid = models.DecimalField(max_digits=14, decimal_places=2)
    outcome = models.CharField(
        max_length=20, choices=BidOutcome.choices, default=BidOutcome.PENDING
    )
    amount_awarded = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["line", "submitted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_bid__gt=0), name="incomebid_amount_positive"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        outcome=BidOutcome.PENDING,
                        amount_awarded__isnull=True,
                        decided_on__isnull=True,
                    )
                    | models.Q(
                        outcome=BidOutcome.SUCCESSFUL,
                        amount_awarded__gt=0,
                        decided_on__isnull=False,
                    )
                    | models.Q(
                        outcome=BidOutcome.UNSUCCESSFUL,
                        amount_awarded__isnull=True,
                        decided_on__isnull=False,
                    )
                ),
                name="incomebid_outcome_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.purpose[:60]}"
