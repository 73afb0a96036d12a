"""Pure rules for the policy register: when a policy is next due for renewal, and how urgent it is.

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
from enum import StrEnum

from civicplan.plans.models import Recurrence

RENEWAL_DUE_SOON_DAYS = 90


class RenewalState(StrEnum):
    """Where a policy's renewal stands as of a date."""

    OVERDUE = "overdue"
    """The renewal date has passed and no renewal since has moved it on."""
    DUE_SOON = "due_soon"
    """Due today or within the next 90 days."""
    LATER = "later"
    """Due more than 90 days from now."""
    UNDER_REVIEW = "under_review"
    """Kept under constant review: no renewal date."""
    NO_DATE = "no_date"
    """A fixed-date policy whose date the plan did not give: ask its owner."""

    @property
    def label(self) -> str:
        return {
            RenewalState.OVERDUE: "Overdue",
            RenewalState.DUE_SOON: "Due within 90 days",
            RenewalState.LATER: "Later",
            RenewalState.UNDER_REVIEW: "Under constant review",
            RenewalState.NO_DATE: "No renewal date",
        }[self]


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
