"""civicplan rollforward --to 2027/28 [--plan ID] [--as-of DATE] [--dry-run]: next year's draft."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.core import clock
from civicplan.core.fy import FinancialYear
from civicplan.planio.apply import PlanDataError
from civicplan.planio.rollforward import RollForwardError, plan_roll_forward
from civicplan.planio.selectors import plan_before
from civicplan.planio.workflows import plan_counts
from civicplan.plans.selectors import plan_choose


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError as exc:
        raise CommandError(f"--to: {exc}", returncode=2) from exc


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--as-of: {text!r} is not a date such as 2027-03-31", returncode=2
        ) from exc


class Command(BaseCommand):
    help = "Make the draft business plan for the next year from the current plan and its actuals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, help="first year of the draft, e.g. 2027/28")
        parser.add_argument(
            "--plan", default=None, help="plan id or title (default: the latest before --to)"
        )
        parser.add_argument("--as-of", default=None, help="count values recorded up to this date")
        parser.add_argument("--dry-run", action="store_true", help="show what it would make")

    def handle(self, *args, to: str, plan: str | None, as_of: str | None, dry_run: bool, **_):
        year = _year(to)
        day = _date(as_of) if as_of else clock.today()
        try:
            source = plan_choose(plan) if plan else plan_before(year)
            result = plan_roll_forward(plan=source, to=year, as_of=day, dry_run=dry_run)
        except (LookupError, RollForwardError, PlanDataError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        header = result.data["plan"]
        counts = ", ".join(f"{n} {label}" for label, n in plan_counts(result.data).items())
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(
            f"{verb} “{header['title']}” ({header['period']['first_year']} to "
            f"{header['period']['last_year']}) from “{source.title}”: {counts}."
        )
        if result.closed:
            self.stdout.write(
                "Completed or cancelled, moved to the appendix: " + ", ".join(result.closed)
            )
        findings = result.data.get("findings") or []
        self.stdout.write(f"{len(findings)} findings in the draft.")
        if result.plan is not None:
            self.stdout.write(f"Draft plan id {result.plan.pk}.")
