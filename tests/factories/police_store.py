"""A small police open-data store from synthetic data.police.uk files, for page and report tests.

Nottinghamshire and Derbyshire, December 2025 to March 2026 (so 2025/26 Q4 is the latest whole
quarter held), 1,200 rows a force-month, seed 5, with populations for the eight Nottinghamshire
districts (mid-2022 estimates, rounded). Deterministic: the same files and counts every run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from civicplan.opendata import areas, ingest, store, synth
from civicplan.opendata.rules import month_range

MONTHS = month_range(dt.date(2025, 12, 1), dt.date(2026, 3, 1))
FORCES = ["nottinghamshire", "derbyshire"]
ROWS_PER_MONTH = 1200
SEED = 5
POPULATION = {
    "Ashfield": 128_000,
    "Bassetlaw": 118_000,
    "Broxtowe": 110_000,
    "Gedling": 118_000,
    "Mansfield": 111_000,
    "Newark and Sherwood": 124_000,
    "Nottingham": 324_000,
    "Rushcliffe": 120_000,
}


def police_store_build(folder: Path, *, population: bool = True) -> Path:
    """Write the synthetic files under ``folder``, import them, and return the store's path."""
    files = folder / "files"
    synth.synthesise(files, months=MONTHS, forces=FORCES, rows_per_month=ROWS_PER_MONTH, seed=SEED)
    path = folder / "opendata.duckdb"
    ingest.import_police([files], db_path=path)
    if population:
        table = folder / "population.csv"
        table.write_text(
            "district,population\n" + "".join(f"{d},{n}\n" for d, n in POPULATION.items())
        )
        with store.connect(path) as con:
            areas.load_population(con, table)
    return path
