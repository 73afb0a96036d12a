"""civicplan import-plan FILE [--as-of DATE]: a plan document or Plan JSON into the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.core import clock
from civicplan.planio.apply import PlanDataError
from civicplan.planio.importer import PlanFormatError
from civicplan.planio.workflows import plan_import_file


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date such as 2026-11-30, not {text!r}") from exc


class Command(BaseCommand):
    help = "Import a business plan (the document's text layout, or Plan JSON) in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="date the findings are judged at (default: today)",
        )

    def handle(self, *args, file: Path, as_of: dt.date | None, **options) -> None:
        try:
            result = plan_import_file(file, as_of=as_of or clock.today())
        except OSError as exc:
            raise CommandError(
                f"{file}: cannot read the file ({exc.strerror})", returncode=2
            ) from exc
        except PlanFormatError as exc:
            raise CommandError(f"{file}: {exc}", returncode=2) from exc
        except PlanDataError as exc:
            what = "not valid Plan JSON: " if file.suffix.lower() == ".json" else ""
            raise CommandError(f"{file}: {what}{exc}", returncode=2) from exc
        plan = result.plan
        self.stdout.write(self.style.SUCCESS(f"{plan.title} ({plan.organisation})"))
        self.stdout.write(result.summary_text())
        if result.created:
            self.stdout.write("Created the plan.")
        elif result.changes:
            self.stdout.write(f"Updated the plan: {len(result.changes)} changes")
            for line in result.changes:
                self.stdout.write(f"  - {line}")
        else:
            self.stdout.write("No changes: the plan already matches this file.")
        self.stdout.write(f"Findings: {len(result.findings)}")
        for finding in result.findings:
            where = f"line {finding['line']}: " if finding.get("line") else ""
            hint = f" (did you mean {finding['suggestion']}?)" if finding.get("suggestion") else ""
            self.stdout.write(f"  [{finding['kind']}] {where}{finding['message']}{hint}")
