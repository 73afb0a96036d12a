"""Building the collection workbook: one period's figures to fill in, pre-filled and validated.

Excel is where owners already work. The workbook carries everything they need to fill it in
without civicplan open (targets, last year's figure, the deadline), lets Excel catch the obvious
mistakes as they type (data validation), and protects what they must not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any, cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from civicplan.accounts.permissions import has_role, is_performance_officer, require, user_post_ids
from civicplan.accounts.roles import Role
from civicplan.core import clock
from civicplan.core.office import sheet_put
from civicplan.core.periods import Period
from civicplan.indicators.evaluation import Evaluation
from civicplan.indicators.models import Indicator, Unit, YearValueKind
from civicplan.monitoring.chasers import (
    collection_periods,
    due_working_days,
    long_date,
    owner_posts,
    period_due_date,
    with_owners,
)
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.rules import can_enter
from civicplan.monitoring.selectors.series import collection_rule, current_values, plan_standings
from civicplan.monitoring.workbook.layout import (
    COLUMNS,
    DERIVED_SHEET,
    EDITABLE,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    INDEX,
    INSTRUCTIONS_SHEET,
    LETTER,
    META_SHEET,
    TEMPLATE,
    status_text,
    values_sheet_title,
)
from civicplan.plans.models import Plan, Post

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

HEADER_FILL = PatternFill("solid", fgColor="DDE2E5")
INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0###"


@dataclass(frozen=True)
class _Row:
    indicator: Indicator
    period: Period
    current: IndicatorValue | None
    evaluation: Evaluation | None
    last_year: Evaluation | None


def _check_may_build(by: Actor, post: Post | None) -> None:
    """``by`` None is the system (a command run on the server), which may build any workbook."""
    if by is None:
        return
    officer = is_performance_officer(by)
    require(
        officer or has_role(by, Role.INDICATOR_OWNER),
        "You cannot enter figures, so there is no collection workbook for you. Ask an "
        "administrator for the indicator owner role if you should.",
    )
    if post is not None:
        require(
            officer or post.pk in user_post_ids(by),
            f"You do not hold the post “{post.title}”, so you cannot download its workbook.",
        )


def _scope(plan: Plan, by: Actor, post: Post | None) -> list[Indicator]:
    """The indicators in the workbook: what ``by`` may enter, narrowed to one post's if given."""
    indicators = with_owners(
        Indicator.objects.filter(plan=plan)
        .select_related("ratio_numerator", "ratio_denominator")
        .prefetch_related("year_values")
        .order_by("position", "id")
    )
    chosen = [
        indicator
        for indicator in indicators
        if (post is None or post in owner_posts(indicator))
        and (by is None or can_enter(by, indicator))
    ]
    return chosen


def _number(value: Decimal | None) -> int | float | None:
    """A Decimal as Excel stores it: a whole number as an int."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _annual_target(indicator: Indicator, period: Period) -> Decimal | None:
    for year_value in indicator.year_values.all():
        if year_value.kind == YearValueKind.TARGET and year_value.year == period.fy:
            return year_value.value
    return None


def _owners_text(indicator: Indicator) -> str:
    return "; ".join(post.title for post in owner_posts(indicator))


def _header(ws: Worksheet, headers: list[str], widths: list[float]) -> None:
    for n, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = sheet_put(ws.cell(row=HEADER_ROW, column=n), text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[cell.column_letter].width = width
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"


def _protect(ws: Worksheet) -> None:
    """Locked cells cannot be typed over; filtering, sorting and resizing still work."""
    ws.protection.sheet = True
    for name in ("autoFilter", "sort", "formatColumns", "formatRows"):
        setattr(ws.protection, name, False)


def _figure_validation(what: str, rule: str, *, error: str, **bounds: Any) -> DataValidation:
    """Excel's check on a figure as it is typed: ``rule`` as the prompt, ``error`` when broken; a
    blank is allowed, because a blank leaves the figure as it is."""
    return DataValidation(
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {what.lower()}",
        error=error,
        showInputMessage=True,
        promptTitle=what,
        prompt=f"{rule} Leave blank to leave the figure as it is.",
        **bounds,
    )


def _values_sheet(ws: Worksheet, rows: list[_Row]) -> None:
    _header(ws, [c.header for c in COLUMNS], [c.width for c in COLUMNS])
    counts = _figure_validation(
        "Count",
        "A whole number, 0 or more.",
        error="A count is a whole number, 0 or more.",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
    )
    percents = _figure_validation(
        "Percentage",
        "A number from 0 to 100.",
        error="A percentage is a number from 0 to 100 (type 62.5 for 62.5%).",
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
    )
    ws.add_data_validation(counts)
    ws.add_data_validation(percents)
    for number, row in enumerate(rows, FIRST_ROW):
        indicator = row.indicator
        percent = indicator.unit == Unit.PERCENT
        current = row.current
        cells: dict[str, Any] = {
            "code": indicator.code,
            "title": indicator.title,
            "unit": indicator.get_unit_display(),
            "owners": _owners_text(indicator),
            "period": str(row.period),
            "annual_target": _number(_annual_target(indicator, row.period)),
            "target_to_date": _number(row.evaluation.target if row.evaluation else None),
            "last_year": _number(row.last_year.period_actual if row.last_year else None),
            "value": _number(current.value) if current else None,
            "commentary": current.commentary if current else None,
            "status": status_text(current),
            "value_id": current.pk if current else None,
            "version": current.version if current else None,
        }
        for key, value in cells.items():
            cell = sheet_put(ws.cell(row=number, column=INDEX[key]), value)
            if key in ("annual_target", "target_to_date", "last_year", "value"):
                cell.number_format = PERCENT_FORMAT if percent else COUNT_FORMAT
            elif key in ("title", "owners", "commentary", "status"):
                cell.alignment = WRAP
            elif key == "period":
                cell.number_format = "@"
            if key in EDITABLE:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
        (percents if percent else counts).add(f"{LETTER['value']}{number}")
    last_row = max(FIRST_ROW, FIRST_ROW + len(rows) - 1)
    visible = [c for c in COLUMNS if not c.hidden]
    ws.auto_filter.ref = f"A{HEADER_ROW}:{LETTER[visible[-1].key]}{last_row}"
    ws.freeze_panes = f"C{FIRST_ROW}"
    for column in COLUMNS:
        if column.hidden:
            ws.column_dimensions[LETTER[column.key]].hidden = True
    _protect(ws)


def _derived_sheet(ws: Worksheet, derived: list[Indicator], standings: dict) -> None:
    headers = [
        "Code",
        "Indicator",
        "Owner(s)",
        "How it is worked out",
        "Enter these instead",
        "Annual target",
        "Value to date",
    ]
    _header(ws, headers, [12, 58, 34, 30, 70, 13, 13])
    for number, indicator in enumerate(derived, FIRST_ROW):
        evaluation = standings.get(indicator.pk)
        parts = indicator.ratio_parts()
        values = [
            indicator.code,
            indicator.title,
            _owners_text(indicator),
            collection_rule(indicator).label,
            "; ".join(f"{part.code} {part.title}" for part in parts),
            _number(_annual_target(indicator, evaluation.period) if evaluation else None),
            _number(evaluation.actual if evaluation else None),
        ]
        for column, value in enumerate(values, 1):
            cell = sheet_put(ws.cell(row=number, column=column), value)
            cell.alignment = WRAP
            if column >= 6:
                cell.number_format = PERCENT_FORMAT
    if not derived:
        sheet_put(ws.cell(row=FIRST_ROW, column=1), "No worked-out indicators in this workbook.")
    ws.freeze_panes = f"A{FIRST_ROW}"
    _protect(ws)


def _instructions(
    ws: Worksheet,
    plan: Plan,
    period: Period,
    *,
    by: Actor,
    post: Post | None,
    today: dt.date,
    elsewhere: list[Indicator],
) -> None:
    due = period_due_date(period)
    days = due_working_days()
    values_title = values_sheet_title(period)
    prepared_for = post.title if post else "every indicator you may enter"
    if by is not None:
        prepared_for = f"{by.get_username()}, {prepared_for}"
    lines: list[tuple[str, bool]] = [
        (f"Collection workbook: {plan.title}, {period.label}", True),
        (f"Figures are due by {long_date(due)}.", True),
        (
            f"That is {days} working days after the period ends on {long_date(period.last_day)} "
            "(weekends and England and Wales bank holidays are not counted).",
            False,
        ),
        (f"Prepared on {long_date(today)} for {prepared_for}.", False),
        ("", False),
        ("How to fill it in", True),
        (
            f"1. On the sheet “{values_title}”, type each figure in the Value column (yellow).",
            False,
        ),
        (
            "2. Counts are whole numbers, 0 or more. Percentages are numbers from 0 to 100: "
            "type 62.5 for 62.5%.",
            False,
        ),
        (
            "3. When a figure is worse than its target, say why in the Commentary column: a "
            "figure cannot be submitted without it.",
            False,
        ),
        (
            "4. Leave a Value blank to leave that figure as it is. A figure already there is the "
            "latest one in civicplan; change it only to correct it.",
            False,
        ),
        (
            f"5. Indicators worked out from others (the sheet “{DERIVED_SHEET}”) are not "
            "typed: enter their parts instead.",
            False,
        ),
        (
            "6. Do not change codes, periods, column headings or the sheet names: civicplan "
            "reads the workbook back by them.",
            False,
        ),
        (
            "7. Upload the file in civicplan (or run: civicplan upload-workbook FILE --user "
            "YOUR-USERNAME --submit). Nothing is saved unless every row is valid; any problem "
            "is named by sheet, row and column.",
            False,
        ),
        (
            "8. If someone changes a figure in civicplan after you downloaded this workbook, "
            "the upload is refused for that row so that neither change is lost: download a "
            "fresh workbook.",
            False,
        ),
    ]
    if elsewhere:
        codes = ", ".join(f"{i.code} ({i.get_frequency_display().lower()})" for i in elsewhere)
        lines += [
            ("", False),
            (f"Not collected for {period.label}, so not in this workbook: {codes}.", False),
        ]
    ws.column_dimensions["A"].width = 110
    for number, (text, bold) in enumerate(lines, 1):
        cell = sheet_put(ws.cell(row=number, column=1), text)
        cell.alignment = Alignment(wrap_text=True)
        if bold:
            cell.font = BOLD


def _meta_sheet(ws: Worksheet, plan: Plan, period: Period, *, by: Actor, post: Post | None) -> None:
    keys = [
        ("template", TEMPLATE),
        ("format", FORMAT),
        ("plan_id", plan.pk),
        ("plan", plan.title),
        ("period", str(period)),
        ("post_id", post.pk if post else None),
        ("post", post.title if post else None),
        ("prepared_for", by.get_username() if by is not None else None),
        ("prepared_at", clock.now().isoformat(timespec="seconds")),
    ]
    for number, (key, value) in enumerate(keys, 1):
        sheet_put(ws.cell(row=number, column=1), key)
        sheet_put(ws.cell(row=number, column=2), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def workbook_build(
    plan: Plan,
    period: Period,
    *,
    by: Actor,
    post: Post | None = None,
    today: dt.date | None = None,
) -> bytes:
    """A pre-filled collection workbook (.xlsx) for a period: every indicator ``by`` may enter
    (or one post's), with derived ratios on a read-only sheet of their own.

    ``by`` None builds the whole plan's workbook (a command run on the server).
    """
    _check_may_build(by, post)
    today = today or clock.today()
    scope = _scope(plan, by, post)
    derived = [i for i in scope if i.aggregation == "ratio"]
    entered = [i for i in scope if i.aggregation != "ratio"]
    pairs = [(i, p) for i in entered for p in collection_periods(i, period)]
    periods = {p for _, p in pairs}
    evaluations: dict[Period, dict[int, Evaluation]] = {}
    for wanted in {period, *periods, *(p.year_earlier() for p in periods)}:
        standings = plan_standings(plan, wanted, as_of=today)
        evaluations[wanted] = {s.indicator.pk: s.evaluation for s in standings}
    currents = current_values({i.pk for i, _ in pairs}, periods)
    rows = [
        _Row(
            indicator,
            own,
            currents.get((indicator.pk, own)),
            evaluations[own].get(indicator.pk),
            evaluations[own.year_earlier()].get(indicator.pk),
        )
        for indicator, own in pairs
    ]

    book = Workbook()
    book.properties.title = f"Collection workbook {period.label}"
    book.properties.creator = "civicplan"
    instructions = cast(Worksheet, book.active)  # a new workbook's one sheet, a worksheet
    instructions.title = INSTRUCTIONS_SHEET
    elsewhere = [i for i in entered if not collection_periods(i, period)]
    _instructions(instructions, plan, period, by=by, post=post, today=today, elsewhere=elsewhere)
    values = book.create_sheet(values_sheet_title(period))
    _values_sheet(values, rows)
    _derived_sheet(book.create_sheet(DERIVED_SHEET), derived, evaluations[period])
    _meta_sheet(book.create_sheet(META_SHEET), plan, period, by=by, post=post)
    book.active = values
    instructions.sheet_view.tabSelected = False  # else Excel opens with both sheets grouped
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
