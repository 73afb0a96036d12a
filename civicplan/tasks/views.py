"""The key tasks page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from civicplan.core.pages import plan_view, tables_page
from civicplan.plans.models import Plan
from civicplan.tasks.selectors import key_task_list
from civicplan.tasks.tables import key_tasks_table


@plan_view
def key_task_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    return tables_page(
        request, "tasks/index.html", {}, plan=plan, tables=[key_tasks_table(key_task_list(plan))]
    )
