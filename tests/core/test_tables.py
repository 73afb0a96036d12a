import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pytest
from django.contrib.auth.models import User

from civicplan.core.tables import (
    Column,
    Table,
    Tag,
    absent,
    choice_tag,
    date,
    day_of,
    listing,
    money,
    month,
    number,
    person_text,
    recorded,
    tag_list,
    tagged,
    text,
    titles,
    yes_no,
)


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


def test_date_with_missing_says_so_in_both_and_without_is_empty():
    assert (date(None, missing="No date").value, date(None, missing="No date").text) == (
        "No date",
        "No date",
    )
    assert (date(None).value, date(None).text) == (None, "")
    day = dt.date(2028, 3, 31)
    assert (date(day, missing="No date").value, date(day).text) == (day, "31 March 2028")


def test_day_of_a_late_summer_evening_utc_is_the_next_day_in_london():
    cell = day_of(dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC))

    assert (cell.value, cell.text) == (dt.date(2026, 7, 2), "2 July 2026")


def test_month_reads_as_words_and_exports_as_year_and_month():
    cell = month(dt.date(2026, 3, 1))

    assert (cell.value, cell.text) == ("2026-03", "March 2026")


def test_tagged_and_tag_list_export_the_words_of_their_tags():
    overdue, soon = Tag("Overdue", "red"), Tag("Due within 90 days", "yellow")

    assert (tagged(overdue, hint="h").value, tagged(overdue).tags) == ("Overdue", (overdue,))
    assert tag_list([overdue, soon]).value == "Overdue; Due within 90 days"
    assert tag_list([]).is_empty


class _State(StrEnum):
    LATE = "late"

    @property
    def label(self) -> str:
        return "Late"


def test_choice_tag_takes_the_label_and_the_apps_colour():
    assert choice_tag(_State.LATE, {_State.LATE: "red"}) == Tag("Late", "red")


@dataclass
class _Post:
    title: str


def test_titles_lists_posts_by_title():
    cell = titles([_Post("Head of Housing"), _Post("Community Safety Manager")])

    assert cell.value == "Head of Housing; Community Safety Manager"


def test_person_and_recorded_name_the_user_or_the_system():
    user = User(username="owner", first_name="Ann", last_name="Lee")

    assert person_text(user) == "Ann Lee"
    assert person_text(User(username="owner")) == "owner"
    assert person_text(None) == "civicplan"
    assert person_text(None, nobody="civicplan (automatic)") == "civicplan (automatic)"
    cell = recorded(None, dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    assert (cell.text, cell.hint) == ("civicplan", "30 November 2026")


def test_small_builders_keep_page_and_csv_apart():
    assert (absent("Not scored").value, absent("Not scored").text) == (None, "Not scored")
    assert (yes_no(True).value, yes_no(False).value) == ("yes", "no")
    assert number(1234, href="/x").href == "/x"
    assert money(-20000).with_hint("No actuals recorded").text == "\u2212£20,000"
    assert money(-20000).with_hint("No actuals recorded").hint == "No actuals recorded"
