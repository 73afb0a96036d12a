"""Reading key tasks in bulk, with partners and officers in the order the plan prints them.

(Progress, dates and milestones as tracked are read by ``tasks.tracking``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Prefetch

from civicplan.plans.models import Partner, Plan, Post
from civicplan.tasks.models import (
    KeyTask,
    KeyTaskOfficer,
    KeyTaskPartner,
    KeyTaskTargetChange,
    KeyTaskUpdate,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _People(TypedDict):
        partner_links: list[KeyTaskPartner]
        officer_links: list[KeyTaskOfficer]

    # A key task read for the list: its partners and officers in printed order.
    ListedTask = WithAnnotations[KeyTask, _People]


def key_task_list(plan: Plan) -> list[ListedTask]:
    """Key tasks in printed order; ``task.partner_links`` and ``task.officer_links`` are ordered.

    Three queries whatever the number of tasks.
    """
    partners = Prefetch(
        "keytaskpartner_set",
        to_attr="partner_links",
        queryset=KeyTaskPartner.objects.select_related("partner").order_by("position"),
    )
    officers = Prefetch(
        "keytaskofficer_set",
        to_attr="officer_links",
        queryset=KeyTaskOfficer.objects.select_related("post").order_by("position"),
    )
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
