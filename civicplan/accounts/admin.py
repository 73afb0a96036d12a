from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from civicplan.core.admin import AuditedAdmin, admin_register_remaining

admin_register_remaining("accounts")


# Accounts are made and changed here by administrators; every save is in the audit trail.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Django's user admin, with its saves in the audit trail."""


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    """Django's group (role) admin, with its saves in the audit trail."""
