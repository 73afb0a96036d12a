"""civicplan serve [--host H] [--port P] [--dev]: run the web app.

By default the production server (gunicorn, ``civicplan.web.server``); ``--dev`` is Django's
development server, which reloads when the code changes and must never face the public.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application

from civicplan.web.server import server_run


class Command(BaseCommand):
    help = "Serve civicplan over HTTP (the production server; --dev for development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument(
            "--dev", action="store_true", help="Django's reloading development server instead"
        )

    def handle(self, *args: Any, host: str, port: int, dev: bool, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"civicplan is at http://{host}:{port}/  (Ctrl+C stops it)")
        self.stdout.flush()
        if dev:
            call_command("runserver", f"{host}:{port}", use_reloader=True, use_threading=True)
        else:
            server_run(get_wsgi_application(), host=host, port=port)
