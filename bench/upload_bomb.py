"""Benchmark: refusing a zip-bomb workbook, beside uploading a real one.

A 0.35 MB workbook that unpacks to about 350 MB used to take 30–41 s and 0.6–1.2 GB to fail
(openpyxl unpacked it). Now the zip's directory refuses it before anything is unpacked. The
yardstick, in the same run, is the upload of the seed's real collection workbook for an owner
(checked and saved). Printed: best-of-five time and peak traced memory of each, and the ratio.

    .venv/bin/python bench/upload_bomb.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_data = tempfile.mkdtemp(prefix="civicplan-bench-")
os.environ.setdefault("CIVICPLAN_DATA_DIR", _data)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_data}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")
warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from civicplan.accounts.roles import Role  # noqa: E402
from civicplan.accounts.services import user_role_set  # noqa: E402
from civicplan.core.periods import Period  # noqa: E402
from civicplan.monitoring.workbook import workbook_build, workbook_upload  # noqa: E402
from civicplan.plans.models import Post  # noqa: E402
from civicplan.plans.services import user_posts_set  # noqa: E402
from tests.clock import BEFORE_Q2_DEADLINE  # noqa: E402
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, plan_create  # noqa: E402
from tests.monitoring.workbooks import fill, zip_bomb  # noqa: E402

Q2 = Period.parse("2026/27-Q2")


def measure(work: Callable[[], object]) -> tuple[float, int]:
    """Best of five wall times, and the largest traced memory peak, of ``work``."""
    best, peak = float("inf"), 0
    for _ in range(5):
        tracemalloc.start()
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return best, peak


def main() -> None:
    call_command("migrate", verbosity=0)
    plan = plan_create()
    owner = get_user_model().objects.create_user(username="owner", password="x" * 20)
    user_role_set(user=owner, roles=[Role.INDICATOR_OWNER], by=None)
    user_posts_set(user=owner, posts=list(Post.objects.filter(title=HEAD_OF_COMMUNITIES)), by=None)
    real = fill(workbook_build(plan, Q2, by=owner, today=BEFORE_Q2_DEADLINE), {"ComS_001": 1700})
    bomb = zip_bomb(real, "Q2 values", megabytes=350)

    def upload(data: bytes) -> Callable[[], object]:
        def run() -> object:
            with transaction.atomic():
                result = workbook_upload(
                    plan, data, by=owner, submit=False, as_of=BEFORE_Q2_DEADLINE
                )
                transaction.set_rollback(True)  # the same upload again next time
            return result

        return run

    refused = upload(bomb)()
    print(f"bomb: {len(bomb) / 1024 / 1024:.2f} MB file, unpacks to 350 MB")
    print(f"  refused: {refused.problems[0]}")
    bomb_time, bomb_peak = measure(upload(bomb))
    real_time, real_peak = measure(upload(real))
    print(f"{'':24}{'best of 5':>12}{'peak memory':>14}")
    print(f"{'refusing the bomb':24}{bomb_time * 1000:>10.1f} ms{bomb_peak / 1e6:>11.1f} MB")
    print(
        f"{'a real upload (yardstick)':24}{real_time * 1000:>10.1f} ms{real_peak / 1e6:>11.1f} MB"
    )
    print(f"ratio bomb/real: time {bomb_time / real_time:.2f}, memory {bomb_peak / real_peak:.2f}")


if __name__ == "__main__":
    main()
