"""civicplan upload-workbook FILE --user NAME [--submit]: save a filled-in collection workbook.

Exits with status 2 and lists every problem (sheet, row, column) when anything is wrong; then
nothing was saved.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.monitoring.management.commands._options import (
    add_plan_option,
    chosen_plan,
    user_named,
)
from civicplan.monitoring.workbook import workbook_upload


class Command(BaseCommand):
    help = "Check a filled-in collection workbook and save its figures: all of them or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="who is uploading (their permissions)")
        parser.add_argument(
            "--submit", action="store_true", help="submit the figures for approval, not drafts"
        )
        add_plan_option(parser)

    def handle(
        self, *args, file: Path, user: str, submit: bool, plan: str | None, **options
    ) -> None:
        by = user_named(user)
        chosen = chosen_plan(plan)
        try:
            data = file.read_bytes()
        except OSError as exc:
            message = f"{file}: cannot read the file ({exc.strerror})"
            raise CommandError(message, returncode=2) from exc
        result = workbook_upload(chosen, data, by=by, submit=submit, name=file.name)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(result.summary(), returncode=2)
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for saved in result.saved:
            figure = f"{saved.value.normalize():f}"
            self.stdout.write(
                f"  row {saved.row}: {saved.code} {saved.period.label} = {figure} ({saved.status})"
            )
