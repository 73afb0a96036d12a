"""Report pages: build a report from a form and download it (or show it on the page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicplan.plans.models import Plan
from civicplan.plans.pages import page_as_of, plan_view
from civicplan.reports.quarterly.exports import FORMATS, report_bytes, report_filename
from civicplan.reports.quarterly.forms import QuarterlyReportForm
from civicplan.reports.quarterly.model import quarterly_report
from civicplan.reports.quarterly.render_html import render_fragment


@plan_view
def quarterly(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The quarterly report form (GET); once filled in, the report as a download. The report is
    of what was known on the page's as-of date (``page_as_of``: today, or ``?as_of=`` for a
    performance officer), the only date it reads."""
    as_of = page_as_of(request)
    asked = request.GET.copy()
    asked.pop("as_of", None)
    form = QuarterlyReportForm(asked or None, plan=plan, today=as_of)
    context = {"form": form, "plan": plan}
    if not form.is_bound:
        return render(request, "reports/quarterly/page.html", context)
    if not form.is_valid():
        return render(request, "reports/quarterly/page.html", context, status=400)
    data = form.cleaned_data
    report = quarterly_report(
        plan,
        form.cleaned_period(),
        audience=data["audience"],
        as_of=as_of,
        meeting=data["meeting"],
        author=data["author"],
    )
    fmt = data["format"]
    if fmt == "page":
        context["report"] = render_fragment(report)
        return render(request, "reports/quarterly/page.html", context)
    response = HttpResponse(report_bytes(report, fmt), content_type=FORMATS[fmt].media_type)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, fmt)}"'
    return response
