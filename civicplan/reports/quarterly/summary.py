"""The Overview and Scrutiny summary: the quarterly report's data on one or two pages.

Key messages in bullets (measures, key tasks, risks, policies, budget), the status chart, the
Critical Success Indicators and the measures needing attention with their owners' words. No
trend charts and no task lists: the full report has them.
"""

from __future__ import annotations

from civicplan.core.formats import money_text
from civicplan.indicators.models import Framework
from civicplan.reports.quarterly.data import Budget, Measures, Policies, Risks, Tasks
from civicplan.reports.quarterly.document import (
    Block,
    BulletList,
    Cell,
    Numbering,
    Paragraph,
    Section,
    Table,
)
from civicplan.reports.quarterly.measures import figure_text, headline, status_cell, status_summary


def _budget_message(budget: Budget) -> str:
    year = budget.year
    if year is None or not year.lines:
        return budget.notes[0] if budget.notes else "The plan has no budget lines."
    if not budget.has_actuals:
        return (
            f"Budget: {money_text(year.planned_to_date())} change to the net revenue budget "
            f"planned by Q{year.upto}; no actuals recorded yet."
        )
    return (
        f"Budget: {money_text(year.actual_net_change())} change to the net revenue budget by "
        f"Q{year.upto} against {money_text(year.planned_to_date())} planned "
        f"(variance {money_text(year.variance())})."
    )


def _risk_message(risks: Risks) -> str:
    if not risks.scored:
        return f"Risks: none of the plan's {len(risks.register.rows)} risks has been scored yet."
    top = risks.register.spec.bands[-1]["label"] if risks.register.spec.bands else ""
    highest = [r for r in risks.register.rows if r.residual and r.residual_rating == top]
    return (
        f"Risks: {risks.scored} scored, {len(highest)} rated {top.lower()}; "
        f"{len(risks.changed)} changed score this quarter."
    )


def key_messages(
    measures: Measures, tasks: Tasks, risks: Risks, policies: Policies, budget: Budget
) -> BulletList:
    return BulletList(
        (
            headline(measures),
            f"Key tasks: {len(tasks.completed)} completed, {len(tasks.overdue)} overdue and "
            f"{len(tasks.at_risk)} at risk or off track, of {tasks.total}.",
            _risk_message(risks),
            f"Policies: {len(policies.overdue)} overdue for renewal and {len(policies.due_soon)} "
            "due within 90 days.",
            _budget_message(budget),
        )
    )


def summary_sections(
    measures: Measures,
    tasks: Tasks,
    risks: Risks,
    policies: Policies,
    budget: Budget,
    numbers: Numbering,
) -> list[Section]:
    """The summary's sections, numbered from Table 1 and Figure 1."""
    chart_blocks = status_summary(measures, numbers, compact=True)[1:]  # the headline is a bullet
    csis = measures.of(Framework.CSI)
    csi_table: Block = (
        Table(
            numbers.table(),
            f"Critical Success Indicators, {measures.period.label}",
            ("Measure", "Actual", "Target", "Status", "Against last year"),
            tuple(
                (
                    Cell(f"{m.code} {m.title}"),
                    Cell(figure_text(m, m.evaluation.actual), numeric=True),
                    Cell(figure_text(m, m.evaluation.target, empty="No target"), numeric=True),
                    status_cell(m.status),
                    Cell(m.evaluation.direction.label),
                )
                for m in csis
            ),
            (6, 2, 2, 2, 2),
        )
        if csis
        else Paragraph("The plan has no Critical Success Indicators.")
    )
    exceptions = measures.exceptions
    attention: Block = (
        Table(
            numbers.table(),
            "Measures off target or within tolerance",
            ("Measure", "Status", "Owner's commentary"),
            tuple(
                (
                    Cell(f"{m.code} {m.title}"),
                    status_cell(m.status),
                    Cell(m.commentary or "No commentary recorded."),
                )
                for m in exceptions
            ),
            (4, 2, 7),
        )
        if exceptions
        else Paragraph("No measure is off target or within tolerance this quarter.")
    )
    return [
        Section(
            "messages", "Key messages", (key_messages(measures, tasks, risks, policies, budget),)
        ),
        Section("summary", "Measures by status", tuple(chart_blocks)),
        Section("csi", "Critical Success Indicators", (csi_table,)),
        Section("exceptions", "Measures needing attention", (attention,)),
    ]
