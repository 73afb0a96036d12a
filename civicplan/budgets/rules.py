"""Pure rules for budget tracking: money as typed, signs, profiles, variance and net change.

No database. Every amount is the effect on the net revenue budget, with the plan's own sign: a
cost is positive, a saving or income negative (the plan prints −£20,000 for a £20,000 saving).

* **Planned to date** spreads the year's planned amount evenly over its quarters: after Q2 half
  of it is due. (The plan gives one amount per year and no profile, so even is the fair reading.)
* **Variance** = actual − planned. Positive is adverse (more cost, or less saving or income than
  planned), negative favourable, zero on plan: one reading whatever the kind of line.
* **Net change** in the revenue budget = the sum of every line's amount, planned or actual.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from civicplan.budgets.models import BidOutcome, BudgetKind
from civicplan.core.numbers import too_large

PENNY = Decimal("0.01")


def money_parse(raw: Any) -> Decimal:
    """An amount of money as typed: "£-20,000", "−1,234.50", 20000 … to pounds and pence.

    Raises ``ValueError`` with a message for the person who typed it.
    """
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("Enter an amount in pounds, such as -20000 or 1234.50")
    text = str(raw).strip().replace(",", "").replace("£", "").replace("\u2212", "-")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"Enter an amount in pounds, not “{raw}”") from None
    if not value.is_finite() or too_large(value):
        raise ValueError(f"“{raw}” is not an amount civicplan can hold")
    if value != value.quantize(PENNY):
        raise ValueError(f"An amount has at most two decimal places (pence), not “{raw}”")
    return value.quantize(PENNY)


def sign_problem(kind: str, amount: Decimal) -> str | None:
    """Why an amount has the wrong sign for its line, or None.

    Savings and income reduce the net budget, so they are negative, as the plan prints them;
    costs are positive. Typing a saving as positive would turn it into a cost.
    """
    if kind in (BudgetKind.EFFICIENCY, BudgetKind.INCOME) and amount > 0:
        noun = "saving" if kind == BudgetKind.EFFICIENCY else "income"
        return (
            f"Enter {noun} as a negative amount, as the plan does: −{amount:,.2f} for "
            f"{amount:,.2f} of {noun}"
        )
    if kind == BudgetKind.IMPLICATION and amount < 0:
        return "A budget implication is a cost: enter it as a positive amount"
    return None


def planned_to_date(planned: Decimal, quarters: int) -> Decimal:
    """The part of a year's planned amount due after ``quarters`` quarters (0–4), evenly spread."""
    if not 0 <= quarters <= 4:
        raise ValueError(f"a year has quarters 0 to 4, not {quarters}")
    return (planned * quarters / 4).quantize(PENNY, rounding=ROUND_HALF_UP)


def variance(actual: Decimal, planned: Decimal) -> Decimal:
    """Actual − planned: positive is adverse, negative favourable."""
    return actual - planned


class VarianceReading(StrEnum):
    """How a variance reads to a budget holder."""

    ADVERSE = "adverse"
    """More cost, or less saving or income, than planned."""
    FAVOURABLE = "favourable"
    """Less cost, or more saving or income, than planned."""
    ON_PLAN = "on_plan"
    """Exactly as planned."""


def variance_reading(value: Decimal) -> VarianceReading:
    if value > 0:
        return VarianceReading.ADVERSE
    if value < 0:
        return VarianceReading.FAVOURABLE
    return VarianceReading.ON_PLAN


def net_change(amounts: Iterable[Decimal | None]) -> Decimal:
    """The change in the net revenue budget: every line's amount added up (missing counts 0)."""
    return sum((a for a in amounts if a is not None), Decimal(0))


def bid_problems(
    *, outcome: str, amount_bid: Decimal, amount_awarded: Decimal | None, decided: bool
) -> dict[str, str]:
    """What is wrong with a bid's outcome, by field; empty when it can be saved."""
    problems: dict[str, str] = {}
    if amount_bid <= 0:
        problems["amount_bid"] = "Enter the amount bid for, more than £0"
    if outcome not in BidOutcome.values:
        problems["outcome"] = "Choose pending, successful or unsuccessful"
    elif outcome == BidOutcome.SUCCESSFUL:
        if amount_awarded is None or amount_awarded <= 0:
            problems["amount_awarded"] = "Enter the amount awarded, more than £0"
        if not decided:
            problems["decided_on"] = "Enter the date of the decision"
    elif outcome == BidOutcome.UNSUCCESSFUL:
        if amount_awarded:
            problems["amount_awarded"] = "An unsuccessful bid was awarded nothing: leave it empty"
        if not decided:
            problems["decided_on"] = "Enter the date of the decision"
    return problems
