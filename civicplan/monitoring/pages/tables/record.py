"""An indicator's monitoring record as tables: its figures period by period, every revision,
the audit trail, its monitoring settings, and the actual-against-target chart's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from civicplan.core import charts
from civicplan.core.formats import number_text
from civicplan.core.tables import Cell, Column, Table, listing, number, tagged, text
from civicplan.indicators.models import Indicator, Polarity
from civicplan.indicators.rules import Aggregation, Frequency, ProfileKind, ToleranceKind
from civicplan.indicators.tables import figure_cell, figure_text, indicator_href, is_percent
from civicplan.monitoring.models import ValueSource, ValueStatus
from civicplan.monitoring.pages.common import (
    by_whom,
    direction_cell,
    person,
    rag_cell,
    returned_because,
    when_text,
    workbook_place,
    workflow_tag,
)
from civicplan.monitoring.selectors.record import IndicatorRecord, TrendFigure

ACTIONS = {
    "value.save": "Figure saved as a draft",
    "value.submit": "Figure submitted for approval",
    "value.approve": "Figure approved",
    "value.return": "Figure returned to the owner",
    "value.supersede": "Figure superseded",
    "indicator.settings": "Monitoring settings changed",
    "indicator.target": "Target set",
}
FIELDS = {
    "value": "Figure",
    "commentary": "Commentary",
    "remedial_action": "Remedial action",
    "forecast": "Forecast",
    "status": "Status",
    "revision": "Revision",
    "source": "Source",
    "year": "Year",
    "target": "Target",
    "frequency": "Frequency",
    "aggregation": "Aggregation",
    "ratio_numerator": "Ratio part",
    "ratio_denominator": "Ratio whole",
    "tolerance_kind": "Tolerance measured as",
    "tolerance_amount": "Tolerance",
    "decimal_places": "Decimal places",
    "target_profile": "Target profile",
    "polarity": "Which way is better",
    "series_break_date": "Series break date",
    "series_break_reason": "Series break reason",
}

LABELS: dict[str, Any] = {
    "status": ValueStatus,
    "source": ValueSource,
    "frequency": Frequency,
    "aggregation": Aggregation,
    "tolerance_kind": ToleranceKind,
    "target_profile": ProfileKind,
    "polarity": Polarity,
}


def figures_table(record: IndicatorRecord) -> Table:
    indicator = record.indicator
    annual = indicator.frequency == Frequency.ANNUAL.value
    table = Table(
        "figures",
        "Figures by year" if annual else "Quarterly figures by year",
        [
            Column("period", "Period", row_header=True),
            Column("value", "Figure for the period", numeric=True),
            Column("actual", "Actual to date", numeric=True, html=not annual),
            Column("target", "Target to date", numeric=True),
            Column("status", "Status"),
            Column("direction", "Against a year earlier"),
            Column("direction_previous", "Against the period before"),
        ],
        filename=f"{indicator.code}-figures",
    )
    for evaluation in reversed(record.figures):
        table.add(
            text(evaluation.period.label),
            figure_cell(indicator, evaluation.period_actual),
            figure_cell(indicator, evaluation.actual),
            figure_cell(indicator, evaluation.target),
            rag_cell(evaluation.status),
            direction_cell(evaluation.direction),
            direction_cell(evaluation.direction_previous),
        )
    return table


def _provenance_text(provenance: dict[str, Any]) -> str:
    if "files" in provenance:
        names = ", ".join(str(f.get("name", "")) for f in provenance["files"])
        return f"{provenance.get('rows_counted', 0):,} rows from {names or 'no files'}"
    if "file" in provenance:
        return workbook_place(provenance)
    return ""


def history_table(record: IndicatorRecord) -> Table:
    indicator = record.indicator
    table = Table(
        "history",
        "Every revision of every figure",
        [
            Column("period", "Period", row_header=True),
            Column("revision", "Revision", numeric=True),
            Column("value", "Figure", numeric=True),
            Column("status", "Status"),
            Column("source", "Source"),
            Column("commentary", "Commentary"),
            Column("remedial_action", "Remedial action"),
            Column("forecast", "Forecast"),
            Column("entered", "Entered"),
            Column("decided", "Approved or returned"),
            Column("return_reason", "Returned because", html=False),
        ],
        filename=f"{indicator.code}-revisions",
        empty="No figure has been entered for this indicator yet.",
    )
    for value in record.history:
        decided = by_whom(value.decided_by, value.decided_at) if value.decided_at else ""
        table.add(
            text(value.period.label),
            number(value.revision),
            figure_cell(indicator, value.value),
            tagged(workflow_tag(value)),
            text(value.get_source_display(), hint=_provenance_text(value.provenance or {})),
            text(value.commentary),
            text(value.remedial_action),
            text(value.forecast),
            text(by_whom(value.entered_by, value.entered_at)),
            text(decided, hint=returned_because(value)),
            text(value.return_reason),
        )
    return table


def _field_text(indicator: Indicator, key: str, value: Any) -> str:
    """One recorded field as a person reads it: figures formatted, codes as their labels."""
    if value in (None, ""):
        return "none"
    if key in ("value", "target") and isinstance(value, int | float | str):
        try:
            return figure_text(indicator, Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if key in LABELS:
        try:
            return str(LABELS[key](value).label)
        except ValueError:
            return str(value)
    return str(value)


def _changed(change: Any, other: Any) -> Any:
    """The fields of ``change`` that differ from ``other``: an approval reads "Status:
    Submitted → Approved", not every field twice. A creation (nothing before) shows all."""
    if not isinstance(change, dict) or not isinstance(other, dict):
        return change
    return {key: value for key, value in change.items() if other.get(key) != value}


def _change_text(indicator: Indicator, change: Any) -> Cell:
    """An audit event's before or after: one line per field, in words."""
    if change in (None, {}, []):
        return text("")
    if not isinstance(change, dict):
        return text(str(change))
    # PostgreSQL's jsonb does not keep key order, so fields are listed in FIELDS order.
    order = {key: position for position, key in enumerate(FIELDS)}
    lines = [
        f"{FIELDS.get(key, key)}: {_field_text(indicator, key, value)}"
        for key, value in sorted(
            change.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])
        )
    ]
    return listing(lines)


def audit_table(record: IndicatorRecord) -> Table:
    table = Table(
        "audit",
        "Audit trail",
        [
            Column("at", "When"),
            Column("actor", "Who"),
            Column("action", "What"),
            Column("subject", "About"),
            Column("before", "Before"),
            Column("after", "After"),
            Column("reason", "Reason"),
        ],
        filename=f"{record.indicator.code}-audit",
        empty="Nothing has changed since the plan was imported.",
    )
    for line in record.audit:
        event = line.event
        table.add(
            Cell(value=event.at.isoformat(), text=when_text(event.at)),
            text(person(event.actor)),
            text(ACTIONS.get(event.action, event.action)),
            text(line.subject),
            _change_text(record.indicator, _changed(event.before, event.after)),
            _change_text(record.indicator, _changed(event.after, event.before)),
            text(event.reason),
        )
    return table


def _tolerance_text(indicator: Indicator) -> str:
    amount = number_text(Decimal(indicator.tolerance_amount))
    if indicator.tolerance_kind == ToleranceKind.RELATIVE.value:
        return f"{amount}% of the target"
    unit = " percentage points" if is_percent(indicator) else ""
    return f"{amount}{unit} either side of the target"


def settings_rows(indicator: Indicator) -> list[tuple[str, Cell]]:
    """How the indicator is monitored, for its summary list."""
    ratio = indicator.aggregation == Aggregation.RATIO.value
    parts = (
        listing(
            [
                text(f"{what}: {part.code}", href=indicator_href(part.code))
                for what, part in zip(("Part", "Whole"), indicator.ratio_parts(), strict=True)
            ]
        )
        if ratio
        else text("")
    )
    polarity = Polarity(indicator.polarity).label if indicator.polarity else "Not known"
    if indicator.series_break_date:
        date_text = f"{indicator.series_break_date.day} {indicator.series_break_date:%B %Y}"
        series_break = text(date_text, hint=indicator.series_break_reason)
    else:
        series_break = text("No break")
    rows = [
        ("How often it is collected", text(Frequency(indicator.frequency).label)),
        ("How figures combine", text(Aggregation(indicator.aggregation).label)),
        ("Worked out from", parts),
        ("Which way is better", text(polarity)),
        ("Tolerance", text(_tolerance_text(indicator))),
        ("Target profile", text(ProfileKind(indicator.target_profile).label)),
        ("Series break", series_break),
    ]
    return [row for row in rows if row[0] != "Worked out from" or ratio]


def _point(figure: TrendFigure) -> charts.TrendPoint:
    return charts.TrendPoint(figure.short or figure.label, figure.actual, figure.target)


def trend(record: IndicatorRecord) -> charts.Chart:
    """The actual against the target by year and, this year, by quarter."""
    indicator = record.indicator
    return charts.trend_chart(
        chart_id=f"trend-{indicator.code.lower()}",
        title=f"{indicator.code}: actual against target",
        years=[_point(p) for p in record.trend_years],
        quarters=[_point(p) for p in record.trend_quarters],
        percent=is_percent(indicator),
        places=indicator.decimal_places,
    )


def trend_table(record: IndicatorRecord) -> Table:
    """The chart's figures as a table beside it: what the picture shows, readable by anyone."""
    indicator = record.indicator
    table = Table(
        "trend",
        "Actual against target (the chart's figures)",
        [
            Column("period", "Period", row_header=True),
            Column("actual", "Actual", numeric=True),
            Column("target", "Target", numeric=True),
        ],
        filename=f"{indicator.code}-actual-against-target",
        caption_class="govuk-table__caption--s",
        empty="There are no figures to chart yet.",
    )
    for point in [*record.trend_years, *record.trend_quarters]:
        table.add(
            text(point.label),
            figure_cell(indicator, point.actual),
            figure_cell(indicator, point.target),
        )
    return table
