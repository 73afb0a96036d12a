from django.contrib import admin

from civicplan.core.admin import AuditedAdmin, ReadOnlyAdmin
from civicplan.opendata.models import CrimeMeasure, CrimeMeasureType, PeerGroup


class CrimeMeasureTypeInline(admin.TabularInline):
    model = CrimeMeasureType
    extra = 0
    min_num = 1  # a measure with no crime types would silently count nothing
    validate_min = True


@admin.register(CrimeMeasure)
class CrimeMeasureAdmin(AuditedAdmin):
    """Editable here (the mapping has no page of its own); every change is audited."""

    list_display = ["indicator_code", "title", "organisation", "rule"]
    list_filter = ["organisation", "rule"]
    search_fields = ["indicator_code", "title"]
    inlines = [CrimeMeasureTypeInline]


@admin.register(PeerGroup)
class PeerGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "is_default"]
    list_filter = ["organisation", "is_default"]
    search_fields = ["name", "districts"]
