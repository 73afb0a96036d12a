"""civicplan collection-workbook --period 2026/27-Q2 [--post TITLE] [--user NAME] -o FILE."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.core.periods import Period
from civicplan.monitoring.management.commands._options import (
    add_period_option,
    add_plan_option,
    plan_and_period,
    user_named,
)
from civicplan.monitoring.workbook import workbook_build
from civicplan.plans.models import Post


class Command(BaseCommand):
    help = "Write the pre-filled collection workbook (.xlsx) for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_option(parser)
        parser.add_argument("--post", default=None, help="only this post's indicators")
        parser.add_argument(
            "--user", default=None, help="only what this user may enter (default: everything)"
        )
        parser.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
        add_plan_option(parser)

    def handle(
        self,
        *args,
        period: Period,
        post: str | None,
        user: str | None,
        output: Path,
        plan: str | None,
        **options,
    ) -> None:
        chosen, period = plan_and_period(plan, period)
        by = user_named(user) if user else None
        owner = None
        if post:
            owner = Post.objects.filter(organisation=chosen.organisation, title=post).first()
            if owner is None:
                raise CommandError(
                    f"there is no post {post!r} in {chosen.organisation}: give its title exactly "
                    "as the plan prints it",
                    returncode=2,
                )
        try:
            data = workbook_build(chosen, period, by=by, post=owner)
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({period.label}, {len(data) // 1024 + 1} KB)")
