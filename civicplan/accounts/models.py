"""User accounts are Django's own; this maps them to the posts they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PostHolder(models.Model):
    """A user who holds a post, and so owns what the post owns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts_held"
    )
    post = models.ForeignKey("plans.Post", on_delete=models.CASCADE, related_name="holders")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="postholder_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.post}"
