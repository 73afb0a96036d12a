"""Fixtures for the importer tests: the seed plan's text, read once per session."""

from __future__ import annotations

import pytest

from civicplan.planio.importer import parse_plan_text
from tests.planio.importer.plan_variants import AS_OF, SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text: str) -> dict:
    return parse_plan_text(seed_text, as_of=AS_OF)
