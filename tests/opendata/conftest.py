"""Fixtures for the police open-data tests: the real samples, synthetic files, a store in tmp."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from civicplan.opendata import synth
from civicplan.opendata.rules import month_range

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "policeuk-samples"
NOTTS_SAMPLE = SAMPLES / "2022-02-nottinghamshire-street.csv"


def read_rows(data: bytes) -> list[dict[str, str]]:
    """A street file's rows by the ``csv`` module: the independent yardstick for the store."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in rows[1:]
    ]


@pytest.fixture(scope="session")
def csv_rows() -> Callable[[bytes], list[dict[str, str]]]:
    return read_rows


@pytest.fixture
def samples() -> Path:
    if not NOTTS_SAMPLE.exists():
        pytest.skip(f"the real police.uk samples are not at {SAMPLES}")
    return SAMPLES


@pytest.fixture(autouse=True)
def _store_in_tmp(tmp_path: Path, settings) -> Path:
    """Every test gets its own DuckDB file: nothing touches the data folder."""
    settings.OPENDATA_DUCKDB_PATH = tmp_path / "opendata.duckdb"
    return settings.OPENDATA_DUCKDB_PATH


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's own DuckDB store goes (named apart from pytest-django's ``db``)."""
    return tmp_path / "opendata.duckdb"


@pytest.fixture(scope="session")
def notts_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic 2025/26 of Nottinghamshire and Derbyshire, 2,000 rows a force-month."""
    out = tmp_path_factory.mktemp("notts-year")
    synth.synthesise(
        out,
        months=month_range(dt.date(2025, 4, 1), dt.date(2026, 3, 1)),
        forces=["nottinghamshire", "derbyshire"],
        rows_per_month=2000,
        seed=11,
    )
    return out


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write bytes as a street file named for force and month in a fresh folder."""

    def write(data: bytes, name: str = "2025-05-nottinghamshire-street.csv") -> Path:
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_bytes(data)
        return path

    return write
