from django.contrib import admin

from civicplan.budgets.models import BudgetAmount, BudgetLine
from civicplan.core.admin import ReadOnlyAdmin, ReadOnlyInline, admin_register_remaining


class BudgetAmountInline(ReadOnlyInline):
    model = BudgetAmount
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["description", "kind", "action", "task", "plan"]
    list_filter = ["plan", "kind"]
    search_fields = ["description", "action"]
    raw_id_fields = ["task"]
    inlines = [BudgetAmountInline]


@admin.register(BudgetAmount)
class BudgetAmountAdmin(ReadOnlyAdmin):
    list_display = ["line", "year", "amount"]
    list_filter = ["year"]
    list_select_related = ["line"]
    search_fields = ["line__description"]


admin_register_remaining("budgets")
