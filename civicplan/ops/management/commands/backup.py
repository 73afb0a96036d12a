"""civicplan backup PATH: the database, the police data store and a manifest in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.ops.services import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup archive: the database (one consistent snapshot), the police data store "
        "and a manifest of SHA-256 checksums. Safe while civicplan is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive to write, e.g. civicplan.zip")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            summary = backup_write(path=path, progress=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(summary.text())
