"""An installation to back up: the seed plan, police figures recorded from a small store, an audit
trail; and a way to run ``civicplan`` against another database in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from django.conf import settings
from django.db import connection

from civicplan.opendata.derive import derive
from civicplan.opendata.rules import DEFAULT_MEASURES, Period
from civicplan.opendata.services import crime_measures_seed, derived_values_record
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from tests.clock import SEED_DAY
from tests.factories.police_store import police_store_build

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
MEASURES = [m for m in DEFAULT_MEASURES if m.code in {"ComS_011", "ComS_001"}]
PROJECT = Path(settings.PROJECT_DIR)


def police_figures(path: Path) -> list[tuple[str, str, int]]:
    """The police figures a plan reads: both measures for Broxtowe, each month of 2025/26 Q4."""
    with duckdb.connect(str(path), read_only=True) as con:
        values = derive(
            con,
            area="Broxtowe",
            period=Period.parse("2025/26-Q4"),
            measures=MEASURES,
            grain="month",
        )
    return [(v.code, str(v.period), v.value) for v in values]


@pytest.fixture
def installation(tmp_path: Path, settings: Any) -> Plan:
    """The seed plan with police figures recorded for approval and crime measures seeded."""
    settings.OPENDATA_DUCKDB_PATH = police_store_build(tmp_path / "police")
    plan = plan_import_file(SEED, as_of=SEED_DAY).plan
    crime_measures_seed(organisation=plan.organisation, by=None)
    with duckdb.connect(str(settings.OPENDATA_DUCKDB_PATH), read_only=True) as con:
        values = derive(
            con,
            area="Broxtowe",
            period=Period.parse("2025/26-Q4"),
            measures=MEASURES,
            grain="quarter",
        )
    assert len(derived_values_record(plan=plan, values=values).recorded) == 2
    return plan


@dataclass
class Target:
    """Another installation: its own database and data folder, driven through the command."""

    url: str
    data: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "CIVICPLAN_DATA_DIR": str(self.data),
            "CIVICPLAN_OPENDATA_DB": str(self.data / "opendata.duckdb"),
            "PYTHONPATH": str(PROJECT),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        done = subprocess.run(
            [sys.executable, "-m", "civicplan.cli", *args],
            env=env,
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done


def _postgres_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """A fresh installation on SQLite, and (in the suite's PostgreSQL pass) on PostgreSQL."""
    data = tmp_path / "restored"
    data.mkdir()
    if request.param == "sqlite":
        yield Target(f"sqlite:///{data / 'civicplan.sqlite3'}", data)
        return
    if connection.vendor != "postgresql":
        pytest.skip("restoring into PostgreSQL runs in the suite's PostgreSQL pass")
    name = f"test_restore_{os.getpid()}"
    server = _postgres_url("postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target(_postgres_url(name), data)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
