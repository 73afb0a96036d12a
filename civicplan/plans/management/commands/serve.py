"""civicplan serve [--host H] [--port P]: run the web app (static files through WhiteNoise)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve civicplan over HTTP on this machine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"civicplan is at http://{host}:{port}/  (Ctrl+C stops it)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
