"""Benchmark: rendering the dashboard for the seed plan, and for a plan twenty times its size.

The dashboard runs a fixed number of queries whatever the number of indicators, so the query
counts must be equal and the render time should grow no faster than the indicators (the 20×
ratio near 20 or below). The pages a performance officer uses beside it (My indicators,
Approvals) are timed too. Each page is fetched through Django's test client, signed in as a
performance officer, best of five after a warm-up.

Figures are added in bulk (approved 2025/26 and 2026/27 Q1–Q2 for every quarterly measure, and a
submitted Q2 correction for one in ten) so the pages have something to count; this is set-up, not
the one way figures enter civicplan. Runs on a fresh SQLite database in a temporary folder, or on
DATABASE_URL when it is set.

    .venv/bin/python bench/dashboard.py [--times 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CIVICPLAN_DATA_DIR", tempfile.mkdtemp(prefix="civicplan-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")
warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from civicplan.accounts.roles import Role  # noqa: E402
from civicplan.accounts.services import user_role_set  # noqa: E402
from civicplan.core import clock  # noqa: E402
from civicplan.core.periods import Period  # noqa: E402
from civicplan.indicators.models import Indicator  # noqa: E402
from civicplan.monitoring.models import IndicatorValue, ValueStatus  # noqa: E402
from civicplan.planio.apply import plan_apply  # noqa: E402
from civicplan.planio.importer import parse_plan_text  # noqa: E402
from civicplan.plans.models import Plan  # noqa: E402

SEED = ROOT / "civicplan" / "examples" / "community-safety-business-plan-2026-29.txt"
TODAY = dt.date(2026, 11, 30)
LONDON = ZoneInfo("Europe/London")
PERIOD = "2026/27-Q2"
PAGES = {
    "dashboard": f"/dashboard/?period={PERIOD}",
    "my indicators": f"/my-indicators/?period={PERIOD}",
    "approvals": f"/approvals/?period={PERIOD}",
}
APPROVED = [
    *(Period.parse(f"2025/26-Q{q}") for q in (1, 2, 3, 4)),
    Period.parse("2026/27-Q1"),
    Period.parse("2026/27-Q2"),
]


def _scaled_plan(text: str, times: int) -> str:
    """bench/import_plan.py's scaling: every measure row ``times`` times with its own codes."""
    spec = importlib.util.spec_from_file_location("import_plan", ROOT / "bench" / "import_plan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.scaled_plan(text, times)


def _figures(plan: Plan, officer: object) -> int:
    """Approved quarterly figures for every quarterly measure, and some submitted corrections."""
    rows = []
    quarterly = plan.indicators.filter(frequency="quarterly").exclude(aggregation="ratio")
    for n, indicator in enumerate(quarterly.order_by("position")):
        percent = indicator.unit == "percent"
        for k, period in enumerate(APPROVED):
            value = Decimal(40 + (n + k) % 20) if percent else Decimal(100 + 7 * ((n + k) % 11))
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    fy=period.fy,
                    period_kind=period.kind.value,
                    period_number=period.number,
                    value=value,
                    status=ValueStatus.APPROVED,
                    commentary="Bench figure",
                    entered_by=officer,
                    decided_by=officer,
                    decided_at=clock.now(),
                )
            )
        if n % 10 == 0:
            period = APPROVED[-1]
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    fy=period.fy,
                    period_kind=period.kind.value,
                    period_number=period.number,
                    revision=2,
                    value=Decimal(55) if percent else Decimal(150),
                    status=ValueStatus.SUBMITTED,
                    commentary="Bench correction",
                    entered_by=officer,
                    submitted_at=clock.now(),
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _load(text: str, officer: object) -> tuple[int, int]:
    IndicatorValue.objects.all().delete()
    Plan.objects.all().delete()
    plan = plan_apply(parse_plan_text(text, as_of=TODAY)).plan
    return Indicator.objects.filter(plan=plan).count(), _figures(plan, officer)


def _time(client: Client, url: str, runs: int = 5) -> tuple[float, int, int]:
    client.get(url)  # warm up templates and caches
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        best = min(best, time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return best, len(queries.captured_queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=20)
    args = parser.parse_args()
    # The date the pages judge by: the clock moves to 09:00 on TODAY and ticks on from there.
    time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=LONDON), tick=True).start()
    call_command("migrate", verbosity=0)
    officer, _ = get_user_model().objects.get_or_create(username="bench-officer")
    user_role_set(user=officer, roles=[Role.PERFORMANCE_OFFICER], by=None)
    client = Client()
    client.force_login(officer)
    seed = SEED.read_text(encoding="utf-8")
    results = {}
    for label, text in (("seed", seed), (f"{args.times}×", _scaled_plan(seed, args.times))):
        indicators, figures = _load(text, officer)
        timings = {name: _time(client, url) for name, url in PAGES.items()}
        results[label] = timings
        print(f"{label:>5}: {indicators:5d} indicators, {figures:6d} figures")
        for name, (seconds, queries, size) in timings.items():
            print(
                f"       {name:<14} {seconds * 1000:8.1f} ms  {queries:3d} queries"
                f"  {size / 1024:7.0f} KB"
            )
    print(f"database: {connection.vendor}")
    small, large = results["seed"], results[f"{args.times}×"]
    for name in PAGES:
        ratio = large[name][0] / small[name][0]
        same = "same" if large[name][1] == small[name][1] else "DIFFERENT"
        print(
            f"ratio {name} {args.times}× / seed: {ratio:.1f} (linear would be about "
            f"{args.times}); queries {small[name][1]} → {large[name][1]} ({same})"
        )


if __name__ == "__main__":
    main()
