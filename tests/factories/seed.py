"""The seed plan: the council's real business plan, as the importer reads it on the seed's day."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tests.clock import SEED_DAY

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
SEED_AS_OF = SEED_DAY
AS_OF = SEED_AS_OF  # the name the tracking tests use
