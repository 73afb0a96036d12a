"""Reader: the document's lines → numbered sections holding text lines, bullets and tables.

Tables are recognised by their header rows, never by line numbers or row counts: a repeated header
(a page break in the source) continues the table above it when only blank lines come between.
One pass over the lines, so reading is linear in the size of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import clean_text, find_year


class PlanFormatError(ValueError):
    """The text is not a plan this importer can read; ``line`` says where (1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(slots=True)
class Row:
    line: int
    cells: list[str]


@dataclass(slots=True)
class Table:
    """A table: its kind (from the header), header cells and rows, across page breaks."""

    kind: str
    header: list[str]
    line: int
    rows: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class Text:
    """A line of prose or a heading (the assembler tells them apart by what it expects)."""

    line: int
    text: str


@dataclass(slots=True)
class Bullet:
    """A list item: "- text" or a "➤ Department" marker line."""

    line: int
    text: str
    marker: str


Item = Table | Text | Bullet


@dataclass(slots=True)
class Section:
    number: int
    title: str
    line: int
    items: list[Item] = field(default_factory=list)

    def tables(self, kind: str) -> list[Table]:
        return [item for item in self.items if isinstance(item, Table) and item.kind == kind]


@dataclass(slots=True)
class Document:
    preamble: list[Item]
    sections: dict[int, Section]
    last_line: int
    ends_in_table: bool


SECTION_NAMES = {
    1: "Published Strategy and Policy Documents",
    2: "Service Level Objectives",
    3: "Measures of Performance and Service Data",
    4: "Key Tasks and Priorities for Improvement",
    5: "Link Key Tasks … to the Financial Budgets",
    6: "Summary Of Key Risks",
}
_SECTION_WORDS = {
    1: ("strateg", "polic"),
    2: ("service level", "objective"),
    3: ("measure", "performance", "indicator", "service data"),
    4: ("key task", "priorit", "action"),
    5: ("budget", "financ"),
    6: ("risk",),
}
# Tables each section must hold; a section without them is cut short or not of this family.
REQUIRED_TABLES = {
    1: ("policies",),
    3: ("measures",),
    4: ("actions",),
    5: ("budget",),
    6: ("strategic_risks", "key_task_risks"),
}
TABLE_NAMES = {
    "policies": "strategy and policy documents (Strategy/Policy Document, …, Renewal Date, …)",
    "measures": "measures (… Description, Actual/Achieved 2024/25, Target …)",
    "actions": "key tasks (Action, Targeted Outcome, …, Officers Responsible / Target Date, …)",
    "budget": "budget (… Budget Implications …, Action, 2026/27 Budget £, …)",
    "strategic_risks": "key strategic risks (Key Strategic Risk, Action to be taken …)",
    "key_task_risks": "key task risks (Key Task, Risk or Threat …, Covered …, Action …)",
}
_HEADING = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S.*?)\s*$")
_BULLET = re.compile(r"^\s*(?P<marker>[-•➤▪◦])\s*(?P<text>\S.*)$")


# Figures and codes occur in data rows, never in header rows.
_VALUE_CELL = re.compile(
    r"^[-–(£]*\s*[\d,.]+\)?%?$|\(\s*[A-Za-z]+_\d|\b[A-Za-z][A-Za-z0-9&.]*_[A-Za-z0-9&.]*\s*"
    r"(\(new\))?$"
)
_YEAR_HEADER = re.compile(
    r"^(actual|achieved|outturn|result|target|estimate|forecast|budget)s?\b|budget", re.I
)
_HEADER_KINDS = (
    ("policies", r"^(strategy|policy|document)", r"(^| )renewal"),
    ("strategic_risks", r"^(key )?strategic risks?$", r"mitigat|action"),
    ("key_task_risks", r"^key tasks?$", r"threat|covered"),
    ("actions", r"^(actions?|key tasks?)$", r"outcome"),
)


def classify_header(cells: list[str]) -> str | None:
    """The kind of table a header row introduces, or ``None`` when the row is not a header.

    Header cells are short labels, all filled in, never figures or codes; their first cell names
    the table ("Action", "Key Task") and year columns read like "Actual 2022/23" or "2026/27
    Budget £". So a data row that mentions a year or the word "renewal" is not taken for a header.
    """
    texts = [clean_text(cell).lower() for cell in cells]
    if len(texts) < 2 or not all(0 < len(text) <= 90 for text in texts):
        return None
    if any(_VALUE_CELL.search(text) for text in texts):
        return None
    first, rest = texts[0], " | ".join(texts[1:])
    for kind, first_rx, rest_rx in _HEADER_KINDS:
        if re.search(first_rx, first) and re.search(rest_rx, rest):
            return kind
    years = [t for t in texts[1:] if find_year(t) and _YEAR_HEADER.search(t) and len(t) < 40]
    if re.search(r"budget|efficienc|revenue|capital", first) and years:
        return "budget"
    if re.search(r"description|^indicators?$|^measures?$|^service data", first) and (
        years or "future years" in rest
    ):
        return "measures"
    return None


def _section_number(text: str, after: int) -> int | None:
    """The section a heading opens: numbered past ``after`` and worded like that section."""
    match = _HEADING.match(text)
    if not match or "\t" in text or len(text) > 200:
        return None
    number = int(match[1])
    words = match[2].lower()
    if number <= after or number not in _SECTION_WORDS:
        return None
    return number if any(word in words for word in _SECTION_WORDS[number]) else None


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, CR and LF all end a line, nothing else does."""
    return re.split(r"\r\n|\r|\n", text)


class _Reader:
    """State of the single pass: where we are, and which table (if any) is still open."""

    def __init__(self) -> None:
        self.preamble: list[Item] = []
        self.sections: dict[int, Section] = {}
        self.items = self.preamble
        self.current = 0
        self.table: Table | None = None
        self.last_kind = ""

    def feed(self, number: int, line: str) -> None:
        if not line.strip() or ("\t" in line and not line.replace("\t", "").strip()):
            return
        if "\t" in line:
            self._table_line(number, line.split("\t"))
            self.last_kind = "table"
            return
        self.table = None
        self.last_kind = "text"
        section = _section_number(line, self.current)
        if section:
            self.current = section
            self.sections[section] = Section(section, clean_text(line), number)
            self.items = self.sections[section].items
            return
        bullet = _BULLET.match(line)
        if bullet and not line.lstrip().startswith("--"):
            self.items.append(Bullet(number, clean_text(bullet["text"]), bullet["marker"]))
        else:
            self.items.append(Text(number, clean_text(line)))

    def _table_line(self, number: int, cells: list[str]) -> None:
        kind = classify_header(cells)
        if kind:
            if self.table and self.table.kind == kind and _same(self.table.header, cells):
                return  # a header repeated at a page break: the same table goes on
            self.table = Table(kind, cells, number)
            self.items.append(self.table)
            return
        if self.table is None:
            raise PlanFormatError(
                "this line has tab-separated cells but no table header row above it; "
                "a table starts with a header such as 'Action\tTargeted Outcome\t…'",
                number,
            )
        expected = len(self.table.header)
        if len(cells) != expected:
            raise PlanFormatError(
                f"this row has {len(cells)} cells but the {self.table.kind.replace('_', ' ')} "
                f"table's header on line {self.table.line} has {expected}; check for a missing "
                "or extra tab",
                number,
            )
        self.table.rows.append(Row(number, cells))


def _same(header: list[str], cells: list[str]) -> bool:
    return [clean_text(cell).lower() for cell in header] == [
        clean_text(cell).lower() for cell in cells
    ]


def read_document(text: str) -> Document:
    """Read the whole text into sections; raise ``PlanFormatError`` when it is not a whole plan."""
    lines = split_lines(text)
    reader = _Reader()
    last = 0
    for number, line in enumerate(lines, start=1):
        try:
            reader.feed(number, line)
        except PlanFormatError as error:
            if number == _last_non_blank(lines):
                raise PlanFormatError(
                    f"{error.message} (the file may be cut short)", number
                ) from None
            raise
        if line.strip():
            last = number
    document = Document(reader.preamble, reader.sections, last, reader.last_kind == "table")
    _check_complete(document)
    return document


def _last_non_blank(lines: list[str]) -> int:
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return 0


def _check_complete(document: Document) -> None:
    """Every numbered section, in order, with the tables it must hold."""
    found = document.sections
    if not found:
        raise PlanFormatError(
            "no plan sections found: a business plan has numbered headings such as "
            "'1. Published Strategy and Policy Documents …' and '4. Key Tasks …'",
            1,
        )
    missing = [number for number in SECTION_NAMES if number not in found]
    last = max(found)
    if missing and min(missing) > last:
        names = ", ".join(f"{n}. {SECTION_NAMES[n]}" for n in missing)
        raise PlanFormatError(
            f"the document ends inside section {last} ({SECTION_NAMES[last]}); "
            f"missing: {names}. The file looks cut short",
            document.last_line,
        )
    if missing:
        number = missing[0]
        after = max(n for n in found if n < number) if number > min(found) else None
        line = found[after].line if after else 1
        raise PlanFormatError(
            f"section {number} ({SECTION_NAMES[number]}) not found; sections 1–6 must appear in "
            f"order with headings such as '{number}. {SECTION_NAMES[number]}'",
            line,
        )
    for number, kinds in REQUIRED_TABLES.items():
        section = found[number]
        for kind in kinds:
            tables = section.tables(kind)
            if not tables:
                cut = number == 6 and document.ends_in_table
                tail = " The file looks cut short." if cut else ""
                raise PlanFormatError(
                    f"section {number} ({SECTION_NAMES[number]}) has no {TABLE_NAMES[kind]} "
                    f"table.{tail}",
                    document.last_line if cut else section.line,
                )
            empty = next((table for table in tables if not table.rows), None)
            if empty:
                raise PlanFormatError(
                    f"the {TABLE_NAMES[kind]} table has a header row but no rows", empty.line
                )
