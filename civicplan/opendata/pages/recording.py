"""The page that records figures derived from police data for approval: the choices, the
preview and what recording did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from civicplan.core.formats import number_text
from civicplan.core.periods import Period as CorePeriod
from civicplan.core.tables import Table
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Frequency
from civicplan.monitoring.selectors.series import plan_series
from civicplan.opendata.derive import DerivedValue, derive
from civicplan.opendata.forms import Grouped
from civicplan.opendata.pages.common import (
    count_words,
)
from civicplan.opendata.pages.hotspot_page import held_months, period_choices
from civicplan.opendata.pages.tables import GRAIN_WORDS, record_table
from civicplan.opendata.rules import Grain, Period, period_of
from civicplan.opendata.selectors.comparison import (
    latest_complete_quarter,
    measures_for,
    period_label,
)
from civicplan.plans.models import Plan

# -- recording derived figures ----------------------------------------------------------------


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
