"""Reading key tasks in bulk: the list as the plan prints it (partners and officers in order), and
each task's tracking (progress, dates, milestones, links) and the partners' tasks.

Fixed query counts whatever the number of tasks. Tracking rows are plain data for a page table, its
CSV download and the "what needs attention" view; each answers the rules in ``tasks.rules``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from django.db.models import Prefetch, QuerySet

from civicplan.core.periods import Period
from civicplan.plans.models import Partner, Plan, Post
from civicplan.tasks.models import (
    KeyTask,
    KeyTaskMilestone,
    KeyTaskOfficer,
    KeyTaskPartner,
    KeyTaskTargetChange,
    KeyTaskUpdate,
)
from civicplan.tasks.rules import is_due_soon, is_overdue, needs_update, reporting_quarter

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _People(TypedDict):
        partner_links: list[KeyTaskPartner]
        officer_links: list[KeyTaskOfficer]

    # A key task read for the list: its partners and officers in printed order.
    ListedTask = WithAnnotations[KeyTask, _People]


def _people() -> tuple[
    Prefetch[Literal["keytaskpartner_set"], QuerySet[KeyTaskPartner], Literal["partner_links"]],
    Prefetch[Literal["keytaskofficer_set"], QuerySet[KeyTaskOfficer], Literal["officer_links"]],
]:
    """A task's partners and officers in printed order, as ``partner_links`` and
    ``officer_links`` (new each time: a ``Prefetch`` is changed by the query that uses it)."""
    return (
        Prefetch(
            "keytaskpartner_set",
            to_attr="partner_links",
            queryset=KeyTaskPartner.objects.select_related("partner").order_by("position"),
        ),
        Prefetch(
            "keytaskofficer_set",
            to_attr="officer_links",
            queryset=KeyTaskOfficer.objects.select_related("post").order_by("position"),
        ),
    )


def key_task_list(plan: Plan) -> list[ListedTask]:
    """Key tasks in printed order; ``task.partner_links`` and ``task.officer_links`` are ordered.

    Three queries whatever the number of tasks.
    """
    partners, officers = _people()
    return list(plan.key_tasks.prefetch_related(partners, officers).order_by("position"))


@dataclass(frozen=True)
class TaskFilterOptions:
    """The choices of the tracker's filters: partners and officers the plan's tasks name."""

    partners: list[Partner]
    posts: list[Post]


def task_filter_options(plan: Plan) -> TaskFilterOptions:
    """Partners A–Z and officers A–Z. Two queries."""
    partners = Partner.objects.filter(keytaskpartner__task__plan=plan).distinct().order_by("name")
    posts = Post.objects.filter(keytaskofficer__task__plan=plan).distinct().order_by("title")
    return TaskFilterOptions(partners=list(partners), posts=list(posts))


@dataclass(frozen=True)
class TaskHistory:
    """A task's progress reports (oldest first) and target-date changes, with who made them."""

    updates: list[KeyTaskUpdate]
    target_changes: list[KeyTaskTargetChange]


def task_history(task: KeyTask) -> TaskHistory:
    """For the task page: who recorded each report and change. Two queries."""
    return TaskHistory(
        updates=list(task.updates.select_related("recorded_by").order_by("fy", "quarter")),
        target_changes=list(
            task.target_changes.select_related("changed_by").order_by("changed_at", "id")
        ),
    )


@dataclass(frozen=True)
class TaskProgress:
    """A key task as tracked, judged as of a date.

    ``current_target_date`` and ``status`` make it a ``tasks.rules.HasDueDate``.
    """

    task: KeyTask
    officers: list[Post]
    partners: list[Partner]
    updates: list[KeyTaskUpdate]
    target_changes: list[KeyTaskTargetChange]
    milestones: list[KeyTaskMilestone]
    current_target_date: dt.date | None
    version: int
    as_of: dt.date
    reporting_quarter: Period
    in_plan_quarter: bool

    @property
    def code(self) -> str:
        return self.task.code

    @property
    def latest(self) -> KeyTaskUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def status(self) -> str | None:
        return self.latest.status if self.latest else None

    @property
    def percent_complete(self) -> int | None:
        return self.latest.percent_complete if self.latest else None

    @property
    def planned_target_date(self) -> dt.date | None:
        """The date the plan printed (before any change recorded here)."""
        return self.task.target_date

    @property
    def date_changed(self) -> bool:
        return self.current_target_date != self.task.target_date

    @property
    def overdue(self) -> bool:
        return is_overdue(self, self.as_of)

    @property
    def due_soon(self) -> bool:
        return is_due_soon(self, self.as_of)

    @property
    def needs_update(self) -> bool:
        """No report yet for the quarter being reported now (within the plan's years)."""
        reported = {u.period for u in self.updates}
        return self.in_plan_quarter and needs_update(reported, self.status, self.reporting_quarter)

    @property
    def overdue_milestones(self) -> list[KeyTaskMilestone]:
        return [m for m in self.milestones if is_overdue(m, self.as_of)]


def _tasks(plan: Plan) -> Any:
    partners, officers = _people()
    updates = Prefetch(
        "updates",
        to_attr="update_list",
        queryset=KeyTaskUpdate.objects.order_by("fy", "quarter"),
    )
    return (
        plan.key_tasks.select_related("tracking")
        .prefetch_related(officers, partners, updates, "target_changes", "milestones")
        .order_by("position")
    )


def task_progress_list(
    plan: Plan,
    *,
    as_of: dt.date,
    post_ids: set[int] | None = None,
    partner_id: int | None = None,
    code: str | None = None,
) -> list[TaskProgress]:
    """The plan's key tasks in printed order, optionally only those of some posts or a partner
    (or the one task with ``code``, for its page).

    Six queries whatever the number of tasks.
    """
    tasks = _tasks(plan)
    if code is not None:
        tasks = tasks.filter(code=code)
    if post_ids is not None:
        tasks = tasks.filter(keytaskofficer__post__in=post_ids).distinct()
    if partner_id is not None:
        tasks = tasks.filter(keytaskpartner__partner_id=partner_id).distinct()
    quarter = reporting_quarter(as_of)
    in_plan = plan.first_year <= quarter.fy <= plan.last_year
    rows = []
    for task in tasks:
        tracking = getattr(task, "tracking", None)
        revised = tracking.revised_target_date if tracking else None
        rows.append(
            TaskProgress(
                task=task,
                officers=[link.post for link in task.officer_links],
                partners=[link.partner for link in task.partner_links],
                updates=list(task.update_list),
                target_changes=list(task.target_changes.all()),
                milestones=list(task.milestones.all()),
                current_target_date=revised or task.target_date,
                version=tracking.version if tracking else 0,
                as_of=as_of,
                reporting_quarter=quarter,
                in_plan_quarter=in_plan,
            )
        )
    return rows


CSV_HEADER = [
    "Code",
    "Action",
    "Officers responsible",
    "Partners",
    "Target date in plan",
    "Current target date",
    "Status",
    "Percent complete",
    "Latest report",
    "Commentary",
    "Overdue",
    "Due within 90 days",
    "Needs this quarter's report",
]


def task_progress_csv(rows: list[TaskProgress]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for ``core.downloads.csv_response``: one row per task."""
    out = []
    for row in rows:
        latest = row.latest
        out.append(
            [
                row.code,
                row.task.title,
                [p.title for p in row.officers],
                [p.name for p in row.partners],
                row.planned_target_date,
                row.current_target_date,
                latest.get_status_display() if latest else "No report yet",
                row.percent_complete,
                latest.period.label if latest else "",
                latest.commentary if latest else "",
                row.overdue,
                row.due_soon,
                row.needs_update,
            ]
        )
    return CSV_HEADER, out


@dataclass(frozen=True)
class PartnerTasks:
    """A partner named in the plan and the key tasks it is a partner in, in printed order."""

    partner: Partner
    tasks: list[KeyTask]


def partner_list(plan: Plan) -> list[PartnerTasks]:
    """Every partner the plan's key tasks name, A–Z, each with its tasks. One query."""
    links = (
        KeyTaskPartner.objects.filter(task__plan=plan)
        .select_related("partner", "task")
        .order_by("partner__name", "task__position")
    )
    by_partner: dict[int, list[KeyTask]] = defaultdict(list)
    partners: dict[int, Partner] = {}
    for link in links:
        partners[link.partner_id] = link.partner
        by_partner[link.partner_id].append(link.task)
    return [PartnerTasks(partners[pk], by_partner[pk]) for pk in partners]


@dataclass(frozen=True)
class TaskLinks:
    """What a key task concerns: objectives, indicators, the plan's risks and tracked risks."""

    objectives: list[Any]
    indicators: list[Any]
    plan_risks: list[Any]
    risk_entries: list[Any]


def task_links(task: KeyTask) -> TaskLinks:
    """The task's links, each list in a stable order. Four queries."""
    actions = task.risk_actions.select_related(
        "entry__register_risk", "entry__strategic_risk", "entry__key_task_risk", "entry__owner"
    )
    return TaskLinks(
        objectives=[
            link.objective
            for link in task.objective_links.select_related("objective").order_by(
                "objective__position"
            )
        ],
        indicators=[
            link.indicator
            for link in task.indicator_links.select_related("indicator").order_by(
                "indicator__position"
            )
        ],
        plan_risks=list(task.risks.order_by("position")),
        risk_entries=[action.entry for action in actions.order_by("entry__pk")],
    )
