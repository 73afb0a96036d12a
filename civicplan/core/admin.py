"""The admin is a window onto the data, not a way round the services.

Every change to a plan, a figure, a task, a risk, a policy or a budget goes through a service that
checks permission, takes the lock and writes the audit trail; an admin form would do none of that
(issue 12: an IndicatorValue edited there skipped both, and saving one gave a 500). So the models
are shown read-only (``ReadOnlyAdmin``); the few with no page of their own to edit them write
through ``AuditedAdmin``, which records each save and deletion in the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from civicplan.core.audit import audit_record
from civicplan.core.models import AuditEvent

if TYPE_CHECKING:  # django-stubs makes these generic in the model; Django cannot subscript them
    _ModelAdmin = admin.ModelAdmin[Any]
    _TabularInline = admin.TabularInline[Any, Any]
else:
    _ModelAdmin = admin.ModelAdmin
    _TabularInline = admin.TabularInline


class _WritesNothing:
    """No add, change or delete: for a model admin and an inline alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(_WritesNothing, _ModelAdmin):
    """Lists and opens rows; adds, changes and deletes nothing (the services do)."""


class ReadOnlyInline(_WritesNothing, _TabularInline):
    """An inline of a read-only admin."""

    extra = 0


_SECRET = {"password"}  # a hash is no business of the audit trail


def _fields(obj: models.Model) -> dict[str, Any]:
    return {
        f.attname: str(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in _SECRET
    }


def _relations(obj: models.Model) -> dict[str, list[str]]:
    return {
        f.name: sorted(str(o) for o in getattr(obj, f.name).all()) for f in obj._meta.many_to_many
    }


class AuditedAdmin(_ModelAdmin):
    """An admin whose saves and deletions are written to the audit trail, with what changed."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        before = _fields(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = "admin.change" if change else "admin.add"
        audit_record(by=request.user, action=action, obj=obj, before=before, after=_fields(obj))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many choices (a user's groups, that is their roles) are saved after the row."""
        before = _relations(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        after = _relations(form.instance)
        if after and after != before:
            audit_record(
                by=request.user,
                action="admin.change",
                obj=form.instance,
                before=before,
                after=after,
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for obj in [*formset.new_objects, *(o for o, _ in formset.changed_objects)]:
            audit_record(by=request.user, action="admin.change", obj=obj, after=_fields(obj))
        for obj in formset.deleted_objects:
            audit_record(by=request.user, action="admin.delete", obj=obj, before=_fields(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(by=request.user, action="admin.delete", obj=obj, before=_fields(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(by=request.user, action="admin.delete", obj=obj, before=_fields(obj))
        super().delete_queryset(request, queryset)


def admin_register_remaining(app_label: str) -> None:
    """Give every model of the app not registered by hand a read-only admin, so none is missing."""
    for model in apps.get_app_config(app_label).get_models():
        if not admin.site.is_registered(model):
            admin.site.register(model, ReadOnlyAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "reason"]
    date_hierarchy = "at"


admin_register_remaining("core")
