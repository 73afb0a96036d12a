"""The plan pages: overview by objective, policy register and renewals, data-quality findings.

A policy's page shows its renewals and, to its owners and performance officers, the form that
records one (see ``tasks.views`` for how a form's post is handled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.accounts.permissions import user_post_ids
from civicplan.core import clock
from civicplan.core.forms import form_post
from civicplan.plans.forms import FindingFilterForm, RenewalFilterForm, RenewalForm
from civicplan.plans.models import Plan
from civicplan.plans.pages import page_as_of, plan_view, tables_page
from civicplan.plans.selectors import (
    PolicyRenewalRow,
    finding_kinds,
    finding_list,
    plan_overview,
    policy_register,
    policy_renewal_tracker,
)
from civicplan.plans.services import can_renew_policy, policy_renewal_record
from civicplan.plans.tables import (
    findings_table,
    group_tables,
    objectives_table,
    policies_table,
    policy_summary,
    renewal_history_table,
    renewals_table,
    service_objectives_table,
)

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


@plan_view
def overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    summary = plan_overview(plan)
    counts = [
        ("Indicators", summary.counts["indicators"], "monitoring:indicators"),
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
    table = policies_table(policy_register(plan), today=clock.today())
    return tables_page(request, "plans/policies.html", {}, plan=plan, tables=[table])


@plan_view
def findings(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = FindingFilterForm(request.GET, kinds=finding_kinds(plan))
    rows = finding_list(plan, kind=form.chosen_kind())
    return tables_page(
        request, "plans/findings.html", {"form": form}, plan=plan, tables=[findings_table(rows)]
    )


# -- policy renewals ---------------------------------------------------------------------------


@plan_view
def policy_renewals(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = RenewalFilterForm(request.GET)
    as_of = page_as_of(request)
    mine = form.mine()
    tracker = policy_renewal_tracker(plan, as_of=as_of, user=request.user if mine else None)
    context = {
        "form": form,
        "tracker": tracker,
        "mine": mine,
        "holds_posts": bool(user_post_ids(request.user)),
        "as_of": as_of,
        "today": clock.today(),
    }
    tables = [renewals_table(tracker), *group_tables(tracker)]
    return tables_page(request, "plans/renewals.html", context, plan=plan, tables=tables)


def _policy_row(plan: Plan, pk: int, request: HttpRequest) -> PolicyRenewalRow:
    tracker = policy_renewal_tracker(plan, as_of=page_as_of(request))
    row = next((row for row in tracker.rows if row.policy.pk == pk), None)
    if row is None:
        raise Http404(f"There is no policy {pk} in this plan.")
    return row


def _renewal_form(row: PolicyRenewalRow, data: Any = None) -> RenewalForm:
    return RenewalForm(
        data, prefix="renewal", recurrence=row.policy.recurrence, initial={"version": row.version}
    )


def _policy_page(
    request: HttpRequest,
    plan: Plan,
    row: PolicyRenewalRow,
    *,
    form: RenewalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    renewals = list(row.policy.renewals.select_related("recorded_by").order_by("sequence"))
    context = {
        "breadcrumbs": [("Policy renewals", reverse("plans:renewals"))],
        "row": row,
        "summary": policy_summary(row),
        "can_renew": can_renew_policy(request.user, row.policy),
        "renewal_form": form or _renewal_form(row),
        "form": form,
        "as_of": page_as_of(request),
        "today": clock.today(),
    }
    return tables_page(
        request,
        "plans/policy.html",
        context,
        plan=plan,
        tables=[renewal_history_table(renewals)],
        status=status,
    )


@plan_view
def policy_page(request: HttpRequest, plan: Plan, pk: int) -> HttpResponse:
    return _policy_page(request, plan, _policy_row(plan, pk, request))


@require_POST
@plan_view
def policy_renewal(request: SignedInRequest, plan: Plan, pk: int) -> HttpResponse:
    row = _policy_row(plan, pk, request)
    if not can_renew_policy(request.user, row.policy):
        raise PermissionDenied(f"You cannot record a renewal of {row.title}: you do not own it.")
    form = _renewal_form(row, request.POST)

    def save(data: dict[str, Any]) -> str:
        policy_renewal_record(
            policy=row.policy,
            document_version=data["document_version"],
            approved_on=data["approved_on"],
            approved_by_body=data["approved_by_body"],
            document_url=data["document_url"],
            next_renewal_date=data.get("next_renewal_date"),
            note=data["note"],
            by=request.user,
            expected_version=data["version"],
            as_of=clock.today(),
        )
        return f"Renewal of {row.title} recorded."

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("plans:policy", kwargs={"pk": pk}),
        reread=lambda: _policy_row(plan, pk, request),
        page=lambda now, status: _policy_page(request, plan, now, form=form, status=status),
    )
