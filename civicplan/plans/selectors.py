"""Reading plans: choosing a plan, its objectives, findings and policy register, and the register
read as a renewal tracker (overdue, due within 90 days, later).

Three queries for the tracker whatever the number of policies. Its rows are plain data that a page
table, the CSV download and the "what needs attention" view all use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, Prefetch

from civicplan.accounts.permissions import user_post_ids
from civicplan.core import clock
from civicplan.plans.models import (
    Finding,
    Objective,
    Plan,
    Policy,
    PolicyOwner,
    PolicyRenewal,
    Post,
    ServiceObjective,
)
from civicplan.plans.rules import RenewalState, next_renewal_due, renewal_state

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from civicplan.accounts.actors import AnyUser

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


def policy_next_due(policy: Policy, latest: PolicyRenewal | None) -> dt.date | None:
    """The policy's next renewal date after its latest recorded renewal (or none)."""
    return next_renewal_due(
        recurrence=policy.recurrence,
        printed_date=policy.renewal_date,
        plan_start=policy.plan.first_year.first_day,
        last_approved_on=latest.approved_on if latest else None,
        last_next_date=latest.next_renewal_date if latest else None,
    )


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


@dataclass(frozen=True)
class PolicyRenewalRow:
    """One policy: who owns it, its renewals so far, when it is next due and how urgent that is."""

    policy: Policy
    owners: list[Post]
    renewals: list[PolicyRenewal]
    next_due: dt.date | None
    state: RenewalState

    @property
    def title(self) -> str:
        return self.policy.title

    @property
    def latest(self) -> PolicyRenewal | None:
        return self.renewals[-1] if self.renewals else None

    @property
    def version(self) -> int:
        """What a renewal form sends back as ``expected_version``: the renewals recorded so far."""
        return len(self.renewals)


@dataclass(frozen=True)
class RenewalTracker:
    """The register grouped by urgency as of a date, each group in date order."""

    as_of: dt.date
    rows: list[PolicyRenewalRow] = field(default_factory=list)

    def _in(self, *states: RenewalState) -> list[PolicyRenewalRow]:
        return [row for row in self.rows if row.state in states]

    @property
    def overdue(self) -> list[PolicyRenewalRow]:
        return self._in(RenewalState.OVERDUE)

    @property
    def due_soon(self) -> list[PolicyRenewalRow]:
        return self._in(RenewalState.DUE_SOON)

    @property
    def later(self) -> list[PolicyRenewalRow]:
        return self._in(RenewalState.LATER)

    @property
    def undated(self) -> list[PolicyRenewalRow]:
        """Under constant review, or with no date given."""
        return self._in(RenewalState.UNDER_REVIEW, RenewalState.NO_DATE)

    @property
    def counts(self) -> dict[str, int]:
        return {state.value: len(self._in(state)) for state in RenewalState}


_ORDER = {state: i for i, state in enumerate(RenewalState)}


def policy_renewal_tracker(
    plan: Plan,
    *,
    as_of: dt.date,
    post_ids: set[int] | None = None,
    user: AnyUser = None,
    known_on: dt.date | None = None,
) -> RenewalTracker:
    """Every policy of the plan (or only those owned by ``post_ids`` / the ``user``'s posts).

    "Owners see their own": pass the signed-in user to get the policies their posts own. With
    ``known_on``, only the renewals recorded by the end of that day count.
    """
    if user is not None:
        post_ids = (post_ids or set()) | user_post_ids(user)
    owners = Prefetch(
        "policyowner_set",
        to_attr="owner_links",
        queryset=PolicyOwner.objects.select_related("post").order_by("position"),
    )
    recorded = PolicyRenewal.objects.order_by("sequence")
    if known_on is not None:
        recorded = recorded.filter(recorded_at__lt=clock.day_end(known_on))
    renewals = Prefetch("renewals", to_attr="renewal_list", queryset=recorded)
    policies = plan.policies.select_related("plan").prefetch_related(owners, renewals)
    if post_ids is not None:
        policies = policies.filter(policyowner__post__in=post_ids).distinct()
    rows = []
    for policy in policies.order_by("position"):
        latest = policy.renewal_list[-1] if policy.renewal_list else None
        due = policy_next_due(policy, latest)
        rows.append(
            PolicyRenewalRow(
                policy=policy,
                owners=[link.post for link in policy.owner_links],
                renewals=list(policy.renewal_list),
                next_due=due,
                state=renewal_state(due, policy.recurrence, as_of),
            )
        )
    rows.sort(key=lambda r: (_ORDER[r.state], r.next_due or dt.date.max, r.policy.position))
    return RenewalTracker(as_of=as_of, rows=rows)


CSV_HEADER = [
    "Policy",
    "Owners",
    "Renewal as printed",
    "Recurrence",
    "Next renewal due",
    "Status",
    "Latest version",
    "Approved on",
    "Approved by",
    "Document",
    "Renewals recorded",
]


def policy_renewal_csv(tracker: RenewalTracker) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for ``core.downloads.csv_response``: one row per policy."""
    rows = []
    for row in tracker.rows:
        latest = row.latest
        rows.append(
            [
                row.title,
                [post.title for post in row.owners],
                row.policy.renewal_text,
                row.policy.get_recurrence_display() if row.policy.recurrence else "",
                row.next_due,
                row.state.label,
                latest.document_version if latest else "",
                latest.approved_on if latest else None,
                latest.approved_by_body if latest else "",
                latest.document_url if latest else "",
                len(row.renewals),
            ]
        )
    return CSV_HEADER, rows
