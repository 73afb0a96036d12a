"""Sessions that end: after ``CIVICPLAN_SESSION_IDLE_MINUTES`` without a request, and after
``CIVICPLAN_SESSION_MAX_HOURS`` whatever happens, as a shared office computer needs.

The session records when it was signed in and when it was last used (rewritten at most once a
minute, so a busy page does not write on every request). A session past either limit is signed
out; a page asks the person to sign in again and says why, the API answers as for anyone not
signed in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from civicplan.core import clock

SIGNED_IN_AT = "civicplan_signed_in_at"
LAST_SEEN_AT = "civicplan_last_seen_at"
_SEEN_EVERY = 60  # seconds between rewrites of the last-seen time


def session_end_reason(signed_in_at: float, last_seen_at: float, now: float) -> str | None:
    """Why a session used at ``now`` has ended, or None while it has not."""
    idle = settings.CIVICPLAN_SESSION_IDLE_MINUTES
    longest = settings.CIVICPLAN_SESSION_MAX_HOURS
    if now - signed_in_at > longest * 3600:
        return f"You were signed out because you had been signed in for {longest} hours."
    if now - last_seen_at > idle * 60:
        return f"You were signed out after {idle} minutes without using civicplan."
    return None


def session_stamp(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """On signing in (``user_logged_in``): the session's clocks start now."""
    now = clock.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            reason = session_end_reason(signed_in_at, last_seen_at, now)
            if reason:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, reason)
                    return redirect_to_login(request.get_full_path())
            elif now - last_seen_at >= _SEEN_EVERY or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)
