"""Optimistic locking: a save based on a stale copy changes nothing and says so.

Every tracked record carries a ``version`` that a page or API client reads with the data and sends
back with the change. ``version_bump`` moves it on only if it is still the version that was read,
in one conditional ``UPDATE``, so two people saving at once cannot both win, on SQLite as on
PostgreSQL. Every locked record, a figure as much as a task update, risk re-score or budget
actual, is written through it and raises the one ``core.errors.EditConflict``, so every page and
the API handle a stale save the same way.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from civicplan.core import clock
from civicplan.core.errors import EditConflict

__all__ = ["conflict_message", "version_bump"]


def conflict_message(what: str) -> str:
    """The one wording of a lost race: what happened, that nothing was saved, what to do."""
    return (
        f"{what} was changed by someone else while you were editing. Nothing was saved: "
        "reload the page to see their change, then make yours again."
    )


def version_bump(
    model: type[models.Model], pk: Any, expected_version: int, what: str, **changes: Any
) -> None:
    """Apply ``changes`` and add one to ``version`` if the row is still at ``expected_version``.

    Raises ``EditConflict`` (and changes nothing) when someone saved the row in the meantime.
    ``auto_now`` fields are stamped too (an ``UPDATE`` does not run ``save()``).
    """
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) and field.name not in changes:
            changes[field.name] = clock.now()
    updated = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        current = model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
        raise EditConflict(conflict_message(what), current_version=current)
