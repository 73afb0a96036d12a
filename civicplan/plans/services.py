"""Writing the policy register's renewals: the one way a renewal is recorded.

A policy's owners (through the posts they hold) or a performance officer record that a policy was
renewed: its new version, when and by whom it was approved, where the document is and, for a
fixed-date policy, when it is next due. Rows are only ever added, so the history stays whole.
Optimistic locking uses the renewal count: a page read with ``version`` = n renewals may add
renewal n + 1 only; anything else raises ``EditConflict`` and changes nothing.

An administrator maps people to the posts they hold (``user_posts_set``): posts own measures,
tasks and risks, so that mapping is what lets a person enter and record them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from civicplan.accounts.permissions import is_administrator, is_performance_officer, owns, require
from civicplan.core import clock
from civicplan.core.audit import actor, audit_record
from civicplan.core.errors import EditConflict, ValueRejected, required_text
from civicplan.core.formats import date_text
from civicplan.core.locking import conflict_message
from civicplan.plans.models import Policy, PolicyRenewal, Post, PostHolder, Recurrence
from civicplan.plans.selectors import policy_next_due

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from civicplan.accounts.actors import Actor, AnyUser

__all__ = ["can_renew_policy", "policy_renewal_record", "policy_url_clean"]

_URL = URLValidator(schemes=["https", "http"])


def policy_owner_post_ids(policy: Policy) -> set[int]:
    return {link.post_id for link in policy.policyowner_set.all()}


def can_renew_policy(user: AnyUser, policy: Policy) -> bool:
    """A policy's owners record its renewals; performance officers (and administrators) any."""
    return is_performance_officer(user) or owns(user, policy_owner_post_ids(policy))


def policy_url_clean(raw: str) -> str:
    """A document link that opens for everyone: http(s) only, at most 500 characters."""
    url = (raw or "").strip()
    if not url:
        return ""
    try:
        _URL(url)
    except ValidationError:
        raise ValueRejected(
            f"“{url[:80]}” is not a web address: give the document's link, starting https://",
            field="document_url",
        ) from None
    if len(url) > 500:
        raise ValueRejected("The link is longer than 500 characters", field="document_url")
    return url


def _check_next_date(policy: Policy, approved_on: dt.date, next_date: dt.date | None) -> None:
    if policy.recurrence == Recurrence.ANNUAL and next_date is not None:
        raise ValueRejected(
            f"{policy.title} is renewed every year, so its next renewal is worked out: one year "
            "after this approval. Leave the next renewal date empty.",
            field="next_renewal_date",
        )
    if policy.recurrence == Recurrence.CONTINUOUS and next_date is not None:
        raise ValueRejected(
            f"{policy.title} is under constant review and has no renewal date. Leave the next "
            "renewal date empty.",
            field="next_renewal_date",
        )
    if policy.recurrence == "" and next_date is None:
        raise ValueRejected(
            "Enter when this version is next due for renewal", field="next_renewal_date"
        )
    if next_date is not None and next_date <= approved_on:
        raise ValueRejected(
            "The next renewal must be after the date this version was approved",
            field="next_renewal_date",
        )


@transaction.atomic
def policy_renewal_record(
    *,
    policy: Policy,
    document_version: str,
    approved_on: dt.date,
    approved_by_body: str,
    document_url: str = "",
    next_renewal_date: dt.date | None = None,
    note: str = "",
    by: Actor,
    expected_version: int,
    as_of: dt.date | None = None,
) -> PolicyRenewal:
    """Record that a policy was renewed; its next renewal date moves on accordingly."""
    require(
        can_renew_policy(by, policy),
        f"You cannot record a renewal of {policy.title}: it is owned by "
        f"{', '.join(link.post.title for link in policy.policyowner_set.all()) or 'no post'}.",
    )
    version = required_text(
        document_version, field="document_version", what="the version", limit=100
    )
    body = required_text(
        approved_by_body, field="approved_by_body", what="who approved it", limit=200
    )
    url = policy_url_clean(document_url)
    if not isinstance(approved_on, dt.date):
        raise ValueRejected("Enter the date it was approved", field="approved_on")
    if approved_on > (as_of or clock.today()):
        raise ValueRejected("The approval date cannot be in the future", field="approved_on")
    latest = policy.renewals.order_by("-sequence").first()
    current = latest.sequence if latest else 0
    if current != expected_version:
        raise EditConflict(conflict_message(f"The renewals of {policy.title}"))
    if latest and approved_on < latest.approved_on:
        raise ValueRejected(
            f"The last renewal recorded was approved on {date_text(latest.approved_on)}; "
            "this one cannot be earlier",
            field="approved_on",
        )
    _check_next_date(policy, approved_on, next_renewal_date)
    before_due = policy_next_due(policy, latest)
    try:
        with transaction.atomic():
            renewal = PolicyRenewal.objects.create(
                policy=policy,
                sequence=current + 1,
                document_version=version,
                approved_on=approved_on,
                approved_by_body=body,
                document_url=url,
                next_renewal_date=next_renewal_date,
                note=(note or "").strip(),
                recorded_by=actor(by),
            )
    except IntegrityError:
        raise EditConflict(conflict_message(f"The renewals of {policy.title}")) from None
    after_due = policy_next_due(policy, renewal)
    audit_record(
        by=by,
        action="policy.renewal",
        obj=policy,
        before={"next_due": before_due.isoformat() if before_due else None},
        after={
            "sequence": renewal.sequence,
            "document_version": version,
            "approved_on": approved_on.isoformat(),
            "approved_by_body": body,
            "document_url": url,
            "next_due": after_due.isoformat() if after_due else None,
        },
        reason=renewal.note,
    )
    return renewal


@transaction.atomic
def user_posts_set(*, user: User, posts: list[Post], by: Actor) -> None:
    """Map a user to the posts they hold (and so to what those posts own)."""
    require(by is None or is_administrator(by), "Only an administrator can map users to posts.")
    before = sorted(PostHolder.objects.filter(user=user).values_list("post__title", flat=True))
    PostHolder.objects.filter(user=user).exclude(post__in=posts).delete()
    for post in posts:
        PostHolder.objects.get_or_create(user=user, post=post)
    after = sorted(p.title for p in posts)
    if before != after:
        audit_record(by=by, action="user.posts", obj=user, before=before, after=after)
    user.__dict__.pop("_civicplan_posts", None)
