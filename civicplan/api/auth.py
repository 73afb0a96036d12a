"""Who is calling: a personal API token (scripts) or a signed-in browser session (with CSRF).

The token is tried first, so a script that sends ``Authorization: Bearer …`` never meets the
CSRF check meant for browsers; a browser session must send the CSRF token on unsafe methods,
exactly as a form on the pages does.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from civicplan.api.services import api_token_user


class ApiRequest(HttpRequest):
    """A request to an operation: ``API_AUTH`` let it in and ninja set ``auth`` to the caller."""

    auth: User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a live personal token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_user(token.strip())


class SessionAuth(APIKeyCookie):
    """The Django session of a signed-in user; unsafe methods must pass Django's CSRF check.

    Unlike ninja's ``django_auth`` an anonymous caller is told 401 (sign in) rather than 403 (CSRF),
    since there is no session for a forged request to ride on.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
API_AUTH = [token_auth, session_auth]


def request_user(request: HttpRequest) -> User | None:
    """The caller by token or session, for views outside ninja's operations (the docs pages)."""
    return token_auth(request) or session_auth.authenticate(request, None)
