"""The quarterly performance report as plain data: ``quarterly_report(plan, period, …)``.

Sections in the order a GMT or Cabinet report reads: summary of statuses by objective (with its
chart), the Critical Success Indicators, the other measures the audience sees, exceptions (every
measure off target or within tolerance, with its owner's commentary and trend), benchmarking (the
measures counted from police data beside other districts), key tasks, risks, policies due for
renewal, the budget position and notes on the data. The Overview and Scrutiny summary
(``audience="scrutiny"``) is built from the same data (``summary.py``), with benchmarking in brief.

No clock is read here: ``as_of`` is the only date, so the same data and period give the same
report, byte for byte once rendered.
"""

from __future__ import annotations

import datetime as dt

from civicplan.core.periods import Period
from civicplan.plans.models import Plan
from civicplan.reports.quarterly import sections
from civicplan.reports.quarterly.benchmarking import benchmark_section, benchmark_summary_section
from civicplan.reports.quarterly.data import (
    budget_data,
    measures_data,
    policies_data,
    risks_data,
    tasks_data,
)
from civicplan.reports.quarterly.document import Audience, Cover, Numbering, QuarterlyReport
from civicplan.reports.quarterly.measures import FRAMEWORKS, measures_sections
from civicplan.reports.quarterly.police import police_benchmarks
from civicplan.reports.quarterly.summary import summary_sections

# -- The report ---------------------------------------------------------------------------------


def report_title(plan: Plan, period: Period, audience: Audience) -> str:
    if audience is Audience.SCRUTINY:
        return f"{plan.priority}: performance summary for {period.label}"
    return f"{plan.priority}: quarterly performance report for {period.label}"


def quarterly_report(
    plan: Plan,
    period: Period,
    *,
    audience: Audience | str,
    as_of: dt.date,
    meeting: str | None = None,
    author: str | None = None,
) -> QuarterlyReport:
    """The report on ``period`` for ``audience`` ("GMT", "Cabinet" or "Scrutiny") from the
    data recorded by ``as_of``."""
    audience = audience if isinstance(audience, Audience) else Audience.parse(audience)
    cover = Cover(
        council=plan.organisation.name,
        priority=plan.priority,
        title=report_title(plan, period, audience),
        period=period,
        audience=audience,
        as_of=as_of,
        meeting=(meeting or "").strip(),
        author=(author or "").strip(),
    )
    measures = measures_data(plan, period, as_of=as_of, frameworks=FRAMEWORKS[audience])
    tasks = tasks_data(plan, period, as_of=as_of)
    risks = risks_data(plan, period, as_of=as_of)
    policies = policies_data(plan, as_of=as_of)
    budget = budget_data(plan, period, as_of=as_of)
    notes = tuple(tasks.notes + risks.notes + budget.notes)
    police = police_benchmarks(plan, period, list(measures.titles.items()))
    numbers = Numbering()
    if audience is Audience.SCRUTINY:
        parts = summary_sections(measures, tasks, risks, policies, budget, numbers)
        if police is not None:
            parts.append(benchmark_summary_section(police, numbers))
    else:
        parts = measures_sections(measures, audience, numbers)
        if police is not None:
            parts.append(benchmark_section(police, numbers))
        parts += [
            sections.tasks_section(tasks, as_of, numbers),
            sections.risks_section(risks, numbers),
            sections.policies_section(policies, as_of, numbers),
            sections.budget_section(budget, numbers),
        ]
    parts.append(sections.data_notes_section(measures, as_of))
    return QuarterlyReport(cover=cover, sections=tuple(parts), notes=notes)


__all__ = ["Audience", "QuarterlyReport", "quarterly_report"]
