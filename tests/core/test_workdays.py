"""Working days and due dates. Every expected date here was counted by hand on a calendar."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicplan.core.periods import Period
from civicplan.core.workdays import (
    DEFAULT_WORKING_DAYS,
    add_working_days,
    bank_holidays,
    due_date,
    is_late,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_due_date_of_2026_27_q2_is_21_october_2026() -> None:
    # Q2 ends Wednesday 30 September 2026. Working days: Thu 1 Oct (1), Fri 2 (2), 5–9 Oct (3–7),
    # 12–16 Oct (8–12), Mon 19 (13), Tue 20 (14), Wed 21 (15). No bank holiday in October.
    q2 = Period.parse("2026/27-Q2")
    assert q2.last_day == D(2026, 9, 30)
    assert DEFAULT_WORKING_DAYS == 15
    assert due_date(q2) == D(2026, 10, 21)
    assert due_date(q2).strftime("%A") == "Wednesday"


@pytest.mark.parametrize(
    ("period", "due"),
    [
        # Q1 ends Tue 30 Jun 2026: 1–3 Jul (1–3), 6–10 (4–8), 13–17 (9–13), 20 (14), 21 (15).
        ("2026/27-Q1", D(2026, 7, 21)),
        # Q3 ends Thu 31 Dec 2026; Fri 1 Jan 2027 is New Year's Day: 4–8 Jan (1–5), 11–15 (6–10),
        # 18–22 (11–15).
        ("2026/27-Q3", D(2027, 1, 22)),
        # Q4 ends Wed 31 Mar 2027, after Easter 2027: 1–2 Apr (1–2), 5–9 (3–7), 12–16 (8–12),
        # 19–21 (13–15).
        ("2026/27-Q4", D(2027, 4, 21)),
        ("2026/27", D(2027, 4, 21)),
        # 2025/26 Q4 ends Tue 31 Mar 2026; Good Friday 3 Apr and Easter Monday 6 Apr 2026 are
        # skipped: 1–2 Apr (1–2), 7–10 (3–6), 13–17 (7–11), 20–23 (12–15). Without them: 21 Apr.
        ("2025/26-Q4", D(2026, 4, 23)),
        # Q3 2025/26 ends Wed 31 Dec 2025; Thu 1 Jan 2026 skipped: Fri 2 (1), 5–9 (2–6),
        # 12–16 (7–11), 19–22 (12–15).
        ("2025/26-Q3", D(2026, 1, 22)),
        # April 2027 ends Fri 30 Apr; Mon 3 May is the early May bank holiday: 4–7 May (1–4),
        # 10–14 (5–9), 17–21 (10–14), Mon 24 (15).
        ("2027-04", D(2027, 5, 24)),
    ],
)
def test_due_date_skips_weekends_and_bank_holidays(period: str, due: dt.date) -> None:
    assert due_date(Period.parse(period)) == due


def test_due_date_with_another_number_of_working_days() -> None:
    q2 = Period.parse("2026/27-Q2")
    assert due_date(q2, 10) == D(2026, 10, 14)
    assert due_date(q2, 0) == D(2026, 9, 30)


def test_christmas_2026_boxing_day_on_saturday_moves_to_monday_28_december() -> None:
    # 25 Dec 2026 is a Friday, 26 Dec a Saturday: the substitute bank holiday is Monday 28 Dec.
    assert D(2026, 12, 25).strftime("%a") == "Fri"
    assert D(2026, 12, 26).strftime("%a") == "Sat"
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2026, 12, 28))
    assert is_working_day(D(2026, 12, 29))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 3  # 29, 30, 31


def test_easter_2027_good_friday_and_easter_monday_are_not_working_days() -> None:
    # Easter Sunday 2027 is 28 March: Good Friday 26 March, Easter Monday 29 March.
    assert not is_working_day(D(2027, 3, 26))
    assert not is_working_day(D(2027, 3, 29))
    assert is_working_day(D(2027, 3, 25))
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)
    assert working_days_between(D(2027, 3, 25), D(2027, 3, 31)) == 2  # 30, 31


def test_the_early_may_bank_holiday_is_the_first_monday_in_may() -> None:
    assert not is_working_day(D(2026, 5, 4))
    assert add_working_days(D(2026, 5, 1), 1) == D(2026, 5, 5)
    assert not is_working_day(D(2027, 5, 3))
    assert add_working_days(D(2027, 4, 30), 1) == D(2027, 5, 4)


def test_the_library_knows_the_one_off_moves() -> None:
    # 2020: the early May bank holiday moved to Friday 8 May (VE Day 75); Monday 4 May was worked.
    assert is_working_day(D(2020, 5, 4))
    assert not is_working_day(D(2020, 5, 8))
    # 2022: the spring bank holiday moved to Thursday 2 June, with the Jubilee on Friday 3 June.
    assert not is_working_day(D(2022, 6, 2))
    assert not is_working_day(D(2022, 6, 3))
    assert is_working_day(D(2022, 5, 30))


def test_bank_holidays_2026_are_the_eight_england_and_wales_days() -> None:
    days = bank_holidays(2026)
    assert [d for d in days if d.weekday() < 5] == [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),
    ]
    assert days[D(2026, 4, 6)] == "Easter Monday"


def test_england_and_wales_share_one_calendar() -> None:
    years = range(2020, 2036)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)
    assert set(england) == set(wales)


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(D(2026, 10, 3))  # Saturday
    assert not is_working_day(D(2026, 10, 4))  # Sunday
    assert is_working_day(D(2026, 10, 5))


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_add_working_days_rejects_a_negative_or_fractional_count(days: int) -> None:
    with pytest.raises(ValueError, match="whole number, 0 or more"):
        add_working_days(D(2026, 10, 1), days)


def test_working_days_between_counts_lateness_and_is_negative_backwards() -> None:
    due = D(2026, 10, 21)
    assert working_days_between(due, D(2026, 10, 26)) == 3  # Thu 22, Fri 23, Mon 26
    assert working_days_between(D(2026, 10, 26), due) == -3
    assert working_days_between(due, due) == 0


def test_is_late_only_after_the_due_date() -> None:
    q2 = Period.parse("2026/27-Q2")
    assert not is_late(q2, D(2026, 10, 1))
    assert not is_late(q2, D(2026, 10, 21))  # on the due date: on time
    assert is_late(q2, D(2026, 10, 22))
    assert is_late(q2, D(2026, 10, 15), working_days=10)


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(1, 40))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_on(
    start: dt.date, days: int
) -> None:
    end = add_working_days(start, days)
    assert is_working_day(end)
    assert working_days_between(start, end) == days
    assert end >= start + dt.timedelta(days=days)
