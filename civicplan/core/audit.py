"""Writing the audit trail: call inside the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from civicplan.core.models import AuditEvent


def audit_record(
    *,
    by: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event for ``obj``; ``by`` is a user or None for the system."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )
