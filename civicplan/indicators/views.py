"""The indicator table (filterable, sortable) and the page of one indicator."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from civicplan.core.pages import plan_view, sort_href, tables_page
from civicplan.indicators.forms import IndicatorFilterForm
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
from civicplan.plans.models import Plan


@plan_view
def indicator_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = IndicatorFilterForm(request.GET, options=indicator_filter_options(plan))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "code"
    rows = indicator_list(plan, form.filters(sort))
    table = indicators_table(rows).sorted_by(sort, sort_href(request))
    return tables_page(
        request,
        "indicators/index.html",
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
        return redirect("indicators:detail", code=canonical)
    return tables_page(
        request,
        "indicators/detail.html",
        {"detail": detail, "summary": indicator_summary(detail)},
        plan=plan,
        tables=[values_table(detail), measure_rows_table(detail)],
    )
