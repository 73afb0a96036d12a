"""The production web server: gunicorn's threaded workers serving the Django app.

Why gunicorn, and how it is set: docs/adr/0013-production-server-gunicorn.md. Everything comes
from settings (``CIVICPLAN_WORKERS``, ``CIVICPLAN_THREADS``, ``CIVICPLAN_REQUEST_TIMEOUT``,
``CIVICPLAN_TRUSTED_PROXIES``), so one command serves a laptop demo and a council's server alike.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi


class _Response(wsgi.Response):
    """gunicorn's response without its ``Server`` header: the software a site runs is nobody's
    business (gunicorn has no setting for it, so the one method that writes it is narrowed)."""

    def default_headers(self) -> list[str]:
        return [h for h in super().default_headers() if not h.lower().startswith("server:")]


def server_options(host: str, port: int) -> dict[str, Any]:
    """gunicorn's settings for civicplan: threaded workers, logs to the terminal (or journal)."""
    return {
        "bind": f"{host}:{port}",
        "workers": settings.CIVICPLAN_WORKERS,
        "threads": settings.CIVICPLAN_THREADS,
        "worker_class": "gthread",
        "timeout": settings.CIVICPLAN_REQUEST_TIMEOUT,
        "graceful_timeout": 30,
        "forwarded_allow_ips": ",".join(settings.CIVICPLAN_TRUSTED_PROXIES),
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "civicplan",
        "control_socket_disable": True,  # nothing to steer at run time; systemd restarts it
    }


class CivicplanServer(BaseApplication):
    """gunicorn run from inside ``civicplan serve``, with the app already configured."""

    def __init__(self, app: WSGIHandler, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return self.application


def server_run(app: WSGIHandler, *, host: str, port: int) -> None:
    """Serve ``app`` until stopped (Ctrl+C, or SIGTERM from systemd)."""
    wsgi.Response = _Response
    CivicplanServer(app, server_options(host, port)).run()
