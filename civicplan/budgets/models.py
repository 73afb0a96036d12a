"""Budget implications, efficiencies and income linked to key tasks."""

from __future__ import annotations

from django.db import models

from civicplan.core.fy import FinancialYearField
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
