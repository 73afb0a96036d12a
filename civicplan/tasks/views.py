"""The key task pages: the plan's list, the progress tracker, partners, and one task's page.

A task's page shows its progress, dates, milestones and links, and to its officers (and
performance officers) the forms that change them. Each form posts to its own address, which calls
one service and comes back to the page: with a success banner, or with the form as typed and its
errors (a conflict answers 409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.core.forms import ServiceForm, choice_field, form_post
from civicplan.plans.models import Plan
from civicplan.plans.pages import page_as_of, plan_view, tables_page
from civicplan.tasks.forms import (
    MilestoneCompleteForm,
    MilestoneForm,
    ProgressForm,
    TargetDateForm,
    TrackerFilterForm,
    quarter_label,
    reportable_quarters,
)
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.rules import is_closed
from civicplan.tasks.selectors import (
    TaskProgress,
    key_task_list,
    partner_list,
    task_filter_options,
    task_history,
    task_links,
    task_progress_list,
)
from civicplan.tasks.services import (
    can_update_task,
    key_task_milestone_save,
    key_task_progress_record,
    key_task_target_date_change,
)
from civicplan.tasks.tables import (
    history_table,
    key_tasks_table,
    milestones_table,
    partners_table,
    target_changes_table,
    task_summary,
    tracker_table,
)

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


@plan_view
def key_task_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    return tables_page(
        request, "tasks/index.html", {}, plan=plan, tables=[key_tasks_table(key_task_list(plan))]
    )


@plan_view
def key_task_tracker(request: HttpRequest, plan: Plan) -> HttpResponse:
    options = task_filter_options(plan)
    form = TrackerFilterForm(request.GET, partners=options.partners, posts=options.posts)
    chosen = form.filters()
    as_of = page_as_of(request)
    rows = task_progress_list(
        plan,
        as_of=as_of,
        post_ids={chosen.post_id} if chosen.post_id else None,
        partner_id=chosen.partner_id,
    )
    shown = [row for row in rows if chosen.keep(row)]
    context = {"form": form, "count": len(shown), "as_of": as_of, "today": clock.today()}
    return tables_page(
        request, "tasks/tracker.html", context, plan=plan, tables=[tracker_table(shown)]
    )


@plan_view
def key_task_partners(request: HttpRequest, plan: Plan) -> HttpResponse:
    table = partners_table(partner_list(plan))
    return tables_page(request, "tasks/partners.html", {}, plan=plan, tables=[table])


# -- one task ----------------------------------------------------------------------------------


def _progress(plan: Plan, code: str, request: HttpRequest) -> TaskProgress:
    rows = task_progress_list(plan, as_of=page_as_of(request), code=code)
    if not rows:
        raise Http404(f"There is no key task {code} in this plan.")
    return rows[0]


def _forms(row: TaskProgress, plan: Plan, data: Any = None) -> dict[str, ServiceForm]:
    """The task page's forms, unbound, at the version read with the task."""
    initial = {"version": row.version}
    quarters = reportable_quarters(plan, clock.today())
    chosen = row.reporting_quarter if row.reporting_quarter in quarters else None
    latest = row.latest
    open_milestones = [m for m in row.milestones if not is_closed(m.status)]
    return {
        "progress": ProgressForm(
            data,
            prefix="progress",
            quarters=quarters,
            initial={
                **initial,
                "period": str(chosen or (quarters[0] if quarters else "")),
                "status": latest.status if latest else "",
                "percent_complete": latest.percent_complete if latest else None,
            },
        ),
        "target": TargetDateForm(data, prefix="target", initial=initial),
        "milestone": MilestoneForm(data, prefix="milestone", initial=initial),
        "complete": MilestoneCompleteForm(
            data,
            prefix="complete",
            initial=initial,
            choices=[(m.pk, f"{m.title} (due {date_text(m.due_date)})") for m in open_milestones],
        ),
    }


def _task_page(
    request: HttpRequest,
    plan: Plan,
    row: TaskProgress,
    *,
    bound: tuple[str, ServiceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = _forms(row, plan)
    if bound is not None:
        forms[bound[0]] = bound[1]
    links = task_links(row.task)
    context = {
        "breadcrumbs": [("Key task progress", reverse("tasks:progress"))],
        "row": row,
        "task": row.task,
        "summary": task_summary(row),
        "links": links,
        "risk_links": [
            (r.code, f"{r.task_text} ({r.threat})" if r.threat else r.task_text)
            for r in links.plan_risks
        ],
        "action_links": [
            (plan_risk.code, str(plan_risk))
            for entry in links.risk_entries
            for plan_risk in [entry.register_risk or entry.strategic_risk or entry.key_task_risk]
            if plan_risk is not None
        ],
        "can_update": can_update_task(request.user, row.task),
        "forms": forms,
        "form": bound[1] if bound else None,  # the one with errors: title and error summary
        "quarters": bool(choice_field(forms["progress"], "period").choices),
        "as_of": row.as_of,
        "today": clock.today(),
    }
    history = task_history(row.task)
    tables = [history_table(history), target_changes_table(history), milestones_table(row)]
    return tables_page(
        request, "tasks/detail.html", context, plan=plan, tables=tables, status=status
    )


@plan_view
def key_task_page(request: HttpRequest, plan: Plan, code: str) -> HttpResponse:
    return _task_page(request, plan, _progress(plan, code, request))


def _handle(
    request: HttpRequest,
    plan: Plan,
    code: str,
    name: str,
    save: Callable[[TaskProgress, ServiceForm, dict[str, Any]], str],
) -> HttpResponse:
    """Bind form ``name`` to the post, save through ``save`` (which returns the banner text)."""
    row = _progress(plan, code, request)
    if not can_update_task(request.user, row.task):
        # The service refuses too; saying so first spares a viewer the form's own errors.
        raise PermissionDenied(f"You cannot update {row.code}: it is not one of your tasks.")
    form = _forms(row, plan, request.POST)[name]
    return form_post(
        request,
        form,
        lambda data: save(row, form, data),
        saved_to=reverse("tasks:detail", kwargs={"code": row.code}),
        reread=lambda: _progress(plan, code, request),
        page=lambda now, status: _task_page(request, plan, now, bound=(name, form), status=status),
    )


@require_POST
@plan_view
def key_task_progress(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: TaskProgress, form: ServiceForm, data: dict[str, Any]) -> str:
        assert isinstance(form, ProgressForm)
        period = form.period_value()
        key_task_progress_record(
            task=row.task,
            period=period,
            status=data["status"],
            percent_complete=data["percent_complete"],
            commentary=data["commentary"],
            by=request.user,
            expected_version=data["version"],
            as_of=clock.today(),
        )
        return f"Progress for {quarter_label(period)} recorded: {TaskStatus(data['status']).label}."

    return _handle(request, plan, code, "progress", save)


@require_POST
@plan_view
def key_task_target_date(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: TaskProgress, form: ServiceForm, data: dict[str, Any]) -> str:
        key_task_target_date_change(
            task=row.task,
            new_date=data["new_date"],
            reason=data["reason"],
            by=request.user,
            expected_version=data["version"],
        )
        return f"Target date changed to {date_text(data['new_date'])}."

    return _handle(request, plan, code, "target", save)


@require_POST
@plan_view
def key_task_milestone_add(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: TaskProgress, form: ServiceForm, data: dict[str, Any]) -> str:
        milestone = key_task_milestone_save(
            task=row.task,
            title=data["title"],
            due_date=data["due_date"],
            by=request.user,
            expected_version=data["version"],
        )
        return f"Milestone “{milestone.title}” added."

    return _handle(request, plan, code, "milestone", save)


@require_POST
@plan_view
def key_task_milestone_complete(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: TaskProgress, form: ServiceForm, data: dict[str, Any]) -> str:
        milestone = next(m for m in row.milestones if m.pk == data["milestone"])
        key_task_milestone_save(
            task=row.task,
            milestone=milestone,
            title=milestone.title,
            due_date=milestone.due_date,
            status=TaskStatus.COMPLETED,
            by=request.user,
            expected_version=data["version"],
        )
        return f"Milestone “{milestone.title}” marked as completed."

    return _handle(request, plan, code, "complete", save)
