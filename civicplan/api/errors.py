"""Turning the services' refusals into HTTP answers that say what is wrong and where.

PermissionDenied → 403, ValueRejected → 422 naming the field, EditConflict → 409 and
VersionRequired → 428 (both with the current version), not found → 404, no credentials → 401.
Every 422 has the same shape, whether pydantic or a service refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from civicplan.core.errors import EditConflict, ValueRejected, VersionRequired

SIGN_IN = (
    "Sign in to civicplan, or send a personal API token as 'Authorization: Bearer <token>' "
    "(make one with: civicplan api-token create USERNAME --name NAME)."
)


BODY_PARAM = "payload"  # the name every write handler gives its body schema


def field_error(loc: tuple[Any, ...] | list[Any], msg: str, kind: str) -> dict[str, Any]:
    """One problem, with ``field`` the last name in its location (``value``, ``period`` …).

    ninja puts the handler's parameter name in a body location (``body.payload.value``); it is
    dropped, so pydantic's and the services' refusals both read ``body.value``.
    """
    loc = list(loc)
    if loc[:2] == ["body", BODY_PARAM] and len(loc) > 2:
        del loc[1]
    names = [part for part in loc if isinstance(part, str)]
    return {"field": names[-1] if names else "", "msg": msg, "loc": loc, "type": kind}


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, {"detail": SIGN_IN})
        response["WWW-Authenticate"] = 'Bearer realm="civicplan"'
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(
            request, 403, {"detail": str(exc) or "You do not have permission to do that."}
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, {"detail": str(exc) or "Not found."})

    @api.exception_handler(EditConflict)
    def conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
        return respond(request, 409, {"detail": str(exc), "current_version": exc.current_version})

    @api.exception_handler(VersionRequired)
    def version_required(request: HttpRequest, exc: VersionRequired) -> HttpResponse:
        return respond(request, 428, {"detail": str(exc), "current_version": exc.current_version})

    @api.exception_handler(ValueRejected)
    def rejected(request: HttpRequest, exc: ValueRejected) -> HttpResponse:
        error = field_error(("body", exc.field), str(exc), "value_rejected")
        return respond(request, 422, {"detail": [error]})

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [field_error(e["loc"], e["msg"], e["type"]) for e in exc.errors]
        return respond(request, 422, {"detail": errors})
