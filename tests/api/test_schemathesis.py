"""The API as a client no one here wrote sees it: schemathesis generates requests from the
OpenAPI document for every operation, valid and not, and checks every answer against it.

The only outcomes allowed are a documented answer with a documented status and content type, or
a clear 4xx; never a 500, never a request that breaks the document accepted. Runs through WSGI
against the test database, signed in with a performance officer's token.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks

from civicplan.accounts.roles import Role
from civicplan.api.main import api
from civicplan.api.services import api_token_create
from tests.api.conftest import persona
from tests.clock import SEED_DAY
from tests.factories.plan_data import plan_create

# The API's own string formats, so generated "valid" values are valid (years and periods within
# what civicplan holds) and everything else is tried as invalid.
_years = st.integers(1901, 2997)
schemathesis.openapi.format("financial-year", _years.map(lambda y: f"{y}/{(y + 1) % 100:02d}"))
schemathesis.openapi.format(
    "period",
    st.one_of(
        _years.map(lambda y: f"{y}/{(y + 1) % 100:02d}"),
        st.tuples(_years, st.integers(1, 4)).map(
            lambda p: f"{p[0]}/{(p[0] + 1) % 100:02d}-Q{p[1]}"
        ),
        st.tuples(st.integers(1902, 2997), st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
    ),
)
schemathesis.openapi.format(
    "date", st.dates(dt.date(1901, 4, 1), dt.date(2998, 3, 31)).map(dt.date.isoformat)
)

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Requests go through WSGI, in this process and its test database. The API serves no static
# files, so WhiteNoise's "no collected files yet" warning (a fresh clone) does not matter here.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="No directory at")
    schema.app = get_wsgi_application()


@pytest.fixture
def _connection_kept(db) -> Iterator[None]:
    """As Django's test client does: a request through WSGI must not close the test's database
    connection when it finishes (on PostgreSQL that would end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(_connection_kept) -> str:
    plan_create()
    officer = persona("officer", Role.PERFORMANCE_OFFICER)
    _, raw = api_token_create(user=officer, name="schemathesis", by=None)
    return raw


@pytest.mark.today(SEED_DAY)
@schema.parametrize()
@settings(
    max_examples=50,
    derandomize=True,  # the same requests every run: CI never fails by chance
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, officer_token):
    # Whether a figure is acceptable depends on its indicator (a count is whole, a percentage at
    # most 100, amber and red need commentary), which no schema can say of a path parameter; so
    # a schema-valid figure may rightly get 422 naming the value. Every other check runs.
    excluded = []
    if case.operation.path == "/api/indicators/{indicator_id}/values/":
        excluded = [checks.positive_data_acceptance]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"}, excluded_checks=excluded
    )
