"""civicplan export-plan --format json [-o FILE]: write a plan out (standard output by default)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.plans.plan_json import plan_export, plan_json_dumps
from civicplan.plans.selectors import plan_choose


class Command(BaseCommand):
    help = "Export a plan as Plan JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", type=Path, default=None)
        parser.add_argument(
            "--plan",
            default=None,
            help="plan id or title (needed only when there are several plans)",
        )

    def handle(self, *args, format: str, output: Path | None, plan: str | None, **options) -> None:
        try:
            chosen = plan_choose(plan)
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        text = plan_json_dumps(plan_export(chosen))
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
