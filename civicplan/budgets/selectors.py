"""Reading the budget table: lines grouped by kind, amounts per financial year, totals computed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from civicplan.budgets.models import BudgetActual, BudgetKind, BudgetLine, IncomeBid
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.core.periods import Period
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


def line_actuals(line: BudgetLine, fy: FinancialYear) -> list[BudgetActual]:
    """A line's actuals in ``fy`` by quarter, with who recorded each. One query."""
    return list(line.actuals.filter(fy=fy).select_related("recorded_by").order_by("quarter"))


def bid_get(plan: Plan, pk: int) -> IncomeBid | None:
    """One of the plan's income bids, with its line and who recorded it. One query."""
    bids = IncomeBid.objects.filter(line__plan=plan, pk=pk)
    return bids.select_related("line", "line__task", "recorded_by").first()


def default_year_and_quarter(plan: Plan, today: dt.date) -> tuple[FinancialYear, int]:
    """The plan's year containing today (or its nearest) and the quarter most recently ended."""
    years = fy_range(plan.first_year, plan.last_year)
    current = FinancialYear.containing(today)
    if current < years[0]:
        return years[0], 1
    if years[-1] < current:
        return years[-1], 4
    ended = Period.quarter_containing(today).previous()
    return current, ended.number if ended.fy == current else 1


def quarters_to_date(plan: Plan, fy: FinancialYear, today: dt.date) -> int:
    """How many of ``fy``'s quarters a position "to date" covers: those ended by ``today`` (the
    quarter just ended for the current year, 4 for a past year, 1 for one not yet begun)."""
    current, ended = default_year_and_quarter(plan, today)
    if fy == current:
        return ended
    return 4 if fy < current else 1
