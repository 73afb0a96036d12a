"""The plan pages' tables: objectives, service-level objectives, the policy register and its
renewal tracker (one table per urgency group, the full register for CSV, one policy's renewal
history), findings. States are GOV.UK tags with words."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse

from civicplan.core.formats import date_text
from civicplan.core.tables import (
    Cell,
    Column,
    Table,
    Tag,
    choice_tag,
    coded,
    date,
    number,
    recorded,
    tagged,
    text,
    titles,
)
from civicplan.plans.forms import finding_kind_label
from civicplan.plans.models import Finding, Policy, PolicyRenewal, Recurrence
from civicplan.plans.rules import RenewalState
from civicplan.plans.selectors import PlanOverview, PolicyRenewalRow, RenewalTracker

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
    indicators_url = reverse("monitoring:indicators")
    for summary in overview.objectives:
        objective = summary.objective
        link = f"{indicators_url}?{urlencode({'objective': objective.code})}"
        table.add(
            text(objective.code),
            text(objective.title, href=f"#objective-{objective.code}"),
            number(summary.indicator_count, href=link),
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
            date(policy.renewal_date),
            text(policy.recurrence),
            titles(link.post for link in policy.owner_links),
        )
    return table


# -- the renewal tracker -----------------------------------------------------------------------

STATE_COLOURS = {
    RenewalState.OVERDUE: "red",
    RenewalState.DUE_SOON: "yellow",
    RenewalState.LATER: "green",
    RenewalState.UNDER_REVIEW: "grey",
    RenewalState.NO_DATE: "grey",
}
GROUPS = [
    ("overdue", "Overdue", "No policy is overdue for renewal."),
    ("due_soon", "Due within 90 days", "No policy is due for renewal within 90 days."),
    ("later", "Due later", "No policy is due later."),
    ("undated", "No renewal date", "Every policy has a renewal date."),
]


def policy_href(pk: int) -> str:
    return reverse("plans:policy", kwargs={"pk": pk})


def state_cell(row: PolicyRenewalRow) -> Cell:
    return tagged(choice_tag(row.state, STATE_COLOURS))


def _latest(row: PolicyRenewalRow) -> Cell:
    latest = row.latest
    if latest is None:
        return text("", hint="None recorded")
    return text(latest.document_version, hint=f"approved {date_text(latest.approved_on)}")


def _columns(*, full: bool) -> list[Column]:
    return [
        Column("title", "Strategy or policy", row_header=True),
        Column("owners", "Owners"),
        Column("renewal_text", "Renewal as printed"),
        Column("recurrence", "Recurrence", html=False),
        Column("next_due", "Next renewal due"),
        Column("state", "Status", html=full),
        Column("latest", "Latest version"),
        Column("approved_on", "Approved on", html=False),
        Column("approved_by", "Approved by", html=False),
        Column("document", "Document", html=False),
        Column("renewals", "Renewals recorded", html=False),
    ]


def _add(table: Table, row: PolicyRenewalRow) -> None:
    latest = row.latest
    table.add(
        text(row.title, href=policy_href(row.policy.pk)),
        titles(row.owners),
        text(row.policy.renewal_text),
        text(row.policy.get_recurrence_display() if row.policy.recurrence else ""),
        date(row.next_due, missing=""),
        state_cell(row),
        _latest(row),
        Cell(value=latest.approved_on if latest else None),
        text(latest.approved_by_body if latest else ""),
        text(latest.document_url if latest else ""),
        number(len(row.renewals)),
        id=f"policy-{row.policy.pk}",
    )


def renewals_table(tracker: RenewalTracker) -> Table:
    """Every policy in one table, most urgent first: the tracker's CSV download."""
    table = Table("renewals", "Policy renewals", _columns(full=True), filename="policy-renewals")
    for row in tracker.rows:
        _add(table, row)
    return table


def group_tables(tracker: RenewalTracker) -> list[Table]:
    """One table per urgency group, each in date order."""
    tables = []
    for key, caption, empty in GROUPS:
        table = Table(
            key, caption, _columns(full=False), empty=empty, filename=f"policy-renewals-{key}"
        )
        for row in getattr(tracker, key):
            _add(table, row)
        tables.append(table)
    return tables


def policy_summary(row: PolicyRenewalRow) -> list[tuple[str, Cell]]:
    policy = row.policy
    return [
        ("Purpose", text(policy.purpose)),
        ("Owners", titles(row.owners)),
        ("Renewal as printed", text(policy.renewal_text)),
        (
            "Recurrence",
            text(policy.get_recurrence_display() if policy.recurrence else "Fixed date"),
        ),
        ("Next renewal due", date(row.next_due, missing="No date")),
        ("Status", state_cell(row)),
    ]


def renewal_history_table(renewals: list[PolicyRenewal]) -> Table:
    table = Table(
        "history",
        "Renewal history",
        [
            Column("sequence", "Renewal", row_header=True, numeric=True),
            Column("version", "Version"),
            Column("approved_on", "Approved on"),
            Column("approved_by", "Approved by"),
            Column("document", "Document"),
            Column("next_renewal", "Next renewal date"),
            Column("note", "Note"),
            Column("recorded_by", "Recorded by"),
        ],
        empty="No renewal has been recorded since the plan was imported.",
        filename="policy-renewal-history",
    )
    for renewal in reversed(renewals):
        table.add(
            number(renewal.sequence),
            text(renewal.document_version),
            date(renewal.approved_on),
            text(renewal.approved_by_body),
            Cell(
                value=renewal.document_url,
                text=f"Open {renewal.document_version}" if renewal.document_url else "",
                href=renewal.document_url,
            ),
            date(renewal.next_renewal_date, missing=""),
            text(renewal.note),
            recorded(renewal.recorded_by, renewal.recorded_at),
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
            coded(finding.kind, finding_kind_label(finding.kind)),
            number(finding.line),
            text(finding.message),
            text(finding.suggestion),
        )
    return table
