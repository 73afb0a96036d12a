"""API tokens in the admin: see who has which, when each was last used, and revoke them.

Tokens are made with ``civicplan api-token create`` (which shows the token once); the admin cannot
show a token, since only its digest is kept, so it cannot make one either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from civicplan.api.models import ApiToken
from civicplan.api.services import api_token_revoke

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        """A token is revoked (audited, kept), never deleted: who had access stays on record."""
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: SignedInRequest, queryset: QuerySet[ApiToken]) -> None:
        live = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in live:
            api_token_revoke(token=token, by=request.user)
        self.message_user(request, f"Revoked {len(live)} token(s).", messages.SUCCESS)
