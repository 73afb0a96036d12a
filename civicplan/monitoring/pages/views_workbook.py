"""The collection workbook on the web: download it for a period, upload it filled in.

``workbook_build`` decides who may download what and ``workbook_upload`` checks every cell and
saves all or nothing through the value service, so the page, the command and the API agree. An
upload's problems are shown as an error summary naming sheet, row and column, and in a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core import clock
from civicplan.core.periods import Period
from civicplan.monitoring.pages.common import my_indicators_href
from civicplan.monitoring.pages.forms import UploadForm, WorkbookForm
from civicplan.monitoring.pages.tables.collection import upload_problems_table, upload_saved_table
from civicplan.monitoring.rules import can_enter_figures
from civicplan.monitoring.workbook import workbook_build, workbook_filename, workbook_upload
from civicplan.plans.models import Plan, Post
from civicplan.plans.pages import plan_view

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_LIMIT = 10
"""An error summary lists this many problems; the table below lists them all."""


def _posts(request: SignedInRequest, plan: Plan) -> list[Post]:
    """The posts a workbook can be narrowed to: every owning post for an officer, else the
    user's own."""
    posts = Post.objects.filter(indicators__plan=plan).distinct().order_by("title")
    if not is_performance_officer(request.user):
        posts = posts.filter(holders__user=request.user)
    return list(posts)


def _page(
    request: SignedInRequest,
    plan: Plan,
    *,
    download: WorkbookForm | None = None,
    upload: UploadForm | None = None,
    **context: object,
) -> HttpResponse:
    return render(
        request,
        "monitoring/workbook.html",
        {
            "breadcrumbs": [("My indicators", my_indicators_href())],
            "plan": plan,
            "download": download
            or WorkbookForm(None, plan=plan, today=clock.today(), posts=_posts(request, plan)),
            "upload": upload or UploadForm(),
            "enters": can_enter_figures(request.user),
            **context,
        },
    )


@plan_view
def workbook(request: SignedInRequest, plan: Plan) -> HttpResponse:
    return _page(request, plan)


@plan_view
def workbook_download(request: SignedInRequest, plan: Plan) -> HttpResponse:
    form = WorkbookForm(request.GET, plan=plan, today=clock.today(), posts=_posts(request, plan))
    if not form.is_valid():
        return _page(request, plan, download=form, form=form)
    period = Period.parse(form.cleaned_data["period"])
    post = form.posts.get(form.cleaned_data["post"]) if form.cleaned_data["post"] else None
    data = workbook_build(plan, period, by=request.user, post=post, today=clock.today())
    response = HttpResponse(data, content_type=XLSX)
    filename = workbook_filename(period, post.title if post else "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@plan_view
def workbook_upload_page(request: SignedInRequest, plan: Plan) -> HttpResponse:
    if request.method != "POST":
        return _page(request, plan)
    # Before the upload is read at all: a councillor's file is never parsed.
    require(
        can_enter_figures(request.user),
        "Only indicator owners and performance officers upload figures. Nothing was read or saved.",
    )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, plan, upload=form, form=form)
    upload = form.cleaned_data["workbook"]
    result = workbook_upload(
        plan,
        upload.read(),
        by=request.user,
        submit=form.cleaned_data["submit"],
        name=upload.name,
        as_of=clock.today(),
    )
    percent = dict(plan.indicators.values_list("code", "unit"))
    units = {code: unit == "percent" for code, unit in percent.items()}
    tables = [upload_problems_table(result)] if result.problems else []
    tables.append(upload_saved_table(result, units))
    page_errors = [("#id_workbook", str(problem)) for problem in result.problems[:SUMMARY_LIMIT]]
    more = len(result.problems) - SUMMARY_LIMIT
    if more > 0:
        page_errors.append(("#problems", f"and {more} more, listed in the table below"))
    return render(
        request,
        "monitoring/upload_result.html",
        {
            "breadcrumbs": [
                ("My indicators", my_indicators_href(result.period)),
                ("Collection workbook", reverse("monitoring:workbook")),
            ],
            "plan": plan,
            "result": result,
            "upload": UploadForm(),
            "page_errors": page_errors,
            "tables": {table.key: table for table in tables},
        },
    )
