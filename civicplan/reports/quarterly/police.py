"""The data of the report's benchmarking: the council beside the other districts of its police
force (or its peer group) on each of the plan's measures counted from data.police.uk.

``police_benchmarks`` reads every comparison the report needs at once through
``opendata.selectors.comparison.police_comparisons``: one store connection and at most two
Django queries whatever the number of measures. ``benchmarking.py`` turns it into the report's
section.

The comparisons are for the report's quarter and for the latest whole financial year up to it:
a benchmark's period (``opendata.rules.Period``) is a month, a quarter or a financial year, so a
year to date (April to September) cannot be compared yet; the latest whole year stands in for
it, and the section says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from civicplan.core.periods import Period as ReportPeriod
from civicplan.opendata.rules import Period
from civicplan.opendata.selectors.comparison import PoliceComparison, police_comparisons
from civicplan.plans.models import Plan


@dataclass(frozen=True)
class PoliceMeasure:
    """One of the plan's police-derived indicators, compared for each of the report's periods."""

    code: str
    title: str  # the plan's own title for the indicator
    comparisons: tuple[PoliceComparison, ...]  # one per period, in ``PoliceBenchmarks.periods``

    @property
    def caveats(self) -> list[str]:
        return self.comparisons[0].caveats

    @property
    def counted(self) -> str:
        """What police.uk counts for it (the mapping's title: "Burglary", "Violence"), which can
        be less than the plan's title says; the plan's title when the mapping has none."""
        return self.comparisons[0].measure.title or self.title


@dataclass(frozen=True)
class PoliceBenchmarks:
    """Every comparison the section shows: the area, the periods and each measure."""

    area: str
    periods: tuple[Period, ...]  # the report's quarter, then the latest whole financial year
    measures: tuple[PoliceMeasure, ...]

    def shown(self) -> list[int]:
        """The periods (by index) for which at least one measure has a benchmark."""
        return [
            i
            for i in range(len(self.periods))
            if any(m.comparisons[i].benchmark for m in self.measures)
        ]

    def problem(self, index: int) -> str | None:
        """Why a period has no benchmark at all (the first measure's reason: they share it)."""
        reasons = [m.comparisons[index].problem for m in self.measures]
        return next((r for r in reasons if r), None)

    @property
    def peer_group(self) -> str | None:
        return next(
            (c.peer_group for m in self.measures for c in m.comparisons if c.peer_group), None
        )

    def group_words(self) -> str:
        """ "the other districts of Nottinghamshire" or "its peer group (CIPFA neighbours)"."""
        if self.peer_group:
            return f"its peer group ({self.peer_group})"
        found = next(
            (c.benchmark for m in self.measures for c in m.comparisons if c.benchmark), None
        )
        group = found.group if found else "districts of its police force"
        return f"the other {group}" if group.startswith("districts of") else group


def comparison_periods(period: ReportPeriod) -> tuple[Period, ...]:
    """The report's period, then the latest whole financial year up to it (the year itself when
    the report is for the fourth quarter or for a year, so it is not compared twice)."""
    own = Period.parse(str(period))
    if own.grain == "year":
        return (own,)
    year = Period.year(own.fy) if own.last.month == 3 else Period.year(own.fy - 1)
    return (own, year) if year != own else (own,)


def police_benchmarks(
    plan: Plan,
    period: ReportPeriod,
    indicators: Sequence[tuple[str, str]],
    *,
    store_path: Path | str | None = None,
) -> PoliceBenchmarks | None:
    """The comparisons for those of ``indicators`` (code, title; in the plan's order) that are
    derived from police data; None when none is.

    Each comparison is what ``selectors.police_comparison(plan, code, period)`` gives, read in
    bulk: one query for the measure mapping, one for the peer group (only when the store holds
    data) and one store connection for the whole report.
    """
    periods = comparison_periods(period)
    found = police_comparisons(
        plan, [(code, p) for code, _ in indicators for p in periods], store_path=store_path
    )
    # One comparison per period for each indicator; a measure not derived from police data
    # has None for every period, a police measure has one for each.
    groups = [
        (code, title, found[i * len(periods) : (i + 1) * len(periods)])
        for i, (code, title) in enumerate(indicators)
    ]
    measures = tuple(
        PoliceMeasure(code, title, tuple(c for c in group if c is not None))
        for code, title, group in groups
        if group[0] is not None
    )
    if not measures:
        return None
    return PoliceBenchmarks(
        area=measures[0].comparisons[0].area, periods=periods, measures=measures
    )
