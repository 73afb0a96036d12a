"""Personal API tokens: how a script signs in to the API without a browser session."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal token that acts as its user. Only a SHA-256 digest is kept: the token itself is
    shown once, when it is made, and cannot be read back from the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, such as “Power BI”.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the token is revoked; it then stops working."
    )

    class Meta:
        ordering = ["user", "name", "-created_at"]
        verbose_name = "API token"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="apitoken_unique_live_name",
            )
        ]

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.user} – {self.name}{state}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
