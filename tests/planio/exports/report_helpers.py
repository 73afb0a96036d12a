"""Helpers for the report tests: the seed, the importer's variants generator, a clean database.

A module of its own (not conftest) so the tests import it by a name no other test folder uses.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.db import transaction

from civicplan.monitoring.models import IndicatorValue
from civicplan.plans.models import Organisation, Partner, Plan, Post
from civicplan.tasks.models import KeyTaskUpdate
from tests.clock import SEED_DAY

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = SEED_DAY


def load_variants() -> ModuleType:
    """The importer's generator of plans of the seed's family (tests/planio/importer/
    plan_variants.py), loaded by path because that folder is not a package (its tests import it
    by this name)."""
    if "plan_variants" in sys.modules:
        return sys.modules["plan_variants"]
    path = Path(__file__).resolve().parents[1] / "importer" / "plan_variants.py"
    spec = importlib.util.spec_from_file_location("plan_variants", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["plan_variants"] = module
    spec.loader.exec_module(module)
    return module


def empty_database() -> None:
    """Remove every plan and what hangs off it, so the next import starts from nothing."""
    IndicatorValue.objects.all().delete()
    KeyTaskUpdate.objects.all().delete()
    Plan.objects.all().delete()
    Post.objects.all().delete()
    Partner.objects.all().delete()
    Organisation.objects.all().delete()


@contextmanager
def rolled_back(blocker) -> Iterator[None]:
    """Database work whose results a whole module reads, undone afterwards: the seed import takes
    seconds, and most tests only read what was made from it."""
    with blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
