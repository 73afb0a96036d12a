"""The budget page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from civicplan.budgets.selectors import plan_budget
from civicplan.budgets.tables import group_table, lines_table, totals_table
from civicplan.core.pages import plan_view, tables_page
from civicplan.plans.models import Plan


@plan_view
def budget_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    budget = plan_budget(plan)
    groups = [group_table(group, budget.years) for group in budget.groups]
    return tables_page(
        request,
        "budgets/index.html",
        {"budget": budget, "group_tables": groups},
        plan=plan,
        tables=[lines_table(budget), *groups, totals_table(budget)],
    )
