"""Reading the budget table: lines grouped by kind, amounts per financial year, totals computed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from civicplan.budgets.models import BudgetKind, BudgetLine
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.plans.models import Plan


@dataclass(frozen=True)
class BudgetLineAmounts:
    line: BudgetLine
    amounts: dict[FinancialYear, Decimal]


@dataclass(frozen=True)
class BudgetGroup:
    """The lines of one kind (implications, efficiencies, income) and their total per year."""

    kind: str
    label: str
    lines: list[BudgetLineAmounts]
    totals: dict[FinancialYear, Decimal]


@dataclass(frozen=True)
class PlanBudget:
    years: list[FinancialYear]
    groups: list[BudgetGroup]
    totals: dict[FinancialYear, Decimal]
    notes: list[str]


def budget_totals(
    lines: list[BudgetLineAmounts], years: list[FinancialYear]
) -> dict[FinancialYear, Decimal]:
    """The sum per year; a line with no amount for a year adds nothing."""
    return {
        year: sum((line.amounts.get(year, Decimal(0)) for line in lines), Decimal(0))
        for year in years
    }


def plan_budget(plan: Plan) -> PlanBudget:
    """Budget lines by kind, in printed order, with totals per kind and overall. Two queries."""
    lines = (
        plan.budget_lines.select_related("task").prefetch_related("amounts").order_by("position")
    )
    by_kind: dict[str, list[BudgetLineAmounts]] = defaultdict(list)
    years = set(fy_range(plan.first_year, plan.last_year))
    for line in lines:
        amounts = {amount.year: amount.amount for amount in line.amounts.all()}
        years.update(amounts)
        by_kind[line.kind].append(BudgetLineAmounts(line, amounts))
    ordered_years = sorted(years)
    groups = [
        BudgetGroup(
            kind.value,
            kind.label,
            by_kind[kind.value],
            budget_totals(by_kind[kind.value], ordered_years),
        )
        for kind in BudgetKind
    ]
    every_line = [line for group in groups for line in group.lines]
    return PlanBudget(
        years=ordered_years,
        groups=groups,
        totals=budget_totals(every_line, ordered_years),
        notes=list(plan.budget_notes),
    )
