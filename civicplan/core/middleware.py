"""Middleware of the base layer: request bodies too big refused before they are read, and
browser features switched off.

Django streams file uploads to disk but reads them whole, and the CSRF check reads a form's
body, so a limit on the upload alone comes too late. This runs first: a body declared larger
than ``CIVICPLAN_MAX_REQUEST_BYTES`` is answered 413 unread (the WSGI input is bounded by the
declared length, so a body cannot bring more than it declares).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


def too_large_message(limit: int) -> str:
    return (
        f"The file is bigger than civicplan accepts ({limit / 1024 / 1024:.0f} MB). A collection "
        "workbook or plan document is far smaller: check that you chose the right file."
    )


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.CIVICPLAN_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django treats an unreadable length as an empty body
        if declared <= limit:
            return self.get_response(request)
        message = too_large_message(limit)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        page = render_to_string("413.html", {"message": message})
        return HttpResponse(page, status=413)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the browser features civicplan never uses
    (camera, microphone, location …) are off, whatever a page or a script might ask."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
