from django.contrib import admin

from civicplan.core.admin import ReadOnlyAdmin, ReadOnlyInline, admin_register_remaining
from civicplan.tasks.models import KeyTask, KeyTaskOfficer, KeyTaskPartner


class KeyTaskPartnerInline(ReadOnlyInline):
    model = KeyTaskPartner
    extra = 0
    autocomplete_fields = ["partner"]


class KeyTaskOfficerInline(ReadOnlyInline):
    model = KeyTaskOfficer
    extra = 0
    autocomplete_fields = ["post"]


@admin.register(KeyTask)
class KeyTaskAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "is_new", "target_date", "plan"]
    list_filter = ["plan", "is_new"]
    search_fields = ["code", "title", "outcome"]
    inlines = [KeyTaskPartnerInline, KeyTaskOfficerInline]


@admin.register(KeyTaskPartner)
class KeyTaskPartnerAdmin(ReadOnlyAdmin):
    list_display = ["task", "partner", "position"]
    list_select_related = ["task", "partner"]
    search_fields = ["task__code", "partner__name"]


@admin.register(KeyTaskOfficer)
class KeyTaskOfficerAdmin(ReadOnlyAdmin):
    list_display = ["task", "post", "position"]
    list_select_related = ["task", "post"]
    search_fields = ["task__code", "post__title"]


admin_register_remaining("tasks")
