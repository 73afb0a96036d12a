"""The API's URLs, exempt from the pages' login redirect: the API answers 401 itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver

from civicplan.api.main import api


def _exempt(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Mark every view login-not-required: LoginRequiredMiddleware would answer a script with a
    302 to the sign-in page, where it needs 401 (ninja's auth, and the docs guard, decide)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _exempt(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


app_name = "api"
urlpatterns = _exempt(api.urls[0])
