"""Reading the work of a collection round: what an owner enters, and what an officer approves.

``entry_list`` is "My indicators for 2026/27 Q2", ``entry_item`` one indicator's figure for one
period (the data-entry page) and ``approval_list`` the figures waiting for a performance officer.
Each loads the plan once through ``PlanFigures`` and the figures of the round in one query, so
the pages run a fixed number of queries however many indicators they list. Who may enter what
is the services' own rule (``can_enter``), read from the same load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Subquery

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.periods import Period, PeriodKind
from civicplan.indicators.evaluation import Evaluation
from civicplan.indicators.models import Indicator, YearValueKind
from civicplan.indicators.rules import Aggregation, RagStatus
from civicplan.monitoring.chasers import collection_periods, period_due_date
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.rules import OPEN_STATUSES, PEOPLE_SOURCES, entry_not_open, entry_opens
from civicplan.monitoring.selectors.figures import PlanFigures
from civicplan.monitoring.selectors.series import current_values
from civicplan.plans.models import Plan, Post

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

__all__ = [
    "ApprovalItem",
    "EntryItem",
    "EntryRow",
    "approval_list",
    "collection_round",
    "entry_counts",
    "entry_item",
    "entry_list",
    "entry_owner_choices",
    "pending_approval_count",
]


def collection_round(period: Period) -> Period:
    """The quarter whose collection round a figure belongs to: a month's quarter, a quarter
    itself, a year's Q4 (annual figures are collected when the year ends)."""
    return Period.containing(period.last_day, PeriodKind.QUARTER)


def annual_target(indicator: Indicator, period: Period) -> Decimal | None:
    """The year's target as the plan sets it (prefetched ``year_values``)."""
    return next(
        (
            v.value
            for v in indicator.year_values.all()
            if v.kind == YearValueKind.TARGET and v.year == period.fy
        ),
        None,
    )


@dataclass(frozen=True)
class EntryRow:
    """One figure to enter: an indicator in one of its own periods of the round."""

    indicator: Indicator
    period: Period
    owners: tuple[Post, ...]
    annual_target: Decimal | None
    evaluation: Evaluation
    last_year: Evaluation
    current: IndicatorValue | None
    if_approved: Evaluation | None
    """The standing the current figure would give once approved (None when it is approved)."""
    opens: dt.date | None = None
    """The first day its figure may be entered (``rules.entry_opens``)."""
    not_open: str = ""
    """Why its figure cannot be entered yet (the period has not ended), or ``""``."""

    @property
    def judged_if_approved(self) -> bool:
        """The current figure, once approved, would be judged (a "Data missing if approved"
        would only say that earlier quarters are still missing)."""
        return self.if_approved is not None and self.if_approved.status not in (
            RagStatus.MISSING,
            RagStatus.PENDING,
        )

    @property
    def status(self) -> RagStatus:
        """The status the figure would have once approved, else its approved standing."""
        if self.judged_if_approved:
            assert self.if_approved is not None
            return self.if_approved.status
        return self.evaluation.status


def _row(figures: PlanFigures, indicator: Indicator, period: Period, current: Any) -> EntryRow:
    pending = current is not None and current.status != ValueStatus.APPROVED
    early = settings.CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END
    return EntryRow(
        indicator=indicator,
        period=period,
        owners=figures.owners(indicator),
        annual_target=annual_target(indicator, period),
        evaluation=figures.evaluate(indicator, period),
        last_year=figures.evaluate(indicator, period.year_earlier()),
        current=current,
        if_approved=figures.evaluate_if(indicator, period, current.value) if pending else None,
        opens=entry_opens(period, days_before_end=early),
        not_open=entry_not_open(period, figures.as_of, days_before_end=early),
    )


def entry_list(
    plan: Plan, period: Period, *, user: AnyUser, owner: Post | None = None, as_of: dt.date
) -> list[EntryRow]:
    """The figures ``user`` may enter in the collection round ``period`` (a quarter), optionally
    only those of one owning post. Derived ratios are left out: they are worked out, never
    typed. Seven queries (six for the plan's figures, one for the round's), besides the user's
    roles and posts."""
    figures = PlanFigures.load(plan, as_of=as_of)
    chosen = [
        indicator
        for indicator in figures.indicators
        if indicator.aggregation != Aggregation.RATIO.value
        and figures.can_enter(user, indicator)
        and (owner is None or owner in figures.owners(indicator))
    ]
    pairs = [(i, own) for i in chosen for own in collection_periods(i, period)]
    currents = current_values({i.pk for i, _ in pairs}, {own for _, own in pairs})
    return [_row(figures, i, own, currents.get((i.pk, own))) for i, own in pairs]


def entry_counts(rows: list[EntryRow]) -> dict[str, int]:
    """How far the round has got: still to enter or finish (nothing, a draft, or returned),
    returned, waiting for approval, approved."""
    states = [row.current.status if row.current else "" for row in rows]
    unfinished = ("", ValueStatus.DRAFT, ValueStatus.RETURNED)
    return {
        "to_enter": sum(1 for state in states if state in unfinished),
        "returned": states.count(ValueStatus.RETURNED),
        "submitted": states.count(ValueStatus.SUBMITTED),
        "approved": states.count(ValueStatus.APPROVED),
    }


def entry_owner_choices(plan: Plan) -> list[Post]:
    """The posts that own indicators, for a performance officer's owner filter. One query."""
    return list(Post.objects.filter(indicators__plan=plan).distinct().order_by("title"))


@dataclass(frozen=True)
class EntryItem:
    """One indicator's figure for one period, as the data-entry page shows it."""

    row: EntryRow
    revisions: list[IndicatorValue]
    """Every revision of the figure for this period, newest first (any source)."""
    expected_version: int
    """What the page sends back so that a save based on a stale copy is refused."""
    due: dt.date
    can_enter: bool
    derived: bool

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator

    @property
    def returned(self) -> IndicatorValue | None:
        current = self.row.current
        return current if current is not None and current.status == ValueStatus.RETURNED else None


def _expected_version(revisions: list[IndicatorValue]) -> int:
    """The version the figure people enter (on this page, by workbook or through the API) stands
    at: its open revision's, else its newest revision's, else 0 (nothing yet: a figure saved
    meanwhile by someone else is a conflict)."""
    own = [r for r in revisions if r.source in PEOPLE_SOURCES]
    open_rows = [r for r in own if r.status in OPEN_STATUSES]
    if open_rows:
        return open_rows[0].version
    return own[0].version if own else 0


def entry_item(
    plan: Plan, code: str, period: Period, *, user: AnyUser, as_of: dt.date
) -> EntryItem | None:
    """The data-entry page's figure, or None when the plan has no such indicator or the indicator
    is not collected for periods of that kind. Seven queries (the plan's figures, the period's
    revisions)."""
    figures = PlanFigures.load(plan, as_of=as_of)
    indicator = figures.get(code)
    if indicator is None:
        return None
    derived = indicator.aggregation == Aggregation.RATIO.value
    if not derived and period not in collection_periods(indicator, collection_round(period)):
        return None
    revisions = list(
        IndicatorValue.objects.filter(
            indicator=indicator,
            fy=period.fy,
            period_kind=period.kind.value,
            period_number=period.number,
        )
        .select_related("entered_by", "decided_by")
        .order_by("-revision", "-id")
    )
    standing = [r for r in revisions if r.status != ValueStatus.SUPERSEDED]
    current = max(standing, key=lambda r: (r.updated_at, r.pk)) if standing else None
    return EntryItem(
        row=_row(figures, indicator, period, current),
        revisions=revisions,
        expected_version=_expected_version(revisions),
        due=period_due_date(period),
        can_enter=not derived and figures.can_enter(user, indicator),
        derived=derived,
    )


@dataclass(frozen=True)
class ApprovalItem:
    """A submitted figure with what a performance officer weighs before approving it."""

    value: IndicatorValue
    owners: tuple[Post, ...]
    approved_now: IndicatorValue | None
    """The approved figure this one would replace (a correction), if any."""
    previous: Evaluation
    """The standing of the period before (its figure for the period is ``period_actual``)."""
    last_year: Evaluation
    current: Evaluation
    if_approved: Evaluation

    @property
    def indicator(self) -> Indicator:
        return self.value.indicator


def _in_round(period: Period, chosen: Period) -> bool:
    return period in chosen or (
        period.kind is PeriodKind.YEAR and period.last_day == chosen.last_day
    )


def approval_list(
    plan: Plan, *, user: AnyUser, period: Period | None, as_of: dt.date
) -> list[ApprovalItem]:
    """The figures waiting for approval (in one collection round, or all), oldest period first.

    Only performance officers see them. Seven queries.
    """
    require(is_performance_officer(user), "Only a performance officer can approve figures.")
    figures = PlanFigures.load(plan, as_of=as_of)
    rows = (
        IndicatorValue.objects.filter(indicator__plan=plan, status=ValueStatus.SUBMITTED)
        .select_related("entered_by")
        .order_by("fy", "period_kind", "period_number", "submitted_at", "id")
    )
    items = []
    for value in rows:
        if period is not None and not _in_round(value.period, period):
            continue
        indicator = figures.by_pk(value.indicator_id)
        value.indicator = indicator  # the loaded indicator: owners, targets, figures prefetched
        own = value.period
        items.append(
            ApprovalItem(
                value=value,
                owners=figures.owners(indicator),
                approved_now=figures.approved(indicator, own),
                previous=figures.evaluate(indicator, own.previous()),
                last_year=figures.evaluate(indicator, own.year_earlier()),
                current=figures.evaluate(indicator, own),
                if_approved=figures.evaluate_if(indicator, own, value.value),
            )
        )
    items.sort(key=lambda item: (item.value.period, item.indicator.position, item.value.pk))
    return items


def pending_approval_count() -> int:
    """How many figures of the current plan wait for approval, for the navigation. One query."""
    latest_plan = Plan.objects.order_by("-first_year", "-id").values("pk")[:1]
    return IndicatorValue.objects.filter(
        status=ValueStatus.SUBMITTED, indicator__plan=Subquery(latest_plan)
    ).count()
