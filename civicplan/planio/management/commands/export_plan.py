"""civicplan export-plan --format json|text|docx|xlsx|csv [-o FILE|DIR]: write a plan out.

JSON and text go to standard output by default; DOCX and XLSX need ``-o FILE`` and CSV ``-o DIR``
(one file per table).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.core import clock
from civicplan.planio.plan_json import plan_export, plan_json_dumps
from civicplan.plans.selectors import plan_choose


class Command(BaseCommand):
    help = "Export a plan as Plan JSON, the plan document (text or DOCX), a workbook or CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=["json", "text", "docx", "xlsx", "csv"], default="json"
        )
        parser.add_argument("-o", "--output", type=Path, default=None)
        parser.add_argument(
            "--plan",
            default=None,
            help="plan id or title (needed only when there are several plans)",
        )
        parser.add_argument(
            "--as-of",
            default=None,
            help="date the monitoring statuses in the workbook are worked out at (default today)",
        )

    def handle(
        self,
        *args,
        format: str,
        output: Path | None,
        plan: str | None,
        as_of: str | None = None,
        **options,
    ) -> None:
        try:
            chosen = plan_choose(plan)
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if format == "json":
            self._write(plan_json_dumps(plan_export(chosen)).encode("utf-8"), output)
            return
        from civicplan.planio.exports import BINARY, plan_export_bytes, plan_export_csv

        try:
            day = dt.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError as exc:
            raise CommandError(f"--as-of: {as_of!r} is not a date such as 2026-11-30") from exc
        if format in BINARY | {"csv"} and output is None:
            what = "a folder for the CSV files" if format == "csv" else f"a .{format} file"
            raise CommandError(f"--format {format} needs -o naming {what}", returncode=2)
        if format == "csv" and output is not None:  # (never None here: refused just above)
            written = plan_export_csv(chosen, output, as_of=day)
            self.stderr.write(f"Wrote {len(written)} CSV files to {output}")
            return
        self._write(plan_export_bytes(chosen, format, as_of=day), output)

    def _write(self, content: bytes, output: Path | None) -> None:
        if output is None:
            sys.stdout.write(content.decode("utf-8"))
        else:
            output.write_bytes(content)
            self.stderr.write(f"Wrote {output}")
