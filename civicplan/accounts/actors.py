"""Who does a thing: the type of every service's ``by``, and of a page's signed-in user."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

__all__ = ["Actor", "AnyUser", "SignedInRequest"]

Actor: TypeAlias = User | None
"""A signed-in user, or None for the system (a management command, an import, a chaser run)."""

AnyUser: TypeAlias = User | AnonymousUser | None
"""Whoever a permission is asked about: a request's user, signed in or not, or an ``Actor``."""


class SignedInRequest(HttpRequest):
    """A page's request: ``LoginRequiredMiddleware`` lets no anonymous user reach a page."""

    user: User
