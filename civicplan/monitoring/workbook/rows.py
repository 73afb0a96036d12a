"""Checking the rows of a collection workbook's values sheet, before anything is saved.

Each row is read as an owner meant it (a formula's saved result, a cell formatted as a percentage,
Excel's float noise tidied), then checked in the order an owner would fix it: the code, the
period, the figure, then whether it changed, whether they may enter it, whether someone else
changed it since the download, and whether a worse-than-target figure is explained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from civicplan.core.errors import ValueRejected
from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.indicators.services import value_parse
from civicplan.monitoring.chasers import collection_periods, owner_posts, with_owners
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.rules import (
    OPEN_STATUSES,
    can_enter,
    commentary_needed,
    remedy_needed,
)
from civicplan.monitoring.selectors.series import (
    current_values,
    status_if,
    unusual_for,
)
from civicplan.monitoring.workbook.layout import COLUMNS, FIRST_ROW, FRESH, INDEX, LETTER
from civicplan.monitoring.workbook.results import UploadProblem, UploadResult
from civicplan.plans.models import Plan

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


@dataclass(frozen=True)
class RowChange:
    """A checked figure to save, with the version its row was made from."""

    row: int
    indicator: Indicator
    period: Period
    value: Decimal
    commentary: str
    expected_version: int | None


def _lower_first(text: str) -> str:
    """``A count cannot …`` reads on after ``column I:`` as ``a count cannot …``; a code such as
    ``ComS_024`` keeps its capitals."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() or len(first) == 1 else text


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _raw_value(cell: Cell | MergedCell, cached: Worksheet | None) -> Any:
    """The figure as typed: a formula's saved result, a %-formatted cell as 0–100, floats tidied.

    Raises ValueRejected for what cannot be a figure at all.
    """
    raw = cell.value
    if cell.data_type == "f":
        raw = cached[cell.coordinate].value if cached is not None else None
        if raw is None:
            raise ValueRejected(
                "this cell holds a formula without a saved result: type the figure itself, "
                "or open the file in Excel and save it before uploading"
            )
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise ValueRejected("this cell holds a date or time, not a number: type the figure")
    if isinstance(raw, float):
        if "%" in (cell.number_format or ""):
            raw *= 100  # a cell formatted as 62.5% holds 0.625
        raw = format(raw, ".15g")  # 0.1 + 0.2 is 0.3, not 0.30000000000000004
    elif isinstance(raw, int) and not isinstance(raw, bool) and "%" in (cell.number_format or ""):
        raw *= 100
    return raw


def _hidden_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(value)


def _period_of(raw: Any) -> Period:
    if isinstance(raw, dt.datetime | dt.date):  # Excel turns a typed 2026-10 into a date
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return Period.month_containing(day)
    return Period.parse(_text(raw))


def _indicators_by_code(plan: Plan) -> dict[str, Indicator]:
    indicators = with_owners(
        Indicator.objects.filter(plan=plan).select_related("ratio_numerator", "ratio_denominator")
    )
    by_code: dict[str, Indicator] = {}
    for indicator in indicators:
        for alias in indicator.aliases or []:
            by_code.setdefault(str(alias).casefold(), indicator)
    for indicator in indicators:
        by_code[indicator.code.casefold()] = indicator
    return by_code


def _is_unchanged(
    current: IndicatorValue | None, value: Decimal, commentary: str, *, submit: bool
) -> bool:
    """Nothing to save: same figure and commentary, and not a draft now being submitted."""
    if current is None or current.value != value or current.commentary.strip() != commentary:
        return False
    return current.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED) or not submit


def _stale(current: IndicatorValue | None, value_id: int | None, version: int | None) -> str | None:
    """Why the row's figure is out of date, or None when it is what the workbook was made from."""
    now = (current.pk, current.version) if current is not None else (None, None)
    if now == (value_id, version):
        return None
    if current is None:
        return "the figure this row was made from is no longer current in civicplan"
    who = current.entered_by.get_username() if current.entered_by else "an automatic feed"
    return (
        f"the figure was changed in civicplan after this workbook was made (it is now "
        f"{_plain(current.value)}, {current.get_status_display().lower()}, last saved by {who})"
    )


class RowReader:
    """Checks the rows of one values sheet, collecting problems and changes."""

    def __init__(
        self,
        *,
        plan: Plan,
        period: Period,
        ws: Worksheet,
        cached: Worksheet | None,
        by: Actor,
        submit: bool,
        as_of: dt.date,
        result: UploadResult,
    ) -> None:
        self.plan, self.period, self.ws, self.cached = plan, period, ws, cached
        self.by, self.submit, self.as_of, self.result = by, submit, as_of, result
        self.by_code = _indicators_by_code(plan)
        self.changes: list[RowChange] = []
        self.seen: dict[tuple[int, Period], int] = {}

    def problem(self, row: int, key: str, message: str, kind: str) -> None:
        self.result.problems.append(
            UploadProblem(
                _lower_first(message), sheet=self.ws.title, row=row, column=LETTER[key], kind=kind
            )
        )

    def read(self) -> None:
        rows: list[tuple[int, dict[str, Cell | MergedCell]]] = []
        for number in range(FIRST_ROW, self.ws.max_row + 1):
            cells = {c.key: self.ws.cell(row=number, column=INDEX[c.key]) for c in COLUMNS}
            if any(_text(cells[k].value) for k in ("code", "value", "commentary")):
                rows.append((number, cells))
        currents = self._currents(rows)
        for number, cells in rows:
            self.check_row(number, cells, currents)

    def _currents(
        self, rows: list[tuple[int, dict[str, Cell | MergedCell]]]
    ) -> dict[tuple[int, Period], IndicatorValue]:
        wanted_indicators: set[int] = set()
        wanted_periods: set[Period] = set()
        for _, cells in rows:
            indicator = self.by_code.get(_text(cells["code"].value).casefold())
            if indicator is not None:
                wanted_indicators.add(indicator.pk)
                wanted_periods.update(collection_periods(indicator, self.period))
        return current_values(wanted_indicators, wanted_periods)

    def check_row(self, number: int, cells: dict[str, Cell | MergedCell], currents: dict) -> None:
        try:
            raw = _raw_value(cells["value"], self.cached)
        except ValueRejected as exc:
            self.problem(number, "value", str(exc), "value")
            return
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.result.blank += 1
            return
        code = _text(cells["code"].value)
        indicator = self.by_code.get(code.casefold())
        if not code:
            self.problem(number, "code", "there is a value but no indicator code", "code")
            return
        if indicator is None:
            self.problem(
                number,
                "code",
                f"there is no indicator “{code}” in {self.plan.title}: check the code, or "
                "delete the row",
                "code",
            )
            return
        if indicator.aggregation == "ratio":
            parts = " and ".join(part.code for part in indicator.ratio_parts())
            self.problem(
                number,
                "value",
                f"{indicator.code} is worked out from {parts}: enter those instead and leave "
                "this value blank",
                "code",
            )
            return
        period = self._period(number, cells["period"].value, indicator)
        try:
            value = value_parse(indicator, raw)
        except ValueRejected as exc:
            self.problem(number, "value", str(exc), "value")
            return
        if period is None:
            return
        key = (indicator.pk, period)
        if key in self.seen:
            self.problem(
                number,
                "code",
                f"{indicator.code} {period.label} is also in row {self.seen[key]}: keep one row "
                "for each figure",
                "code",
            )
            return
        self.seen[key] = number
        self._change(number, cells, indicator, period, value, currents.get(key))

    def _period(self, number: int, raw: Any, indicator: Indicator) -> Period | None:
        expected = collection_periods(indicator, self.period)
        try:
            period = _period_of(raw)
        except ValueError:
            period = None
        if period is not None and period in expected:
            return period
        written = _text(raw) or "blank"
        if expected:
            wanted = " or ".join(str(p) for p in expected)
            message = (
                f"the period must be {wanted}, as this workbook is for {self.period.label}, "
                f"not {written}"
            )
        else:
            message = (
                f"{indicator.code} is collected {indicator.get_frequency_display().lower()}, "
                f"so it has no figure in a {self.period.label} workbook"
            )
        self.problem(number, "period", message, "period")
        return None

    def _change(
        self,
        number: int,
        cells: dict[str, Cell | MergedCell],
        indicator: Indicator,
        period: Period,
        value: Decimal,
        current: IndicatorValue | None,
    ) -> None:
        commentary = _text(cells["commentary"].value)
        if _is_unchanged(current, value, commentary, submit=self.submit):
            self.result.unchanged += 1
            return
        if not can_enter(self.by, indicator):
            owners = ", ".join(post.title for post in owner_posts(indicator)) or "no post"
            self.problem(
                number,
                "value",
                f"you cannot enter figures for {indicator.code}: it is owned by {owners}. "
                "Clear this value, or ask a performance officer to enter it",
                "permission",
            )
            return
        try:
            value_id = _hidden_int(cells["value_id"].value)
            version = _hidden_int(cells["version"].value)
        except ValueError:
            self.problem(
                number, "version", f"this row's hidden version was changed. {FRESH}", "conflict"
            )
            return
        if stale := _stale(current, value_id, version):
            self.problem(
                number,
                "value",
                f"{stale}. To keep both changes safe nothing was saved: download a fresh "
                "workbook and enter your figure there",
                "conflict",
            )
            return
        warning = unusual_for(indicator, period, value)
        if warning:
            self.problem(
                number,
                "value",
                f"{warning}. Correct it here; or, if it is right, leave this value blank and "
                f"enter it on {indicator.code}'s page in civicplan, where you can confirm it",
                "value",
            )
            return
        kept = current if current is not None and current.status in OPEN_STATUSES else None
        remedied = kept is not None and bool(kept.remedial_action and kept.forecast)
        if self.submit and not (commentary and remedied):
            status = status_if(indicator, period, value, as_of=self.as_of)
            if commentary_needed(status) and not commentary:
                self.problem(
                    number,
                    "commentary",
                    f"explain the figure: {_plain(value)} is {status.label.lower()} for "
                    f"{indicator.code} {period.label}, so a commentary is needed to submit it",
                    "commentary",
                )
                return
            if remedy_needed(status) and not remedied:
                self.problem(
                    number,
                    "value",
                    f"{_plain(value)} is {status.label.lower()} for {indicator.code} "
                    f"{period.label}, so it needs a remedial action and a forecast to be "
                    "submitted: upload it without submitting, then add them on its page in "
                    "civicplan and submit it there",
                    "commentary",
                )
                return
        workbook_row = current is not None and current.source == ValueSource.WORKBOOK
        self.changes.append(
            RowChange(
                number,
                indicator,
                period,
                value,
                commentary,
                expected_version=version if workbook_row else None,
            )
        )
