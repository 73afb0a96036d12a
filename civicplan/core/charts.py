"""Charts drawn on the server: one function per kind, used by pages and reports alike.

Each function returns a ``Chart``: accessible SVG for web pages and HTML/PDF reports (``role="img"``
with a ``<title>`` and ``<desc>``), PNG for Word, a one-paragraph text alternative, and the chart's
numbers as table rows, so no reader depends on seeing the picture. At most four colours, each with
3:1 contrast against white; every status also has its own hatch pattern and a written count, so
colour is never the only cue.

Output is reproducible: matplotlib's Agg and SVG backends with its bundled DejaVu Sans, SVG ids
salted by the chart's id (not random), no dates or creator in the files. The same data gives the
same bytes, so two reports can be compared.
"""

from __future__ import annotations

import base64
import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")  # no screen on a server; set before anything draws

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from civicplan.core.formats import number_text

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "TONES",
    "Chart",
    "HeatCell",
    "StatusSeries",
    "TrendPoint",
    "heat_map_chart",
    "status_counts_chart",
    "trend_chart",
]

# GOV.UK palette, each at least 3:1 against white (green 6.2, amber 4.8, red 4.9, dark red 8.3,
# grey 7.1) and 4.5:1 against the white labels drawn on them. A chart uses four of them at most.
TONES: dict[str, str] = {
    "green": "#00703c",
    "amber": "#b35900",
    "red": "#d4351c",
    "darkred": "#942514",
    "grey": "#505a5f",
    "blue": "#1d70b8",  # 5.2:1 against white: the council's own bar in a benchmark
}
INK, TARGET_INK, PAPER = "#0b0c0c", "#0b0c0c", "#ffffff"
HATCHES = ("", "//", "xx", "..", "\\\\", "--", "++")
WIDTH = 6.5  # inches: the text width of A4 portrait with 2 cm margins, so Word never scales it
PNG_DPI = 150
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",  # shipped inside matplotlib: the same glyphs on every machine
    "font.size": 8.5,
    "svg.fonttype": "none",  # text stays text: searchable, selectable, read by screen readers
    "hatch.linewidth": 0.8,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "figure.dpi": 100,
}
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Chart:
    """A chart and everything that stands in for it: title, text alternative and numbers."""

    id: str
    kind: str
    title: str
    alt: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    height: float  # inches, at ``WIDTH`` wide
    draw: Callable[[Figure], None] = field(repr=False, compare=False)

    def _figure(self) -> Figure:
        figure = Figure(figsize=(WIDTH, self.height), layout="constrained")
        self.draw(figure)
        return figure

    @cached_property
    def svg(self) -> str:
        """Inline SVG: ``role="img"``, labelled by its ``<title>`` and described by ``<desc>``."""
        buffer = io.StringIO()
        with rc_context({**STYLE, "svg.hashsalt": self.id}):
            self._figure().savefig(buffer, format="svg", metadata=_NO_METADATA)
        return _accessible_svg(buffer.getvalue(), self.id, self.title, self.alt)

    @property
    def svg_data_uri(self) -> str:
        """The SVG as an ``<img src>`` for renderers that take the text alternative from ``alt``
        (WeasyPrint's tagged PDF)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @cached_property
    def png(self) -> bytes:
        """The picture for Word, at 150 dots per inch."""
        buffer = io.BytesIO()
        with rc_context(STYLE):
            self._figure().savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return buffer.getvalue()


_ROOT = re.compile(r"<svg\b[^>]*>")
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\s*\*\s*\{([^}]*)\}\s*</style>")


def _attributes(declarations: str) -> str:
    """CSS declarations ``fill: #fff; stroke-width: 0.8`` as SVG presentation attributes
    (`` fill="#fff" stroke-width="0.8"``): the same drawing, with no inline style for the page's
    Content-Security-Policy to refuse."""
    pairs = (d.split(":", 1) for d in declarations.split(";") if ":" in d)
    return "".join(f' {name.strip()}="{escape(value.strip())}"' for name, value in pairs)


_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_ID = re.compile(r'\b(id)="([^"]+)"')
_REF = re.compile(r'(url\(|href=")#')


def _accessible_svg(raw: str, chart_id: str, title: str, desc: str) -> str:
    """matplotlib's SVG without prolog, comments or metadata, with an accessible root element.

    The root keeps only the ``viewBox``: without a fixed width the chart scales to its container
    (a phone, a printed page) and keeps its proportions."""
    body = raw[raw.index("<svg") :]
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", body, flags=re.S)
    body = re.sub(r"<!--.*?-->\s*", "", body, flags=re.S)
    # matplotlib styles its drawing inline: one "*{…}" rule and style attributes
    rule = _STYLE_ELEMENT.search(body)
    body = re.sub(r"<defs>\s*</defs>\s*", "", _STYLE_ELEMENT.sub("", body))
    body = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), body)
    # matplotlib names its groups axes_1, patch_4 …: prefix every id and every reference to one
    # with the chart's id, so two charts on one page never share an id.
    body = _ID.sub(lambda m: f'{m.group(1)}="{chart_id}-{m.group(2)}"', body)
    body = _REF.sub(lambda m: f"{m.group(1)}#{chart_id}-", body)
    match = _ROOT.search(body)
    assert match is not None
    viewbox = _VIEWBOX.search(match.group(0))
    width, height = viewbox.group(1).split()[2:] if viewbox else ("0", "0")
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'id="{chart_id}" class="app-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f"{_attributes(rule.group(1)) if rule else ''}>"
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return body[: match.start()] + root + body[match.end() :]


def _number(
    value: Decimal | float | int | None, percent: bool = False, places: int | None = None
) -> str:
    """A figure in alt text and data tables, to its measure's ``places`` when given."""
    if value is None:
        return "no figure"
    return number_text(Decimal(str(value)), percent=percent, places=places)


# -- Status counts by group (RAG by objective) --------------------------------------------------


@dataclass(frozen=True)
class StatusSeries:
    """One status across the groups: its words, its tone (``TONES`` key) and a count per group."""

    label: str
    tone: str
    counts: tuple[int, ...]


def status_counts_chart(
    *, chart_id: str, title: str, groups: Sequence[str], series: Sequence[StatusSeries]
) -> Chart:
    """Stacked horizontal bars: one bar per group (objective), one segment per status.

    Each segment has its status's hatch and its count written on it, and the legend names the
    statuses, so the chart reads in greyscale and without colour vision.
    """
    shown = [s for s in series if any(s.counts)]
    header = ("Group", *(s.label for s in shown), "Total")
    rows = tuple(
        (group, *(str(s.counts[i]) for s in shown), str(sum(s.counts[i] for s in shown)))
        for i, group in enumerate(groups)
    )
    parts = []
    for i, group in enumerate(groups):
        counts = ", ".join(f"{s.counts[i]} {s.label.lower()}" for s in shown if s.counts[i])
        parts.append(f"{group}: {counts or 'no measures'}")
    alt = f"Bar chart of measures by status. {'. '.join(parts)}."
    labels = [textwrap.fill(group, 30) for group in groups]
    hatches = {s.label: HATCHES[i % len(HATCHES)] for i, s in enumerate(series)}

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        positions = list(range(len(groups)))[::-1]
        left = [0] * len(groups)
        for s in shown:
            bars = ax.barh(
                positions,
                s.counts,
                left=left,
                color=TONES[s.tone],
                edgecolor=PAPER,
                linewidth=1.2,
                hatch=hatches[s.label],
                label=s.label,
                height=0.6,
            )
            for bar, count in zip(bars, s.counts, strict=True):
                if count:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        str(count),
                        ha="center",
                        va="center",
                        color=PAPER,
                        fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.2", "fc": TONES[s.tone], "ec": "none"},
                    )
            left = [a + b for a, b in zip(left, s.counts, strict=True)]
        ax.set_yticks(positions, labels)
        ax.set_xlabel("Number of measures")
        # a new axis counts with matplotlib's AutoLocator, a MaxNLocator, which takes ``integer``
        cast(MaxNLocator, ax.xaxis.get_major_locator()).set_params(integer=True)
        ax.set_xlim(0, max([*left, 1]) * 1.05)
        ax.spines[["top", "right"]].set_visible(False)
        handles = [
            Patch(facecolor=TONES[s.tone], edgecolor=PAPER, hatch=hatches[s.label], label=s.label)
            for s in shown
        ]
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(len(handles), 3) or 1,
            frameon=False,
        )

    height = 1.3 + 0.55 * max(len(groups), 1) + 0.25 * ((len(shown) + 2) // 3)
    return Chart(chart_id, "status_counts", title, alt, header, rows, height, draw)


# -- Actual against target over years and quarters ----------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One period's actual and target (either may be missing)."""

    label: str
    actual: Decimal | None
    target: Decimal | None


def tick_text(value: float, percent: bool) -> str:
    """An axis label as the tables print figures: 1,234,567 and 57.5% (never 1e6)."""
    return number_text(Decimal(repr(round(float(value), 6))).normalize(), percent=percent)


def _trend_panel(
    ax: Axes, points: Sequence[TrendPoint], heading: str, percent: bool, places: int | None
) -> None:
    xs = list(range(len(points)))
    actual = [(x, float(p.actual)) for x, p in zip(xs, points, strict=True) if p.actual is not None]
    target = [(x, float(p.target)) for x, p in zip(xs, points, strict=True) if p.target is not None]
    if target:
        ax.plot(
            *zip(*target, strict=True),
            color=TARGET_INK,
            linestyle="--",
            marker="s",
            markersize=4,
            markerfacecolor=PAPER,
            label="Target",
        )
    if actual:
        ax.plot(
            *zip(*actual, strict=True),
            color=TONES["grey"],
            linewidth=2,
            marker="o",
            markersize=5,
            label="Actual",
        )
        for x, y in actual:
            ax.annotate(
                _number(y, percent, places),
                (x, y),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=7.5,
            )
    ax.set_xticks(xs, [p.label for p in points])
    ax.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    if places == 0:  # whole figures get whole ticks: no "22.5" on the axis of a count
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: tick_text(y, percent)))

    ax.set_title(heading, fontsize=9, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.2)
    if not actual and not target:
        ax.text(0.5, 0.5, "No figures yet", transform=ax.transAxes, ha="center", va="center")


def trend_chart(
    *,
    chart_id: str,
    title: str,
    years: Sequence[TrendPoint],
    quarters: Sequence[TrendPoint],
    percent: bool = False,
    places: int | None = None,
) -> Chart:
    """Two panels: the actual against the target by year, then this year to date by quarter.

    ``places`` is the measure's precision: the figures on the chart, in its data table and in its
    alt text are printed to it (``indicators.tables.figure_text``'s rule).

    The actual is a solid line with round markers and its figures written above them; the
    target a dashed line with square markers, so the two differ in more than colour.
    """
    header = ("Period", "Actual", "Target")
    points = [*years, *quarters]

    def shown(value: Decimal | None) -> str:
        return _number(value, percent, places)

    rows = tuple((p.label, shown(p.actual), shown(p.target)) for p in points)
    described = "; ".join(
        f"{p.label} actual {shown(p.actual)}, target {shown(p.target)}" for p in points
    )
    alt = f"Line chart of the actual against the target. {described}."

    def draw(figure: Figure) -> None:
        by_year, by_quarter = figure.subplots(1, 2, width_ratios=[max(len(years), 1), 4])
        _trend_panel(by_year, years, "By financial year", percent, places)
        _trend_panel(by_quarter, quarters, "This year to date, by quarter", percent, places)
        handles, labels = by_quarter.get_legend_handles_labels()
        if not handles:
            handles, labels = by_year.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)

    return Chart(chart_id, "trend", title, alt, header, rows, 2.6, draw)


# -- Risk heat map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    """One cell of the matrix: its score, rating and tone, and the risks scored there."""

    score: int
    rating: str
    tone: str
    codes: tuple[str, ...] = ()


def heat_map_chart(
    *,
    chart_id: str,
    title: str,
    likelihood_labels: Sequence[str],
    impact_labels: Sequence[str],
    cells: dict[tuple[int, int], HeatCell],
) -> Chart:
    """The likelihood × impact matrix (most likely at the top) with each cell's risk codes.

    ``cells`` is keyed by (likelihood, impact), both from 1. Each cell names its rating in words
    with its score, so the rating never depends on the cell's colour.
    """
    size = len(likelihood_labels)
    header = ("Likelihood", *impact_labels)
    rows = tuple(
        (
            f"{lk} {likelihood_labels[lk - 1]}",
            *(", ".join(cells[(lk, im)].codes) for im in range(1, size + 1)),
        )
        for lk in range(size, 0, -1)
    )
    placed = [
        f"{', '.join(c.codes)} at likelihood {lk}, impact {im} ({c.rating}, score {c.score})"
        for (lk, im), c in sorted(cells.items(), key=lambda kv: (-kv[1].score, kv[0]))
        if c.codes
    ]
    alt = (
        f"Risk heat map, {size} by {size}. "
        + ("; ".join(placed) if placed else "No risk has been scored")
        + "."
    )
    tones = sorted({(c.rating, c.tone, c.score) for c in cells.values()}, key=lambda t: t[2])
    legend = list(dict.fromkeys((rating, tone) for rating, tone, _ in tones))

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        for (lk, im), cell in cells.items():
            x, y = im - 1, lk - 1
            ax.add_patch(
                Rectangle((x, y), 1, 1, facecolor=TONES[cell.tone], edgecolor=PAPER, linewidth=2)
            )
            ax.text(
                x + 0.5,
                y + 0.88,
                f"{cell.rating} ({cell.score})",
                color=PAPER,
                fontsize=6.5,
                ha="center",
                va="top",
            )
            if cell.codes:
                ax.text(
                    x + 0.5,
                    y + 0.4,
                    textwrap.fill(", ".join(cell.codes), 14),
                    color=PAPER,
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    fontweight="bold",
                )
        ax.set_xlim(0, size)
        ax.set_ylim(0, size)
        ax.set_xticks([i + 0.5 for i in range(size)], [textwrap.fill(t, 12) for t in impact_labels])
        ax.set_yticks(
            [i + 0.5 for i in range(size)], [textwrap.fill(t, 12) for t in likelihood_labels]
        )
        ax.set_xlabel("Impact")
        ax.set_ylabel("Likelihood")
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        handles = [Patch(facecolor=TONES[tone], label=rating) for rating, tone in legend]
        figure.legend(
            handles=handles, loc="outside lower center", frameon=False, ncols=len(handles) or 1
        )

    return Chart(chart_id, "heat_map", title, alt, header, rows, 3.9, draw)
