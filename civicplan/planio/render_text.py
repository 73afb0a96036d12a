"""The plan document as the text layout the importer reads.

The layout is the one a Word-to-text conversion of a published plan gives: one paragraph a line,
"- " bullets, "➤ **Department**" markers, tab-separated tables whose header row is repeated where a
page breaks, and lists inside cells as the HTML fragments the conversion leaves
(``<ul style="list-style-type: none"> • a • b ``). Feeding the result to ``parse_plan_text`` gives
back the plan it was made from.
"""

from __future__ import annotations

from civicplan.planio import blocks

LIST_START = '<ul style="list-style-type: none">'
DEFAULT_PAGE_ROWS = 8


def cell_text(cell: blocks.Cell) -> str:
    """One cell on one line: tabs and line breaks would split the row, so they become spaces."""
    text = " ".join(cell.text.split())
    if not cell.items:
        return text
    items = " ".join(f"• {' '.join(item.split())}" for item in cell.items)
    lead = f"<p>{text}</p> " if text else ""
    return f"{lead}{LIST_START} {items} "


def _table(table: blocks.Table, page_rows: int) -> list[str]:
    header = "\t".join(table.header)
    lines = [header]
    for number, row in enumerate(table.rows):
        if page_rows and number and number % page_rows == 0:
            lines += ["", header]
        lines.append("\t".join(cell_text(cell) for cell in row))
    return lines


def _block(block: blocks.Block, page_rows: int) -> list[str]:
    if isinstance(block, blocks.Heading):
        return [f"➤ **{block.text}**" if block.level == 4 else block.text]
    if isinstance(block, blocks.Paragraph):
        return [" ".join(block.text.split())]
    if isinstance(block, blocks.BulletList):
        return [f"- {' '.join(item.split())}" for item in block.items]
    return _table(block, page_rows)


def render_text(document: blocks.PlanDocument, *, page_rows: int = DEFAULT_PAGE_ROWS) -> str:
    """The document as text; a table's header row is repeated every ``page_rows`` rows (0: never),
    as it is at each page break of the printed plan."""
    lines = [""]
    for block in document.blocks:
        lines += _block(block, page_rows)
        lines.append("")
    return "\n".join(lines)
