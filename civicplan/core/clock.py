"""The one place civicplan reads the time.

Overdue, due soon, "data missing", the default quarter and every recorded stamp depend on the
date, so every service, command and page asks this module rather than the wall clock. Tests move
the clock with time-machine (``tests/clock.py``), which this module follows like any other code;
nothing outside it may call ``date.today()``, ``datetime.now()``, ``timezone.now()`` or
``timezone.localdate()`` (``tests/core/test_clock.py`` enforces it).

``today()`` is the council's day in Europe/London (``TIME_ZONE``), not UTC: a figure entered at
00:30 BST on 1 July belongs to 1 July. To look at the plan as at another day, pages take
``?as_of=`` (``plans.pages.page_as_of``) and commands ``--as-of``; the clock itself is never moved.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """This moment, aware and in UTC: the stamp for anything recorded."""
    return timezone.now()


def today() -> dt.date:
    """The council's today."""
    return timezone.localdate()


def local_day(moment: dt.datetime) -> dt.date:
    """The council's calendar day of a recorded moment (a stamp at 23:30 UTC in summer is the
    next day in London)."""
    return timezone.localdate(moment)


def local_time(moment: dt.datetime) -> dt.datetime:
    """A recorded moment on the council's clock (Europe/London), to print its time of day."""
    return timezone.localtime(moment)


def utc_naive_now() -> dt.datetime:
    """This moment in UTC without a time zone, for stores that keep naive timestamps (DuckDB)."""
    return now().astimezone(dt.UTC).replace(tzinfo=None)


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after the council's ``day`` (midnight in London starting the next day),
    aware: a stamp ``< day_end(D)`` was recorded on or before ``D``, whatever the season."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    return timezone.make_aware(midnight, timezone.get_default_timezone())
