"""A database made by an older main migrates with this code, and keeps its data.

``tests/data/upgrade/f4f1c9a.sql`` is the SQLite database of an install at main f4f1c9a (the last
main before the migrations were squashed, ADR 0011): the seed plan imported, three synthetic users
and a quarter's monitoring recorded through that commit's services (four figures entered and
approved, a draft, a key-task update, two risk scores, a budget actual), as ``sqlite3 .dump``
printed it. ``f4f1c9a.plan.json`` and ``f4f1c9a.plan.txt`` are what that code's
``civicplan export-plan`` printed from it.

The test loads the dump into a new SQLite file, runs this code's ``civicplan migrate`` on it in a
subprocess (``DATABASE_URL`` pointing at the file, so it runs the same under CI's PostgreSQL pass),
and checks that the exports are the same to the byte, that every row of every table is still there
with every old column's value, that the models read every row, and that nothing the old database
had already applied is applied again.

To regenerate the files (say, to start from a later main once every install has reached it):

    .venv/bin/python tests/data/upgrade/build.py [--commit REV]

It unpacks the commit with ``git archive`` into a temporary folder and runs that code's commands
and services there, with the clock pinned (see its docstring); then change ``COMMIT`` below.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

COMMIT = "f4f1c9a"
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "upgrade"
AS_OF = "2026-11-30"
# Tables that migrate itself adds rows to (migrations it records; content types and permissions
# of new models): their old rows must stay, and new ones may come. SQLite's own counters
# (sqlite_sequence) are left out.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
# Models that moved app with their tables (state-only migrations): figures from indicators to
# monitoring (monitoring 0001), who holds which post from accounts to plans (plans 0005). The only
# values an upgrade may change are the app their content types and audit events name.
MOVED = {"indicatorvalue": ("indicators", "monitoring"), "postholder": ("accounts", "plans")}


def _as_moved(table: str, columns: list[str], row: tuple[object, ...]) -> tuple[object, ...]:
    """An old row as it must read after the upgrade."""
    values = list(row)
    if table == "core_auditevent":
        app, _, model = str(row[columns.index("object_type")]).partition(".")
        if MOVED.get(model, ("",))[0] == app:
            values[columns.index("object_type")] = f"{MOVED[model][1]}.{model}"
    if table == "django_content_type" and row[columns.index("model")] in MOVED:
        values[columns.index("app_label")] = MOVED[str(row[columns.index("model")])][1]
    return tuple(values)


Rows = dict[str, tuple[list[str], list[tuple[object, ...]]]]


@dataclass(frozen=True)
class Upgrade:
    before: Rows
    after: Rows
    migrate_output: str
    plan_json: str
    plan_text: str
    models_read: dict[str, int]
    schema: dict[str, tuple[str, ...]]
    new_install_schema: dict[str, tuple[str, ...]]


def _civicplan(db: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "CIVICPLAN_DATA_DIR": str(db.parent / "data"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "civicplan.config.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "civicplan.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"civicplan {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def _rows(db: Path) -> Rows:
    with sqlite3.connect(db) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: Rows = {}
        for table in tables:
            cursor = con.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            found[table] = (columns, cursor.fetchall())
    con.close()
    return found


def _definition(sql: str) -> tuple[str, ...]:
    """A CREATE statement with its column and constraint list in a set order: SQLite puts a
    column added later at the end, where a new install's table has it in the model's order."""
    if not sql.startswith("CREATE TABLE"):
        return (sql,)
    head, body = sql[: sql.index("(")], sql[sql.index("(") + 1 : sql.rindex(")")]
    parts, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(body[start:i].strip())
            start = i + 1
    parts.append(body[start:].strip())
    return (head, *sorted(parts))


def _schema(db: Path) -> dict[str, tuple[str, ...]]:
    with sqlite3.connect(db) as con:
        found = {
            f"{kind} {name}": _definition(sql)
            for kind, name, sql in con.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
    con.close()
    return found


READ_EVERY_MODEL = """
import json
from django.apps import apps
print(json.dumps({m._meta.label: len(list(m._base_manager.all())) for m in apps.get_models()}))
"""


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory: pytest.TempPathFactory) -> Upgrade:
    db = tmp_path_factory.mktemp("upgrade") / "civicplan.sqlite3"
    con = sqlite3.connect(db)
    con.executescript((DATA / f"{COMMIT}.sql").read_text(encoding="utf-8"))
    con.close()
    before = _rows(db)
    migrate_output = _civicplan(db, "migrate", "--no-input")
    new_install = db.with_name("new-install.sqlite3")
    _civicplan(new_install, "migrate", "--no-input")
    return Upgrade(
        before=before,
        after=_rows(db),
        migrate_output=migrate_output,
        plan_json=_civicplan(db, "export-plan", "--format", "json"),
        plan_text=_civicplan(db, "export-plan", "--format", "text", "--as-of", AS_OF),
        models_read=json.loads(_civicplan(db, "shell", "--no-imports", "-c", READ_EVERY_MODEL)),
        schema=_schema(db),
        new_install_schema=_schema(new_install),
    )


def test_upgrade_exports_the_same_plan_json(upgrade: Upgrade) -> None:
    old = (DATA / f"{COMMIT}.plan.json").read_text(encoding="utf-8")
    assert json.loads(upgrade.plan_json) == json.loads(old)
    assert upgrade.plan_json == old


def test_upgrade_exports_the_same_plan_text(upgrade: Upgrade) -> None:
    assert upgrade.plan_text == (DATA / f"{COMMIT}.plan.txt").read_text(encoding="utf-8")


def test_upgrade_keeps_every_table_column_and_row(upgrade: Upgrade) -> None:
    problems = []
    for table, (columns, rows) in upgrade.before.items():
        if table not in upgrade.after:
            problems.append(f"table {table} is gone")
            continue
        new_columns, new_rows = upgrade.after[table]
        missing = [c for c in columns if c not in new_columns]
        if missing:
            problems.append(f"{table} lost its column(s) {', '.join(missing)}")
            continue
        picks = [new_columns.index(c) for c in columns]
        kept = sorted((tuple(row[i] for i in picks) for row in new_rows), key=repr)
        old = sorted((_as_moved(table, columns, row) for row in rows), key=repr)
        if table in BOOKKEEPING and not set(old) <= set(kept):
            problems.append(f"{table} lost rows")
        elif table not in BOOKKEEPING and kept != old:
            changed = [
                c for i, c in enumerate(columns) if [r[i] for r in kept] != [r[i] for r in old]
            ]
            problems.append(
                f"{table}: {len(old)} rows before, {len(kept)} after; changed {changed}"
            )
    assert not problems, "\n".join(problems)


def test_upgrade_keeps_the_monitoring_and_its_audit_trail(upgrade: Upgrade) -> None:
    counts = {table: len(rows) for table, (_, rows) in upgrade.after.items()}
    assert counts["indicators_indicatorvalue"] == 5
    assert counts["tasks_keytaskupdate"] == 1
    assert counts["risks_riskreview"] == 2
    assert counts["budgets_budgetactual"] == 1
    assert counts["core_auditevent"] == 18
    columns, rows = upgrade.after["indicators_indicatorvalue"]
    statuses = sorted(row[columns.index("status")] for row in rows)
    assert statuses == ["approved"] * 4 + ["draft"]


def test_upgrade_carries_the_figures_audit_trail_to_their_new_app(upgrade: Upgrade) -> None:
    def figure_events(rows: Rows, app: str) -> int:
        columns, events = rows["core_auditevent"]
        at = columns.index("object_type")
        return sum(1 for event in events if event[at] == f"{app}.indicatorvalue")

    before = figure_events(upgrade.before, "indicators")
    assert before == 9
    assert figure_events(upgrade.after, "monitoring") == before
    assert figure_events(upgrade.after, "indicators") == 0
    columns, types = upgrade.after["django_content_type"]
    labels = {(t[columns.index("app_label")], t[columns.index("model")]) for t in types}
    assert ("monitoring", "indicatorvalue") in labels
    assert ("indicators", "indicatorvalue") not in labels


def test_upgrade_keeps_who_holds_which_post_under_plans(upgrade: Upgrade) -> None:
    assert len(upgrade.before["accounts_postholder"][1]) == 1
    assert upgrade.after["accounts_postholder"][1] == upgrade.before["accounts_postholder"][1]
    assert upgrade.models_read["plans.PostHolder"] == 1
    columns, types = upgrade.after["django_content_type"]
    labels = {(t[columns.index("app_label")], t[columns.index("model")]) for t in types}
    assert ("plans", "postholder") in labels
    assert ("accounts", "postholder") not in labels


def test_upgrade_models_read_every_row(upgrade: Upgrade) -> None:
    assert upgrade.models_read["monitoring.IndicatorValue"] == 5
    assert upgrade.models_read["core.AuditEvent"] == 18
    assert upgrade.models_read["auth.User"] == 3


def test_upgrade_applies_nothing_the_old_database_had(upgrade: Upgrade) -> None:
    """Only migrations that came after the old main are applied: a squashed migration whose
    replaced migrations the old database recorded counts as applied already."""
    columns, rows = upgrade.before["django_migrations"]
    recorded = {(row[columns.index("app")], row[columns.index("name")]) for row in rows}
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    expected = {
        key
        for key, migration in on_disk.items()
        if key not in recorded and not (migration.replaces and set(migration.replaces) <= recorded)
    }
    applied = set(re.findall(r"Applying (\w+)\.(\w+)\.\.\.", upgrade.migrate_output))
    assert applied == expected
    if not expected:
        assert "No migrations to apply." in upgrade.migrate_output


def test_upgrade_gives_the_schema_of_a_new_install(upgrade: Upgrade) -> None:
    """The same tables, columns, constraints and indexes, whichever way the database came."""
    assert upgrade.schema == upgrade.new_install_schema
