"""Time has one source: ``civicplan.core.clock``. Nothing else reads the wall clock, so a test that
pins the clock pins the whole app, and the suite passes whatever the date."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from civicplan.core import clock
from tests.clock import AFTER_PLAN, SEED_DAY, day_in_quarter, moment

PACKAGE = Path(clock.__file__).resolve().parents[1]
CLOCK_MODULE = Path(clock.__file__).resolve()

# Receivers and the attributes on them that read the wall clock.
_READS = {
    "date": {"today"},
    "datetime": {"now", "today", "utcnow"},
    "timezone": {"now", "localdate", "localtime"},
    "time": {"time", "time_ns", "localtime", "gmtime"},
}


def _receiver(node: ast.expr) -> str | None:
    """The last name of ``dt.date``, ``datetime.datetime`` or ``timezone``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def wall_clock_reads(source: str) -> list[str]:
    """Where ``source`` reads the wall clock: calls such as ``date.today()`` or references such as
    ``default=timezone.now``, and imports of ``now``/``localdate``/``localtime`` by name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in _READS.get(_receiver(node.value), ()):
            found.append((node.lineno, ast.unparse(node)))
        if isinstance(node, ast.ImportFrom) and node.module in {"django.utils.timezone", "time"}:
            for alias in node.names:
                if alias.name in {"now", "localdate", "localtime", "time", "time_ns"}:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
    return [f"line {line}: {text}" for line, text in sorted(found)]


def test_wall_clock_reads_finds_each_way_of_reading_the_clock():
    source = (
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "from django.utils.timezone import localdate\n"
        "a = dt.date.today()\n"
        "b = datetime.datetime.now(dt.UTC)\n"
        "c = models.DateTimeField(default=timezone.now)\n"
        "d = timezone.localdate(stamp)\n"
        "e = dt.date(2026, 4, 1).replace(day=2)\n"
    )

    assert wall_clock_reads(source) == [
        "line 3: from django.utils.timezone import localdate",
        "line 4: dt.date.today",
        "line 5: datetime.datetime.now",
        "line 6: timezone.now",
        "line 7: timezone.localdate",
    ]


def test_no_module_but_the_clock_reads_the_wall_clock():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == CLOCK_MODULE or "migrations" in path.parts:
            continue
        offenders += [
            f"{path.relative_to(PACKAGE.parent)} {read}"
            for read in wall_clock_reads(path.read_text(encoding="utf-8"))
        ]

    assert offenders == [], "read the time through civicplan.core.clock:\n" + "\n".join(offenders)


def test_no_template_prints_the_wall_clock():
    templates = sorted((PACKAGE / "templates").rglob("*.html"))

    assert templates
    assert [t.name for t in templates if "{% now" in t.read_text(encoding="utf-8")] == []


@pytest.mark.today(SEED_DAY)
def test_today_marker_pins_the_councils_day():
    assert clock.today() == SEED_DAY
    assert clock.local_day(clock.now()) == SEED_DAY
    assert dt.datetime.now(dt.UTC) - moment(SEED_DAY) < dt.timedelta(minutes=5)


def test_today_is_the_day_in_london_not_utc(time_machine):
    # 23:30 UTC on 30 June 2026 is 00:30 BST on 1 July: the first day of 2026/27 Q2.
    time_machine.move_to(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False)

    assert clock.today() == dt.date(2026, 7, 1)
    assert clock.now() == dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert clock.utc_naive_now() == dt.datetime(2026, 6, 30, 23, 30)


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        (2026, 1, dt.date(2026, 5, 14)),
        (2026, 3, dt.date(2026, 11, 14)),
        (2026, 4, dt.date(2027, 2, 14)),
        (2028, 4, dt.date(2029, 2, 14)),
    ],
)
def test_day_in_quarter_is_inside_that_quarter(year, quarter, expected):
    assert day_in_quarter(year, quarter) == expected


def test_after_plan_is_after_the_seed_plans_last_day():
    assert dt.date(2029, 3, 31) < AFTER_PLAN


def test_clock_option_moves_the_whole_suite_and_a_marker_pins_one_test(pytester):
    pytester.makepyfile(
        """
        import datetime as dt
        import pytest

        def test_unpinned():
            assert dt.date.today() == dt.date(2030, 1, 15)

        @pytest.mark.today(dt.date(2026, 11, 30))
        def test_pinned():
            assert dt.date.today() == dt.date(2026, 11, 30)
        """
    )

    result = pytester.runpytest("-p", "tests.clock", "--clock=2030-01-15", "-p", "no:django")

    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["clock: moved to 15 January 2030 (--clock)*"])


def test_clock_option_refuses_a_date_it_cannot_read(pytester):
    result = pytester.runpytest("-p", "tests.clock", "--clock=2 May 2029", "-p", "no:django")

    result.stderr.fnmatch_lines(["*--clock takes a date as YYYY-MM-DD, not '2 May 2029'*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
