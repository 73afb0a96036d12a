"""Build the database an install of an older main has, for ``tests/planio/test_upgrade.py``.

    .venv/bin/python tests/data/upgrade/build.py            # main at f4f1c9a (the default)
    .venv/bin/python tests/data/upgrade/build.py --commit REV

It unpacks the commit into a temporary folder (``git archive``, so no worktree or checkout is
touched), and with that code alone on the path: migrates a new SQLite database, imports the seed
plan, makes three synthetic users (no password: the hash would change each run) and records some
monitoring through that commit's services, the clock pinned at 09:00 on 30 November 2026. It then
writes beside this script, named after the commit:

- ``<rev>.sql``: the database as ``sqlite3 .dump`` prints it (text, so a change to it is a diff);
- ``<rev>.plan.json`` and ``<rev>.plan.txt``: what that code's ``civicplan export-plan`` printed.

The recording is written out here rather than borrowed from a test's fixtures (it is much like
``record_quarter`` in ``tests/reports/quarterly/conftest.py``): it has to run against an older
commit's services, and the dump should change only when this script does.

Nothing in it is a real person's: the posts are the seed's public post titles; the users are
made up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_COMMIT = "f4f1c9a"
AS_OF = dt.date(2026, 11, 30)
MOMENT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def record() -> None:  # pragma: no cover - runs under the old commit's code, in a subprocess
    """Migrate, import the seed plan and record a quarter's monitoring, with the old code."""
    import django
    import time_machine

    with time_machine.travel(MOMENT, tick=False):
        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        _record_monitoring()


def _record_monitoring() -> None:  # pragma: no cover - old code
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from civicplan.accounts.roles import Role
    from civicplan.accounts.services import user_posts_set, user_role_set
    from civicplan.budgets.services import budget_actual_record
    from civicplan.core.periods import Period
    from civicplan.monitoring.services import (
        ValueInput,
        indicator_value_approve,
        indicator_value_save,
    )
    from civicplan.planio.workflows import plan_import_file
    from civicplan.plans.models import Post
    from civicplan.risks.models import RegisterRisk, StrategicRisk
    from civicplan.risks.rules import Score
    from civicplan.risks.services import risk_score_record
    from civicplan.tasks.services import key_task_progress_record

    seed = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
    plan = plan_import_file(seed, as_of=AS_OF).plan

    def user(username: str, role: Role, post_title: str | None = None) -> Any:
        made = get_user_model().objects.create_user(username, f"{username}@example.org")
        made.password = "!"  # unusable, and the same on every run
        made.save()
        user_role_set(user=made, roles=[role], by=None)
        if post_title:
            user_posts_set(user=made, posts=[Post.objects.get(title=post_title)], by=None)
        return get_user_model().objects.get(pk=made.pk)

    communities = user(
        "communities", Role.INDICATOR_OWNER, "Head of Communities and Community Safety"
    )
    officer = user("officer", Role.PERFORMANCE_OFFICER)
    user("councillor", Role.VIEWER)
    q1, q2 = Period.parse("2026/27-Q1"), Period.parse("2026/27-Q2")

    def approve(code: str, period: Period, value: int, commentary: str = "") -> None:
        row = indicator_value_save(
            entry=ValueInput(plan.indicators.get(code=code), period, value, commentary),
            by=communities,
            submit=True,
            as_of=AS_OF,
        )
        indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)

    approve("ComS_011", q1, 400)
    approve("ComS_011", q2, 420)
    approve("ComS_014", q1, 30, "Up on last year's first quarter.")
    approve("ComS_014", q2, 30, "Cases rose after youth disorder over the summer.")
    # A draft, neither submitted nor approved.
    indicator_value_save(
        entry=ValueInput(plan.indicators.get(code="ComS_013"), q2, 12, "Draft"),
        by=officer,
        submit=False,
        as_of=AS_OF,
    )
    task = plan.key_tasks.get(code="COMS2629_12")
    key_task_progress_record(
        task=task,
        period=q2,
        status="at_risk",
        percent_complete=40,
        commentary="Waiting for the police's data-sharing agreement.",
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )
    risk_score_record(
        risk=RegisterRisk.objects.get(plan=plan, number=2),
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="First scoring",
        by=officer,
        expected_version=0,
        reviewed_on=dt.date(2026, 9, 15),
        as_of=AS_OF,
    )
    risk_score_record(
        risk=StrategicRisk.objects.filter(plan=plan).order_by("position").first(),
        inherent=Score(3, 3),
        residual=Score(2, 3),
        reason="Quarterly review",
        by=officer,
        expected_version=0,
        reviewed_on=dt.date(2026, 9, 20),
        as_of=AS_OF,
    )
    budget_actual_record(
        line=plan.budget_lines.order_by("position").first(),
        period=q1,
        amount="-5000",
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )


def build(commit: str) -> None:
    """Unpack ``commit``, build its database and exports, and write them beside this script."""
    rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        tree, db = Path(tmp) / "tree", Path(tmp) / "old.sqlite3"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        env = {
            **os.environ,
            "PYTHONPATH": str(tree),
            "DATABASE_URL": f"sqlite:///{db}",
            "CIVICPLAN_DATA_DIR": str(Path(tmp) / "data"),
            "DJANGO_SETTINGS_MODULE": "civicplan.config.settings",
        }

        def run(*args: str) -> bytes:
            done = subprocess.run(args, env=env, cwd=tree, capture_output=True)
            if done.returncode:
                sys.exit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
            return done.stdout

        run(sys.executable, str(Path(__file__).resolve()), "--record")
        cli = (sys.executable, "-m", "civicplan.cli", "export-plan")
        (HERE / f"{rev}.plan.json").write_bytes(run(*cli, "--format", "json"))
        text = run(*cli, "--format", "text", "--as-of", AS_OF.isoformat())
        (HERE / f"{rev}.plan.txt").write_bytes(text)
        (HERE / f"{rev}.sql").write_bytes(run("sqlite3", str(db), ".dump"))
    print(f"wrote {rev}.sql, {rev}.plan.json and {rev}.plan.txt in {HERE.relative_to(REPO)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    parser.add_argument("--record", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.record:
        record()
    else:
        build(args.commit)


if __name__ == "__main__":
    main()
