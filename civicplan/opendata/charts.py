"""The police benchmark chart: a council beside the other districts of its force or peer group.

Drawn like every chart (``core.charts.Chart``: SVG with a text alternative and its table); it lives
here because it reads a ``compare.Benchmark``, so ``core`` knows nothing of police data.
"""

from __future__ import annotations

import re
import textwrap

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from civicplan.core.charts import PAPER, TONES, Chart, tick_text
from civicplan.core.formats import number_text, rate_text
from civicplan.opendata.selectors.compare import Benchmark, BenchmarkRow


def benchmark_chart(benchmark: Benchmark, title: str) -> Chart:
    """Horizontal bars, highest first: each district's rate per 1,000 residents when every
    district has a population, else its count.

    The council's bar is blue and hatched, and its label says "(this council)", so it stands
    out without colour; every bar has its figure written beside it.
    """
    by_rate = benchmark.ranked_by == "rate"
    rows = tuple(
        (
            str(r.rank),
            f"{r.district} (this council)" if r.is_area else r.district,
            number_text(r.count),
            number_text(r.population),
            rate_text(r.rate),
        )
        for r in benchmark.rows
    )
    header = ("Rank", "District", "Count", "Population", "Rate per 1,000")
    measure = "rate per 1,000 residents" if by_rate else "number recorded"

    def figure_text(row: BenchmarkRow) -> str:
        return rate_text(row.rate) if by_rate else number_text(row.count)

    mine = next((r for r in benchmark.rows if r.is_area), None)
    where = (
        f"{mine.district} ranks {mine.rank} of {len(benchmark.rows)} with {figure_text(mine)}. "
        if mine
        else ""
    )
    listed = "; ".join(f"{r.district} {figure_text(r)}" for r in benchmark.rows)
    alt = (
        f"Bar chart of the {measure} in {str(benchmark.period).replace('-Q', ' Q')}, "
        f"{benchmark.group}, highest first. "
        f"{where}{listed}."
    )
    chart_id = "benchmark-" + re.sub(
        r"[^a-z0-9]+", "-", f"{benchmark.code} {benchmark.period}".lower()
    )

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        ordered = benchmark.rows
        positions = list(range(len(ordered)))[::-1]
        values = [(r.rate or 0.0) if by_rate else r.count for r in ordered]
        bars = ax.barh(
            positions,
            values,
            color=[TONES["blue"] if r.is_area else TONES["grey"] for r in ordered],
            edgecolor=PAPER,
            height=0.65,
        )
        top = max(values, default=0) or 1  # rates under 1 per 1,000 fill the width too
        for bar, row, value in zip(bars, ordered, values, strict=True):
            if row.is_area:
                bar.set_hatch("//")
            ax.text(
                value + top * 0.01,
                bar.get_y() + bar.get_height() / 2,
                figure_text(row),
                va="center",
                ha="left",
                fontweight="bold" if row.is_area else "normal",
            )
        labels = [f"{r.district} (this council)" if r.is_area else r.district for r in ordered]
        ax.set_yticks(positions, [textwrap.fill(label, 32) for label in labels])
        for tick, row in zip(ax.get_yticklabels(), ordered, strict=True):
            if row.is_area:
                tick.set_fontweight("bold")
        ax.set_xlabel(measure.capitalize())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: tick_text(x, False)))
        ax.set_xlim(0, top * 1.15)
        ax.spines[["top", "right"]].set_visible(False)

    height = 0.9 + 0.3 * max(len(benchmark.rows), 1)
    return Chart(chart_id, "benchmark", title, alt, header, rows, height, draw)
