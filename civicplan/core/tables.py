"""Tables as data: one structure that the page's table partial shows and the CSV download writes.

A page builds each of its tables once as a ``Table`` of ``Cell`` rows. A cell carries what a person
sees (formatted text, a link, tags, a list) and the plain ``value`` a spreadsheet should get, so the
page and its CSV file can never disagree about which rows and columns there are. ``components/
table.html`` is the only table markup; ``civicplan.core.downloads.csv_response`` the only CSV
writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from civicplan.core.formats import date_text, money_text, number_text


@dataclass(frozen=True)
class Tag:
    """A GOV.UK Tag: status in words, with a colour only as a second signal."""

    text: str
    colour: str = ""  # a govuk-tag--<colour> modifier: grey, green, orange, red, yellow, blue …

    @property
    def css_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}" if self.colour else "govuk-tag"


@dataclass(frozen=True)
class Cell:
    """One cell: ``text``/``href``/``tags``/``hint``/``items`` for the page, ``value`` for CSV."""

    value: Any = None
    text: str = ""
    href: str = ""
    hint: str = ""
    tags: tuple[Tag, ...] = ()
    items: tuple[Cell, ...] = ()
    bullets: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.tags or self.items or self.hint)


@dataclass(frozen=True)
class Column:
    """A column; ``row_header`` makes its cells ``<th scope="row">``, ``sort`` is its ?sort= key."""

    key: str
    label: str
    numeric: bool = False
    row_header: bool = False
    html: bool = True
    csv: bool = True
    sort: str = ""


@dataclass(frozen=True)
class Header:
    """A column heading as the page shows it, with its sort link and ``aria-sort`` state."""

    label: str
    numeric: bool
    href: str = ""
    aria_sort: str = ""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    id: str = ""


@dataclass(frozen=True)
class HtmlRow:
    pairs: list[tuple[Column, Cell]]
    id: str = ""


@dataclass
class Table:
    """A captioned table; ``foot`` rows (totals) are shown on the page but not exported."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    foot: list[Row] = field(default_factory=list)
    empty: str = "There is nothing to show."
    caption_class: str = "govuk-table__caption--m"
    filename: str = ""
    csv_href: str = ""
    sort: str = ""
    _sort_href: Callable[[str], str] | None = None

    def add(self, *cells: Cell, id: str = "") -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.key}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(Row(cells=cells, id=id))

    def add_foot(self, *cells: Cell) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.key}: {len(cells)} cells for {len(self.columns)} columns")
        self.foot.append(Row(cells=cells))

    def sorted_by(self, current: str, href: Callable[[str], str]) -> Table:
        """Let sortable columns link to their own sort (ascending first, then descending)."""
        self.sort = current
        self._sort_href = href
        return self

    @property
    def caption_shown(self) -> bool:
        return "govuk-visually-hidden" not in self.caption_class

    @property
    def html_columns(self) -> list[Header]:
        headers = []
        for column in self.columns:
            if not column.html:
                continue
            if not column.sort or self._sort_href is None:
                headers.append(Header(column.label, column.numeric))
                continue
            ascending = self.sort == column.sort
            descending = self.sort == f"-{column.sort}"
            headers.append(
                Header(
                    column.label,
                    column.numeric,
                    href=self._sort_href(f"-{column.sort}" if ascending else column.sort),
                    aria_sort="ascending" if ascending else "descending" if descending else "none",
                )
            )
        return headers

    def _html(self, rows: list[Row]) -> list[HtmlRow]:
        shown = [i for i, column in enumerate(self.columns) if column.html]
        return [
            HtmlRow(pairs=[(self.columns[i], row.cells[i]) for i in shown], id=row.id)
            for row in rows
        ]

    @property
    def html_rows(self) -> list[HtmlRow]:
        return self._html(self.rows)

    @property
    def html_foot(self) -> list[HtmlRow]:
        return self._html(self.foot)

    def csv_header(self) -> list[str]:
        return [column.label for column in self.columns if column.csv]

    def csv_rows(self) -> Iterable[list[Any]]:
        exported = [i for i, column in enumerate(self.columns) if column.csv]
        for row in self.rows:
            yield [row.cells[i].value for i in exported]


# Cell builders: the one place that decides how each kind of value is shown and exported.


def text(value: str | None, *, href: str = "", tags: Iterable[Tag] = (), hint: str = "") -> Cell:
    return Cell(value=value or "", text=value or "", href=href, tags=tuple(tags), hint=hint)


def number(value: Decimal | int | None, *, percent: bool = False, hint: str = "") -> Cell:
    return Cell(value=value, text=number_text(value, percent=percent), hint=hint)


def money(value: Decimal | int | None) -> Cell:
    return Cell(value=value, text=money_text(value))


def date(day: dt.date | None, *, printed: str = "") -> Cell:
    """A date shown as printed in the plan when it was printed ("March 2028"), exported as ISO."""
    return Cell(value=day, text=printed or date_text(day))


def listing(items: Iterable[str | Cell], *, value: Any = None) -> Cell:
    """Several things in one cell (owners, partners); CSV joins them with "; "."""
    cells = tuple(item if isinstance(item, Cell) else text(item) for item in items)
    joined = "; ".join(str(c.value) for c in cells if c.value not in (None, ""))
    return Cell(value=joined if value is None else value, items=cells)
