"""What a quarterly report is made of: plain data that every renderer reads in the same order.

Numbering (Table 1, Figure 1 …) is decided here, once, in reading order, so the HTML, the PDF and
the Word file number the same table the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from django.db.models import TextChoices

from civicplan.core.charts import Chart
from civicplan.core.periods import Period


class Audience(TextChoices):
    """Who the report is for: it decides which measures and how much detail."""

    GMT = "gmt", "General Management Team"
    """The General Management Team: every measure with a target, in full."""
    CABINET = "cabinet", "Cabinet"
    """Cabinet: Critical Success and Key Performance Indicators, in full."""
    SCRUTINY = "scrutiny", "Overview and Scrutiny Committee"
    """Overview and Scrutiny Committee: a one-to-two page summary of the same data."""

    @classmethod
    def parse(cls, text: str) -> Audience:
        """``GMT``, ``cabinet``, ``Scrutiny`` … (any case)."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(a.value for a in cls)
            raise ValueError(f"the audience is one of {choices}, not {text!r}") from None


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and a status (``RagStatus`` value or tone) shown as a tag."""

    text: str
    status: str = ""
    numeric: bool = False

    @property
    def tag_colour(self) -> str:
        """The GOV.UK Tag colour of a status: the words carry the meaning, colour repeats it."""
        return TAG_COLOURS.get(self.status, "grey")


TAG_COLOURS = {"green": "green", "amber": "orange", "red": "red"}


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int  # 2 a section, 3 a sub-section (the title is level 1)


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Details:
    """Label–value pairs (a GOV.UK summary list; a two-column table in Word)."""

    kind: ClassVar[str] = "details"
    pairs: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Quote:
    """Someone's words, kept as they wrote them: an owner's commentary."""

    kind: ClassVar[str] = "quote"
    text: str
    attribution: str


@dataclass(frozen=True)
class Table:
    """A numbered table with one header row; ``widths`` are relative column widths."""

    kind: ClassVar[str] = "table"
    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]
    total_row: bool = False  # the last row is a total, shown in bold

    @property
    def label(self) -> str:
        return f"Table {self.number}: {self.caption}"

    @property
    def columns(self) -> list[Cell]:
        """The header as cells: a column of figures is right-aligned, heading included."""
        return [
            Cell(text, numeric=any(row[i].numeric for row in self.rows))
            for i, text in enumerate(self.header)
        ]

    @property
    def percent_widths(self) -> list[int]:
        """Column widths as percentages of the table to the nearest 5, for HTML's ``<col>``
        (a class ``app-w-N`` each: the Content-Security-Policy allows no inline style)."""
        total = sum(self.widths)
        shares = [20 * w / total for w in self.widths]  # in twentieths of the table
        units = [max(1, int(s)) for s in shares]
        by_remainder = sorted(range(len(shares)), key=lambda i: units[i] - shares[i])
        for i in by_remainder[: max(0, 20 - sum(units))]:  # largest remainders first, to 100%
            units[i] += 1
        return [5 * u for u in units]


@dataclass(frozen=True)
class Figure:
    """A numbered chart; its ``chart.alt`` is the text alternative, ``chart.rows`` its numbers."""

    kind: ClassVar[str] = "figure"
    number: int
    caption: str
    chart: Chart
    scale: float = 1.0  # of the full text width

    @property
    def label(self) -> str:
        return f"Figure {self.number}: {self.caption}"

    @property
    def percent(self) -> int:
        """The figure's width as a percentage of the text's, to the nearest 5 (``app-w-N``)."""
        return max(5, 5 * round(20 * self.scale))


Block = Heading | Paragraph | BulletList | Details | Quote | Table | Figure


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Cover:
    """What the front page says: whose report, for which period and meeting, and by whom."""

    council: str
    priority: str
    title: str
    period: Period
    audience: Audience
    as_of: dt.date
    meeting: str = ""
    author: str = ""

    @property
    def period_text(self) -> str:
        first, last = self.period.first_day, self.period.last_day
        return f"{self.period.label} ({first:%B} to {last:%B %Y})"


@dataclass(frozen=True)
class QuarterlyReport:
    """The whole report in reading order, with what its renderers need to label the file."""

    cover: Cover
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()  # where the data fell back on the plan itself

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    @property
    def is_summary(self) -> bool:
        return self.cover.audience is Audience.SCRUTINY


@dataclass
class Numbering:
    """Hands out table and figure numbers in reading order."""

    tables: int = 0
    figures: int = 0
    prefix: str = "figure"

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def figure(self) -> tuple[int, str]:
        """The next figure's number and the id its SVG carries (unique within the report)."""
        self.figures += 1
        return self.figures, f"{self.prefix}-{self.figures}"
