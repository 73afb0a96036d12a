"""Reading budgets: the plan's budget table (lines grouped by kind, amounts per financial year,
totals) and its tracking (planned against actual per line and quarter, variance, net change, bids).

Everything here is computed, never stored (``budgets.rules``). Three queries for a year's tracking,
two for the bids, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from civicplan.budgets.models import BidOutcome, BudgetActual, BudgetKind, BudgetLine, IncomeBid
from civicplan.budgets.rules import (
    VarianceReading,
    net_change,
    planned_to_date,
    variance,
    variance_reading,
)
from civicplan.core import clock
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.core.periods import Period
from civicplan.plans.models import Plan


@dataclass(frozen=True)
class BudgetLineAmounts:
    line: BudgetLine
    amounts: dict[FinancialYear, Decimal]


@dataclass(frozen=True)
class BudgetGroup:
    """The lines of one kind (implications, efficiencies, income) and their total per year."""

    kind: str
    label: str
    lines: list[BudgetLineAmounts]
    totals: dict[FinancialYear, Decimal]


@dataclass(frozen=True)
class PlanBudget:
    years: list[FinancialYear]
    groups: list[BudgetGroup]
    totals: dict[FinancialYear, Decimal]
    notes: list[str]


def budget_totals(
    lines: list[BudgetLineAmounts], years: list[FinancialYear]
) -> dict[FinancialYear, Decimal]:
    """The sum per year; a line with no amount for a year adds nothing."""
    return {
        year: sum((line.amounts.get(year, Decimal(0)) for line in lines), Decimal(0))
        for year in years
    }


def plan_budget(plan: Plan) -> PlanBudget:
    """Budget lines by kind, in printed order, with totals per kind and overall. Two queries."""
    lines = (
        plan.budget_lines.select_related("task").prefetch_related("amounts").order_by("position")
    )
    by_kind: dict[str, list[BudgetLineAmounts]] = defaultdict(list)
    years = set(fy_range(plan.first_year, plan.last_year))
    for line in lines:
        amounts = {amount.year: amount.amount for amount in line.amounts.all()}
        years.update(amounts)
        by_kind[line.kind].append(BudgetLineAmounts(line, amounts))
    ordered_years = sorted(years)
    groups = [
        BudgetGroup(
            kind.value,
            kind.label,
            by_kind[kind.value],
            budget_totals(by_kind[kind.value], ordered_years),
        )
        for kind in BudgetKind
    ]
    every_line = [line for group in groups for line in group.lines]
    return PlanBudget(
        years=ordered_years,
        groups=groups,
        totals=budget_totals(every_line, ordered_years),
        notes=list(plan.budget_notes),
    )


def line_actuals(line: BudgetLine, fy: FinancialYear) -> list[BudgetActual]:
    """A line's actuals in ``fy`` by quarter, with who recorded each. One query."""
    return list(line.actuals.filter(fy=fy).select_related("recorded_by").order_by("quarter"))


def bid_get(plan: Plan, pk: int) -> IncomeBid | None:
    """One of the plan's income bids, with its line and who recorded it. One query."""
    bids = IncomeBid.objects.filter(line__plan=plan, pk=pk)
    return bids.select_related("line", "line__task", "recorded_by").first()


def default_year_and_quarter(plan: Plan, today: dt.date) -> tuple[FinancialYear, int]:
    """The plan's year containing today (or its nearest) and the quarter most recently ended."""
    years = fy_range(plan.first_year, plan.last_year)
    current = FinancialYear.containing(today)
    if current < years[0]:
        return years[0], 1
    if years[-1] < current:
        return years[-1], 4
    ended = Period.quarter_containing(today).previous()
    return current, ended.number if ended.fy == current else 1


def quarters_to_date(plan: Plan, fy: FinancialYear, today: dt.date) -> int:
    """How many of ``fy``'s quarters a position "to date" covers: those ended by ``today`` (the
    quarter just ended for the current year, 4 for a past year, 1 for one not yet begun)."""
    current, ended = default_year_and_quarter(plan, today)
    if fy == current:
        return ended
    return 4 if fy < current else 1


@dataclass(frozen=True)
class LineYear:
    """One budget line in one financial year, up to a quarter."""

    line: BudgetLine
    planned: Decimal
    actuals: dict[int, BudgetActual]
    upto: int

    @property
    def planned_to_date(self) -> Decimal:
        return planned_to_date(self.planned, self.upto)

    @property
    def actual_to_date(self) -> Decimal:
        return net_change(a.amount for q, a in self.actuals.items() if q <= self.upto)

    @property
    def variance(self) -> Decimal:
        return variance(self.actual_to_date, self.planned_to_date)

    @property
    def reading(self) -> VarianceReading:
        return variance_reading(self.variance)

    def version(self, quarter: int) -> int:
        """What a form for ``quarter`` sends back as ``expected_version`` (0: nothing yet)."""
        row = self.actuals.get(quarter)
        return row.version if row else 0


@dataclass(frozen=True)
class BudgetYear:
    """A financial year's budget tracking up to quarter ``upto`` (4: the whole year)."""

    fy: FinancialYear
    upto: int
    lines: list[LineYear]

    def _kind(self, kind: str | None) -> list[LineYear]:
        return [ly for ly in self.lines if kind is None or ly.line.kind == kind]

    def planned_net_change(self, kind: str | None = None) -> Decimal:
        """The planned change in the net revenue budget for the year (or one kind of line)."""
        return net_change(ly.planned for ly in self._kind(kind))

    def planned_to_date(self, kind: str | None = None) -> Decimal:
        return net_change(ly.planned_to_date for ly in self._kind(kind))

    def actual_net_change(self, kind: str | None = None) -> Decimal:
        """The actual change so far (quarters up to ``upto``)."""
        return net_change(ly.actual_to_date for ly in self._kind(kind))

    def variance(self, kind: str | None = None) -> Decimal:
        return variance(self.actual_net_change(kind), self.planned_to_date(kind))

    @property
    def subtotals(self) -> list[dict[str, Any]]:
        """Per kind of line, for the totals table."""
        return [
            {
                "kind": kind.value,
                "label": kind.label,
                "planned": self.planned_net_change(kind),
                "planned_to_date": self.planned_to_date(kind),
                "actual": self.actual_net_change(kind),
                "variance": self.variance(kind),
            }
            for kind in BudgetKind
        ]


def budget_year(
    plan: Plan, fy: FinancialYear, *, upto: int = 4, known_on: dt.date | None = None
) -> BudgetYear:
    """Every line of the plan in ``fy``: planned, actual per quarter, to date, and the variance.

    With ``known_on``, only the actuals last recorded by the end of that day (an actual corrected
    since then is left out: its earlier amount is in the audit trail only)."""
    if not 1 <= upto <= 4:
        raise ValueError(f"upto is a quarter 1–4, not {upto}")
    recorded = BudgetActual.objects.filter(fy=fy)
    if known_on is not None:
        recorded = recorded.filter(recorded_at__lt=clock.day_end(known_on))
    actuals = Prefetch("actuals", to_attr="year_actuals", queryset=recorded)
    lines = plan.budget_lines.select_related("task").prefetch_related("amounts", actuals)
    out = []
    for line in lines.order_by("position"):
        planned = next((a.amount for a in line.amounts.all() if a.year == fy), Decimal(0))
        out.append(
            LineYear(
                line=line,
                planned=planned,
                actuals={a.quarter: a for a in line.year_actuals},
                upto=upto,
            )
        )
    return BudgetYear(fy=fy, upto=upto, lines=out)


BUDGET_CSV_HEADER = [
    "Kind",
    "Description",
    "Action",
    "Financial year",
    "Planned",
    "Q1 actual",
    "Q2 actual",
    "Q3 actual",
    "Q4 actual",
    "Planned to date",
    "Actual to date",
    "Variance",
    "Reading",
]


def budget_year_csv(year: BudgetYear) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for ``core.downloads.csv_response``: one row per line, then the total."""
    rows: list[list[Any]] = []
    for ly in year.lines:
        quarters = [ly.actuals[q].amount if q in ly.actuals else None for q in range(1, 5)]
        rows.append(
            [
                ly.line.get_kind_display(),
                ly.line.description,
                ly.line.action,
                str(year.fy),
                ly.planned,
                *quarters,
                ly.planned_to_date,
                ly.actual_to_date,
                ly.variance,
                ly.reading.value,
            ]
        )
    total = year.variance()
    rows.append(
        [
            "Net change in revenue budget",
            "",
            "",
            str(year.fy),
            year.planned_net_change(),
            None,
            None,
            None,
            None,
            year.planned_to_date(),
            year.actual_net_change(),
            total,
            variance_reading(total).value,
        ]
    )
    return BUDGET_CSV_HEADER, rows


@dataclass(frozen=True)
class BidSummary:
    """Every bid for funding, newest last, with totals by outcome."""

    bids: list[IncomeBid]

    def total_bid(self, outcome: str | None = None) -> Decimal:
        return sum(
            (b.amount_bid for b in self.bids if outcome is None or b.outcome == outcome),
            Decimal(0),
        )

    @property
    def total_awarded(self) -> Decimal:
        return sum((b.amount_awarded or Decimal(0) for b in self.bids), Decimal(0))

    @property
    def counts(self) -> dict[str, int]:
        return {o.value: sum(1 for b in self.bids if b.outcome == o) for o in BidOutcome}


def income_bids(plan: Plan) -> BidSummary:
    """The plan's income bids in the order they were submitted. One query."""
    bids = IncomeBid.objects.filter(line__plan=plan).select_related("line")
    return BidSummary(bids=list(bids.order_by("submitted_on", "id")))


BIDS_CSV_HEADER = [
    "Funder",
    "Purpose",
    "Budget line",
    "Submitted on",
    "Amount bid",
    "Outcome",
    "Amount awarded",
    "Decided on",
]


def income_bids_csv(summary: BidSummary) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for ``core.downloads.csv_response``: one row per bid."""
    rows = [
        [
            bid.funder,
            bid.purpose,
            bid.line.description,
            bid.submitted_on,
            bid.amount_bid,
            bid.get_outcome_display(),
            bid.amount_awarded,
            bid.decided_on,
        ]
        for bid in summary.bids
    ]
    return BIDS_CSV_HEADER, rows
