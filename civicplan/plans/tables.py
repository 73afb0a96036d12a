"""The plan pages' tables: objectives, service-level objectives, policy register, findings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse

from civicplan.core.formats import date_text
from civicplan.core.tables import Cell, Column, Table, Tag, listing, number, text
from civicplan.plans.forms import finding_kind_label
from civicplan.plans.models import Finding, Policy, Recurrence
from civicplan.plans.selectors import PlanOverview

if TYPE_CHECKING:
    from civicplan.plans.selectors import RegisterPolicy


def objectives_table(overview: PlanOverview) -> Table:
    table = Table(
        "objectives",
        "Objectives",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Objective"),
            Column("indicators", "Indicators", numeric=True),
            Column("service_objectives", "Service-level objectives", numeric=True),
        ],
    )
    indicators_url = reverse("indicators:list")
    for summary in overview.objectives:
        objective = summary.objective
        count = number(summary.indicator_count)
        link = f"{indicators_url}?{urlencode({'objective': objective.code})}"
        table.add(
            text(objective.code),
            text(objective.title, href=f"#objective-{objective.code}"),
            Cell(value=count.value, text=count.text, href=link),
            number(summary.service_objective_count),
        )
    return table


def service_objectives_table(overview: PlanOverview) -> Table:
    """Every service-level objective as a row (the page groups them; the CSV lists them)."""
    table = Table(
        "service_objectives",
        "Service-level objectives",
        [
            Column("objective", "Objective", row_header=True),
            Column("service_area", "Service area"),
            Column("department", "Department"),
            Column("text", "Service-level objective"),
        ],
    )
    for summary in overview.objectives:
        for area in summary.service_areas:
            for department in area.departments:
                for line in department.texts:
                    table.add(
                        text(summary.objective.code),
                        text(area.service_area),
                        text(department.department),
                        text(line),
                    )
    return table


def _renewal_tags(policy: Policy, today: dt.date) -> list[Tag]:
    """Say what the printed text leaves implicit: recurring, undated or overdue."""
    if policy.recurrence:
        label = Recurrence(policy.recurrence).label
        return [] if label.casefold() == policy.renewal_text.casefold() else [Tag(label, "grey")]
    if policy.renewal_date is None:
        return [Tag("No date", "grey")]
    if policy.renewal_date < today:
        return [Tag("Overdue", "red")]
    return []


def policies_table(policies: list[RegisterPolicy], *, today: dt.date) -> Table:
    table = Table(
        "policies",
        "Strategies and policies by renewal date",
        [
            Column("title", "Strategy or policy", row_header=True),
            Column("purpose", "Purpose"),
            Column("renewal_text", "Renewal as printed"),
            Column("renewal_date", "Renewal date"),
            Column("recurrence", "Recurrence", html=False),
            Column("owners", "Responsible officer or contact"),
        ],
        caption_class="govuk-table__caption--m",
    )
    for policy in policies:
        purpose = "\n".join([policy.purpose, *(f"• {item}" for item in policy.purpose_items)])
        table.add(
            text(policy.title),
            Cell(
                value=purpose.strip(),
                text=policy.purpose,
                bullets=True,
                items=tuple(text(item) for item in policy.purpose_items),
            ),
            text(policy.renewal_text, tags=_renewal_tags(policy, today)),
            Cell(value=policy.renewal_date, text=date_text(policy.renewal_date)),
            text(policy.recurrence),
            listing(link.post.title for link in policy.owner_links),
        )
    return table


def findings_table(findings: list[Finding]) -> Table:
    table = Table(
        "findings",
        "Findings",
        [
            Column("kind", "Kind", row_header=True),
            Column("line", "Line", numeric=True),
            Column("message", "Message"),
            Column("suggestion", "Suggestion"),
        ],
        empty="There are no findings to show.",
        caption_class="govuk-visually-hidden",
    )
    for finding in findings:
        table.add(
            Cell(value=finding.kind, text=finding_kind_label(finding.kind)),
            number(finding.line),
            text(finding.message),
            text(finding.suggestion),
        )
    return table
