"""Parsing is linear in the size of the plan: 20 times the seed takes about 20 times as long."""

from __future__ import annotations

import time

from plan_variants import AS_OF

from civicplan.plans.importer import parse_plan_text
from civicplan.plans.importer.reader import classify_header

_BLOCKS = ("Budget Implications", "Efficiencies", "New business", "Net Change")


def scaled(text: str, times: int) -> str:
    """The seed with every table data row printed ``times`` times (headers, budget blocks once)."""
    out = []
    for line in text.split("\n"):
        row = "\t" in line and not classify_header(line.split("\t"))
        out.extend([line] * (times if row and not line.startswith(_BLOCKS) else 1))
    return "\n".join(out)


def _best_time(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_plan_text(text, as_of=AS_OF)
        best = min(best, time.perf_counter() - start)
    return best


def test_twenty_times_the_plan_takes_about_twenty_times_as_long(seed_text):
    big = scaled(seed_text, 20)
    data = parse_plan_text(big, as_of=AS_OF)
    assert len(data["measure_rows"]) == 20 * 64
    assert len(data["actions"]) == 20 * 24
    ratio = _best_time(big, 2) / _best_time(seed_text, 5)
    assert ratio < 40, f"20× the plan took {ratio:.0f}× as long; something is quadratic"
