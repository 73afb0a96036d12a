from django.contrib import admin

from civicplan.core.admin import ReadOnlyAdmin, admin_register_remaining
from civicplan.risks.models import KeyTaskRisk, RegisterRisk, StrategicRisk


@admin.register(RegisterRisk)
class RegisterRiskAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["title"]


@admin.register(StrategicRisk)
class StrategicRiskAdmin(ReadOnlyAdmin):
    list_display = ["title", "mitigation", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "mitigation"]


@admin.register(KeyTaskRisk)
class KeyTaskRiskAdmin(ReadOnlyAdmin):
    list_display = ["task_text", "action_codes", "register_numbers", "covered", "plan"]
    list_filter = ["plan", "covered"]
    search_fields = ["task_text", "threat", "mitigation"]
    filter_horizontal = ["tasks", "register_risks"]


admin_register_remaining("risks")
