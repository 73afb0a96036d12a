"""Shared fixtures for the whole suite.

Two plans, each with its own name:

* ``plan``: the factory plan (``tests/factories/plan_data.py``: the seed's shape, a few of its
  rows, applied through ``plan_apply``), new for each test;
* ``seed_plan``: the real seed plan, imported as of 30 November 2026 once per module, each test
  running in a savepoint inside it.

The personas (``owner``, ``colleague``, ``officer``, ``viewer``, ``viewer_holding_post``,
``administrator``) hold posts of the plan the test uses: the seed when the test asks for
``seed_plan`` (a module of tests on the seed says ``pytest.mark.usefixtures("seed_plan")``),
otherwise the factory plan. ``as_owner`` … are clients signed in as them; ``as_user(user)`` signs
in anyone; ``signed_in`` is a client signed in as a plain user.
"""

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client

from civicplan.accounts.roles import Role
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from tests.factories.plan_data import plan_create
from tests.factories.police_store import police_store_build
from tests.factories.users import COLLEAGUE_POST, OWNER_POST, persona, user_create
from tests.support.clients import signed_in_as

# The suite's clock: the `today` marker and `--clock` (tests/clock.py); the browser tests'
# Chromium, live server and axe-core (tests/support/browser.py).
pytest_plugins = ["tests.clock", "pytester", "tests.support.browser"]

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


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Argon2 is slow on purpose; tests make many users and sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- plans ------------------------------------------------------------------------------------


@pytest.fixture
def plan(db: None) -> Plan:
    """The factory plan (tests/factories/plan_data.py), applied through plan_apply."""
    return plan_create()


@pytest.fixture(scope="module")
def _seed_plan_id(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """The seed imported once per module inside a transaction that is rolled back at its end.

    Each test runs in a savepoint inside it (pytest-django's ``db``), as Django's
    ``setUpTestData`` does, so the 1–2 s import is paid once per module, not once per test.
    """
    from tests.factories.seed import SEED, SEED_AS_OF  # after tests.clock is loaded as a plugin

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield plan_import_file(SEED, as_of=SEED_AS_OF).plan.pk
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seed_plan(_seed_plan_id: int, db: None) -> Plan:
    """The seed plan as imported as of 30 November 2026, fresh for each test."""
    return Plan.objects.get(pk=_seed_plan_id)


# -- personas ---------------------------------------------------------------------------------


@pytest.fixture
def persona_plan(request: pytest.FixtureRequest) -> Plan:
    """The plan whose posts the personas hold: ``seed_plan`` if the test uses it, else ``plan``."""
    return request.getfixturevalue("seed_plan" if "seed_plan" in request.fixturenames else "plan")


@pytest.fixture
def owner(persona_plan: Plan) -> Any:
    """An indicator owner holding the Head of Communities and Community Safety post: owns
    ComS_001 and ComS_024 (and so ComS_024a), and is an officer of most key tasks."""
    return persona("owner", Role.INDICATOR_OWNER, OWNER_POST)


@pytest.fixture
def colleague(persona_plan: Plan) -> Any:
    """Another indicator owner, of another post (the Licensing Manager)."""
    return persona("colleague", Role.INDICATOR_OWNER, COLLEAGUE_POST)


@pytest.fixture
def officer(persona_plan: Plan) -> Any:
    """A performance officer: enters, approves and returns any figure."""
    return persona("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def viewer(persona_plan: Plan) -> Any:
    """A councillor: reads everything, changes nothing."""
    return persona("councillor", Role.VIEWER)


@pytest.fixture
def viewer_holding_post(persona_plan: Plan) -> Any:
    """A councillor who even holds the owner's post: viewers still change nothing."""
    return persona("councillor", Role.VIEWER, OWNER_POST)


@pytest.fixture
def administrator(persona_plan: Plan) -> Any:
    """Manages users and settings; may do everything a performance officer may."""
    return persona("admin", Role.ADMINISTRATOR)


# -- clients ----------------------------------------------------------------------------------


@pytest.fixture
def as_user() -> Callable[[Any], Client]:
    """A client signed in as ``user`` (Django's test client does not enforce CSRF)."""
    return signed_in_as


@pytest.fixture
def as_owner(owner: Any) -> Client:
    return signed_in_as(owner)


@pytest.fixture
def as_colleague(colleague: Any) -> Client:
    return signed_in_as(colleague)


@pytest.fixture
def as_officer(officer: Any) -> Client:
    return signed_in_as(officer)


@pytest.fixture
def as_viewer(viewer: Any) -> Client:
    return signed_in_as(viewer)


@pytest.fixture
def signed_in(client: Client, db: None) -> Client:
    """The test client, signed in as a plain user who can read every page."""
    client.force_login(user_create())
    return client


# -- the police data store --------------------------------------------------------------------


@pytest.fixture(scope="module")
def police_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("police")


@pytest.fixture(scope="module")
def police_store(police_files: Path) -> Path:
    """Nottinghamshire and Derbyshire, December 2025 to March 2026 (see that factory)."""
    return police_store_build(police_files)


@pytest.fixture
def with_store(settings: Any, police_store: Path) -> Path:
    settings.OPENDATA_DUCKDB_PATH = police_store
    return police_store


@pytest.fixture
def no_store(settings: Any, tmp_path: Path) -> Path:
    settings.OPENDATA_DUCKDB_PATH = tmp_path / "none.duckdb"
    return settings.OPENDATA_DUCKDB_PATH
