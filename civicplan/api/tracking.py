"""Read endpoints for tracking: key-task progress and partners, the risk register and heat map,
policy renewals, the budget position, income bids and what needs attention.

Each reads through the same selector as its page, in a fixed number of queries; ``as_of`` lets a
report be reproduced for a past date, as on the standings endpoint.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from civicplan.accounts.permissions import user_post_ids
from civicplan.api.auth import ApiRequest
from civicplan.api.budget_schemas import BidsOut, BudgetPositionOut, BudgetQuery
from civicplan.api.fields import RowId
from civicplan.api.schemas import READ_REFUSALS
from civicplan.api.selectors import plan_get
from civicplan.api.tracking_schemas import (
    AsOfQuery,
    AttentionOut,
    AttentionQuery,
    HeatMapOut,
    HeatMapQuery,
    PartnerOut,
    RenewalQuery,
    RenewalTrackerOut,
    RiskRegisterOut,
    TaskProgressOut,
    TaskProgressQuery,
)
from civicplan.attention.selectors import Attention, plan_attention
from civicplan.budgets.selectors import (
    BidSummary,
    BudgetYear,
    budget_year,
    default_year_and_quarter,
    income_bids,
    quarters_to_date,
)
from civicplan.core import clock
from civicplan.plans.selectors import RenewalTracker, policy_renewal_tracker
from civicplan.risks.selectors import HeatMap, RiskRegister, risk_heat_map, risk_register
from civicplan.tasks.selectors import PartnerTasks, TaskProgress, partner_list, task_progress_list

router = Router(tags=["tracking"])


@router.get(
    "/plans/{plan_id}/task-progress/",
    response={200: list[TaskProgressOut], **READ_REFUSALS},
    summary="Key-task progress: status, dates, milestones, overdue and due soon",
)
def task_progress(
    request: HttpRequest, plan_id: RowId, query: Query[TaskProgressQuery]
) -> list[TaskProgress]:
    return task_progress_list(
        plan_get(plan_id),
        as_of=query.as_of or clock.today(),
        post_ids={query.post} if query.post is not None else None,
        partner_id=query.partner,
    )


@router.get(
    "/plans/{plan_id}/partners/",
    response={200: list[PartnerOut], **READ_REFUSALS},
    summary="Partners named by the key tasks, with the tasks each is in",
)
def partners(request: HttpRequest, plan_id: RowId) -> list[PartnerTasks]:
    return partner_list(plan_get(plan_id))


@router.get(
    "/plans/{plan_id}/risk-register/",
    response={200: RiskRegisterOut, **READ_REFUSALS},
    summary="The risk register as tracked: owners, scores, trend and reviews",
)
def register(request: HttpRequest, plan_id: RowId, query: Query[AsOfQuery]) -> RiskRegister:
    return risk_register(plan_get(plan_id), as_of=query.as_of or clock.today())


@router.get(
    "/plans/{plan_id}/risk-heat-map/",
    response={200: HeatMapOut, **READ_REFUSALS},
    summary="The risk matrix with the risks in their cells (residual, inherent or target)",
)
def heat_map(request: HttpRequest, plan_id: RowId, query: Query[HeatMapQuery]) -> HeatMap:
    found = risk_register(plan_get(plan_id), as_of=query.as_of or clock.today())
    return risk_heat_map(found, which=query.which)


@router.get(
    "/plans/{plan_id}/policy-renewals/",
    response={200: RenewalTrackerOut, **READ_REFUSALS},
    summary="Policy renewals: overdue, due within 90 days, later, no date",
)
def renewals(request: ApiRequest, plan_id: RowId, query: Query[RenewalQuery]) -> RenewalTracker:
    return policy_renewal_tracker(
        plan_get(plan_id),
        as_of=query.as_of or clock.today(),
        user=request.auth if query.mine else None,
    )


@router.get(
    "/plans/{plan_id}/budget-position/",
    response={200: BudgetPositionOut, **READ_REFUSALS},
    summary="Budget position for a year: planned, actual to date, variance, net change",
)
def budget_position(request: HttpRequest, plan_id: RowId, query: Query[BudgetQuery]) -> BudgetYear:
    plan = plan_get(plan_id)
    year = query.year or default_year_and_quarter(plan, clock.today())[0]
    if not plan.first_year <= year <= plan.last_year:
        raise Http404(f"{year} is not a year of this plan ({plan.period_label}).")
    upto = query.upto or quarters_to_date(plan, year, clock.today())
    return budget_year(plan, year, upto=upto)


@router.get(
    "/plans/{plan_id}/income-bids/",
    response={200: BidsOut, **READ_REFUSALS},
    summary="Income bids with their outcomes and totals",
)
def bids(request: HttpRequest, plan_id: RowId) -> BidSummary:
    return income_bids(plan_get(plan_id))


@router.get(
    "/plans/{plan_id}/attention/",
    response={200: AttentionOut, **READ_REFUSALS},
    summary="What needs attention: the caller's posts, or one post",
)
def attention(request: ApiRequest, plan_id: RowId, query: Query[AttentionQuery]) -> Attention:
    found = plan_attention(plan_get(plan_id), as_of=query.as_of or clock.today())
    posts = {query.post} if query.post is not None else user_post_ids(request.auth)
    return found.for_posts(posts)
