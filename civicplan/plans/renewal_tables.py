"""The policy renewal tracker as tables: one per urgency group, the full register for CSV, and one
policy's renewal history. States are GOV.UK tags with words."""

from __future__ import annotations

from django.urls import reverse

from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.core.tables import Cell, Column, Table, Tag, date, listing, number, text
from civicplan.plans.models import PolicyRenewal
from civicplan.plans.rules import RenewalState
from civicplan.plans.selectors import PolicyRenewalRow, RenewalTracker

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
    return Cell(value=row.state.label, tags=(Tag(row.state.label, STATE_COLOURS[row.state]),))


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
        listing(post.title for post in row.owners),
        text(row.policy.renewal_text),
        text(row.policy.get_recurrence_display() if row.policy.recurrence else ""),
        date(row.next_due) if row.next_due else text(""),
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
        ("Owners", listing(post.title for post in row.owners)),
        ("Renewal as printed", text(policy.renewal_text)),
        (
            "Recurrence",
            text(policy.get_recurrence_display() if policy.recurrence else "Fixed date"),
        ),
        ("Next renewal due", date(row.next_due) if row.next_due else text("No date")),
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
        user = renewal.recorded_by
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
            date(renewal.next_renewal_date) if renewal.next_renewal_date else text(""),
            text(renewal.note),
            text(
                (user.get_full_name() or user.get_username()) if user else "civicplan",
                hint=date_text(clock.local_day(renewal.recorded_at)),
            ),
        )
    return table
