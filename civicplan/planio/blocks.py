"""The building blocks of a report or document: headings, paragraphs, lists and tables.

A report is first this plain data and then rendered by one renderer per format (text, DOCX), so
every format shows the same content in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text and, where the plan prints a list in the cell, the list items."""

    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    """Level 0 is the document title, 1 a numbered section, 2–3 sub-headings, 4 a department."""

    text: str
    level: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; ``kind`` names what it holds (policies, measures, …)."""

    kind: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


Block = Heading | Paragraph | BulletList | Table


@dataclass(slots=True)
class PlanDocument:
    """The whole document in reading order, with what a document's properties need."""

    title: str
    organisation: str
    priority: str
    blocks: list[Block] = field(default_factory=list)


class Captions:
    """Numbers the tables in document order: "Table 3: Service data – Communities"."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, text: str) -> str:
        self.count += 1
        return f"Table {self.count}: {text}"
