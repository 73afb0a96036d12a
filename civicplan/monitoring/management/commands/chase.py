"""civicplan chase --period 2026/27-Q2 [--as-of DATE] [--format text|json]: late, by owner."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandParser

from civicplan.core import clock
from civicplan.core.periods import Period
from civicplan.monitoring.chasers import (
    LateItem,
    late_by_post,
    late_values,
    long_date,
    period_due_date,
)
from civicplan.monitoring.management.commands._options import (
    add_period_option,
    add_plan_option,
    plan_and_period,
)


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _item_json(item: LateItem) -> dict:
    return {
        "code": item.indicator.code,
        "title": item.indicator.title,
        "period": str(item.period),
        "owners": [post.title for post in item.owners],
        "due": item.due.isoformat(),
        "working_days_late": item.working_days_late,
        "state": item.state.value,
        "return_reason": item.return_reason,
    }


class Command(BaseCommand):
    help = "List the figures for a period that are late, grouped by the post that owns them."

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_option(parser, as_of=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_plan_option(parser)

    def handle(
        self,
        *args,
        period: Period,
        as_of: dt.date | None,
        format: str,
        plan: str | None,
        **options,
    ) -> None:
        today = as_of or clock.today()
        chosen, period = plan_and_period(plan, period)
        items = late_values(chosen, period, today=today)
        groups = late_by_post(items)
        due = period_due_date(period)
        if format == "json":
            document = {
                "period": str(period),
                "as_of": today.isoformat(),
                "due": due.isoformat(),
                "posts": [
                    {"post": post.title, "late": [_item_json(item) for item in post_items]}
                    for post, post_items in groups
                ],
            }
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        heading = f"{period.label}: due {long_date(due)}; as of {long_date(today)}"
        if not groups:
            self.stdout.write(f"{heading}. Nothing is late.")
            return
        figures = len({(i.indicator.pk, i.period) for i in items})
        self.stdout.write(f"{heading}. {figures} late, owned by {len(groups)} posts.")
        for post, post_items in groups:
            self.stdout.write("")
            self.stdout.write(post.title)
            for item in post_items:
                days = item.working_days_late
                title = _shortened(item.indicator.title, 56)
                self.stdout.write(
                    f"  {item.indicator.code:<10} {title:<56}  "
                    f"{item.state.label}, {days} working day{'s' if days != 1 else ''} late"
                )
