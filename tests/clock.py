"""The suite's clock: named days of the seed plan, and pinning them with time-machine.

A test that depends on the date says which day it is, in one of two ways:

* ``@pytest.mark.today(SEED_DAY)`` (or ``pytestmark = pytest.mark.today(...)`` for a module):
  the clock reads that day, at 09:00 in London, for the test and its function-scoped fixtures;
  the live server of a browser test runs in this process and sees it too;
* ``as_of=SEED_DAY`` passed to the service, selector or command under test.

``pytest --clock 2029-05-02`` (or ``CIVICPLAN_TEST_CLOCK=2029-05-02``) runs the whole suite as if
that were today. CI's PostgreSQL pass does so with a day after the plan has ended, so a test that
reads the wall clock without pinning it fails there rather than on some day next year. Pinned
tests keep their own day. The clock ticks in both cases, so timeouts and durations still work.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")

# Named days of the seed plan (2026/27 to 2028/29). Quarter N's figures fall due on the 15th
# working day after it ends: 2026/27 Q1 on 21 July 2026, Q2 on 21 October 2026.
BEFORE_PLAN = dt.date(2026, 2, 14)
"""In 2025/26, the baseline year: the plan has not started."""
BEFORE_Q2_DEADLINE = dt.date(2026, 10, 5)
"""In 2026/27 Q3, before 2026/27 Q2's figures fall due."""
Q2_DEADLINE = dt.date(2026, 10, 21)
"""The day 2026/27 Q2's figures fall due: the 15th working day after the quarter ends."""
SEED_DAY = dt.date(2026, 11, 30)
"""In 2026/27 Q3, after 2026/27 Q2's figures fell due: the day the seed's findings are judged."""
MID_PLAN = dt.date(2027, 2, 14)
"""In 2026/27 Q4, the plan's first year."""
AFTER_PLAN = dt.date(2029, 5, 2)
"""In 2029/30 Q1: the plan ended on 31 March 2029."""


def day_in_quarter(year: int, quarter: int, *, day: int = 14, month: int = 2) -> dt.date:
    """A day inside quarter ``quarter`` of the financial year starting in April ``year``: the
    ``day`` of the quarter's ``month`` (1 to 3), 14 February for ``day_in_quarter(2026, 4)``."""
    first_month = 4 + 3 * (quarter - 1)
    calendar_month = (first_month + month - 2) % 12 + 1
    calendar_year = year + (1 if calendar_month < 4 else 0)
    return dt.date(calendar_year, calendar_month, day)


def moment(day: dt.date) -> dt.datetime:
    """09:00 in London on ``day``: the moment a pinned clock starts from."""
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=LONDON)


def _clock_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"--clock takes a date as YYYY-MM-DD, not {text!r}") from None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("CIVICPLAN_TEST_CLOCK") or None,
        metavar="YYYY-MM-DD",
        help="run the suite as if today were this date (tests that pin a day keep theirs); "
        "default: $CIVICPLAN_TEST_CLOCK, else the real date",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "today(day): the clock reads that date (09:00 London) during the test"
    )
    text = config.getoption("--clock")
    if text:
        traveller = time_machine.travel(moment(_clock_day(text)), tick=True)
        traveller.start()
        config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str:
    text = config.getoption("--clock")
    where = f"moved to {_clock_day(text):%-d %B %Y} (--clock)" if text else "the real date"
    return f"clock: {where}; tests marked 'today' pin their own day"


@pytest.fixture(autouse=True)
def _today_marker(request: pytest.FixtureRequest) -> object:
    """Travel to the day a ``today`` marker names, for this test only."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield None
        return
    (day,) = marker.args
    with time_machine.travel(moment(day), tick=True):
        yield day


_TRAVELLER = pytest.StashKey[time_machine.travel]()
