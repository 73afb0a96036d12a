"""The page that records figures derived from police data for approval: the choices, the
preview and what recording did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from civicplan.core.formats import number_text
from civicplan.core.periods import Period as CorePeriod
from civicplan.core.tables import Cell, Column, Table, Tag, coded, number, text
from civicplan.indicators.models import Indicator
from civicplan.indicators.monitoring import plan_series
from civicplan.indicators.rules import Frequency
from civicplan.opendata.derive import DerivedValue, derive
from civicplan.opendata.forms import Grouped
from civicplan.opendata.pages.common import (
    count_words,
    month_list,
)
from civicplan.opendata.pages.hotspot_tables import held_months, period_choices
from civicplan.opendata.policeuk import format_month, parse_month
from civicplan.opendata.rules import Grain, Period, period_of
from civicplan.opendata.selectors import (
    latest_complete_quarter,
    measures_for,
    period_label,
    period_words,
)
from civicplan.plans.models import Plan

# -- recording derived figures ----------------------------------------------------------------

GRAIN_WORDS = {"quarter": "by quarter", "month": "by month", "year": "for the financial year"}


@dataclass(frozen=True)
class RecordChoices:
    """What the "Record figures from police data" form offers, and its defaults."""

    periods: Grouped
    defaults: dict[str, str]


def record_choices(con: duckdb.DuckDBPyConnection, area: str) -> RecordChoices:
    """Quarters and financial years of the months held (as the hotspots page offers them); the
    latest whole quarter, recorded by quarter, until the officer chooses another."""
    _, held = held_months(con, area)
    latest = latest_complete_quarter(con, area) or (
        period_of(held[-1], "quarter") if held else None
    )
    return RecordChoices(
        periods=period_choices(held, months=False),
        defaults={"period": str(latest) if latest else "", "grain": "quarter"},
    )


@dataclass(frozen=True)
class RecordPreview:
    """The figures the police data gives for a period, before anything is recorded."""

    table: Table
    summary: str  # how many figures, and whether every month is held
    recordable: int  # figures with every month held, for indicators collected for such periods
    values: list[DerivedValue] = field(default_factory=list)


def _frequency_cell(indicator: Indicator | None) -> Cell:
    if indicator is None:
        return Cell(value="", text="Not in the plan")
    return coded(indicator.frequency, Frequency(indicator.frequency).label)


def _completeness_cell(value: DerivedValue) -> Cell:
    missing = [parse_month(m) for m in value.provenance.months_missing]
    if not missing:
        return Cell(value="complete", tags=(Tag("Complete", "green"),))
    months = [m for m in missing if m is not None]
    return Cell(
        value="months missing: " + ", ".join(value.provenance.months_missing),
        tags=(Tag("Months missing", "orange"),),
        hint=f"{month_list(months)} not imported",
    )


def record_table(
    values: Sequence[DerivedValue],
    *,
    titles: Mapping[str, str],
    indicators: Mapping[str, Indicator],
    approved: Mapping[str, Mapping[CorePeriod, Decimal]],
    area: str,
    period: Period,
    grain: Grain,
) -> Table:
    """One row a measure and period: the derived figure, the months it counts, whether every
    month is held, how the indicator is collected and the approved figure the plan holds."""
    table = Table(
        "derived",
        f"Figures from police data for {area}, {period_label(period)}, {GRAIN_WORDS[grain]}",
        [
            Column("code", "Code", row_header=True),
            Column("measure", "Measure"),
            Column("period", "Period"),
            Column("value", "Derived value", numeric=True),
            Column("months", "Months counted"),
            Column("complete", "Every month held"),
            Column("frequency", "Collected"),
            Column("approved", "Approved figure held", numeric=True),
        ],
        filename=f"{area} police figures {str(period).replace('/', '-')} by {grain}",
        empty="The organisation’s mapping has no police measures.",
    )
    for value in values:
        missing = set(value.provenance.months_missing)
        counted = [m for m in value.period.months() if format_month(m) not in missing]
        held = approved.get(value.code, {}).get(CorePeriod.parse(str(value.period)))
        table.add(
            text(value.code),
            text(titles.get(value.code, "")),
            coded(str(value.period), period_words(value.period)),
            number(value.value),
            Cell(
                value="; ".join(value.provenance.months),
                text=month_list(counted) if counted else "None",
            ),
            _completeness_cell(value),
            _frequency_cell(indicators.get(value.code)),
            number(held) if held is not None else Cell(value=None, text="None"),
        )
    return table


def record_preview(
    con: duckdb.DuckDBPyConnection, plan: Plan, *, area: str, period: Period, grain: Grain
) -> RecordPreview:
    """What ``derived_values_record_for_period`` would send to the value service, and what the
    plan holds beside it: the approved figures from ``monitoring.plan_series`` (six queries)."""
    measures, origin = measures_for(plan.organisation)
    values = derive(con, area=area, period=period, measures=measures, grain=grain, mapping=origin)
    indicators, series = plan_series(plan)
    by_code = {i.code: i for i in indicators}
    approved = {code: s.values for code, s in series.items()}
    table = record_table(
        values, titles={m.code: m.title for m in measures}, indicators=by_code,
        approved=approved, area=area, period=period, grain=grain,
    )  # fmt: skip
    incomplete = sum(1 for v in values if not v.complete)
    summary = (
        f"{count_words(len(values), 'figure', 'figures')} from the police data for {area}, "
        f"{period_label(period)}, {GRAIN_WORDS[grain]}."
    )
    if incomplete:
        summary += (
            f" {number_text(incomplete)} of them {'counts' if incomplete == 1 else 'count'} "
            "a period with months not imported yet, so "
            f"{'it' if incomplete == 1 else 'they'} will not be recorded."
        )
    recordable = sum(1 for v in values if v.complete and _collected_for(by_code.get(v.code), v))
    return RecordPreview(table, summary, recordable, list(values))


def _collected_for(indicator: Indicator | None, value: DerivedValue) -> bool:
    """Whether the plan has the indicator and collects it for periods like the value's (the
    value service refuses the others; this only decides whether the page offers the button)."""
    if indicator is None:
        return False
    period = CorePeriod.parse(str(value.period))
    return Frequency(indicator.frequency).period_kind is period.kind


@dataclass(frozen=True)
class RecordOutcome:
    """The banner after recording: a heading, then each kind of outcome with its lines."""

    heading: str
    success: bool  # something was recorded
    sections: list[tuple[str, str, list[str]]]  # (key, lead-in, lines), empty ones left out


def record_outcome(
    recorded: Sequence[str], unchanged: Sequence[str], skipped: Sequence[str]
) -> RecordOutcome:
    """What ``derived_values_record`` did (its ``RecordSummary`` lists), in words."""
    heading = (
        f"{count_words(len(recorded), 'figure', 'figures')} recorded for approval"
        if recorded
        else "No new figures recorded"
    )
    sections = [
        ("recorded", "Recorded for approval, each beside any figure already approved:", recorded),
        ("unchanged", "Unchanged: recorded before with the same value:", unchanged),
        ("skipped", "Not recorded:", skipped),
    ]
    return RecordOutcome(
        heading,
        bool(recorded),
        [(key, lead, list(lines)) for key, lead, lines in sections if lines],
    )
