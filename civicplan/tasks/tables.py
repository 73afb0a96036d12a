"""Key tasks as tables: the plan's list, the tracker, one task's history, milestones, partners.

Statuses and flags are GOV.UK tags with words (never colour alone); the CSV gets the same rows
with plain values, including the columns the page leaves to the task's own page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.urls import reverse

from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.core.tables import (
    Cell,
    Column,
    Table,
    Tag,
    choice_tag,
    date,
    day_of,
    listing,
    number,
    person_text,
    tag_list,
    tagged,
    text,
    titles,
    yes_no,
)
from civicplan.tasks.models import KeyTaskMilestone, TaskStatus
from civicplan.tasks.rules import is_overdue
from civicplan.tasks.selectors import PartnerTasks, TaskHistory, TaskProgress

if TYPE_CHECKING:
    from civicplan.tasks.selectors import ListedTask

STATUS_COLOURS = {
    TaskStatus.NOT_STARTED: "grey",
    TaskStatus.ON_TRACK: "green",
    TaskStatus.AT_RISK: "yellow",
    TaskStatus.OFF_TRACK: "red",
    TaskStatus.COMPLETED: "",
    TaskStatus.CANCELLED: "grey",
}


def task_anchor(code: str) -> str:
    """The id of a task's row on the key tasks page."""
    return f"task-{code}"


def task_href(code: str) -> str:
    return f"{reverse('tasks:list')}#{quote(task_anchor(code), safe='')}"


def task_page_href(code: str) -> str:
    """The task's own page: its progress, dates, milestones and links."""
    return reverse("tasks:detail", kwargs={"code": code})


def task_item(code: str, title: str) -> Cell:
    """A task in a list of tasks: "A1: title", linked to its page; the CSV gets the code."""
    return Cell(value=code, text=f"{code}: {title}", href=task_page_href(code))


def key_tasks_table(tasks: list[ListedTask]) -> Table:
    table = Table(
        "key_tasks",
        "Key tasks and priorities for improvement",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Action"),
            Column("new", "New", html=False),
            Column("outcome", "Targeted outcome"),
            Column("partners", "Partners"),
            Column("officers", "Officers responsible"),
            Column("target_date", "Target date"),
            Column("target_date_text", "Target date as printed", html=False),
            Column("budget_note", "Budget implications and comments"),
        ],
        empty="This plan has no key tasks.",
    )
    for task in tasks:
        table.add(
            text(task.code, href=task_page_href(task.code)),
            text(task.title, tags=[Tag("New")] if task.is_new else []),
            yes_no(task.is_new),
            text(task.outcome),
            listing(link.partner.name for link in task.partner_links),
            titles(link.post for link in task.officer_links),
            date(task.target_date, printed=task.target_date_text),
            text(task.target_date_text),
            text(task.budget_note),
            id=task_anchor(task.code),
        )
    return table


def partner_anchor(pk: int) -> str:
    return f"partner-{pk}"


def on_day(moment: Any) -> str:
    return date_text(clock.local_day(moment)) if moment else ""


def status_tag(status: str | None) -> Tag:
    if status is None:
        return Tag("No report yet", "grey")
    return choice_tag(TaskStatus(status), STATUS_COLOURS)


def status_cell(status: str | None) -> Cell:
    return tagged(status_tag(status))


def flag_tags(row: TaskProgress) -> list[Tag]:
    """Overdue, due within 90 days and a missing report, in words."""
    tags = []
    if row.overdue:
        tags.append(Tag("Overdue", "red"))
    if row.due_soon:
        tags.append(Tag("Due within 90 days", "yellow"))
    if row.needs_update:
        tags.append(Tag(f"No {row.reporting_quarter.label} report", "grey"))
    return tags


def _target_date(row: TaskProgress) -> Cell:
    """The date in full; beneath it, the date it replaced or the plan's wording ("March 2028")."""
    current = row.current_target_date
    printed = row.task.target_date_text
    if row.date_changed:
        hint = f"Changed from {date_text(row.planned_target_date) or printed or 'no date'}"
    elif printed and printed not in date_text(current):
        hint = f"Plan: {printed}"
    else:
        hint = ""
    return Cell(value=current, text=date_text(current) or printed, hint=hint)


def _last_report(row: TaskProgress) -> Cell:
    latest = row.latest
    if latest is None:
        return text("")
    return Cell(
        value=latest.period.label, text=latest.period.label, hint=on_day(latest.recorded_at)
    )


def tracker_table(rows: list[TaskProgress]) -> Table:
    table = Table(
        "progress",
        "Key task progress",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Action"),
            Column("officers", "Officers responsible", html=False),
            Column("partners", "Partners", html=False),
            Column("status", "Status"),
            Column("percent", "Complete", numeric=True),
            Column("planned_date", "Target date in plan", html=False),
            Column("target_date", "Target date"),
            Column("flags", "Flags"),
            Column("overdue", "Overdue", html=False),
            Column("due_soon", "Due within 90 days", html=False),
            Column("needs_update", "Needs this quarter's report", html=False),
            Column("latest", "Last report"),
            Column("commentary", "Commentary", html=False),
        ],
        empty="No key task matches these filters.",
        caption_class="govuk-visually-hidden",
        filename="key-task-progress",
    )
    for row in rows:
        table.add(
            text(row.code, href=task_page_href(row.code)),
            text(row.task.title),
            titles(row.officers),
            listing(partner.name for partner in row.partners),
            status_cell(row.status),
            number(row.percent_complete, percent=True),
            date(row.planned_target_date),
            _target_date(row),
            tag_list(flag_tags(row)),
            yes_no(row.overdue),
            yes_no(row.due_soon),
            yes_no(row.needs_update),
            _last_report(row),
            text(row.latest.commentary if row.latest else ""),
            id=task_anchor(row.code),
        )
    return table


def task_summary(row: TaskProgress) -> list[tuple[str, Cell]]:
    """The key facts of one task for its page's summary list."""
    flags = flag_tags(row)
    return [
        ("Status", status_cell(row.status)),
        ("Complete", number(row.percent_complete, percent=True)),
        ("Target date", _target_date(row)),
        ("Flags", Cell(value="", tags=tuple(flags)) if flags else text("None")),
        ("Officers responsible", titles(row.officers)),
        (
            "Partners",
            listing(
                text(p.name, href=f"{reverse('tasks:partners')}#{partner_anchor(p.pk)}")
                for p in row.partners
            ),
        ),
        ("Targeted outcome", text(row.task.outcome)),
        ("Budget implications", text(row.task.budget_note)),
    ]


def history_table(history: TaskHistory) -> Table:
    table = Table(
        "history",
        "Progress reports",
        [
            Column("quarter", "Quarter", row_header=True),
            Column("status", "Status"),
            Column("percent", "Complete", numeric=True),
            Column("commentary", "Commentary"),
            Column("recorded_by", "Recorded by"),
            Column("recorded_on", "Recorded on"),
        ],
        empty="No progress has been reported yet.",
        filename="progress-reports",
    )
    for update in reversed(history.updates):
        table.add(
            text(update.period.label),
            status_cell(update.status),
            number(update.percent_complete, percent=True),
            text(update.commentary),
            text(person_text(update.recorded_by)),
            day_of(update.recorded_at),
        )
    return table


def target_changes_table(history: TaskHistory) -> Table:
    table = Table(
        "target_changes",
        "Target date changes",
        [
            Column("from", "From", row_header=True),
            Column("to", "To"),
            Column("reason", "Reason"),
            Column("changed_by", "Changed by"),
            Column("changed_on", "Changed on"),
        ],
        empty="The target date has not been changed.",
        filename="target-date-changes",
    )
    for change in history.target_changes:
        table.add(
            date(change.previous_date, missing="No date"),
            date(change.new_date),
            text(change.reason),
            text(person_text(change.changed_by)),
            day_of(change.changed_at),
        )
    return table


def milestone_tags(milestone: KeyTaskMilestone, row: TaskProgress) -> tuple[Tag, ...]:
    tags = [status_tag(milestone.status)]
    if is_overdue(milestone, row.as_of):
        tags.append(Tag("Overdue", "red"))
    return tuple(tags)


def milestones_table(row: TaskProgress) -> Table:
    table = Table(
        "milestones",
        "Milestones",
        [
            Column("title", "Milestone", row_header=True),
            Column("due", "Due"),
            Column("status", "Status"),
        ],
        empty="This task has no milestones.",
        filename="milestones",
    )
    for milestone in sorted(row.milestones, key=lambda m: (m.due_date, m.position, m.pk)):
        table.add(
            text(milestone.title),
            date(milestone.due_date),
            tag_list(milestone_tags(milestone, row)),
        )
    return table


def partners_table(partners: list[PartnerTasks]) -> Table:
    table = Table(
        "partners",
        "Partners and their key tasks",
        [
            Column("partner", "Partner", row_header=True),
            Column("count", "Key tasks", numeric=True),
            Column("tasks", "Tasks"),
        ],
        empty="The plan's key tasks name no partners.",
        caption_class="govuk-visually-hidden",
        filename="partners",
    )
    tracker = reverse("tasks:progress")
    for item in partners:
        table.add(
            text(item.partner.name, href=f"{tracker}?partner={item.partner.pk}"),
            number(len(item.tasks)),
            listing(task_item(task.code, task.title) for task in item.tasks),
            id=partner_anchor(item.partner.pk),
        )
    return table
