"""Benchmark: ingest a year of synthetic data.police.uk files, beside `wc -l` and plain pandas.

    .venv/bin/python bench/police_ingest.py                 # ≈ 6 million rows, 43 forces, 12 months
    .venv/bin/python bench/police_ingest.py --rows 600000   # quicker

Prints rows per second and the two ratios the issue sets goals for (ingest ≤ 3× `wc -l`, faster
than pandas), and the time to derive every measure for every district for 12 quarters (< 0.25 s).
All three read the same files from a warm page cache. pandas is an optional bench dependency:
`pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")

import duckdb

from civicplan.opendata import ingest, store, synth
from civicplan.opendata.policeuk import FORCES
from civicplan.opendata.rules import (
    DEFAULT_MEASURES,
    Period,
    add_months,
    month_range,
    quarters_ending,
)
from civicplan.opendata.selectors import stats
from civicplan.opendata.validate import scan_file


def timed(
    label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[tuple[float, float], Any]:
    """Run once; print wall-clock and CPU seconds (this process's threads plus child processes).

    CPU seconds are printed too because this machine is shared: wall time swings with others'
    load, CPU time much less.
    """
    started, cpu = time.perf_counter(), _cpu()
    result = fn(*args, **kwargs)
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    print(f"  {label:<44} {seconds:8.2f} s wall {cpu_seconds:8.2f} s CPU", flush=True)
    return (seconds, cpu_seconds), result


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def wc_lines(files: list[str]) -> int:
    out = subprocess.run(["wc", "-l", *files], capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1].split()[0])


def duckdb_parse_only(files: list[str], threads: int | None) -> int:
    """DuckDB's CSV reader alone, nothing stored: the floor under the ingest's parsing."""
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    try:
        return int(
            con.execute(
                'SELECT count("Crime type") FROM read_csv(?, header = true, columns = ?, '
                "auto_detect = false, delim = ',', quote = '\"', escape = '\"')",
                [files, ingest.COLUMN_TYPES],
            ).fetchone()[0]
        )
    finally:
        con.close()


def drop_page_cache() -> bool:
    """Empty the kernel's page cache (root only), so the next reader goes to the disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def pandas_counts(files: list[str]) -> dict[tuple[str, str, str], int]:
    """The same counts the store keeps (month, district, crime type), the plain pandas way."""
    import pandas as pd

    frames = []
    for path in files:
        frame = pd.read_csv(path, encoding="utf-8-sig")
        frame["district"] = frame["LSOA name"].str.extract(r"^(.+) \d{3}[A-Z]$")[0]
        frames.append(frame.groupby(["Month", "district", "Crime type"]).size())
    counts = pd.concat(frames).groupby(level=[0, 1, 2]).sum()
    return {key: int(n) for key, n in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6_000_000, help="total rows (default 6M)")
    parser.add_argument("--forces", type=int, default=43, help="how many forces (≤ 44)")
    parser.add_argument("--months", type=int, default=12, help="months ending 2026-03")
    parser.add_argument("--workdir", type=Path, help="keep files here (default: a temp folder)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas yardstick")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    parser.add_argument(
        "--cold", action="store_true", help="also time wc -l and the ingest from a cold page cache"
    )
    args = parser.parse_args()

    forces = sorted(FORCES)[: args.forces]
    last = dt.date(2026, 3, 1)
    months = month_range(add_months(last, 1 - args.months), last)
    per_month = max(args.rows // (len(forces) * len(months)), 1)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="police-bench-"))
    data_dir = work / "files"
    db = work / "opendata.duckdb"
    print(
        f"{len(forces)} forces × {len(months)} months × {per_month:,} rows; {os.cpu_count()} CPUs"
    )
    try:
        if not data_dir.exists():
            timed("synthesise files", synth.synthesise, data_dir, months=months, forces=forces,
                  rows_per_month=per_month, seed=1)  # fmt: skip
        files = sorted(str(p) for p in data_dir.rglob("*-street.csv"))
        size = sum(Path(f).stat().st_size for f in files)
        wc_lines(files)  # warm the page cache for every reader alike
        print(f"{len(files)} street files, {size / 1e6:,.0f} MB")
        wc_s, lines = timed("wc -l", wc_lines, files)
        db.unlink(missing_ok=True)
        ingest_s, result = timed(
            "ingest (check, parse, store, one transaction)", ingest.import_police, [data_dir],
            db_path=db, threads=args.threads,
        )  # fmt: skip
        rows = result.rows
        timed(
            "  of which: SHA-256 and end checks, both cores",
            lambda: list(ThreadPoolExecutor().map(lambda f: scan_file(Path(f), f), files)),
        )
        timed("  of which: DuckDB read_csv, nothing stored", duckdb_parse_only, files, args.threads)
        cold = None
        if args.cold and drop_page_cache():
            cold_wc, _ = timed("wc -l, cold page cache", wc_lines, files)
            db.unlink(missing_ok=True)
            drop_page_cache()
            cold_ingest, _ = timed("ingest, cold page cache", ingest.import_police, [data_dir],
                                   db_path=db, threads=args.threads)  # fmt: skip
            cold = (cold_wc, cold_ingest)
        elif args.cold:
            print("  (cold-cache runs need root to empty the page cache: skipped)")
        again_s, _ = timed("re-import, unchanged (hash and skip)", ingest.import_police,
                           [data_dir], db_path=db, threads=args.threads)  # fmt: skip
        pandas_s = None
        if not args.no_pandas:
            pandas_s, counts = timed("pandas read_csv + groupby counts", pandas_counts, files)
            assert sum(counts.values()) == rows - _unplaced(db), "pandas and the store disagree"

        con = store.connect(db, read_only=True)
        quarters = quarters_ending(Period.month(last), 12)
        derive_times = []
        for _ in range(5):
            started = time.perf_counter()
            counts_12q = stats.district_counts(
                con, DEFAULT_MEASURES, first=quarters[0].first, last=quarters[-1].last,
                grain="quarter",
            )  # fmt: skip
            derive_times.append(time.perf_counter() - started)
        districts = {c.district for c in counts_12q}
        con.close()
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"rows ingested              {rows:,} ({lines:,} lines by wc -l)")
    print(
        f"ingest rows/second         {rows / ingest_s[0]:,.0f} wall, "
        f"{rows / ingest_s[1]:,.0f} per CPU-second"
    )
    print(f"ingest ÷ wc -l             {ingest_s[0] / wc_s[0]:.1f}× wall, "
          f"{ingest_s[1] / max(wc_s[1], 1e-3):.1f}× CPU   (goal ≤ 3×)")  # fmt: skip
    if cold:
        (wc_cold, ingest_cold) = cold
        print(f"ingest ÷ wc -l, cold cache {ingest_cold[0] / wc_cold[0]:.1f}× wall "
              f"(wc -l {wc_cold[0]:.2f} s, ingest {ingest_cold[0]:.2f} s from disk)")  # fmt: skip
    if pandas_s:
        print(f"ingest ÷ pandas            {ingest_s[0] / pandas_s[0]:.2f}× wall, "
              f"{ingest_s[1] / pandas_s[1]:.2f}× CPU  (goal < 1; pandas "
              f"{rows / pandas_s[0]:,.0f} rows/s wall)")  # fmt: skip
    print(
        f"derive 6 measures × {len(districts)} districts × 12 quarters: best "
        f"{min(derive_times) * 1000:.1f} ms, first {derive_times[0] * 1000:.1f} ms (goal < 250 ms)"
    )
    print(f"re-import of unchanged files {again_s[0]:.2f} s wall")
    print(
        f"load average at the end    {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"(on {os.cpu_count()} CPUs; above the CPU count, wall times are inflated)"
    )


def _unplaced(db: Path) -> int:
    con = store.connect(db, read_only=True)
    try:
        return int(con.execute("SELECT sum(rows_without_location) FROM source_file").fetchone()[0])
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
