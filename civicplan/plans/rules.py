"""Pure rules of a plan: which of its days a date falls in, and for the policy register, when a
policy is next due for renewal and how urgent it is.

A plan runs from 1 April of its first year to 31 March after its last. Pages and commands keep
working on any date: before the plan they show its baseline year, after it its last quarter, and
``plan_dates_note`` says so in words.

No database. The next renewal date of a policy:

* **Fixed date** (the plan prints a date such as "July 2027" or "2024 due Summer 2025 – awaited"):
  the date the latest recorded renewal set, or the plan's date if none is recorded yet.
* **Recurring annually** ("Updated annually", "Annual Plan"): one year after the latest recorded
  approval (29 February → 28 February); with none recorded, one year from the plan's start, that
  is the last day of the plan's first financial year (31 March 2027 for a plan starting 2026/27).
* **Under constant review**: no date; never overdue and never due.

Urgency as of a date ``D`` (the same boundaries as key tasks): **overdue** when the date is
before ``D``; **due within 90 days** from ``D`` to ``D + 90 days`` inclusive (due today counts,
and so does the 90th day); **later** after that.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import TextChoices

from civicplan.core.formats import date_text
from civicplan.core.periods import Period
from civicplan.plans.models import Plan, Recurrence

RENEWAL_DUE_SOON_DAYS = 90


class RenewalState(TextChoices):
    """Where a policy's renewal stands as of a date."""

    OVERDUE = "overdue", "Overdue"
    """The renewal date has passed and no renewal since has moved it on."""
    DUE_SOON = "due_soon", "Due within 90 days"
    """Due today or within the next 90 days."""
    LATER = "later", "Later"
    """Due more than 90 days from now."""
    UNDER_REVIEW = "under_review", "Under constant review"
    """Kept under constant review: no renewal date."""
    NO_DATE = "no_date", "No renewal date"
    """A fixed-date policy whose date the plan did not give: ask its owner."""


def one_year_after(day: dt.date) -> dt.date:
    """The same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_renewal_due(
    *,
    recurrence: str,
    printed_date: dt.date | None,
    plan_start: dt.date,
    last_approved_on: dt.date | None = None,
    last_next_date: dt.date | None = None,
) -> dt.date | None:
    """When the policy is next due for renewal (see the module docstring for the rule)."""
    if recurrence == Recurrence.CONTINUOUS:
        return None
    if recurrence == Recurrence.ANNUAL:
        if last_approved_on is not None:
            return one_year_after(last_approved_on)
        return one_year_after(plan_start) - dt.timedelta(days=1)
    if last_approved_on is not None:
        return last_next_date
    return printed_date


def renewal_state(
    due: dt.date | None, recurrence: str, as_of: dt.date, days: int = RENEWAL_DUE_SOON_DAYS
) -> RenewalState:
    """Overdue, due within ``days`` (both ends included), later, under review or undated."""
    if recurrence == Recurrence.CONTINUOUS:
        return RenewalState.UNDER_REVIEW
    if due is None:
        return RenewalState.NO_DATE
    if due < as_of:
        return RenewalState.OVERDUE
    if due <= as_of + dt.timedelta(days=days):
        return RenewalState.DUE_SOON
    return RenewalState.LATER


def plan_dates_note(plan: Plan, day: dt.date) -> str:
    """What a page shows when ``day`` falls outside the plan's years, or ``""`` inside them.

    ``The plan ended on 31 March 2029; showing its last quarter, 2028/29 Q4.``
    """
    first, last = plan.first_year.first_day, plan.last_year.last_day
    if day > last:
        final = Period.for_quarter(plan.last_year, 4)
        return f"The plan ended on {date_text(last)}; showing its last quarter, {final.label}."
    if day < first:
        before = plan.first_year - 1
        return (
            f"The plan starts on {date_text(first)}; until then, showing the year before it, "
            f"{before}."
        )
    return ""
