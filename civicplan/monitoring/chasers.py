"""Deadlines and chasers: when a period's figures are due, what is late, and reminding owners.

Figures are due ``CIVICPLAN_DUE_WORKING_DAYS`` working days after their period ends (15 by default;
weekends and England and Wales bank holidays from ``core.workdays`` are not counted). A figure is
late once that day has passed and nothing has been submitted for it: nothing was entered, it sits
as a draft, or a performance officer returned it and it was not resubmitted.

Only indicators with an owner are chased (a post is who we write to); derived ratios are never
typed, so their parts are chased instead. ``late_values`` is a bulk read (a fixed number of
queries whatever the number of indicators); ``reminders_send`` sends one e-mail per person,
after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.audit import audit_record
from civicplan.core.periods import Period
from civicplan.core.workdays import due_date, working_days_between
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Aggregation, Frequency
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.plans.models import Plan, Post, PostHolder

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

__all__ = [
    "LateItem",
    "LateState",
    "Reminder",
    "ReminderRun",
    "collection_periods",
    "due_working_days",
    "late_by_post",
    "late_values",
    "long_date",
    "owner_posts",
    "period_due_date",
    "periods_q",
    "reminders_send",
    "with_owners",
]


# -- deadlines ----------------------------------------------------------------------------------


def due_working_days() -> int:
    """The council's rule, from settings, so pages, chasers and the workbook agree."""
    return settings.CIVICPLAN_DUE_WORKING_DAYS


def period_due_date(period: Period) -> dt.date:
    """The last day a period's figures are on time."""
    return due_date(period, due_working_days())


def long_date(day: dt.date) -> str:
    """``Wednesday 21 October 2026``: how a deadline is written to people."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def collection_periods(indicator: Indicator, period: Period) -> tuple[Period, ...]:
    """The periods an indicator's figures are entered for within a collection round ``period``.

    A quarterly measure has one figure in a quarter's round and a monthly one three; an annual
    survey is collected in the round that ends with its year (Q4). A derived ratio has none: its
    parts are entered instead.
    """
    if indicator.aggregation == Aggregation.RATIO.value:
        return ()
    kind = Frequency(indicator.frequency).period_kind
    if kind.months <= period.kind.months:
        return period.periods(kind)
    longer = Period.containing(period.first_day, kind)
    return (longer,) if longer.last_day == period.last_day else ()


# -- what is late -------------------------------------------------------------------------------


class LateState(StrEnum):
    """Why a figure counts as late."""

    NOTHING = "nothing_entered"
    """No figure at all for the period."""
    DRAFT = "draft"
    """Saved as a draft but never submitted."""
    RETURNED = "returned"
    """Returned by a performance officer and not resubmitted."""

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    LateState.NOTHING: "Nothing entered",
    LateState.DRAFT: "Draft, not submitted",
    LateState.RETURNED: "Returned for correction",
}


@dataclass(frozen=True)
class LateItem:
    """One late figure, listed under one of the posts that own it."""

    post: Post
    indicator: Indicator
    period: Period
    owners: tuple[Post, ...]
    due: dt.date
    working_days_late: int
    state: LateState
    value: IndicatorValue | None = None

    @property
    def return_reason(self) -> str:
        return self.value.return_reason if self.state is LateState.RETURNED and self.value else ""


def with_owners(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Prefetch what ``owner_posts`` and ``services.can_enter`` read, so neither queries a row."""
    return indicators.select_related("parent").prefetch_related(
        "indicatorowner_set__post", "parent__indicatorowner_set__post"
    )


def owner_posts(indicator: Indicator) -> tuple[Post, ...]:
    """The posts answerable for an indicator, as ``services.owner_post_ids`` decides: its own
    owners, or else its group's (ComS_024a is entered by whoever owns ComS_024)."""
    links = list(indicator.indicatorowner_set.all())
    if not links and indicator.parent is not None:
        links = list(indicator.parent.indicatorowner_set.all())
    return tuple(link.post for link in sorted(links, key=lambda link: (link.position, link.pk)))


def _owned_indicators(plan: Plan) -> list[Indicator]:
    owned = Q(owners__isnull=False) | Q(parent__owners__isnull=False)
    indicators = (
        Indicator.objects.filter(owned, plan=plan)
        .exclude(aggregation=Aggregation.RATIO.value)
        .distinct()
        .order_by("position", "id")
    )
    return list(with_owners(indicators))


def periods_q(periods: set[Period]) -> Q:
    """A filter for values in any of ``periods`` (one OR'ed condition each)."""
    query = Q()
    for period in periods:
        query |= Q(fy=period.fy, period_kind=period.kind.value, period_number=period.number)
    return query


def late_values(plan: Plan, period: Period, *, today: dt.date) -> list[LateItem]:
    """What is late for a collection round, one item per owning post, sorted by post.

    A figure that was submitted or approved (from any source) is not late. Six queries, however
    many indicators: indicators with their parents, two for owners, two for the parents' owners,
    and the values.
    """
    due: list[tuple[Indicator, Period, dt.date]] = []
    for indicator in _owned_indicators(plan):
        for own in collection_periods(indicator, period):
            deadline = period_due_date(own)
            if today > deadline:
                due.append((indicator, own, deadline))
    if not due:
        return []
    rows = (
        IndicatorValue.objects.filter(indicator__in={i.pk for i, _, _ in due})
        .filter(periods_q({p for _, p, _ in due}))
        .exclude(status=ValueStatus.SUPERSEDED)
        .order_by("updated_at", "id")
    )
    by_key: dict[tuple[int, Period], list[IndicatorValue]] = defaultdict(list)
    for row in rows:
        by_key[(row.indicator_id, row.period)].append(row)
    items = []
    for indicator, own, deadline in due:
        state, value = _state(by_key.get((indicator.pk, own), []))
        if state is None:
            continue
        owners = owner_posts(indicator)
        for post in owners:
            items.append(
                LateItem(
                    post=post,
                    indicator=indicator,
                    period=own,
                    owners=owners,
                    due=deadline,
                    working_days_late=working_days_between(deadline, today),
                    state=state,
                    value=value,
                )
            )
    items.sort(key=lambda i: (i.post.title, i.indicator.position, i.indicator.code, i.period))
    return items


def _state(rows: list[IndicatorValue]) -> tuple[LateState | None, IndicatorValue | None]:
    """None when a figure has been sent; else why it is late and the newest open revision."""
    if any(r.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED) for r in rows):
        return None, None
    returned = [r for r in rows if r.status == ValueStatus.RETURNED]
    if returned:
        return LateState.RETURNED, returned[-1]
    drafts = [r for r in rows if r.status == ValueStatus.DRAFT]
    if drafts:
        return LateState.DRAFT, drafts[-1]
    return LateState.NOTHING, None


def late_by_post(items: list[LateItem]) -> list[tuple[Post, list[LateItem]]]:
    """The items of ``late_values`` grouped under their post, in order."""
    groups: dict[int, tuple[Post, list[LateItem]]] = {}
    for item in items:
        groups.setdefault(item.post.pk, (item.post, []))[1].append(item)
    return list(groups.values())


# -- reminders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one person, listing every late figure of the posts they hold."""

    user: User
    items: list[LateItem]
    message: EmailMessage


@dataclass
class ReminderRun:
    """What ``reminders_send`` did (or, in a dry run, would do)."""

    period: Period
    today: dt.date
    dry_run: bool
    reminders: list[Reminder] = field(default_factory=list)
    no_one: list[Post] = field(default_factory=list)
    """Posts with late figures that no active user holds."""
    no_address: list[User] = field(default_factory=list)
    """Holders of such posts without an e-mail address."""

    @property
    def sent(self) -> int:
        return 0 if self.dry_run else len(self.reminders)


def _name(user: User) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def _item_line(item: LateItem) -> str:
    days = item.working_days_late
    late = f"{days} working day{'s' if days != 1 else ''} late"
    line = f"- {item.indicator.code} {item.indicator.title} ({item.period.label}): "
    line += f"{item.state.label.lower()}, {late}"
    if item.return_reason:
        line += f'\n  Returned because: "{item.return_reason}"'
    return line


def _message(user: User, items: list[LateItem], period: Period) -> EmailMessage:
    dues = sorted({item.due for item in items})
    due_text = " and ".join(long_date(d) for d in dues)
    count = len(items)
    subject = f"civicplan: {count} figure{'s' if count != 1 else ''} for {period.label} are late"
    if count == 1:
        subject = f"civicplan: 1 figure for {period.label} is late"
    body = "\n".join(
        [
            f"Dear {_name(user)},",
            "",
            f"These figures were due on {due_text} and have not been submitted:",
            "",
            *(_item_line(item) for item in items),
            "",
            f"Please enter and submit them in civicplan (My indicators, {period.label}), or fill "
            "in the collection workbook for the period and upload it.",
            "If you no longer hold the post that owns them, tell the performance team.",
            "",
            "civicplan",
        ]
    )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _deliver(messages: list[EmailMessage]) -> None:
    with get_connection() as connection:
        connection.send_messages(messages)


def reminders_send(
    plan: Plan, period: Period, *, today: dt.date, by: Actor = None, dry_run: bool = False
) -> ReminderRun:
    """E-mail each holder of a post with late figures one message listing them.

    ``by`` is None for a scheduled run, or the performance officer who started it. The messages
    go only after the transaction commits (with the audit row), so a rolled-back run sends nothing.
    """
    require(
        by is None or is_performance_officer(by),
        "Only a performance officer can send reminders.",
    )
    items = late_values(plan, period, today=today)
    run = ReminderRun(period=period, today=today, dry_run=dry_run)
    posts = late_by_post(items)
    holders = PostHolder.objects.filter(
        post__in=[post for post, _ in posts], user__is_active=True
    ).select_related("user")
    users_by_post: dict[int, list[Any]] = defaultdict(list)
    for holder in holders.order_by("user__username", "id"):
        users_by_post[holder.post_id].append(holder.user)
    per_user: dict[int, tuple[Any, dict[tuple[int, Period], LateItem]]] = {}
    for post, post_items in posts:
        users = users_by_post.get(post.pk, [])
        if not users:
            run.no_one.append(post)
        for user in users:
            mine = per_user.setdefault(user.pk, (user, {}))[1]
            for item in post_items:
                mine.setdefault((item.indicator.pk, item.period), item)
    for user, mine in sorted(per_user.values(), key=lambda pair: pair[0].get_username()):
        if not (user.email or "").strip():
            run.no_address.append(user)
            continue
        listed = sorted(mine.values(), key=lambda i: (i.indicator.position, i.period))
        run.reminders.append(Reminder(user, listed, _message(user, listed, period)))
    if dry_run or not run.reminders:
        return run
    with transaction.atomic():
        audit_record(
            by=by,
            action="reminders.send",
            obj=plan,
            after={
                "period": str(period),
                "as_of": today.isoformat(),
                "recipients": [r.user.get_username() for r in run.reminders],
                "figures": sum(len(r.items) for r in run.reminders),
            },
        )
        transaction.on_commit(partial(_deliver, [r.message for r in run.reminders]))
    return run
