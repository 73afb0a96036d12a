"""Sections that other apps add to an indicator's page.

Police open data adds "what police.uk cannot show" and the council beside its peers for the
measures it can count. The indicators app knows nothing of those apps: each registers a builder
when Django starts (its ``AppConfig.ready``), so the import runs from them to this module and
never back up. A builder returns ``None`` for an indicator it has nothing to say about; what it
returns is in the page's context under its key, and its ``table`` (when it has one) downloads as
CSV like the page's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civicplan.plans.models import Plan

SectionBuilder = Callable[[Plan, str], Any]

_BUILDERS: dict[str, SectionBuilder] = {}


def indicator_section_register(key: str, builder: SectionBuilder) -> None:
    """Add the section ``key`` to every indicator page (once; registering again replaces it)."""
    _BUILDERS[key] = builder


def indicator_sections(plan: Plan, code: str) -> dict[str, Any]:
    """Each registered section of indicator ``code``: ``{"police": PoliceSection | None}``."""
    return {key: build(plan, code) for key, build in _BUILDERS.items()}


def section_tables(sections: dict[str, Any]) -> list[Any]:
    """The sections' tables, for the page's CSV downloads."""
    return [s.table for s in sections.values() if getattr(s, "table", None) is not None]
