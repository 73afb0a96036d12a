"""The indicator page's "Police open data" section (registered in ``OpendataConfig.ready``):
what police.uk cannot show, and the council beside its peer group (or its force's other
districts) in the latest whole quarter held.

The comparison comes from ``opendata.selectors.comparison.police_comparison``, the same one the
quarterly report uses, so the page and the report cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicplan.core import charts
from civicplan.core.formats import number_text, rate_text
from civicplan.core.tables import Table
from civicplan.opendata.charts import benchmark_chart
from civicplan.opendata.pages.tables import benchmark_table, group_words
from civicplan.opendata.selectors.compare import Benchmark
from civicplan.opendata.selectors.comparison import (
    PoliceComparison,
    period_label,
    police_comparison,
)
from civicplan.plans.models import Plan

POPULATION_COMMAND = "civicplan opendata load-population FILE"


@dataclass(frozen=True)
class PoliceSection:
    """Everything the section shows; ``benchmark`` parts are None when there is no comparison."""

    comparison: PoliceComparison
    title: str  # "ASB incidents"
    intro: str = ""
    standing: str = ""
    chart: charts.Chart | None = None
    table: Table | None = None
    command: str = ""  # what a performance officer runs to fill a gap

    @property
    def caveats(self) -> list[str]:
        return self.comparison.caveats


def _standing(benchmark: Benchmark, title: str) -> str:
    mine = next((r for r in benchmark.rows if r.is_area), None)
    if mine is None:
        return ""
    of = len(benchmark.rows)
    if benchmark.ranked_by == "rate":
        return (
            f"{mine.district} is ranked {mine.rank} of {of} (1 is the highest): "
            f"{rate_text(mine.rate)} per 1,000 residents ({number_text(mine.count)} recorded)."
        )
    return (
        f"{mine.district} is ranked {mine.rank} of {of} by the number recorded (1 is the "
        f"highest): {number_text(mine.count)}."
    )


def police_section(plan: Plan, code: str) -> PoliceSection | None:
    """The section for a police-derived indicator, or None for any other indicator."""
    comparison = police_comparison(plan, code, None)
    if comparison is None:
        return None
    title = comparison.measure.title or comparison.measure.code
    benchmark = comparison.benchmark
    if benchmark is None:
        return PoliceSection(comparison, title, command=comparison.fix_command)
    ranked = (
        "Districts are ranked by their rate per 1,000 residents."
        if benchmark.ranked_by == "rate"
        else "Districts are ranked by the number recorded, because not every district has a "
        "population loaded."
    )
    intro = (
        f"{title} in {benchmark.area} beside {group_words(comparison, benchmark)}, in "
        f"{period_label(benchmark.period)}: the latest quarter for "
        f"which every month of police data has been imported. {ranked}"
    )
    if benchmark.left_out:
        intro = f"{intro} {benchmark.left_out_sentence()}"
    return PoliceSection(
        comparison,
        title,
        intro=intro,
        standing=_standing(benchmark, title),
        chart=benchmark_chart(
            benchmark, f"{code}: {title} in {benchmark.area} and comparable districts"
        ),
        table=benchmark_table(comparison, benchmark, title),
        command="" if benchmark.ranked_by == "rate" else POPULATION_COMMAND,
    )
