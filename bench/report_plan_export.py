"""Benchmark: exporting the plan document (text, DOCX) and workbook (XLSX) for the seed plan and
for a plan with twenty times its indicators.

The big plan is made through Plan JSON: every measures row and indicator is copied with its codes
renamed (``ComS_001`` → ``ComSb_001``), so each copy is a distinct indicator. Prints the time of
each format (best of ``--repeat`` runs, building the document or tables included) and the ratio
big ÷ seed; export time should grow about linearly, so the ratios should be near the growth in
rows (well under 2× it). No database needed.

    .venv/bin/python bench/report_plan_export.py [--times 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import re
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")

import django  # noqa: E402

django.setup()

from civicplan.planio.importer import parse_plan_text  # noqa: E402
from civicplan.planio.plan_document import build_plan_document  # noqa: E402
from civicplan.planio.render_docx import render_docx  # noqa: E402
from civicplan.planio.render_sheets import render_xlsx  # noqa: E402
from civicplan.planio.render_text import render_text  # noqa: E402
from civicplan.planio.tables import build_plan_tables  # noqa: E402

SEED = ROOT / "civicplan" / "examples" / "community-safety-business-plan-2026-29.txt"
_CODE = re.compile(r"^([A-Za-z][A-Za-z0-9]*?)_")


def _tag(n: int) -> str:
    letters = string.ascii_lowercase
    return letters[n % 26] + (letters[n // 26] if n >= 26 else "")


def scaled(data: dict, times: int) -> dict:
    """``data`` with its measures rows and indicators copied ``times`` times, codes distinct."""
    big = copy.deepcopy(data)
    rows, indicators = [], []
    for n in range(times):
        tag = _tag(n)

        def rename(code: str, tag: str = tag, first: bool = n == 0) -> str:
            return code if first else _CODE.sub(rf"\g<1>{tag}_", code)

        for row in data["measure_rows"]:
            copied = copy.deepcopy(row)
            copied["codes"] = [rename(c) for c in row["codes"]]
            copied["value_codes"] = [rename(c) for c in row["value_codes"]]
            rows.append(copied)
        for ind in data["indicators"]:
            copied = copy.deepcopy(ind)
            copied["code"] = rename(ind["code"])
            copied["aliases"] = [rename(a) for a in ind["aliases"]]
            copied["parent"] = rename(ind["parent"]) if ind["parent"] else None
            indicators.append(copied)
    big["measure_rows"], big["indicators"] = rows, indicators
    return big


def _best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seed = parse_plan_text(SEED.read_text(encoding="utf-8"), as_of=dt.date(2026, 11, 30))
    big = scaled(seed, args.times)
    formats: dict[str, Callable[[dict], object]] = {
        "text": lambda d: render_text(build_plan_document(d)),
        "docx": lambda d: render_docx(build_plan_document(d)),
        "xlsx": lambda d: render_xlsx(build_plan_tables(d)),
    }
    print(
        f"seed: {len(seed['indicators'])} indicators, {len(seed['measure_rows'])} measures rows; "
        f"{args.times}×: {len(big['indicators'])} indicators, {len(big['measure_rows'])} rows"
    )
    print(f"{'format':<8}{'seed s':>10}{f'{args.times}× s':>10}{'ratio':>8}")
    for name, export in formats.items():
        small = _best(lambda export=export: export(seed), args.repeat)
        large = _best(lambda export=export: export(big), args.repeat)
        print(f"{name:<8}{small:>10.3f}{large:>10.3f}{large / small:>8.1f}")


if __name__ == "__main__":
    main()
