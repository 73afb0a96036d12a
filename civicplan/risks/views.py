"""The risks page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from civicplan.core.pages import plan_view, tables_page
from civicplan.plans.models import Plan
from civicplan.risks.selectors import plan_risks
from civicplan.risks.tables import key_task_risks_table, register_table, strategic_table


@plan_view
def risk_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    risks = plan_risks(plan)
    tables = [strategic_table(risks), key_task_risks_table(risks), register_table(risks)]
    return tables_page(request, "risks/index.html", {"risks": risks}, plan=plan, tables=tables)
