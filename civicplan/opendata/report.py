"""Plain-text and JSON renderings of the open-data results, for the command line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from civicplan.opendata.derive import DerivedValue
from civicplan.opendata.ingest import ImportResult
from civicplan.opendata.rules import MeasureDef
from civicplan.opendata.selectors.compare import Benchmark, Hotspot


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: set[int]) -> str:
    """A fixed-width table; columns in ``right`` are numbers, right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def import_summary(result: ImportResult) -> str:
    rate = result.rows / result.seconds if result.seconds else 0
    lines = [
        f"{len(result.files)} street files: {result.count('new')} new, "
        f"{result.count('replaced')} replaced (republished month), "
        f"{result.count('unchanged')} unchanged (skipped). "
        f"{result.rows:,} rows stored in {result.seconds:.1f} s ({rate:,.0f} rows/s)."
    ]
    unplaced = sum(f.rows_without_location for f in result.files if f.status != "unchanged")
    if unplaced:
        lines.append(f"{unplaced:,} rows have no location and cannot be placed in an area.")
    if result.skipped:
        lines.append(
            f"Passed over {len(result.skipped)} files that are not street files "
            "(outcomes, stop-and-search or other names)."
        )
    return "\n".join(lines)


def derived_text(values: list[DerivedValue], titles: dict[str, str]) -> str:
    if not values:
        return "No measures to derive."
    first = values[0].provenance
    head = (
        f"{first.area} — {first.source}; area by {first.area_method}; "
        f"home force {first.force or 'unknown'}; {first.mapping} measure mapping."
    )
    rows = [
        (
            v.code,
            titles.get(v.code, ""),
            str(v.period),
            f"{v.value:,}",
            len(v.provenance.files),
            ", ".join(v.provenance.months) or "none",
            "" if v.complete else "INCOMPLETE",
        )
        for v in values
    ]
    out = [
        head,
        "",
        table(["Code", "Measure", "Period", "Value", "Files", "Months", ""], rows, {3, 4}),
    ]
    missing = sorted({m for v in values for m in v.provenance.months_missing})
    if missing:
        out += [
            "",
            f"Not yet loaded for {first.force}: {', '.join(missing)}. Figures for periods "
            "marked INCOMPLETE will rise when those months are imported.",
        ]
    caveats = {v.code: v.provenance.caveats for v in values if v.provenance.caveats}
    if caveats:
        out += ["", "Caveats:"]
        out += [f"  {code}: {' '.join(text)}" for code, text in caveats.items()]
    return "\n".join(out)


def benchmark_text(result: Benchmark, measure: MeasureDef) -> str:
    rows = [
        (
            r.rank,
            r.district + ("  ◀" if r.is_area else ""),
            f"{r.count:,}",
            f"{r.population:,}" if r.population else "—",
            f"{r.rate:.2f}" if r.rate is not None else "—",
        )
        for r in result.rows
    ]
    head = (
        f"{measure.code} {measure.title}, {result.period}: {result.area} beside the "
        f"{result.group}, ranked by {result.ranked_by} (highest first)."
    )
    body = table(["Rank", "District", "Count", "Population", "Per 1,000"], rows, {0, 2, 3, 4})
    note = f"\n{result.left_out_sentence()}" if result.left_out else ""
    if result.ranked_by == "count":
        note += (
            "\nRates need a population for every district: civicplan opendata load-population FILE."
        )
    return f"{head}\n\n{body}{note}"


def hotspots_text(spots: list[Hotspot], heading: str) -> str:
    if not spots:
        return f"{heading}\n\nNo incidents found."
    rows = [(s.rank, s.place, s.lsoa_name, f"{s.count:,}", f"{s.share:.1%}") for s in spots]
    return f"{heading}\n\n" + table(["Rank", "Place", "LSOA", "Count", "Share"], rows, {0, 3, 4})


def as_json(data: Any) -> str:
    return json.dumps(data, indent=2, default=str, ensure_ascii=False)
