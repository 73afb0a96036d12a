"""civicplan attention: what needs attention, per post, for a scheduled digest."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.attention.selectors import Attention, plan_attention
from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.plans.models import Plan, Post
from civicplan.plans.rules import plan_dates_note
from civicplan.plans.selectors import plan_choose


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r} is not a date: write it as 2026-11-30") from None


def _post(plan: Plan, title: str) -> Post:
    posts = list(Post.objects.filter(organisation=plan.organisation))
    for post in posts:
        if post.title.casefold() == title.strip().casefold():
            return post
    close = difflib.get_close_matches(title, [p.title for p in posts], n=3, cutoff=0.5)
    hint = f" Did you mean: {'; '.join(close)}?" if close else ""
    raise CommandError(f"{plan.organisation} has no post called {title!r}.{hint}")


def _lines(post: Post, attention: Attention) -> list[str]:
    total = attention.counts["total"]
    out = [f"{post.title}: {total} {'thing needs' if total == 1 else 'things need'} attention"]

    def block(label: str, items: list[str]) -> None:
        if items:
            out.append(f"  {label} ({len(items)}):")
            out.extend(f"    - {item}" for item in items)

    block(
        "Figures missing",
        [
            f"{i.code} {i.period.label} (due {date_text(i.due_date)})"
            for i in attention.indicators_missing
        ],
    )
    block(
        "Figures due",
        [
            f"{i.code} {i.period.label} (due {date_text(i.due_date)})"
            for i in attention.indicators_due
        ],
    )
    block(
        "Tasks overdue",
        [f"{t.code} (due {date_text(t.current_target_date)})" for t in attention.tasks_overdue],
    )
    block(
        "Tasks due within 90 days",
        [f"{t.code} (due {date_text(t.current_target_date)})" for t in attention.tasks_due_soon],
    )
    block(
        "Tasks without this quarter's progress report",
        [t.code for t in attention.tasks_to_update],
    )
    block(
        "Risks to review",
        [f"{r.ref}: {r.title[:70]} ({r.review_state.label.lower()})" for r in attention.risks],
    )
    block(
        "Policies overdue for renewal",
        [f"{p.title} (due {date_text(p.next_due)})" for p in attention.policies_overdue],
    )
    block(
        "Policies due for renewal within 90 days",
        [f"{p.title} (due {date_text(p.next_due)})" for p in attention.policies_due_soon],
    )
    return out


class Command(BaseCommand):
    help = (
        "List what needs attention per post: figures missing or due, key tasks overdue, due "
        "soon or without this quarter's report, risks to review and policies to renew."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the date to judge by (YYYY-MM-DD; default today)")
        parser.add_argument("--post", help="one post's title (default: every post with work)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--plan", help="plan id or title (default: the latest plan)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else clock.today()
        try:
            plan = plan_choose(options["plan"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        found = plan_attention(plan, as_of=as_of)
        posts = [_post(plan, options["post"])] if options["post"] else found.posts()
        sections = [(post, found.for_post(post)) for post in posts]
        if options["format"] == "json":
            payload = {
                "plan": plan.title,
                "as_of": as_of.isoformat(),
                "note": plan_dates_note(plan, as_of),
                "posts": [{"post": post.title, **a.as_json()} for post, a in sections],
            }
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{plan.title}: what needs attention on {date_text(as_of)}")
        note = plan_dates_note(plan, as_of)
        if note:
            self.stdout.write(note)
        if not sections:
            self.stdout.write("Nothing needs attention.")
        for post, attention in sections:
            self.stdout.write("")
            self.stdout.write("\n".join(_lines(post, attention)))
