"""The budget tables: as printed, one per kind of line with its totals, then the net change per
year; as tracked, planned against actual per line, totals by kind, a line's quarters, and income
bids. Every tracked figure comes from ``budgets.tracking`` (computed, never typed); variance
readings are tags with words: adverse, favourable, on plan.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from civicplan.budgets.models import BidOutcome, BudgetActual, BudgetLine, IncomeBid
from civicplan.budgets.rules import VarianceReading, variance_reading
from civicplan.budgets.selectors import BidSummary, BudgetGroup, BudgetYear, LineYear, PlanBudget
from civicplan.core.fy import FinancialYear
from civicplan.core.tables import Cell, Column, Table, Tag, date, money, recorded, tagged, text
from civicplan.tasks.tables import task_href, task_page_href

CAPTIONS = {
    "implication": "Budget implications",
    "efficiency": "Efficiencies generated",
    "income": "New business and increased income",
}


def _year_columns(years: list[FinancialYear]) -> list[Column]:
    return [Column(f"amount_{year.start}", str(year), numeric=True) for year in years]


def lines_table(budget: PlanBudget) -> Table:
    """Every line with its kind: the budget page's main download."""
    table = Table(
        "lines",
        "Budget lines",
        [
            Column("kind", "Kind"),
            Column("description", "Description", row_header=True),
            Column("action", "Action"),
            *_year_columns(budget.years),
        ],
        filename="budget-lines",
    )
    for group in budget.groups:
        for item in group.lines:
            table.add(
                text(group.kind),
                text(item.line.description),
                text(item.line.action),
                *(money(item.amounts.get(year)) for year in budget.years),
            )
    return table


def group_table(group: BudgetGroup, years: list[FinancialYear]) -> Table:
    caption = CAPTIONS.get(group.kind, group.label)
    table = Table(
        group.kind,
        caption,
        [
            Column("description", "Description", row_header=True),
            Column("action", "Action"),
            *_year_columns(years),
        ],
        empty=f"There are no lines under {caption.lower()}.",
        filename=f"budget-{group.kind}",
    )
    for item in group.lines:
        line = item.line
        table.add(
            text(line.description),
            text(line.action, href=task_href(line.task.code) if line.task else ""),
            *(money(item.amounts.get(year)) for year in years),
        )
    table.add_foot(
        text(f"Total {caption.lower()}"), text(""), *(money(group.totals[year]) for year in years)
    )
    return table


def printed_totals_table(budget: PlanBudget) -> Table:
    table = Table(
        "totals",
        "Net change in revenue budgets",
        [
            Column("kind", "Kind", row_header=True),
            *_year_columns(budget.years),
        ],
        filename="budget-totals",
    )
    for group in budget.groups:
        table.add(
            text(CAPTIONS.get(group.kind, group.label)),
            *(money(group.totals[year]) for year in budget.years),
        )
    table.add(text("Net change"), *(money(budget.totals[year]) for year in budget.years))
    return table


# -- as tracked --------------------------------------------------------------------------------

READINGS = {
    VarianceReading.ADVERSE: Tag("Adverse", "red"),
    VarianceReading.FAVOURABLE: Tag("Favourable", "green"),
    VarianceReading.ON_PLAN: Tag("On plan", "grey"),
}
OUTCOMES = {
    BidOutcome.PENDING: Tag("Pending", "grey"),
    BidOutcome.SUCCESSFUL: Tag("Successful", "green"),
    BidOutcome.UNSUCCESSFUL: Tag("Unsuccessful", "red"),
}


def line_href(line: BudgetLine, year: FinancialYear) -> str:
    return f"{reverse('budgets:line', kwargs={'pk': line.pk})}?year={year}"


def bid_href(bid: IncomeBid) -> str:
    return reverse("budgets:bid", kwargs={"pk": bid.pk})


def reading_cell(value: Decimal) -> Cell:
    return tagged(READINGS[variance_reading(value)])


def outcome_cell(bid: IncomeBid) -> Cell:
    return tagged(OUTCOMES[BidOutcome(bid.outcome)])


def _action(line: BudgetLine) -> Cell:
    return text(line.action, href=task_page_href(line.task.code) if line.task else "")


def position_table(year: BudgetYear) -> Table:
    quarters = [Column(f"q{n}", f"Q{n} actual", numeric=True) for n in range(1, year.upto + 1)]
    table = Table(
        "position",
        f"Budget position, {year.fy} to the end of Q{year.upto}",
        [
            Column("kind", "Kind", html=False),
            Column("description", "Budget line", row_header=True),
            Column("action", "Action"),
            Column("planned", f"Planned {year.fy}", numeric=True),
            *quarters,
            Column("planned_to_date", "Planned to date", numeric=True),
            Column("actual_to_date", "Actual to date", numeric=True),
            Column("variance", "Variance", numeric=True),
            Column("reading", "Reading"),
        ],
        empty="This plan has no budget lines.",
        filename=f"budget-position-{year.fy}-q{year.upto}".replace("/", "-"),
    )
    for ly in year.lines:
        table.add(*_line_cells(ly, year))
    planned, *to_date = _net_change(year)
    table.add_foot(
        text(""),
        text("Net change in revenue budget"),
        text(""),
        planned,
        *(text("") for _ in range(year.upto)),
        *to_date,
    )
    return table


def _position(
    planned: Decimal, planned_to_date: Decimal, actual: Decimal, variance: Decimal
) -> list[Cell]:
    """Planned for the year, planned and actual to date, the variance and its reading."""
    return [
        money(planned),
        money(planned_to_date),
        money(actual),
        money(variance),
        reading_cell(variance),
    ]


def _net_change(year: BudgetYear) -> list[Cell]:
    return _position(
        year.planned_net_change(), year.planned_to_date(), year.actual_net_change(), year.variance()
    )


def _line_cells(ly: LineYear, year: BudgetYear) -> list[Cell]:
    recorded = [q for q in ly.actuals if q <= year.upto]
    actual = money(ly.actual_to_date)
    if not recorded:
        actual = actual.with_hint("No actuals recorded")
    return [
        text(ly.line.get_kind_display()),
        text(ly.line.description, href=line_href(ly.line, year.fy)),
        _action(ly.line),
        money(ly.planned),
        *(
            money(ly.actuals[q].amount) if q in ly.actuals else text("")
            for q in range(1, year.upto + 1)
        ),
        money(ly.planned_to_date),
        actual,
        money(ly.variance),
        reading_cell(ly.variance),
    ]


def totals_table(year: BudgetYear) -> Table:
    table = Table(
        "totals",
        f"Net change in revenue budgets, {year.fy} to the end of Q{year.upto}",
        [
            Column("kind", "Kind", row_header=True),
            Column("planned", f"Planned {year.fy}", numeric=True),
            Column("planned_to_date", "Planned to date", numeric=True),
            Column("actual", "Actual to date", numeric=True),
            Column("variance", "Variance", numeric=True),
            Column("reading", "Reading"),
        ],
        filename=f"budget-totals-{year.fy}-q{year.upto}".replace("/", "-"),
    )
    for sub in year.subtotals:
        table.add(
            text(CAPTIONS.get(sub["kind"], sub["label"])),
            *_position(sub["planned"], sub["planned_to_date"], sub["actual"], sub["variance"]),
        )
    table.add(text("Net change"), *_net_change(year))
    return table


def line_summary(ly: LineYear, year: FinancialYear) -> list[tuple[str, Cell]]:
    line = ly.line
    return [
        ("Kind", text(line.get_kind_display())),
        ("Action", _action(line)),
        (f"Planned {year}", money(ly.planned)),
        (f"Planned to the end of Q{ly.upto}", money(ly.planned_to_date)),
        (f"Actual to the end of Q{ly.upto}", money(ly.actual_to_date)),
        ("Variance", money(ly.variance)),
        ("Reading", reading_cell(ly.variance)),
    ]


def quarters_table(actuals: list[BudgetActual], year: FinancialYear) -> Table:
    table = Table(
        "quarters",
        f"Actual amounts recorded, {year}",
        [
            Column("quarter", "Quarter", row_header=True),
            Column("amount", "Actual", numeric=True),
            Column("note", "Note"),
            Column("recorded_by", "Recorded by"),
        ],
        empty=f"No actual amounts have been recorded for {year}.",
        filename=f"budget-actuals-{year}".replace("/", "-"),
    )
    for actual in actuals:
        table.add(
            text(actual.period.label),
            money(actual.amount),
            text(actual.note),
            recorded(actual.recorded_by, actual.recorded_at),
        )
    return table


def bids_table(summary: BidSummary) -> Table:
    table = Table(
        "bids",
        "Income bids",
        [
            Column("funder", "Funder", row_header=True),
            Column("purpose", "Purpose"),
            Column("line", "Budget line"),
            Column("submitted_on", "Submitted"),
            Column("amount_bid", "Amount bid", numeric=True),
            Column("outcome", "Outcome"),
            Column("amount_awarded", "Awarded", numeric=True),
            Column("decided_on", "Decided"),
        ],
        empty="No bids for funding have been recorded yet.",
        caption_class="govuk-visually-hidden",
        filename="income-bids",
    )
    for bid in summary.bids:
        table.add(
            text(bid.funder, href=bid_href(bid)),
            text(bid.purpose),
            text(bid.line.description),
            date(bid.submitted_on),
            money(bid.amount_bid),
            outcome_cell(bid),
            money(bid.amount_awarded),
            date(bid.decided_on),
        )
    if summary.bids:
        table.add_foot(
            text("Total"),
            text(""),
            text(""),
            text(""),
            money(summary.total_bid()),
            text(""),
            money(summary.total_awarded),
            text(""),
        )
    return table


def bid_summary(bid: IncomeBid) -> list[tuple[str, Cell]]:
    return [
        ("Purpose", text(bid.purpose)),
        ("Budget line", text(bid.line.description)),
        ("Submitted", date(bid.submitted_on)),
        ("Amount bid for", money(bid.amount_bid)),
        ("Outcome", outcome_cell(bid)),
        ("Amount awarded", money(bid.amount_awarded)),
        ("Decided", date(bid.decided_on)),
    ]
