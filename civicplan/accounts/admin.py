from django.contrib import admin

from civicplan.accounts.models import PostHolder
from civicplan.core.admin import admin_register_remaining


@admin.register(PostHolder)
class PostHolderAdmin(admin.ModelAdmin):
    list_display = ["user", "post"]
    list_select_related = ["user", "post"]
    search_fields = ["user__username", "post__title"]
    autocomplete_fields = ["post"]


admin_register_remaining("accounts")
