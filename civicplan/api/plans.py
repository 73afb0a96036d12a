"""Read endpoints for plans and what they hold: Plan JSON, key tasks, policies, risks, budget,
findings. Each reads through the same selector as its page, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Router

from civicplan.api.fields import RowId
from civicplan.api.schemas import (
    READ_REFUSALS,
    BudgetOut,
    FindingOut,
    PlanOut,
    PolicyOut,
    RisksOut,
    TaskOut,
)
from civicplan.api.selectors import plan_get, plan_list
from civicplan.budgets.selectors import PlanBudget, plan_budget
from civicplan.planio.plan_json import plan_export
from civicplan.plans.models import Finding, Plan, Policy
from civicplan.plans.selectors import finding_list, policy_register
from civicplan.risks.selectors import PlanRisks, plan_risks
from civicplan.tasks.models import KeyTask
from civicplan.tasks.selectors import key_task_list

router = Router(tags=["plans"])


@router.get("/", response={200: list[PlanOut], **READ_REFUSALS}, summary="List plans")
def plans(request: HttpRequest) -> list[Plan]:
    return plan_list()


@router.get(
    "/{plan_id}/",
    response={200: dict[str, Any], **READ_REFUSALS},
    summary="A plan as Plan JSON",
    description="The whole plan in the Plan JSON format (docs/plan-format.md), as "
    "`civicplan export-plan` writes it and `civicplan import-plan` reads it.",
)
def plan_json(request: HttpRequest, plan_id: RowId) -> dict[str, Any]:
    return plan_export(plan_get(plan_id))


@router.get(
    "/{plan_id}/tasks/", response={200: list[TaskOut], **READ_REFUSALS}, summary="Key tasks"
)
def tasks(request: HttpRequest, plan_id: RowId) -> Sequence[KeyTask]:
    return key_task_list(plan_get(plan_id))


@router.get(
    "/{plan_id}/policies/",
    response={200: list[PolicyOut], **READ_REFUSALS},
    summary="Policy register, by renewal date",
)
def policies(request: HttpRequest, plan_id: RowId) -> Sequence[Policy]:
    return policy_register(plan_get(plan_id))


@router.get("/{plan_id}/risks/", response={200: RisksOut, **READ_REFUSALS}, summary="Risks")
def risks(request: HttpRequest, plan_id: RowId) -> PlanRisks:
    return plan_risks(plan_get(plan_id))


@router.get(
    "/{plan_id}/budget/",
    response={200: BudgetOut, **READ_REFUSALS},
    summary="Budget lines and totals",
)
def budget(request: HttpRequest, plan_id: RowId) -> PlanBudget:
    return plan_budget(plan_get(plan_id))


@router.get(
    "/{plan_id}/findings/",
    response={200: list[FindingOut], **READ_REFUSALS},
    summary="Data-quality findings from the import",
)
def findings(request: HttpRequest, plan_id: RowId, kind: str = "") -> list[Finding]:
    return finding_list(plan_get(plan_id), kind=kind)
