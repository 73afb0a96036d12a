"""Benchmark: importing the seed plan, and a plan twenty times its size (distinct codes).

Prints parse and write times, query counts and the ratios. Import time must grow linearly, so the
20× ratio should be near 20 (well under 40). Runs on a fresh SQLite database in a temporary folder,
or on DATABASE_URL when it is set.

    .venv/bin/python bench/import_plan.py [--times 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CIVICPLAN_DATA_DIR", tempfile.mkdtemp(prefix="civicplan-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from civicplan.planio.apply import plan_apply  # noqa: E402
from civicplan.planio.importer import parse_plan_text  # noqa: E402
from civicplan.planio.importer.reader import classify_header  # noqa: E402
from civicplan.plans.models import Plan  # noqa: E402

SEED = ROOT / "civicplan" / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = dt.date(2026, 11, 30)
_INDICATOR = re.compile(r"\(ComS_")
_ACTION = re.compile(r"(\S+?)(_[\w.&]*)(\s+\(New\))?\s*$")
_SECTION = re.compile(r"^(\d)\. ")


def _copy_row(line: str, section: str, tag: str) -> str:
    """A table row with its codes and titles made distinct for copy ``tag``."""
    cells = line.split("\t")
    if section == "1":
        cells[0] = f"{cells[0]} ({tag})"
    elif section == "3":
        return _INDICATOR.sub(f"(ComS{tag}_", line)
    elif section == "4":
        cells[0] = _ACTION.sub(lambda m: f"{m[1]}{tag}{m[2]}{m[3] or ''}", cells[0])
    return "\t".join(cells)


def scaled_plan(text: str, times: int) -> str:
    """The seed with every policy, measure and key-task row printed ``times`` times, each copy
    with its own codes and titles (budget and risks once: they cite the original codes)."""
    out: list[str] = []
    section = ""
    for line in text.split("\n"):
        if match := _SECTION.match(line):
            section = match.group(1)
        out.append(line)
        is_row = "\t" in line and not classify_header(line.split("\t"))
        if is_row and section in {"1", "3", "4"}:
            out += [_copy_row(line, section, string.ascii_uppercase[k]) for k in range(times - 1)]
    return "\n".join(out)


def _import(text: str) -> tuple[float, float, int, int]:
    Plan.objects.all().delete()
    start = time.perf_counter()
    data = parse_plan_text(text, as_of=AS_OF)
    parsed = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        plan_apply(data)
    written = time.perf_counter()
    return parsed - start, written - parsed, len(queries.captured_queries), len(data["indicators"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed = SEED.read_text(encoding="utf-8")
    big = scaled_plan(seed, args.times)
    _import(seed)  # warm up caches and imports
    small = min((_import(seed) for _ in range(3)), key=lambda r: r[0] + r[1])
    large = _import(big)
    print(f"database: {connection.vendor}")
    for label, (parse, write, queries, indicators) in (("seed", small), (f"{args.times}×", large)):
        print(
            f"{label:>5}: {indicators:5d} indicators  parse {parse:6.3f} s  write {write:6.3f} s"
            f"  total {parse + write:6.3f} s  {queries} queries"
        )
    ratio = (large[0] + large[1]) / (small[0] + small[1])
    print(f"ratio total {args.times}× / seed: {ratio:.1f} (linear would be about {args.times})")
    print(f"ratio queries: {large[2] / small[2]:.1f}; parse only: {large[0] / small[0]:.1f}")


if __name__ == "__main__":
    main()
