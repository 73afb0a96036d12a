import pytest

from civicplan.core.tables import Column, Table, Tag, listing, number, text


def _table() -> Table:
    table = Table(
        "t",
        "Things",
        [
            Column("code", "Code", row_header=True, sort="code"),
            Column("value", "Value", numeric=True, sort="value"),
            Column("year", "Year", html=False),
            Column("note", "Note", csv=False),
        ],
    )
    table.add(text("A", tags=[Tag("New")]), number(7162), text("2024/25"), text("x"))
    return table


def test_table_html_and_csv_columns_differ_as_declared():
    table = _table()

    assert [h.label for h in table.html_columns] == ["Code", "Value", "Note"]
    assert table.csv_header() == ["Code", "Value", "Year"]
    assert list(table.csv_rows()) == [["A", 7162, "2024/25"]]
    assert [column.key for column, _ in table.html_rows[0].pairs] == ["code", "value", "note"]


def test_table_sorted_by_links_toggle_direction():
    table = _table().sorted_by("value", lambda sort: f"?sort={sort}")

    code, value, note = table.html_columns
    assert (code.href, code.aria_sort) == ("?sort=code", "none")
    assert (value.href, value.aria_sort) == ("?sort=-value", "ascending")
    assert (note.href, note.aria_sort) == ("", "")


def test_table_rejects_a_row_of_the_wrong_width():
    with pytest.raises(ValueError, match="2 cells for 4 columns"):
        _table().add(text("B"), text("C"))


def test_listing_joins_values_for_csv_and_keeps_items_for_the_page():
    cell = listing(["Police", "Change Grow Live"])

    assert cell.value == "Police; Change Grow Live"
    assert [item.text for item in cell.items] == ["Police", "Change Grow Live"]
    assert listing([]).is_empty
