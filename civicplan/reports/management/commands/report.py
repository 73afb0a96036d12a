"""civicplan report quarterly|scrutiny --period 2026/27-Q2 --format docx|pdf|html -o FILE

``quarterly`` is the GMT or Cabinet report (``--audience gmt|cabinet``, default cabinet);
``scrutiny`` the one-to-two page Overview and Scrutiny summary of the same data. HTML goes to
standard output without ``-o``; DOCX and PDF need a file.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.core import clock
from civicplan.core.periods import Period
from civicplan.monitoring.selectors.series import period_outside_plan
from civicplan.plans.selectors import plan_choose
from civicplan.reports.quarterly.document import Audience
from civicplan.reports.quarterly.exports import FORMATS, report_file


def _period(text: str) -> Period:
    try:
        period = Period.parse(text)
    except ValueError as exc:
        raise CommandError(f"--period: {exc}", returncode=2) from exc
    if period.kind.value != "quarter":
        raise CommandError(
            f"--period: give a quarter such as 2026/27-Q2, not {text!r}", returncode=2
        )
    return period


def _date(text: str | None) -> dt.date:
    if not text:
        return clock.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--as-of: {text!r} is not a date such as 2026-11-30", returncode=2
        ) from exc


class Command(BaseCommand):
    help = "Write the quarterly performance report or the Scrutiny summary as DOCX, PDF or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="quarterly|scrutiny")
        quarterly = kinds.add_parser("quarterly", help="the GMT or Cabinet report")
        quarterly.add_argument(
            "--audience", choices=["gmt", "cabinet"], default="cabinet", type=str.lower
        )
        scrutiny = kinds.add_parser("scrutiny", help="the Overview and Scrutiny summary")
        for sub in (quarterly, scrutiny):
            sub.add_argument("--period", required=True, help="the quarter, e.g. 2026/27-Q2")
            sub.add_argument("--format", choices=list(FORMATS), default="html")
            sub.add_argument("-o", "--output", type=Path, default=None)
            sub.add_argument("--as-of", default=None, help="figures approved by this date")
            sub.add_argument("--meeting", default="", help='e.g. "Cabinet, 8 December 2026"')
            sub.add_argument("--author", default="", help="name and post for the cover")
            sub.add_argument("--plan", default=None, help="plan id or title (default: latest)")

    def handle(self, *args, kind: str, **options) -> None:
        fmt, output = options["format"], options["output"]
        if fmt != "html" and output is None:
            raise CommandError(f"--format {fmt} needs -o naming a .{fmt} file", returncode=2)
        audience = Audience.SCRUTINY if kind == "scrutiny" else Audience(options["audience"])
        try:
            plan = plan_choose(options["plan"])
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        period = _period(options["period"])
        refusal = period_outside_plan(plan, period)
        if refusal:
            raise CommandError(f"--period: {refusal}", returncode=2)
        content, _, _ = report_file(
            plan,
            period,
            audience=audience,
            fmt=fmt,
            as_of=_date(options["as_of"]),
            meeting=options["meeting"],
            author=options["author"],
        )
        if output is None:
            sys.stdout.write(content.decode("utf-8"))
            return
        output.write_bytes(content)
        self.stderr.write(f"Wrote {output} ({len(content):,} bytes)")
