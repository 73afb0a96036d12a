"""Test clients signed in as someone (Django's test client does not enforce CSRF)."""

from __future__ import annotations

from typing import Any

from django.test import Client


def signed_in_as(user: Any, **client_options: Any) -> Client:
    """A new client with a session for ``user``."""
    client = Client(**client_options)
    client.force_login(user)
    return client
