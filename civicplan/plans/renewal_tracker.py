"""Reading the policy register as a renewal tracker: overdue, due within 90 days, later.

Three queries whatever the number of policies. Rows are plain data that a page table, the CSV
download and the "what needs attention" view all use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from civicplan.accounts.permissions import user_post_ids
from civicplan.plans.models import Plan, Policy, PolicyOwner, PolicyRenewal, Post
from civicplan.plans.renewals import policy_next_due
from civicplan.plans.rules import RenewalState, renewal_state

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

__all__ = [
    "PolicyRenewalRow",
    "RenewalTracker",
    "policy_renewal_csv",
    "policy_renewal_tracker",
]


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
    plan: Plan, *, as_of: dt.date, post_ids: set[int] | None = None, user: AnyUser = None
) -> RenewalTracker:
    """Every policy of the plan (or only those owned by ``post_ids`` / the ``user``'s posts).

    "Owners see their own": pass the signed-in user to get the policies their posts own.
    """
    if user is not None:
        post_ids = (post_ids or set()) | user_post_ids(user)
    owners = Prefetch(
        "policyowner_set",
        to_attr="owner_links",
        queryset=PolicyOwner.objects.select_related("post").order_by("position"),
    )
    renewals = Prefetch(
        "renewals", to_attr="renewal_list", queryset=PolicyRenewal.objects.order_by("sequence")
    )
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
