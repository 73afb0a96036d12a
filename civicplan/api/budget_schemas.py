"""What the budget read endpoints return: the position for a year and quarter, and income bids.

Every figure is ``budgets.selectors``'s (computed, never typed); savings and income are negative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from civicplan.api.fields import Number, Year

# -- budget -----------------------------------------------------------------------------------


class BudgetQuery(Schema):
    year: Year | None = Field(None, description="Default: the plan's current financial year.")
    upto: int | None = Field(None, ge=1, le=4, description="Up to the end of this quarter.")


class LinePositionOut(Schema):
    id: int = Field(alias="line.id")
    kind: str = Field(alias="line.kind")
    description: str = Field(alias="line.description")
    action: str = Field(alias="line.action")
    task: str | None
    planned: Number
    actuals: dict[str, Number] = Field(description="Recorded actuals by quarter (Q1–Q4).")
    planned_to_date: Number
    actual_to_date: Number
    variance: Number = Field(description="Actual − planned: positive is adverse.")
    reading: str

    @staticmethod
    def resolve_task(ly: Any) -> str | None:
        return ly.line.task.code if ly.line.task else None

    @staticmethod
    def resolve_actuals(ly: Any) -> dict[str, Decimal]:
        return {f"Q{q}": actual.amount for q, actual in sorted(ly.actuals.items())}

    @staticmethod
    def resolve_reading(ly: Any) -> str:
        return ly.reading.value


class SubtotalOut(Schema):
    kind: str
    label: str
    planned: Number
    planned_to_date: Number
    actual: Number
    variance: Number


class BudgetPositionOut(Schema):
    """Planned against actual for a year up to a quarter; savings and income are negative."""

    year: Year = Field(alias="fy")
    upto: int
    lines: list[LinePositionOut]
    subtotals: list[SubtotalOut]
    planned_net_change: Number
    planned_to_date: Number
    actual_net_change: Number
    variance: Number

    @staticmethod
    def resolve_planned_net_change(year: Any) -> Decimal:
        return year.planned_net_change()

    @staticmethod
    def resolve_planned_to_date(year: Any) -> Decimal:
        return year.planned_to_date()

    @staticmethod
    def resolve_actual_net_change(year: Any) -> Decimal:
        return year.actual_net_change()

    @staticmethod
    def resolve_variance(year: Any) -> Decimal:
        return year.variance()


class BidOut(Schema):
    id: int
    funder: str
    purpose: str
    line: str = Field(alias="line.description")
    submitted_on: dt.date
    amount_bid: Number
    outcome: str
    amount_awarded: Number | None
    decided_on: dt.date | None
    version: int


class BidsOut(Schema):
    bids: list[BidOut]
    counts: dict[str, int]
    total_bid: Number
    total_awarded: Number

    @staticmethod
    def resolve_total_bid(summary: Any) -> Decimal:
        return summary.total_bid()
