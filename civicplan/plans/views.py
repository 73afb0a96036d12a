"""The plan pages: overview by objective, policy register, data-quality findings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from civicplan.core.pages import plan_view, tables_page
from civicplan.plans.forms import FindingFilterForm
from civicplan.plans.models import Plan
from civicplan.plans.selectors import finding_kinds, finding_list, plan_overview, policy_register
from civicplan.plans.tables import (
    findings_table,
    objectives_table,
    policies_table,
    service_objectives_table,
)


@plan_view
def overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    summary = plan_overview(plan)
    counts = [
        ("Indicators", summary.counts["indicators"], "indicators:list"),
        ("Key tasks", summary.counts["key_tasks"], "tasks:list"),
        ("Policies", summary.counts["policies"], "plans:policies"),
        ("Findings", summary.counts["findings"], "plans:findings"),
    ]
    tables = [objectives_table(summary), service_objectives_table(summary)]
    return tables_page(
        request,
        "plans/overview.html",
        {"overview": summary, "counts": counts},
        plan=plan,
        tables=tables,
    )


@plan_view
def policies(request: HttpRequest, plan: Plan) -> HttpResponse:
    table = policies_table(policy_register(plan), today=timezone.localdate())
    return tables_page(request, "plans/policies.html", {}, plan=plan, tables=[table])


@plan_view
def findings(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = FindingFilterForm(request.GET, kinds=finding_kinds(plan))
    rows = finding_list(plan, kind=form.chosen_kind())
    return tables_page(
        request, "plans/findings.html", {"form": form}, plan=plan, tables=[findings_table(rows)]
    )
