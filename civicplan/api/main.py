"""The civicplan API: one NinjaAPI, every operation behind a token or a signed-in session.

Its OpenAPI document is at ``/api/openapi.json`` and the interactive docs at ``/api/docs``; they
need a signed-in user (or a token) too, since they describe the council's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI

from civicplan.api import errors
from civicplan.api.auth import API_AUTH, request_user
from civicplan.api.indicators import router as indicators_router
from civicplan.api.plans import router as plans_router
from civicplan.api.tracking import router as tracking_router
from civicplan.api.values import router as values_router

DESCRIPTION = """\
Plans, indicators, periods, values, targets and RAG statuses for Power BI and other systems, and
a write endpoint for submitting figures from automated feeds under the same rules as the pages.

**Signing in.** Send a personal token as `Authorization: Bearer <token>` (an administrator makes
one with `civicplan api-token create USERNAME --name NAME`), or call from a browser signed in to
civicplan (unsafe methods then need the `X-CSRFToken` header).

**Errors.** 401 not signed in; 403 not allowed (the message says why); 404 no such thing;
409 someone else changed the figure since you read it (read it again: `current_version` says
where it stands); 422 a field is wrong: each entry of `detail` names its `field`; 428 a change to
a period that already has a figure came without `expected_version`.

Periods are written `2026/27` (a financial year), `2026/27-Q2` (a quarter, Q1 is April–June) or
`2026-10` (a month).
"""


def _signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard the OpenAPI document and docs page: a browser is sent to sign in, a script gets 401."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request_user(request) is None:
            if "text/html" in request.headers.get("Accept", ""):
                return redirect_to_login(request.get_full_path())
            return JsonResponse({"detail": errors.SIGN_IN}, status=401)
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="civicplan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs_decorator=_signed_in_only,
)
errors.install(api)
api.add_router("/plans", plans_router)
api.add_router("", indicators_router)
api.add_router("", values_router)
api.add_router("", tracking_router)
