"""What needs attention per post: figures due, tasks to update, risks to review, policies to renew.

``plan_attention`` reads the whole plan once (a fixed number of queries: the indicator standings
for each collection frequency in use, the tasks, the risks and the policies) and ``for_posts``
narrows it to the posts a person holds, so a navigation badge, the attention page and the
scheduled digest (``civicplan attention``) all count the same things.

Rules, as of a date ``D``:

* **Indicators**: for each frequency, the latest period that has ended by ``D`` and lies within
  the plan's years. An indicator whose standing is *missing* (its due date has passed without an
  approved figure) is **missing**; one whose figure is not yet due is **due** (with its due date).
  A figure waiting for approval is not the owner's to chase, and worked-out ratios are entered
  through their parts, so neither is listed. Sub-measures are owned by their group's owners.
* **Tasks**: overdue, due within 90 days, and open tasks with no report for the quarter being
  reported (``tasks.rules``).
* **Risks**: owned risks whose review is overdue, due within 30 days, or that were never scored.
* **Policies**: overdue or due within 90 days (``plans.rules``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from civicplan.accounts.permissions import user_post_ids
from civicplan.core.periods import Period, PeriodKind
from civicplan.core.workdays import due_date
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Frequency, RagStatus
from civicplan.monitoring.models import ValueStatus
from civicplan.monitoring.selectors.series import plan_standings
from civicplan.plans.models import Plan, Post
from civicplan.plans.rules import RenewalState
from civicplan.plans.selectors import PolicyRenewalRow, policy_renewal_tracker
from civicplan.risks.selectors import RiskRow, risk_register
from civicplan.tasks.selectors import TaskProgress, task_progress_list

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

__all__ = ["Attention", "IndicatorDue", "PlanAttention", "attention_for_user", "plan_attention"]


@dataclass(frozen=True)
class IndicatorDue:
    """An indicator whose figure for ``period`` is wanted from its owners."""

    indicator: Indicator
    period: Period
    due_date: dt.date
    missing: bool
    owner_post_ids: frozenset[int]

    @property
    def code(self) -> str:
        return self.indicator.code


def _mine(owner_ids: set[int] | frozenset[int], post_ids: set[int] | None) -> bool:
    return post_ids is None or bool(set(owner_ids) & post_ids)


@dataclass(frozen=True)
class Attention:
    """What needs attention for some posts (or the whole plan), as of a date."""

    as_of: dt.date
    indicators: list[IndicatorDue] = field(default_factory=list)
    tasks: list[TaskProgress] = field(default_factory=list)
    risks: list[RiskRow] = field(default_factory=list)
    policies: list[PolicyRenewalRow] = field(default_factory=list)

    @property
    def indicators_missing(self) -> list[IndicatorDue]:
        return [i for i in self.indicators if i.missing]

    @property
    def indicators_due(self) -> list[IndicatorDue]:
        return [i for i in self.indicators if not i.missing]

    @property
    def tasks_overdue(self) -> list[TaskProgress]:
        return [t for t in self.tasks if t.overdue]

    @property
    def tasks_due_soon(self) -> list[TaskProgress]:
        return [t for t in self.tasks if t.due_soon]

    @property
    def tasks_to_update(self) -> list[TaskProgress]:
        return [t for t in self.tasks if t.needs_update]

    @property
    def policies_overdue(self) -> list[PolicyRenewalRow]:
        return [p for p in self.policies if p.state is RenewalState.OVERDUE]

    @property
    def policies_due_soon(self) -> list[PolicyRenewalRow]:
        return [p for p in self.policies if p.state is RenewalState.DUE_SOON]

    @property
    def counts(self) -> dict[str, int]:
        """For the navigation: how many of each, and the total of distinct things to do."""
        return {
            "indicators": len(self.indicators),
            "tasks": len(self.tasks),
            "risks": len(self.risks),
            "policies": len(self.policies),
            "total": len(self.indicators) + len(self.tasks) + len(self.risks) + len(self.policies),
        }

    def as_json(self) -> dict[str, Any]:
        """The digest's JSON: codes, titles and dates, nothing that needs the database."""
        return {
            "counts": self.counts,
            "indicators_missing": [i.code for i in self.indicators_missing],
            "indicators_due": [
                {"code": i.code, "period": str(i.period), "due_date": i.due_date.isoformat()}
                for i in self.indicators_due
            ],
            "tasks_overdue": [t.code for t in self.tasks_overdue],
            "tasks_due_soon": [t.code for t in self.tasks_due_soon],
            "tasks_to_update": [t.code for t in self.tasks_to_update],
            "risks_to_review": [
                {
                    "ref": r.ref,
                    "title": r.title,
                    "review_date": r.review_date.isoformat() if r.review_date else None,
                    "state": r.review_state.value,
                }
                for r in self.risks
            ],
            "policies_overdue": [p.title for p in self.policies_overdue],
            "policies_due_soon": [p.title for p in self.policies_due_soon],
        }


@dataclass(frozen=True)
class PlanAttention:
    """Everything needing attention in a plan, ready to be narrowed to posts."""

    plan: Plan
    everything: Attention

    def for_posts(self, post_ids: set[int] | None) -> Attention:
        """What the holders of ``post_ids`` must do (``None``: the whole plan)."""
        every = self.everything
        return Attention(
            as_of=every.as_of,
            indicators=[i for i in every.indicators if _mine(i.owner_post_ids, post_ids)],
            tasks=[t for t in every.tasks if _mine({p.pk for p in t.officers}, post_ids)],
            risks=[r for r in every.risks if r.owner and _mine({r.owner.pk}, post_ids)],
            policies=[p for p in every.policies if _mine({o.pk for o in p.owners}, post_ids)],
        )

    def for_post(self, post: Post) -> Attention:
        return self.for_posts({post.pk})

    def posts(self) -> list[Post]:
        """The posts with anything to do, A–Z (for the digest)."""
        found: dict[int, Post] = {}
        every = self.everything
        for task in every.tasks:
            found.update({p.pk: p for p in task.officers})
        for policy in every.policies:
            found.update({p.pk: p for p in policy.owners})
        for risk in every.risks:
            if risk.owner:
                found[risk.owner.pk] = risk.owner
        ids = {pk for i in every.indicators for pk in i.owner_post_ids} - set(found)
        found.update({p.pk: p for p in Post.objects.filter(pk__in=ids)})
        return sorted(found.values(), key=lambda p: p.title)


def _ended_period(kind: PeriodKind, as_of: dt.date) -> Period:
    return Period.containing(as_of, kind).previous()


def _indicators_due(plan: Plan, as_of: dt.date) -> list[IndicatorDue]:
    out: list[IndicatorDue] = []
    for frequency in Frequency:
        kind = frequency.period_kind
        period = _ended_period(kind, as_of)
        if not plan.first_year <= period.fy <= plan.last_year:
            continue
        if not plan.indicators.filter(frequency=frequency.value).exists():
            continue
        standings = plan_standings(plan, period, as_of=as_of)
        own: dict[int | None, set[int]] = {  # looked up by parent_id too, which may be None
            s.indicator.pk: {o.post_id for o in s.indicator.indicatorowner_set.all()}
            for s in standings
        }
        for standing in standings:
            indicator = standing.indicator
            if indicator.frequency != frequency.value or indicator.aggregation == "ratio":
                continue
            status = standing.evaluation.status
            if status not in (RagStatus.MISSING, RagStatus.PENDING):
                continue
            latest = standing.latest
            if latest is not None and latest.status in (
                ValueStatus.SUBMITTED,
                ValueStatus.APPROVED,
            ):
                continue
            owners = own[indicator.pk] or own.get(indicator.parent_id, set())
            out.append(
                IndicatorDue(
                    indicator,
                    period,
                    due_date(period),
                    status is RagStatus.MISSING,
                    frozenset(owners),
                )
            )
    return out


def plan_attention(plan: Plan, *, as_of: dt.date) -> PlanAttention:
    """Everything in ``plan`` needing attention as of ``as_of``."""
    tasks = [
        t
        for t in task_progress_list(plan, as_of=as_of)
        if t.overdue or t.due_soon or t.needs_update
    ]
    risks = [r for r in risk_register(plan, as_of=as_of).rows if r.due_for_review]
    policies = [
        p
        for p in policy_renewal_tracker(plan, as_of=as_of).rows
        if p.state in (RenewalState.OVERDUE, RenewalState.DUE_SOON)
    ]
    everything = Attention(
        as_of=as_of,
        indicators=_indicators_due(plan, as_of),
        tasks=tasks,
        risks=risks,
        policies=policies,
    )
    return PlanAttention(plan=plan, everything=everything)


def attention_for_user(plan: Plan, user: AnyUser, *, as_of: dt.date) -> Attention:
    """What the posts a person holds must do: the navigation counts and the attention page."""
    return plan_attention(plan, as_of=as_of).for_posts(user_post_ids(user))
