"""Fixtures for the tests of the plan's exports and roll-forward: the seed plan, no police store."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from tests.planio.exports.report_helpers import AS_OF, SEED


@pytest.fixture
def seed_plan(db) -> Plan:
    """The seed plan imported as of 2026-11-30."""
    return plan_import_file(SEED, as_of=AS_OF).plan


@pytest.fixture(autouse=True)
def _no_police_store(tmp_path: Path, settings) -> Path:
    """Reports read the police data store at ``OPENDATA_DUCKDB_PATH``: point it at an empty
    folder, so no test reads the data folder's store (the benchmarking tests set their own)."""
    settings.OPENDATA_DUCKDB_PATH = tmp_path / "opendata.duckdb"
    return settings.OPENDATA_DUCKDB_PATH
