"""Writing the audit trail: call inside the same transaction as the change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from civicplan.core.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def actor(by: User | AnonymousUser | None) -> User | None:
    """Who a record names as having made it: the signed-in user, or None for the system."""
    return by if by is not None and by.is_authenticated else None


def audit_record(
    *,
    by: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event for ``obj``; ``by`` is a user or None for the system."""
    return AuditEvent.objects.create(
        actor=actor(by),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )
