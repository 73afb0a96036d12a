"""Benchmark: building the quarterly Cabinet report (model, HTML, PDF, DOCX) and the Scrutiny
summary for the seed plan and for a plan with twenty times its indicators.

The big plan is made through Plan JSON: the seed is exported with ``plan_export``, every indicator
and measures row is copied with its codes renamed (``ComS_011`` → ``ComSb_011``) and the result
is applied with ``plan_apply`` as a plan of its own. Both plans get the same quarter of approved
figures on every copy of three Critical Success Indicators (one on target, one within tolerance,
one off target), so the big report has twenty times the measures and exceptions (and trend
charts). Prints each format's time (best of ``--repeat``, building the report included), the
database queries of the model and the ratio big ÷ seed, which should stay near or under the
growth in indicators (20×): the query count must not grow at all.

Runs on a throw-away SQLite database in a temporary folder.

    .venv/bin/python bench/report_quarterly.py [--times 20] [--repeat 2]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import re
import string
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_DB = Path(tempfile.mkdtemp(prefix="civicplan-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from civicplan.core.periods import Period  # noqa: E402
from civicplan.indicators.models import Indicator  # noqa: E402
from civicplan.monitoring.models import IndicatorValue, ValueStatus  # noqa: E402
from civicplan.planio.apply import plan_apply  # noqa: E402
from civicplan.planio.plan_json import plan_export  # noqa: E402
from civicplan.planio.workflows import plan_import_file  # noqa: E402
from civicplan.plans.models import Plan  # noqa: E402
from civicplan.reports.quarterly.exports import report_bytes  # noqa: E402
from civicplan.reports.quarterly.model import quarterly_report  # noqa: E402

SEED = ROOT / "civicplan" / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = dt.date(2026, 11, 30)
PERIOD = Period.parse("2026/27-Q2")
_CODE = re.compile(r"^([A-Za-z][A-Za-z0-9]*?)_")
# (code, Q1, Q2): on target, within tolerance, off target against the seed's Q2 targets.
FIGURES = (("ComS_011", 400, 420), ("ComS_012", 100, 105), ("ComS_014", 30, 30))


def _tag(n: int) -> str:
    letters = string.ascii_lowercase
    return letters[n % 26] + (letters[n // 26] if n >= 26 else "")


def _rename(code: str, n: int) -> str:
    return code if n == 0 else _CODE.sub(rf"\g<1>{_tag(n)}_", code)


def scaled(data: dict, times: int) -> dict:
    """``data`` as a plan of its own with its indicators and measures rows ``times`` over."""
    big = copy.deepcopy(data)
    big["plan"]["priority"] = f"{data['plan']['priority']} ×{times}"
    big["plan"]["title"] = f"{data['plan']['title']} ×{times}"
    rows, indicators = [], []
    for n in range(times):
        for row in data["measure_rows"]:
            copied = copy.deepcopy(row)
            copied["codes"] = [_rename(c, n) for c in row["codes"]]
            copied["value_codes"] = [_rename(c, n) for c in row["value_codes"]]
            rows.append(copied)
        for ind in data["indicators"]:
            copied = copy.deepcopy(ind)
            copied["code"] = _rename(ind["code"], n)
            copied["aliases"] = [_rename(a, n) for a in ind["aliases"]]
            copied["parent"] = _rename(ind["parent"], n) if ind["parent"] else None
            indicators.append(copied)
    big["measure_rows"], big["indicators"] = rows, indicators
    big["findings"] = []
    return big


def record(plan: Plan, times: int) -> int:
    """Approved Q1 and Q2 figures for every copy of the three indicators; how many rows."""
    codes = {_rename(code, n): (q1, q2) for n in range(times) for code, q1, q2 in FIGURES}
    rows = []
    for indicator in Indicator.objects.filter(plan=plan, code__in=codes):
        for quarter, value in zip((1, 2), codes[indicator.code], strict=True):
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    fy=PERIOD.fy,
                    period_kind="quarter",
                    period_number=quarter,
                    value=Decimal(value),
                    commentary="Explained by the owner for the benchmark.",
                    status=ValueStatus.APPROVED,
                )
            )
    IndicatorValue.objects.bulk_create(rows)
    return len(rows)


def _best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(plan: Plan, repeat: int) -> dict[str, float]:
    """Seconds for the model alone and for each file, plus the model's query count."""

    def build(audience: str = "cabinet"):
        return quarterly_report(plan, PERIOD, audience=audience, as_of=AS_OF)

    with CaptureQueriesContext(connection) as queries:
        report = build()
    out: dict[str, float] = {
        "queries": len(queries),
        "figures": len(report.figures),
        "tables": len(report.tables),
        "model": _best(build, repeat),
    }
    for fmt in ("html", "docx", "pdf"):
        out[fmt] = _best(lambda fmt=fmt: report_bytes(build(), fmt), repeat)
    out["scrutiny pdf"] = _best(lambda: report_bytes(build("scrutiny"), "pdf"), repeat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed = plan_import_file(SEED, as_of=AS_OF).plan
    big = plan_apply(scaled(plan_export(seed), args.times)).plan
    record(seed, 1)
    record(big, args.times)
    sizes = {p: Indicator.objects.filter(plan=p).count() for p in (seed, big)}
    print(
        f"Quarterly report, {PERIOD.label}: seed {sizes[seed]} indicators, "
        f"big {sizes[big]} ({sizes[big] / sizes[seed]:.0f}×); best of {args.repeat}"
    )
    small, large = measure(seed, args.repeat), measure(big, args.repeat)
    print(f"{'':14}{'seed':>10}{'×' + str(args.times):>10}{'ratio':>8}")
    for key in small:
        unit = "" if key in ("queries", "figures", "tables") else " s"
        a, b = small[key], large[key]
        fa, fb = (f"{a:.0f}", f"{b:.0f}") if not unit else (f"{a:.2f}s", f"{b:.2f}s")
        print(f"{key:14}{fa:>10}{fb:>10}{b / a if a else 0:>7.1f}×")


if __name__ == "__main__":
    main()
