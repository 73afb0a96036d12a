"""The budget tables: one per kind of line with its totals, then the net change per year."""

from __future__ import annotations

from civicplan.budgets.selectors import BudgetGroup, PlanBudget
from civicplan.core.fy import FinancialYear
from civicplan.core.tables import Column, Table, money, text
from civicplan.tasks.tables import task_href

CAPTIONS = {
    "implication": "Budget implications",
    "efficiency": "Efficiencies generated",
    "income": "New business and increased income",
}


def _year_columns(years: list[FinancialYear]) -> list[Column]:
    return [Column(f"amount_{year.start}", str(year), numeric=True) for year in years]


def lines_table(budget: PlanBudget) -> Table:
    """Every line with its kind: the budget page's main download."""
    table = Table(
        "lines",
        "Budget lines",
        [
            Column("kind", "Kind"),
            Column("description", "Description", row_header=True),
            Column("action", "Action"),
            *_year_columns(budget.years),
        ],
        filename="budget-lines",
    )
    for group in budget.groups:
        for item in group.lines:
            table.add(
                text(group.kind),
                text(item.line.description),
                text(item.line.action),
                *(money(item.amounts.get(year)) for year in budget.years),
            )
    return table


def group_table(group: BudgetGroup, years: list[FinancialYear]) -> Table:
    caption = CAPTIONS.get(group.kind, group.label)
    table = Table(
        group.kind,
        caption,
        [
            Column("description", "Description", row_header=True),
            Column("action", "Action"),
            *_year_columns(years),
        ],
        empty=f"There are no lines under {caption.lower()}.",
        filename=f"budget-{group.kind}",
    )
    for item in group.lines:
        line = item.line
        table.add(
            text(line.description),
            text(line.action, href=task_href(line.task.code) if line.task else ""),
            *(money(item.amounts.get(year)) for year in years),
        )
    table.add_foot(
        text(f"Total {caption.lower()}"), text(""), *(money(group.totals[year]) for year in years)
    )
    return table


def totals_table(budget: PlanBudget) -> Table:
    table = Table(
        "totals",
        "Net change in revenue budgets",
        [
            Column("kind", "Kind", row_header=True),
            *_year_columns(budget.years),
        ],
        filename="budget-totals",
    )
    for group in budget.groups:
        table.add(
            text(CAPTIONS.get(group.kind, group.label)),
            *(money(group.totals[year]) for year in budget.years),
        )
    table.add(text("Net change"), *(money(budget.totals[year]) for year in budget.years))
    return table
