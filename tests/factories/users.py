"""People who use the pages in tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

PASSWORD = "a long enough test passphrase"


def user_create(username: str = "viewer", *, password: str = PASSWORD) -> AbstractBaseUser:
    """A plain signed-up user (no staff rights) who can read every page."""
    return get_user_model().objects.create_user(username=username, password=password)
