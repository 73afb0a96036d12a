"""A tiny HTML reader for page tests: find elements, read their text, read tables as rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed (visually hidden text included)."""
        parts = [c if isinstance(c, str) else f" {c.text} " for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        def matches(node: Node) -> bool:
            for name, value in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                if name == "class":
                    if value not in node.attrs.get("class", "").split():
                        return False
                elif node.attrs.get(name) != value:
                    return False
            return True

        return [node for node in self.iter() if node.tag == tag and matches(node)]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        if not found:
            raise AssertionError(f"no <{tag}> with {attrs}")
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: bytes | str) -> Node:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    return builder.root


@dataclass
class ParsedTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    node: Node

    def row(self, first_cell: str) -> dict[str, str]:
        """The row whose first cell starts with ``first_cell``, as {heading: cell text}."""
        for row in self.rows:
            if row[0].startswith(first_cell):
                return dict(zip(self.headers, row, strict=True))
        raise AssertionError(f"no row starting {first_cell!r} in {self.caption!r}")

    def column(self, heading: str) -> list[str]:
        index = self.headers.index(heading)
        return [row[index] for row in self.rows]


def tables(html: bytes | str) -> dict[str, ParsedTable]:
    """Every table on the page by caption."""
    found = {}
    for table in parse(html).find_all("table"):
        caption = table.find("caption").text
        headers = [th.text for th in table.find("thead").find_all("th")]
        body = table.find("tbody")
        rows = [
            [cell.text for cell in tr.children if isinstance(cell, Node)]
            for tr in body.find_all("tr")
        ]
        found[caption] = ParsedTable(caption, headers, rows, table)
    return found


def option_groups(page: Node, select_id: str) -> dict[str, list[tuple[str, str]]]:
    """A grouped select's options, ``{"Quarters": [(value, text), …], …}``."""
    select = page.find("select", id=select_id)
    return {
        group.attrs["label"]: [(o.attrs["value"], o.text) for o in group.find_all("option")]
        for group in select.find_all("optgroup")
    }
