"""Cell parsers: exact examples from the plan, and properties over generated cells."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from civicplan.planio.importer.cells import (
    Number,
    clean_text,
    find_year,
    is_incomplete_action_code,
    normalise_indicator_code,
    parse_covered,
    parse_date,
    parse_description,
    parse_number,
    parse_numbers,
    parse_renewal,
    plan_period,
    split_action_code,
    split_action_codes,
    split_list,
    split_trailing_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,162", Number(7162)),
        ("37%", Number(37, percent=True)),
        ("57.7%", Number(57.7, percent=True)),
        ("(20,000)", Number(-20000)),
        ("-20,000", Number(-20000)),
        ("£1,500", Number(1500)),
        ("-", Number(None)),
        ("", Number(None)),
        ("  0 ", Number(0)),
    ],
)
def test_parse_number_reads_printed_figures(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["NOTE*", "1,2345", "(20,000", "abc", "12 %%", "-(5)"])
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_parse_numbers_reads_a_paired_cell():
    assert parse_numbers("21 85%") == [Number(21), Number(85, percent=True)]
    assert parse_numbers("-") == []


def _printed(value: int, *, brackets: bool, percent: bool) -> str:
    text = f"{abs(value):,}"
    if value < 0:
        text = f"({text})" if brackets else f"-{text}"
    return text + ("%" if percent else "")


@given(st.integers(-(10**9), 10**9), st.booleans(), st.booleans())
def test_parse_number_round_trips_formatted_integers(value, brackets, percent):
    assert parse_number(_printed(value, brackets=brackets, percent=percent)) == Number(
        value, percent
    )


@given(st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False))
def test_parse_number_round_trips_one_decimal_place(value):
    assert parse_number(f"{value:,.1f}%").value == pytest.approx(float(value))


@given(st.text())
@example("1000000000000")  # a figure too large: the other of the two refusals
@example("seven")
def test_parse_number_gives_a_value_or_a_clear_error(text):
    try:
        result = parse_number(text)
    except ValueError as error:
        message = str(error)
        assert "not a number" in message or "more digits than a figure can have" in message
    else:
        assert result.value is None or isinstance(result.value, int | float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2028", dt.date(2028, 3, 31)),
        ("Summer 2025", dt.date(2025, 8, 31)),
        ("Spring 2027", dt.date(2027, 5, 31)),
        ("Autumn 2026", dt.date(2026, 11, 30)),
        ("Winter 2027", dt.date(2028, 2, 29)),
        ("2026", dt.date(2026, 12, 31)),
        ("31 March 2027", dt.date(2027, 3, 31)),
        ("1st July 2026", dt.date(2026, 7, 1)),
        ("31/03/2027", dt.date(2027, 3, 31)),
        ("2027-03-31", dt.date(2027, 3, 31)),
        ("Sept 2026", dt.date(2026, 9, 30)),
    ],
)
def test_parse_date_reads_months_seasons_and_years(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "March", "31 February 2027", "Q3 2026", "13/13/2026"])
def test_parse_date_rejects_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


@given(st.dates(dt.date(1950, 1, 1), dt.date(2150, 12, 31)))
def test_parse_date_round_trips_month_year_to_month_end(day):
    last = calendar.monthrange(day.year, day.month)[1]
    assert parse_date(f"{day:%B %Y}") == day.replace(day=last)
    assert parse_date(f"{day.day} {day:%B %Y}") == day
    assert parse_date(day.isoformat()) == day


@given(st.text())
def test_parse_date_gives_a_date_or_a_clear_error(text):
    try:
        assert isinstance(parse_date(text), dt.date)
    except ValueError as error:
        assert str(error)


@pytest.mark.parametrize(
    ("text", "date", "recurrence"),
    [
        ("April 2028", "2028-04-30", None),
        ("2024 due Summer 2025 – awaited", "2025-08-31", None),
        ("Updated annually", None, "annual"),
        ("Annual Plan", None, "annual"),
        ("Under constant review", None, "continuous"),
        ("To be confirmed", None, None),
    ],
)
def test_parse_renewal_keeps_the_text_and_reads_date_or_recurrence(text, date, recurrence):
    renewal = parse_renewal(text).as_dict()
    assert renewal == {"text": text, "date": date, "recurrence": recurrence}


@given(st.text())
def test_parse_renewal_never_raises(text):
    assert parse_renewal(text).text == clean_text(text)


def test_split_trailing_date_takes_the_date_off_an_officers_cell():
    text = "Head of Communities and Community Safety Communities and Crime Manager March 2028"
    assert split_trailing_date(text) == (
        "Head of Communities and Community Safety Communities and Crime Manager",
        dt.date(2028, 3, 31),
        "March 2028",
    )
    assert split_trailing_date("Licensing Manager") == ("Licensing Manager", None, None)


@given(st.text())
def test_split_trailing_date_never_raises(text):
    _, date, printed = split_trailing_date(text)
    assert (date is None) == (printed is None)


def test_split_list_reads_bullets_after_a_ul():
    cell = (
        'Sets out <ul style="list-style-type: none"> • Communities and Victims First • Effective '
    )
    assert split_list(cell) == ("Sets out", ["Communities and Victims First", "Effective"])
    assert split_list("<ul><li>One</li><li>Two</li></ul>") == ("", ["One", "Two"])
    assert split_list("Plain text") == ("Plain text", [])


def test_clean_text_removes_markup_but_keeps_comparisons():
    assert clean_text("<p>A **bold** &amp; x < 3</p>") == "A bold & x < 3"


@pytest.mark.parametrize(
    ("code", "normal"),
    [
        ("ComS_24", "ComS_024"),
        ("ComS_012a", "ComS_012a"),
        ("HOU_12", "HOU_012"),
        ("Env_005B", "Env_005b"),
        ("ComS_0089b", "ComS_089b"),
    ],
)
def test_normalise_indicator_code(code, normal):
    assert normalise_indicator_code(code) == normal


@given(
    st.from_regex(r"[A-Za-z][A-Za-z]{0,5}", fullmatch=True),
    st.integers(0, 999),
    st.sampled_from(["", "a", "b", "D"]),
)
def test_normalise_indicator_code_pads_and_is_idempotent(prefix, number, suffix):
    normal = normalise_indicator_code(f"{prefix}_{number}{suffix}")
    assert normal == f"{prefix}_{number:03d}{suffix.lower()}"
    assert normalise_indicator_code(normal) == normal


def test_parse_description_reads_codes_items_and_new():
    desc = parse_description(
        "<p>Time an individual remains on the ASB panel agenda (ComS_015)</p> <ul> "
        "• Less than 3 months (ComS_015a) • Over 6 months (ComS_015b) (New)"
    )
    assert desc.lead == "Time an individual remains on the ASB panel agenda"
    assert [c.code for c in desc.codes] == ["ComS_015", "ComS_015a", "ComS_015b"]
    assert [text for text, _ in desc.items] == ["Less than 3 months", "Over 6 months"]
    assert desc.new


def test_parse_description_reads_labelled_paired_codes():
    desc = parse_description("Respond within 5 days (ComS_044 – (number of)) (ComS_053 – (%))")
    assert [(c.code, c.label) for c in desc.codes] == [("ComS_044", "number of"), ("ComS_053", "%")]
    assert desc.lead == "Respond within 5 days"


@given(st.text())
def test_parse_description_never_raises(text):
    desc = parse_description(text)
    assert all(code.code == normalise_indicator_code(code.code) for code in desc.codes)


@pytest.mark.parametrize(
    ("cell", "title", "code", "new"),
    [
        (
            "Review ASB Policy (including ASB action plan) BCRPASB_29",
            "Review ASB Policy (including ASB action plan)",
            "BCRPASB_29",
            False,
        ),
        ("Review Sanctuary Policy BCRPDA&V_07", "Review Sanctuary Policy", "BCRPDA&V_07", False),
        (
            "Review Vulnerable Persons Policy COMS2629_05.1 (New)",
            "Review Vulnerable Persons Policy",
            "COMS2629_05.1",
            True,
        ),
        ("Produce a new Plan BCRP_", "Produce a new Plan", "BCRP_", False),
        ("Review the resource ComS2629_02 (New)", "Review the resource", "ComS2629_02", True),
        ("No code here", "No code here", None, False),
    ],
)
def test_split_action_code(cell, title, code, new):
    assert split_action_code(cell) == (title, code, new)


def test_split_action_codes_takes_every_trailing_code():
    assert split_action_codes("Review Policies BCRPASB_29 COMS2629_05.1 BCRP_") == (
        "Review Policies",
        ["BCRPASB_29", "COMS2629_05.1", "BCRP_"],
    )


def test_is_incomplete_action_code():
    assert is_incomplete_action_code("BCRP_")
    assert not is_incomplete_action_code("COMS2629_08a")


def test_parse_covered_reads_answer_and_risk_numbers():
    assert parse_covered("Yes – Risks 2, 7, 13, and 21") == (True, [2, 7, 13, 21])
    assert parse_covered("No") == (False, [])


def test_years_and_plan_period():
    assert find_year("Achieved 2022/23") == "2022/23"
    assert find_year("2026/27 Budget £") == "2026/27"
    assert find_year("Future Years") is None
    assert plan_period("Community Safety Business Plan 2026–2029") == ("2026/27", "2028/29")
    assert plan_period("Key Tasks 2026/27 – 2028/29 Including") == ("2026/27", "2028/29")
    assert plan_period("Housing Business Plan 2027-30") == ("2027/28", "2029/30")
    assert plan_period("No years") is None
