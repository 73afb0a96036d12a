"""The dashboard and the late-figures page: how a period stands, with CSV for every table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from civicplan.accounts.permissions import is_performance_officer
from civicplan.core import clock
from civicplan.monitoring.chasers import (
    due_working_days,
    late_by_post,
    late_values,
    period_due_date,
)
from civicplan.monitoring.pages.forms import DashboardForm, PeriodForm
from civicplan.monitoring.pages.tables.collection import (
    late_post_tables,
    late_summary_table,
    late_table,
)
from civicplan.monitoring.pages.tables.dashboard import (
    directions_table,
    discrepancies_table,
    exceptions_table,
    missing_table,
    standings_table,
    status_counts_table,
)
from civicplan.monitoring.selectors.dashboard import dashboard_build, dashboard_objectives
from civicplan.plans.models import Plan
from civicplan.plans.pages import plan_view, query_href, sort_href, tables_page


@plan_view
def dashboard(request: HttpRequest, plan: Plan) -> HttpResponse:
    objectives = dashboard_objectives(plan)
    form = DashboardForm(request.GET, plan=plan, today=clock.today(), objectives=objectives)
    period = form.chosen_period() or form.default
    sort = request.GET.get("sort") or "code"
    board = dashboard_build(
        plan,
        period,
        user=request.user,
        filters=form.filters(sort),
        objectives=objectives,
        as_of=clock.today(),
    )

    def count_href(params: dict[str, str]) -> str:
        return query_href(request, format=None, table=None, **params) + "#indicators"

    tables = [
        standings_table(board).sorted_by(board.filters.sort, sort_href(request)),
        status_counts_table(
            "by_objective",
            "Status by objective",
            "Objective",
            board.by_objective,
            group_param="objective",
            count_href=count_href,
            totals=board.totals,
        ),
        status_counts_table(
            "by_framework",
            "Status by framework",
            "Framework",
            board.by_framework,
            group_param="framework",
            count_href=count_href,
        ),
        exceptions_table(board),
        missing_table(board),
        directions_table(board),
    ]
    if board.discrepancies is not None:
        tables.append(discrepancies_table(board))
    return tables_page(
        request,
        "monitoring/dashboard.html",
        {"form": form, "board": board, "period": period, "due": period_due_date(period)},
        plan=plan,
        tables=tables,
    )


@plan_view
def late(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = PeriodForm(request.GET, plan=plan, today=clock.today())
    period = form.chosen_period() or form.default
    items = late_values(plan, period, today=clock.today())
    post_tables = late_post_tables(items)
    return tables_page(
        request,
        "monitoring/late.html",
        {
            "form": form,
            "period": period,
            "due": period_due_date(period),
            "due_days": due_working_days(),
            "post_count": len(late_by_post(items)),
            "count": len(items),
            "post_tables": post_tables,
            "officer": is_performance_officer(request.user),
        },
        plan=plan,
        tables=[late_table(items), late_summary_table(items), *post_tables],
    )
