"""The risk pages: the plan's risks as printed, the register as tracked, the heat map, one risk.

A risk's page shows its scores, trend and review, and to its owner (and performance officers) the
forms that re-score it and record its details; performance officers also assign its owner. Each
form posts to its own address and calls one service (see ``tasks.views`` for the pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicplan.accounts.permissions import is_performance_officer
from civicplan.core import clock
from civicplan.core.charts import HeatCell, heat_map_chart
from civicplan.core.forms import ServiceForm, form_post
from civicplan.plans.models import Plan, Post
from civicplan.plans.pages import page_as_of, plan_view, tables_page
from civicplan.risks.forms import DetailsForm, OwnerForm, ScoreForm
from civicplan.risks.selectors import (
    HeatMap,
    RiskRow,
    plan_risks,
    risk_heat_map,
    risk_register,
    risk_reviews,
)
from civicplan.risks.services import (
    can_manage_risk,
    risk_details_update,
    risk_owner_set,
    risk_score_record,
)
from civicplan.risks.tables import (
    BAND_TONES,
    KIND_LABELS,
    band_index,
    find_row,
    heat_grid_table,
    heat_list_table,
    key_task_risks_table,
    printed_register_table,
    printed_summary,
    register_table,
    reviews_table,
    risk_code,
    risk_summary,
    strategic_table,
)

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest

WHICH = {"residual": "Residual", "inherent": "Inherent", "target": "Target"}


@plan_view
def risk_index(request: HttpRequest, plan: Plan) -> HttpResponse:
    risks = plan_risks(plan)
    tables = [strategic_table(risks), key_task_risks_table(risks), printed_register_table(risks)]
    return tables_page(request, "risks/index.html", {"risks": risks}, plan=plan, tables=tables)


@plan_view
def risk_register_page(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_of = page_as_of(request)
    register = risk_register(plan, as_of=as_of)
    overdue = [row for row in register.rows if row.review_overdue]
    context = {"register": register, "overdue": overdue, "as_of": as_of, "today": clock.today()}
    return tables_page(
        request, "risks/register.html", context, plan=plan, tables=[register_table(register)]
    )


def _chart_cells(heat: HeatMap) -> dict[tuple[int, int], HeatCell]:
    spec = heat.spec
    return {
        (cell.likelihood, cell.impact): HeatCell(
            score=cell.score,
            rating=cell.rating,
            tone=BAND_TONES[band_index(cell.score, spec)],
            codes=tuple(risk_code(risk) for risk in cell.risks),
        )
        for row in heat.rows
        for cell in row.cells
    }


@plan_view
def risk_heat_map_page(request: HttpRequest, plan: Plan) -> HttpResponse:
    which = request.GET.get("which", "residual")
    if which not in WHICH:
        which = "residual"
    as_of = page_as_of(request)
    heat = risk_heat_map(risk_register(plan, as_of=as_of), which=which)
    spec = heat.spec
    chart = heat_map_chart(
        chart_id=f"risk-heat-map-{which}",
        title=f"{WHICH[which]} risk scores on the {spec.size} × {spec.size} matrix",
        likelihood_labels=spec.likelihood_labels,
        impact_labels=spec.impact_labels,
        cells=_chart_cells(heat),
    )
    context = {
        "heat": heat,
        "chart": chart,
        "which": which,
        "which_label": WHICH[which],
        "choices": WHICH,
        "unscored": [(risk_code(row), row) for row in heat.unscored],
    }
    tables = [heat_list_table(heat), heat_grid_table(heat)]
    return tables_page(request, "risks/heat_map.html", context, plan=plan, tables=tables)


# -- one risk ----------------------------------------------------------------------------------


def _row(plan: Plan, code: str, request: HttpRequest) -> RiskRow:
    row = find_row(risk_register(plan, as_of=page_as_of(request)), code)
    if row is None:
        raise Http404(f"There is no risk {code} in this plan.")
    return row


def _forms(plan: Plan, row: RiskRow, data: Any = None) -> dict[str, ServiceForm]:
    spec = row.spec
    entry = row.entry
    version = {"version": row.version}
    target = row.target
    posts = list(Post.objects.filter(organisation_id=plan.organisation_id).order_by("title"))
    return {
        "score": ScoreForm(
            data,
            prefix="score",
            spec=spec,
            initial={
                **version,
                **(
                    {
                        "inherent_likelihood": row.inherent.likelihood,
                        "inherent_impact": row.inherent.impact,
                        "residual_likelihood": row.residual.likelihood,
                        "residual_impact": row.residual.impact,
                    }
                    if row.inherent and row.residual
                    else {}
                ),
            },
        ),
        "details": DetailsForm(
            data,
            prefix="details",
            spec=spec,
            tasks=list(plan.key_tasks.order_by("position")),
            initial={
                **version,
                "causes": entry.causes if entry else "",
                "controls": entry.controls if entry else "",
                "further_actions": [str(task.pk) for task in row.further_actions],
                "target_likelihood": target.likelihood if target else None,
                "target_impact": target.impact if target else None,
                "review_date": row.review_date,
            },
        ),
        "owner": OwnerForm(
            data,
            prefix="owner",
            posts=posts,
            initial={**version, "owner": row.owner.pk if row.owner else None},
        ),
    }


def _risk_page(
    request: HttpRequest,
    plan: Plan,
    row: RiskRow,
    *,
    bound: tuple[str, ServiceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = _forms(plan, row)
    if bound is not None:
        forms[bound[0]] = bound[1]
    reviews = risk_reviews(row.entry)
    context = {
        "breadcrumbs": [
            ("Risk register", reverse("risks:register")),
            ("Heat map", reverse("risks:heat_map")),
        ],
        "row": row,
        "code": risk_code(row),
        "kind": KIND_LABELS[row.kind],
        "summary": risk_summary(row),
        "printed": printed_summary(row),
        "can_manage": can_manage_risk(request.user, row.entry),
        "can_assign": is_performance_officer(request.user),
        "forms": forms,
        "form": bound[1] if bound else None,
        "as_of": row.as_of,
        "today": clock.today(),
    }
    return tables_page(
        request,
        "risks/detail.html",
        context,
        plan=plan,
        tables=[reviews_table(reviews, row.spec)],
        status=status,
    )


@plan_view
def risk_page(request: HttpRequest, plan: Plan, code: str) -> HttpResponse:
    return _risk_page(request, plan, _row(plan, code, request))


def _handle(
    request: HttpRequest,
    plan: Plan,
    code: str,
    name: str,
    allowed: Callable[[RiskRow], bool],
    save: Callable[[RiskRow, Any, dict[str, Any]], str],
) -> HttpResponse:
    row = _row(plan, code, request)
    if not allowed(row):
        # The service refuses too; saying so first spares a viewer the form's own errors.
        raise PermissionDenied(
            f"You cannot change {row.ref}: ask its owner or a performance officer."
        )
    form = _forms(plan, row, request.POST)[name]
    return form_post(
        request,
        form,
        lambda data: save(row, form, data),
        saved_to=reverse("risks:detail", kwargs={"code": risk_code(row)}),
        reread=lambda: _row(plan, code, request),
        page=lambda now, status: _risk_page(request, plan, now, bound=(name, form), status=status),
    )


@require_POST
@plan_view
def risk_score(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: RiskRow, form: ScoreForm, data: dict[str, Any]) -> str:
        review = risk_score_record(
            risk=row.risk,
            inherent=form.score("inherent"),
            residual=form.score("residual"),
            reason=data["reason"],
            next_review=data["next_review"],
            by=request.user,
            expected_version=data["version"],
            as_of=clock.today(),
        )
        return (
            f"{row.ref} scored: residual {review.residual_score}, inherent {review.inherent_score}."
        )

    return _handle(
        request, plan, code, "score", lambda row: can_manage_risk(request.user, row.entry), save
    )


@require_POST
@plan_view
def risk_details(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: RiskRow, form: DetailsForm, data: dict[str, Any]) -> str:
        risk_details_update(
            risk=row.risk,
            causes=data["causes"],
            controls=data["controls"],
            further_actions=form.actions(),
            target=form.target(),
            review_date=data["review_date"],
            by=request.user,
            expected_version=data["version"],
        )
        return f"Details of {row.ref} saved."

    return _handle(
        request, plan, code, "details", lambda row: can_manage_risk(request.user, row.entry), save
    )


@require_POST
@plan_view
def risk_owner(request: SignedInRequest, plan: Plan, code: str) -> HttpResponse:
    def save(row: RiskRow, form: OwnerForm, data: dict[str, Any]) -> str:
        owner = form.post()
        risk_owner_set(
            risk=row.risk, owner=owner, by=request.user, expected_version=data["version"]
        )
        return f"{row.ref} is now owned by {owner.title}." if owner else f"{row.ref} has no owner."

    return _handle(
        request, plan, code, "owner", lambda row: is_performance_officer(request.user), save
    )
