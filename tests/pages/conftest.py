"""Fixtures for page tests: a plan applied through plan_apply, a signed-in client, and a police
data store built from synthetic files (one per test module that asks for it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from civicplan.plans.models import Plan
from tests.factories.plan_data import plan_create
from tests.factories.police_store import police_store_build
from tests.factories.users import user_create


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Argon2 is slow on purpose; page tests sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(db: None) -> Plan:
    return plan_create()


@pytest.fixture
def signed_in(client: Client, db: None) -> Client:
    client.force_login(user_create())
    return client


@pytest.fixture(scope="module")
def police_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("police")


@pytest.fixture(scope="module")
def police_store(police_files: Path) -> Path:
    """Nottinghamshire and Derbyshire, December 2025 to March 2026 (see that factory)."""
    return police_store_build(police_files)


@pytest.fixture
def with_store(settings, police_store: Path) -> Path:
    settings.OPENDATA_DUCKDB_PATH = police_store
    return police_store


@pytest.fixture
def no_store(settings, tmp_path: Path) -> Path:
    settings.OPENDATA_DUCKDB_PATH = tmp_path / "none.duckdb"
    return settings.OPENDATA_DUCKDB_PATH
