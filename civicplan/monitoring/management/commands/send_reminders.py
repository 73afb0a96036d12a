"""civicplan send-reminders --period 2026/27-Q2 [--as-of DATE] [--dry-run]: e-mail late owners.

Uses Django's e-mail settings (the console backend unless CIVICPLAN_EMAIL_BACKEND says otherwise).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from civicplan.core import clock
from civicplan.core.periods import Period
from civicplan.monitoring.chasers import reminders_send
from civicplan.monitoring.management.commands._options import (
    add_period_option,
    add_plan_option,
    plan_and_period,
)


class Command(BaseCommand):
    help = "E-mail each holder of a post with late figures one reminder listing them."

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_option(parser, as_of=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would be written to; send nothing"
        )
        add_plan_option(parser)

    def handle(
        self,
        *args,
        period: Period,
        as_of: dt.date | None,
        dry_run: bool,
        plan: str | None,
        **options,
    ) -> None:
        today = as_of or clock.today()
        chosen, period = plan_and_period(plan, period)
        run = reminders_send(chosen, period, today=today, dry_run=dry_run)
        for reminder in run.reminders:
            codes = ", ".join(item.indicator.code for item in reminder.items)
            verb = "Would remind" if dry_run else "Reminded"
            who = f"{reminder.user.get_username()} <{reminder.user.email}>"
            self.stdout.write(f"{verb} {who}: {codes}")
        for post in run.no_one:
            self.stdout.write(f"No one to remind for {post.title}: map a user to the post.")
        for user in run.no_address:
            name = user.get_username()
            self.stdout.write(f"No e-mail address for {name}: add one to remind them.")
        count = len(run.reminders)
        reminders = f"{count} reminder{'s' if count != 1 else ''}"
        if dry_run:
            self.stdout.write(f"Dry run: {reminders} would be sent.")
        else:
            self.stdout.write(f"Sent {reminders}.")
