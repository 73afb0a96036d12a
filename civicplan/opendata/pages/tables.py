"""The police data pages' tables: the measures and the store's forces (the Police data page), a
period's hotspots, the figures derived for recording, and the council beside its comparison group
(the indicator page's police section). The pages in this package say what to show; these say
which columns and rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from civicplan.core.formats import rate_text
from civicplan.core.periods import Period as CorePeriod
from civicplan.core.tables import (
    Cell,
    Column,
    Table,
    Tag,
    absent,
    coded,
    listing,
    month,
    number,
    text,
    yes_no,
)
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Frequency
from civicplan.opendata.derive import DerivedValue
from civicplan.opendata.pages.common import (
    force_name,
    month_list,
)
from civicplan.opendata.policeuk import format_month, parse_month
from civicplan.opendata.rules import Grain, MeasureDef, Period
from civicplan.opendata.selectors.compare import Benchmark, Hotspot
from civicplan.opendata.selectors.comparison import (
    PoliceComparison,
    period_label,
    period_words,
)

# -- the Police data page: the mapping and the store -------------------------------------------


def measures_table(measures: Sequence[MeasureDef], known: Sequence[str]) -> Table:
    """Code, title, the crime types counted and the caveats of each measure in the mapping."""
    table = Table(
        "measures",
        "The plan’s police measures and the crime types they count",
        [
            Column("code", "Code", row_header=True),
            Column("title", "Measure"),
            Column("types", "Crime types counted"),
            Column("caveats", "What police.uk cannot show"),
        ],
        filename="police-measures",
    )
    for measure in measures:
        if measure.rule == "all_except":
            words = "Every type except " + ", ".join(sorted(measure.crime_types))
            types = text(words)
        else:
            types = listing(measure.types_among(known))
        table.add(
            text(measure.code),
            text(measure.title),
            types,
            listing(measure.caveats(), bullets=True),
        )
    return table


def forces_table(
    summary: Sequence[tuple[str, dt.date, dt.date, int, int]], unplaced: Mapping[str, int]
) -> Table:
    table = Table(
        "store",
        "Police data held, by force",
        [
            Column("force", "Force", row_header=True),
            Column("first", "First month"),
            Column("last", "Last month"),
            Column("files", "Files", numeric=True),
            Column("rows", "Rows", numeric=True),
            Column("unplaced", "Rows without a location", numeric=True),
        ],
        filename="police-data-held",
    )
    for force, first, last, files, rows in summary:
        table.add(
            coded(force, force_name(force)),
            month(first),
            month(last),
            number(files),
            number(rows),
            number(unplaced.get(force, 0)),
        )
    if len(summary) > 1:
        first, last = min(r[1] for r in summary), max(r[2] for r in summary)
        table.add_foot(
            text("All forces"),
            month(first),
            month(last),
            number(sum(r[3] for r in summary)),
            number(sum(r[4] for r in summary)),
            number(sum(unplaced.values())),
        )
    return table


# -- hotspots ----------------------------------------------------------------------------------


def hotspot_table(
    spots: Sequence[Hotspot],
    *,
    area: str,
    name: str,
    code: str,
    period: Period,
    by: Literal["street", "lsoa"],
    limit: int,
) -> Table:
    places = "streets" if by == "street" else "LSOAs"
    which = (
        f"the {limit} {places} with most recorded"
        if len(spots) >= limit
        else f"every {places[:-1]} with any recorded ({len(spots)})"
    )
    first = (
        [Column("place", "Street", row_header=True), Column("lsoa_name", "LSOA")]
        if by == "street"
        else [Column("lsoa_name", "LSOA", row_header=True)]
    )
    table = Table(
        "hotspots",
        f"{name} in {area}, {period_label(period)}: {which}",
        [
            Column("rank", "Rank", numeric=True),
            *first,
            Column("lsoa_code", "LSOA code"),
            Column("count", "Number recorded", numeric=True),
            Column("share", f"% of {area}’s total", numeric=True),
        ],
        filename=(
            f"{area} {code} {str(period).replace('/', '-')} hotspots by {by}".replace("_", "-")
        ),
        empty=f"Nothing counted in {name} was recorded with a location in {area} in "
        f"{period_label(period)}.",
    )
    for spot in spots:
        share = round(spot.share * 100, 1)
        place = [text(spot.place), text(spot.lsoa_name)] if by == "street" else []
        table.add(
            number(spot.rank),
            *(place or [text(spot.lsoa_name)]),
            text(spot.lsoa_code),
            number(spot.count),
            Cell(value=share, text=f"{share:.1f}"),
        )
    return table


# -- recording derived figures -----------------------------------------------------------------


GRAIN_WORDS = {"quarter": "by quarter", "month": "by month", "year": "for the financial year"}


def _frequency_cell(indicator: Indicator | None) -> Cell:
    if indicator is None:
        return absent("Not in the plan")
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
            number(held) if held is not None else absent("None"),
        )
    return table


# -- the indicator page's police section -------------------------------------------------------


def group_words(comparison: PoliceComparison, benchmark: Benchmark) -> str:
    """ "the peer group ‘Nearest neighbours’ (5 districts besides Broxtowe)" or "the other
    districts of Nottinghamshire"."""
    others = len(benchmark.rows) - 1
    if comparison.peer_group:
        return (
            f"the peer group ‘{comparison.peer_group}’ ({others} "
            f"district{'s' if others != 1 else ''} besides {benchmark.area})"
        )
    return f"the other {benchmark.group}"


def benchmark_table(comparison: PoliceComparison, benchmark: Benchmark, title: str) -> Table:
    """Rank, district, count, population and rate per 1,000; the council's row says so."""
    table = Table(
        "police_benchmark",
        f"{title}: {benchmark.area} and {group_words(comparison, benchmark)}, "
        f"{period_words(benchmark.period)}",
        [
            Column("rank", "Rank", numeric=True),
            Column("district", "District", row_header=True),
            Column("council", "This council", html=False),
            Column("count", "Number recorded", numeric=True),
            Column("population", "Population", numeric=True),
            Column("rate", "Rate per 1,000 residents", numeric=True),
        ],
        filename=f"{benchmark.code}-{str(benchmark.period).replace('/', '-')}-police-benchmark",
        caption_class="govuk-table__caption--s",
    )
    for row in benchmark.rows:
        table.add(
            number(row.rank),
            Cell(
                value=row.district,
                text=f"{row.district} (this council)" if row.is_area else row.district,
            ),
            yes_no(row.is_area),
            number(row.count),
            number(row.population),
            Cell(
                value=None if row.rate is None else round(row.rate, 2),
                text=rate_text(row.rate) or "no population",
            ),
        )
    return table
