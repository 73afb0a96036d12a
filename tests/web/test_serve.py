"""``civicplan serve`` as a council runs it: gunicorn behind a TLS proxy, production settings.

Each test starts the real command in a process of its own on a free port, with a database file
of its own, and talks to it over HTTP.
"""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import civicplan_served

PROJECT = Path(__file__).resolve().parents[2]


def _civicplan(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "civicplan.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def _production_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (Playwright beside the ORM) is no server's.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'civicplan.sqlite3'}",
        "CIVICPLAN_DATA_DIR": str(tmp_path),
        "CIVICPLAN_STATIC_ROOT": str(tmp_path / "static"),
        "CIVICPLAN_PRODUCTION": "true",
        "CIVICPLAN_SECRET_KEY": secrets.token_urlsafe(50),
        "CIVICPLAN_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "CIVICPLAN_WORKERS": "1",
        "CIVICPLAN_THREADS": "2",
    }


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    env = _production_env(tmp_path)
    migrated = _civicplan("migrate", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    log = tmp_path / "serve.log"
    with civicplan_served(env, log) as port:
        yield port, log


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_serve_answers_from_gunicorn_with_csp_and_no_server_header(served):
    port, log = served

    page = _get(port, "/login/", {"X-Forwarded-Proto": "https"})

    assert page.status == 200
    assert page.getheader("Server") is None
    assert page.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "secure" in page.getheader("Set-Cookie", "").lower()
    policy = dict(
        part.strip().split(" ", 1) for part in page.getheader("Content-Security-Policy").split(";")
    )
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "camera=()" in page.getheader("Permissions-Policy")
    assert "Using worker: gthread" in log.read_text()


def test_plain_http_is_sent_to_https_and_the_proxy_header_is_believed(served):
    port, _ = served

    plain = _get(port, "/login/")

    assert plain.status == 301
    assert plain.getheader("Location") == f"https://127.0.0.1:{port}/login/"
    assert plain.getheader("Server") is None


def test_static_assets_are_served_in_production(served):
    port, _ = served

    css = _get(port, "/static/govuk/govuk-frontend.min.css", {"X-Forwarded-Proto": "https"})

    assert css.status == 200
    assert css.getheader("Content-Type", "").startswith("text/css")


def test_production_settings_pass_djangos_deploy_check(tmp_path: Path):
    done = _civicplan("check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path))

    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("", "CIVICPLAN_SECRET_KEY must be set to a long random value of your own"),
        (
            "civicplan-development-only-key-not-for-production-use-0123456789",
            "CIVICPLAN_SECRET_KEY must be set to a long random value of your own",
        ),
        ("short-key", "CIVICPLAN_SECRET_KEY must be at least 50 varied characters"),
    ],
)
def test_production_refuses_a_missing_development_or_weak_key(tmp_path: Path, key, says):
    env = {**_production_env(tmp_path), "CIVICPLAN_SECRET_KEY": key}

    done = _civicplan("check", env=env)

    assert done.returncode != 0
    assert says in done.stderr


def test_demo_refuses_to_run_in_production(tmp_path: Path):
    done = _civicplan("demo", env=_production_env(tmp_path))

    assert done.returncode == 2
    assert "does not run in production" in done.stderr
    assert not (tmp_path / "civicplan.sqlite3").exists()  # nothing made, not even the database
