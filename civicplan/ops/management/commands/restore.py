"""civicplan restore PATH [--replace]: a `civicplan backup` archive back into this installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.ops.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and police data store, after "
        "checking every checksum; then migrate it to this version. Stop civicplan first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="an archive written by `civicplan backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a database (and police data store) that already holds data",
        )

    def handle(self, *args: Any, path: Path, replace: bool, **options: Any) -> None:
        try:
            summary = backup_restore(path=path, replace=replace, progress=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(summary.text())
