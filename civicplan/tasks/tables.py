"""The key tasks table."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.urls import reverse

from civicplan.core.tables import Column, Table, Tag, date, listing, text

if TYPE_CHECKING:
    from civicplan.tasks.selectors import ListedTask


def task_anchor(code: str) -> str:
    """The id of a task's row on the key tasks page."""
    return f"task-{code}"


def task_href(code: str) -> str:
    return f"{reverse('tasks:list')}#{quote(task_anchor(code), safe='')}"


def task_page_href(code: str) -> str:
    """The task's own page: its progress, dates, milestones and links."""
    return reverse("tasks:detail", kwargs={"code": code})


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
            text("yes" if task.is_new else "no"),
            text(task.outcome),
            listing(link.partner.name for link in task.partner_links),
            listing(link.post.title for link in task.officer_links),
            date(task.target_date, printed=task.target_date_text),
            text(task.target_date_text),
            text(task.budget_note),
            id=task_anchor(task.code),
        )
    return table
