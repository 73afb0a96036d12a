"""The indicator table (filterable, sortable) and the page of one indicator: what the plan
says of it, and its monitoring record (figures by period, chart, revisions, audit trail)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from civicplan.accounts.permissions import is_performance_officer
from civicplan.core import clock
from civicplan.indicators.selectors import (
    SORTS,
    indicator_code_for_alias,
    indicator_detail,
    indicator_filter_options,
    indicator_list,
)
from civicplan.indicators.tables import (
    indicator_summary,
    indicators_table,
    measure_rows_table,
    values_table,
)
from civicplan.monitoring.chasers import collection_periods
from civicplan.monitoring.pages.common import entry_href
from civicplan.monitoring.pages.filter_forms import IndicatorFilterForm
from civicplan.monitoring.pages.sections import indicator_sections, section_tables
from civicplan.monitoring.pages.tables.record import (
    audit_table,
    figures_table,
    history_table,
    settings_rows,
    trend,
    trend_table,
)
from civicplan.monitoring.rules import can_enter
from civicplan.monitoring.selectors.record import indicator_record
from civicplan.monitoring.selectors.series import default_period
from civicplan.plans.models import Plan
from civicplan.plans.pages import plan_view, sort_href, tables_page


@plan_view
def indicator_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = IndicatorFilterForm(request.GET, options=indicator_filter_options(plan))
    asked = request.GET.get("sort", "")
    sort = asked if asked in SORTS else "code"
    rows = indicator_list(plan, form.filters(sort))
    table = indicators_table(rows).sorted_by(sort, sort_href(request))
    return tables_page(
        request,
        "monitoring/indicators.html",
        {"form": form, "count": len(rows)},
        plan=plan,
        tables=[table],
    )


@plan_view
def indicator_page(request: HttpRequest, plan: Plan, code: str) -> HttpResponse:
    detail = indicator_detail(plan, code)
    if detail is None:
        canonical = indicator_code_for_alias(plan, code)
        if canonical is None:
            raise Http404(f"There is no indicator {code} in this plan.")
        return redirect("monitoring:indicator", code=canonical)
    now = default_period(plan, clock.today())
    record = indicator_record(plan, code, as_of=clock.today(), upto=now)
    assert record is not None  # indicator_detail found it
    indicator = record.indicator
    to_enter = [
        (period, entry_href(code, period))
        for period in collection_periods(indicator, now)
        if can_enter(request.user, indicator)
    ]
    sections = indicator_sections(plan, code)
    return tables_page(
        request,
        "monitoring/indicator.html",
        {
            **sections,
            "breadcrumbs": [
                ("Overview", reverse("plans:overview")),
                ("Indicators", reverse("monitoring:indicators")),
            ],
            "detail": detail,
            "summary": indicator_summary(detail),
            "record": record,
            "chart": trend(record),
            "settings": settings_rows(indicator),
            "officer": is_performance_officer(request.user),
            "to_enter": to_enter,
        },
        plan=plan,
        tables=[
            values_table(detail),
            measure_rows_table(detail),
            figures_table(record),
            trend_table(record),
            history_table(record),
            audit_table(record),
            *section_tables(sections),
        ],
    )
