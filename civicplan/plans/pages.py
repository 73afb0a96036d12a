"""What every page shares: the current plan, the date it judges by, links that keep the query, and
CSV downloads.

A page view builds its tables and hands them to ``tables_page``, which either renders the template
or, for ``?format=csv`` (and ``&table=KEY`` where a page has several tables), returns that table as
a CSV file. Views stay a few lines long and every table gets its download for free.

Overdue, due soon and "needs attention" depend on the date: ``core.clock.today()``, which
``page_as_of(request)`` lets a performance officer move for reading, to look at the plan as at
another date with ``?as_of=2026-11-30``. Writes always use the clock, never a date from the
address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from civicplan.accounts.permissions import is_performance_officer
from civicplan.core import clock
from civicplan.core.downloads import csv_response
from civicplan.core.tables import Table
from civicplan.plans.models import Plan
from civicplan.plans.selectors import plan_choose

PlanView = Callable[..., HttpResponse]


def plan_view(view: PlanView) -> Callable[..., HttpResponse]:
    """Pass the current plan to ``view``; before any plan is imported, say how to import one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            plan = plan_choose()
        except LookupError:
            return render(request, "plans/no_plan.html")
        # Noted on the request for the navigation; django-stubs' HttpRequest declares no such
        # attribute and cannot be told of one, hence the ignore.
        request.civicplan_plan = plan  # type: ignore[attr-defined]
        return view(request, plan, *args, **kwargs)

    return wrapped


def page_as_of(request: HttpRequest) -> dt.date:
    """The date a page judges by: ``?as_of=YYYY-MM-DD`` for performance officers, else today.

    Only reads use it (a quarter-end view, or a test pinning the seed's date); anyone else's
    ``as_of`` and an unreadable one are ignored rather than refused, so a shared link still opens.
    """
    cached = getattr(request, "_civicplan_as_of", None)
    if cached is not None:
        return cached
    day = clock.today()
    asked = request.GET.get("as_of", "")
    if asked and is_performance_officer(request.user):
        with contextlib.suppress(ValueError):  # an unreadable date: today, as if not given
            day = dt.date.fromisoformat(asked)
    request._civicplan_as_of = day  # type: ignore[attr-defined]  # noted, as in plan_view
    return day


def query_href(request: HttpRequest, **changes: str | None) -> str:
    """This page's address with some query parameters changed (``None`` removes one)."""
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return f"{request.path}?{params.urlencode()}" if params else request.path


def sort_href(request: HttpRequest) -> Callable[[str], str]:
    """Links for sortable column headings: same filters, new sort, back to HTML."""
    return lambda sort: query_href(request, sort=sort, format=None, table=None)


def csv_filename(plan: Plan, stem: str) -> str:
    """``community-safety-2026-27-indicators.csv``: which plan, which table."""
    year = str(plan.first_year).replace("/", "-")
    return f"{slugify(plan.priority)}-{year}-{slugify(stem).replace('_', '-')}.csv"


def tables_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    plan: Plan,
    tables: list[Table],
    status: int = 200,
) -> HttpResponse:
    """Render ``template`` with ``tables`` (by key), or one of them as CSV for ``?format=csv``."""
    if request.GET.get("format") == "csv":
        if not tables:
            raise Http404("This page has no table to download.")
        key = request.GET.get("table") or tables[0].key
        table = next((t for t in tables if t.key == key), None)
        if table is None:
            raise Http404(f"This page has no table called {key!r}.")
        return csv_response(
            table.csv_header(), table.csv_rows(), csv_filename(plan, table.filename or table.key)
        )
    for index, table in enumerate(tables):
        table.csv_href = query_href(request, format="csv", table=table.key if index else None)
    return render(
        request,
        template,
        {**context, "plan": plan, "tables": {table.key: table for table in tables}},
        status=status,
    )
