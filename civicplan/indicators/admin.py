from django.contrib import admin

from civicplan.core.admin import ReadOnlyAdmin, ReadOnlyInline, admin_register_remaining
from civicplan.indicators.models import (
    Indicator,
    IndicatorFramework,
    IndicatorOwner,
    IndicatorYearValue,
    MeasureRow,
)


class IndicatorFrameworkInline(ReadOnlyInline):
    model = IndicatorFramework
    extra = 0


class IndicatorOwnerInline(ReadOnlyInline):
    model = IndicatorOwner
    extra = 0
    autocomplete_fields = ["post"]


class IndicatorYearValueInline(ReadOnlyInline):
    model = IndicatorYearValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "unit", "polarity", "objective", "section", "plan"]
    list_filter = ["plan", "unit", "polarity", "framework_set__framework", "section"]
    search_fields = ["code", "title", "aliases"]
    list_select_related = ["objective", "plan"]
    raw_id_fields = ["parent"]
    inlines = [IndicatorFrameworkInline, IndicatorOwnerInline, IndicatorYearValueInline]


@admin.register(IndicatorFramework)
class IndicatorFrameworkAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "framework"]
    list_filter = ["framework"]
    search_fields = ["indicator__code"]


@admin.register(IndicatorOwner)
class IndicatorOwnerAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "post", "position"]
    list_select_related = ["indicator", "post"]
    search_fields = ["indicator__code", "post__title"]


@admin.register(IndicatorYearValue)
class IndicatorYearValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "kind", "year", "value"]
    list_filter = ["kind", "year"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__code"]


@admin.register(MeasureRow)
class MeasureRowAdmin(ReadOnlyAdmin):
    list_display = ["framework", "section", "objective", "title", "position", "plan"]
    list_filter = ["plan", "framework", "section"]
    search_fields = ["title", "codes", "comments"]


admin_register_remaining("indicators")
