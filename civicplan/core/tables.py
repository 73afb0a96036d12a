"""Tables as data: one structure that the page's table partial shows and the CSV download writes.

A page builds each of its tables once as a ``Table`` of ``Cell`` rows. A cell carries what a person
sees (formatted text, a link, tags, a list) and the plain ``value`` a spreadsheet should get, so the
page and its CSV file can never disagree about which rows and columns there are. ``components/
table.html`` is the only table markup; ``civicplan.core.downloads.csv_response`` the only CSV
writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from civicplan.core import clock
from civicplan.core.formats import date_text, money_text, number_text

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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

    def with_hint(self, hint: str) -> Cell:
        """The same cell with a line of context beneath it ("No actuals recorded")."""
        return replace(self, hint=hint)


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


class Titled(Protocol):
    """Anything a cell names by its title: a post, an objective."""

    @property
    def title(self) -> str: ...


class Labelled(Protocol):
    """A ``TextChoices`` member: its label is the word a person reads."""

    @property
    def label(self) -> Any: ...


def text(value: str | None, *, href: str = "", tags: Iterable[Tag] = (), hint: str = "") -> Cell:
    return Cell(value=value or "", text=value or "", href=href, tags=tuple(tags), hint=hint)


def absent(words: str) -> Cell:
    """Nothing to show, said in words ("None", "Not scored"); the CSV cell stays empty."""
    return Cell(value=None, text=words)


def coded(value: Any, label: str) -> Cell:
    """A stored code shown by its label ("CSI" for ``csi``); the CSV keeps the code."""
    return Cell(value=value, text=label)


def yes_no(flag: bool) -> Cell:
    """A flag the page leaves to a tag or a column of its own; the CSV reads "yes" or "no"."""
    return text("yes" if flag else "no")


def number(
    value: Decimal | int | None,
    *,
    percent: bool = False,
    hint: str = "",
    href: str = "",
    places: int | None = None,
) -> Cell:
    """A figure: printed to ``places`` decimal places when given (a measure's precision), kept
    at full precision as the cell's value (the CSV)."""
    return Cell(
        value=value, text=number_text(value, percent=percent, places=places), hint=hint, href=href
    )


def money(value: Decimal | int | None) -> Cell:
    return Cell(value=value, text=money_text(value))


def date(day: dt.date | None, *, printed: str = "", missing: str | None = None) -> Cell:
    """A date shown as printed in the plan when it was printed ("March 2028"), exported as ISO;
    with ``missing``, no date is that text in both ("No date", or "" for an empty cell)."""
    if day is None and missing is not None:
        return text(missing)
    return Cell(value=day, text=printed or date_text(day))


def day_of(moment: dt.datetime) -> Cell:
    """The council's day a moment fell on: when something was recorded."""
    return date(clock.local_day(moment))


def month(day: dt.date) -> Cell:
    """A month: "March 2026" on the page, "2026-03" in the CSV."""
    return Cell(value=f"{day:%Y-%m}", text=f"{day:%B %Y}")


def tagged(tag: Tag, *, hint: str = "") -> Cell:
    """A status as a Tag with its words; the CSV gets the words."""
    return Cell(value=tag.text, tags=(tag,), hint=hint)


def tag_list(tags: Iterable[Tag]) -> Cell:
    """Several flags as Tags (overdue, due soon); the CSV joins their words with "; "."""
    shown = tuple(tags)
    return Cell(value="; ".join(t.text for t in shown), tags=shown)


def choice_tag(choice: Labelled, colours: Mapping[Any, str]) -> Tag:
    """A status choice as a Tag: its label in words, its colour from the app's own map."""
    return Tag(str(choice.label), colours[choice])


def person_text(user: User | None, *, nobody: str = "civicplan") -> str:
    """Who did something: their name, else their username; ``nobody`` for the system."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def recorded(user: User | None, moment: dt.datetime) -> Cell:
    """Who recorded something, with the day beneath."""
    return text(person_text(user), hint=date_text(clock.local_day(moment)))


def listing(items: Iterable[str | Cell], *, value: Any = None, bullets: bool = False) -> Cell:
    """Several things in one cell (owners, partners); CSV joins them with "; "."""
    cells = tuple(item if isinstance(item, Cell) else text(item) for item in items)
    joined = "; ".join(str(c.value) for c in cells if c.value not in (None, ""))
    return Cell(value=joined if value is None else value, items=cells, bullets=bullets)


def titles(things: Iterable[Titled]) -> Cell:
    """Owners or officers responsible: one line each, by the post's title."""
    return listing(thing.title for thing in things)
