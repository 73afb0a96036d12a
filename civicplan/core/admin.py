"""Admin for the audit trail (read-only: events are never changed) and a helper for every app."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest

from civicplan.core.models import AuditEvent


def admin_register_remaining(app_label: str) -> None:
    """Give every model of the app not registered by hand a plain admin, so none is missing."""
    for model in apps.get_app_config(app_label).get_models():
        if not admin.site.is_registered(model):
            admin.site.register(model)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


admin_register_remaining("core")
