"""Shared fixtures for the whole suite."""

import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# The suite's clock: the `today` marker and `--clock` (tests/clock.py).
pytest_plugins = ["tests.clock", "pytester"]

# Live-server threads must not keep database sessions open after a request, or PostgreSQL refuses
# to drop the test database at the end of the run ("being accessed by other users").
django_settings.DATABASES["default"]["CONN_MAX_AGE"] = 0

# No test reads the police data store in the data folder: a test that wants one builds it and
# points OPENDATA_DUCKDB_PATH at it (tests/opendata does so for every test).
django_settings.OPENDATA_DUCKDB_PATH = (
    Path(tempfile.mkdtemp(prefix="civicplan-no-store-")) / "opendata.duckdb"
)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: pytest.FixtureRequest) -> None:
    """Pages render whether or not collectstatic ran: plain storage, WhiteNoise reads the finders.

    (Without this WhiteNoise warns "No directory at: staticfiles/", an error under our warning
    filter, and a manifest storage would fail on assets that were never collected.)
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup, django_db_blocker):
    """End any session a server thread left on the PostgreSQL test database, so that it can be
    dropped at the end of the run (SQLite needs nothing)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
