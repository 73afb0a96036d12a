"""Fixtures for the quarterly report tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_police_store(tmp_path: Path, settings) -> Path:
    """Reports read the police data store at ``OPENDATA_DUCKDB_PATH``: point it at an empty
    folder, so no test reads the data folder's store (the benchmarking tests set their own)."""
    settings.OPENDATA_DUCKDB_PATH = tmp_path / "opendata.duckdb"
    return settings.OPENDATA_DUCKDB_PATH
