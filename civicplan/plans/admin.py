from django.contrib import admin

from civicplan.core.admin import ReadOnlyAdmin, ReadOnlyInline, admin_register_remaining
from civicplan.plans import models


@admin.register(models.Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(models.Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["title"]


@admin.register(models.PostHolder)
class PostHolderAdmin(ReadOnlyAdmin):
    list_display = ["user", "post"]
    list_select_related = ["user", "post"]
    search_fields = ["user__username", "post__title"]
    autocomplete_fields = ["post"]


@admin.register(models.Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(models.Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "priority", "first_year", "last_year", "imported_at"]
    list_filter = ["organisation", "priority"]
    search_fields = ["title", "priority"]
    readonly_fields = ["source_name", "source_sha256", "imported_at"]


class ServiceObjectiveInline(ReadOnlyInline):
    model = models.ServiceObjective
    extra = 0


@admin.register(models.Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["code", "title"]
    inlines = [ServiceObjectiveInline]


@admin.register(models.ServiceObjective)
class ServiceObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["objective", "service_area", "department", "text"]
    list_filter = ["objective__plan", "service_area", "department"]
    search_fields = ["text", "department"]


class PolicyOwnerInline(ReadOnlyInline):
    model = models.PolicyOwner
    extra = 0
    autocomplete_fields = ["post"]


@admin.register(models.Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["title", "renewal_text", "renewal_date", "recurrence", "plan"]
    list_filter = ["plan", "recurrence"]
    search_fields = ["title", "purpose", "renewal_text"]
    inlines = [PolicyOwnerInline]


@admin.register(models.PolicyOwner)
class PolicyOwnerAdmin(ReadOnlyAdmin):
    list_display = ["policy", "post", "position"]
    list_select_related = ["policy", "post"]
    search_fields = ["policy__title", "post__title"]


@admin.register(models.Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["kind", "line", "message", "suggestion", "plan"]
    list_filter = ["plan", "kind"]
    search_fields = ["message", "suggestion"]


admin_register_remaining("plans")
