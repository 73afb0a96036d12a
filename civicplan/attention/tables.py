""" "What needs attention" as tables: figures due, tasks, risks to review, policies to renew.

Each row links to the page where the thing is done, and says why it is listed in words (a tag).
"""

from __future__ import annotations

from django.urls import reverse

from civicplan.attention.selectors import Attention
from civicplan.core.tables import Column, Table, Tag, date, tag_list, tagged, text
from civicplan.plans.tables import policy_href, state_cell
from civicplan.risks.tables import review_cell, risk_code, risk_page_href
from civicplan.tasks.tables import flag_tags, task_page_href


def indicators_table(attention: Attention) -> Table:
    table = Table(
        "indicators",
        "Figures to enter",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Indicator"),
            Column("period", "Period"),
            Column("due", "Due"),
            Column("status", "Status"),
        ],
        empty="No figures are wanted from you now.",
        filename="attention-figures",
    )
    for item in sorted(attention.indicators, key=lambda i: (not i.missing, i.due_date, i.code)):
        table.add(
            text(item.code, href=reverse("monitoring:indicator", kwargs={"code": item.code})),
            text(item.indicator.title),
            text(item.period.label),
            date(item.due_date),
            tagged(Tag("Missing", "red") if item.missing else Tag("Due", "yellow")),
        )
    return table


def tasks_table(attention: Attention) -> Table:
    table = Table(
        "tasks",
        "Key tasks",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Action"),
            Column("target_date", "Target date"),
            Column("why", "Why it is listed"),
        ],
        empty="None of your key tasks needs attention.",
        filename="attention-key-tasks",
    )
    for row in sorted(attention.tasks, key=lambda r: (not r.overdue, not r.due_soon)):
        table.add(
            text(row.code, href=task_page_href(row.code)),
            text(row.task.title),
            date(row.current_target_date, missing=""),
            tag_list(flag_tags(row)),
        )
    return table


def risks_table(attention: Attention) -> Table:
    table = Table(
        "risks",
        "Risks to review",
        [
            Column("risk", "Risk", row_header=True),
            Column("title", "Description"),
            Column("review", "Review"),
        ],
        empty="None of your risks is due for review.",
        filename="attention-risks",
    )
    for row in attention.risks:
        table.add(
            text(row.ref, href=risk_page_href(risk_code(row))),
            text(row.title),
            review_cell(row),
        )
    return table


def policies_table(attention: Attention) -> Table:
    table = Table(
        "policies",
        "Policies to renew",
        [
            Column("title", "Strategy or policy", row_header=True),
            Column("next_due", "Next renewal due"),
            Column("state", "Status"),
        ],
        empty="None of your policies is due for renewal within 90 days.",
        filename="attention-policies",
    )
    for row in attention.policies:
        table.add(
            text(row.title, href=policy_href(row.policy.pk)),
            date(row.next_due, missing=""),
            state_cell(row),
        )
    return table
