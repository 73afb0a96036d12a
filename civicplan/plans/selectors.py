"""Reading plans."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, F, Prefetch

from civicplan.plans.models import (
    Finding,
    Objective,
    Plan,
    Policy,
    PolicyOwner,
    ServiceObjective,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Owners(TypedDict):
        owner_links: list[PolicyOwner]

    # A policy read for the register, its owners in printed order as ``owner_links``.
    RegisterPolicy = WithAnnotations[Policy, _Owners]


def plan_choose(key: str | None = None) -> Plan:
    """The plan named by id or title, or the only plan (the latest when there are several)."""
    plans = Plan.objects.select_related("organisation")
    if key:
        match = (
            plans.filter(pk=int(key)).first() if key.isdigit() else plans.filter(title=key).first()
        )
        if match is None:
            raise LookupError(f"no plan with id or title {key!r}")
        return match
    latest = plans.order_by("-first_year", "-id").first()
    if latest is None:
        raise LookupError("there is no plan yet: run civicplan import-plan FILE first")
    return latest


@dataclass(frozen=True)
class DepartmentObjectives:
    department: str
    texts: list[str]


@dataclass(frozen=True)
class ServiceAreaObjectives:
    service_area: str
    departments: list[DepartmentObjectives]


@dataclass(frozen=True)
class ObjectiveSummary:
    objective: Objective
    indicator_count: int
    service_areas: list[ServiceAreaObjectives]

    @property
    def service_objective_count(self) -> int:
        return sum(len(d.texts) for area in self.service_areas for d in area.departments)


@dataclass(frozen=True)
class PlanOverview:
    plan: Plan
    objectives: list[ObjectiveSummary]
    counts: dict[str, int]


def _group_service_objectives(rows: list[ServiceObjective]) -> list[ServiceAreaObjectives]:
    """Service area → department → texts, in the printed order (consecutive rows group together)."""
    areas = []
    for area, area_rows in groupby(rows, key=lambda row: row.service_area):
        departments = [
            DepartmentObjectives(department, [row.text for row in dept_rows])
            for department, dept_rows in groupby(area_rows, key=lambda row: row.department)
        ]
        areas.append(ServiceAreaObjectives(area, departments))
    return areas


def plan_overview(plan: Plan) -> PlanOverview:
    """Objectives with their service-level objectives and indicator counts, and what the plan holds.

    Six queries whatever the size of the plan.
    """
    objectives = (
        plan.objectives.annotate(indicator_count=Count("indicators"))
        .prefetch_related("service_objectives")
        .order_by("position")
    )
    summaries = [
        ObjectiveSummary(
            objective,
            objective.indicator_count,
            _group_service_objectives(list(objective.service_objectives.all())),
        )
        for objective in objectives
    ]
    counts = {
        "indicators": plan.indicators.count(),
        "key_tasks": plan.key_tasks.count(),
        "policies": plan.policies.count(),
        "findings": plan.findings.count(),
    }
    return PlanOverview(plan=plan, objectives=summaries, counts=counts)


def policy_register(plan: Plan) -> list[RegisterPolicy]:
    """Policies by renewal date, earliest first; annual, continuous and undated ones last.

    ``policy.owner_links`` holds the owners in printed order. Two queries.
    """
    owners = Prefetch(
        "policyowner_set",
        to_attr="owner_links",
        queryset=PolicyOwner.objects.select_related("post").order_by("position"),
    )
    return list(
        plan.policies.prefetch_related(owners).order_by(
            F("renewal_date").asc(nulls_last=True), "position"
        )
    )


def finding_kinds(plan: Plan) -> list[str]:
    """The kinds of finding this plan has, for the filter."""
    return list(plan.findings.order_by("kind").values_list("kind", flat=True).distinct())


def finding_list(plan: Plan, *, kind: str = "") -> list[Finding]:
    """The data-quality report in document order, optionally one kind only. One query."""
    findings = plan.findings.order_by("position")
    return list(findings.filter(kind=kind) if kind else findings)
