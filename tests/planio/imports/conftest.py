from pathlib import Path

import pytest
from django.conf import settings

from civicplan.planio.workflows import plan_import_file
from tests.clock import SEED_DAY

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = SEED_DAY


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_plan(db):
    """The seed plan imported as of 2026-11-30."""
    return plan_import_file(SEED, as_of=AS_OF).plan
