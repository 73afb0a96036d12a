"""The database as vendor-neutral rows: every table of the migration state, one JSON line a row.

Rows are read and written through the *historical* models of a migration state (the schema a
database is at, not the code's current models), so an archive written at an older schema loads
into tables built to that schema and ``migrate`` then carries it forward. Values go through each
field's own ``value_to_string`` / ``to_python`` (Django's serializers do the same), so a backup of
SQLite restores into PostgreSQL and back.

The file is a header line per table, ``{"model": "plans.plan", "columns": [...], "rows": N}``,
followed by its rows as JSON arrays in primary-key order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.apps.registry import Apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from civicplan.ops.archive import ArchiveError

Schema = dict[str, str]
"""App label → the latest applied migration of that app."""
Progress = Callable[[str], None]

BATCH = 2000
"""Rows read or inserted at a time: memory stays bounded whatever the table's size."""
REPORT_EVERY = 20_000

MIGRATE_WRITES = frozenset(
    {"contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions"}
)
"""Tables ``migrate`` fills by itself (content types, permissions, and the role groups of
``accounts`` 0002): rows here do not make a database "hold data"."""


def schema_applied(connection: BaseDatabaseWrapper) -> Schema:
    """The latest applied migration of each app, read from the database's migration table."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorded = set(loader.applied_migrations or {})
    squashed = {key for migration in loader.replacements.values() for key in migration.replaces}
    unknown = sorted(
        f"{app} {name}"
        for app, name in recorded - set(loader.graph.nodes) - squashed
        if app in loader.migrated_apps
    )
    if unknown:
        raise ArchiveError(
            f"the database has migrations this version of civicplan does not know "
            f"({', '.join(unknown)}): it was migrated by a newer version; use that version"
        )
    applied = [key for key in recorded if key in loader.graph.nodes]
    schema: Schema = {}
    for app in sorted({app for app, _ in applied}):
        mine = [key for key in applied if key[0] == app]
        latest = max(mine, key=lambda key: len(loader.graph.forwards_plan(key)))
        if not set(mine) <= set(loader.graph.forwards_plan(latest)):
            raise ArchiveError(
                f"the migrations of {app} are applied out of order; run `civicplan migrate` first"
            )
        schema[app] = latest[1]
    return schema


def schema_state(schema: Schema) -> Apps:
    """The historical models of the database at ``schema``; refuses migrations unknown here."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [f"{app} {name}" for app, name in schema.items() if (app, name) not in loader.graph]
    if unknown:
        raise ArchiveError(
            "the archive's schema has migrations this version of civicplan does not know ("
            + ", ".join(sorted(unknown))
            + "): it was written by a newer version; restore it with that version or later"
        )
    return loader.project_state(nodes=list(schema.items()), at_end=True).apps


def schema_models(apps: Apps) -> list[type[models.Model]]:
    """Every table-backed model of a state, many-to-many tables included, in label order.

    The models are the state's own copies, so their date fields lose ``auto_now`` and
    ``auto_now_add`` here: a restored row keeps the time it was recorded, not the restore's.
    """
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    for model in chosen:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField | models.TimeField):
                field.auto_now = field.auto_now_add = False
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def _encode(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = field.value_from_object(obj)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)  # dates, decimals, JSON, bytes: the field's own text


@contextmanager
def snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """One consistent read of the whole database for as long as the block runs.

    PostgreSQL: a ``REPEATABLE READ, READ ONLY`` transaction; writers carry on. SQLite: a
    deferred read transaction, begun by hand so that a ``transaction_mode`` of ``IMMEDIATE`` does
    not take the write lock for the whole dump; in WAL mode writers carry on, in rollback-journal
    mode their commits wait for it. Inside a transaction already (a test), that one is the read.
    """
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def rows_dump(
    out: IO[str], *, schema: Schema, connection: BaseDatabaseWrapper, progress: Progress
) -> tuple[int, int]:
    """Write every table at ``schema`` to ``out``; returns (tables, rows).

    Call it inside ``snapshot``, with the schema read in the same snapshot.
    """
    total = 0
    tables = schema_models(schema_state(schema))
    for number, model in enumerate(tables, start=1):
        fields = _columns(model)
        manager = model._base_manager.db_manager(connection.alias)
        count = manager.count()
        header = {
            "model": model._meta.label_lower,
            "columns": [f.attname for f in fields],
            "rows": count,
        }
        out.write(json.dumps(header) + "\n")
        for obj in manager.order_by("pk").iterator(chunk_size=BATCH):
            out.write(json.dumps([_encode(f, obj) for f in fields], ensure_ascii=False) + "\n")
            total += 1
            if total % REPORT_EVERY == 0:
                progress(f"  database: {total:,} rows ({number} of {len(tables)} tables)")
    return len(tables), total


def _read(lines: IO[str], apps: Apps) -> Iterator[tuple[type[models.Model], list[models.Model]]]:
    """Batches of unsaved objects of the historical models; ``ArchiveError`` on any fault."""
    known = {model._meta.label_lower: model for model in schema_models(apps)}
    model: type[models.Model] | None = None
    fields: list[models.Field[Any, Any]] = []
    expected: object = 0
    seen = 0
    done: set[str] = set()
    batch: list[models.Model] = []
    for number, line in enumerate(lines, start=1):
        where = f"database line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ArchiveError(f"{where}: not JSON ({exc})") from None
        if isinstance(item, dict):
            if model is not None:
                if batch:
                    yield model, batch
                    batch = []
                if seen != expected:
                    raise ArchiveError(
                        f"{where}: {model._meta.label_lower} has {seen} rows, "
                        f"its header says {expected}"
                    )
            label = item.get("model")
            if not isinstance(label, str) or label not in known:
                raise ArchiveError(f"{where}: table {label!r} is not in the archive's schema")
            if label in done:
                raise ArchiveError(f"{where}: table {label} appears twice")
            done.add(label)
            model = known[label]
            fields = _columns(model)
            if item.get("columns") != [f.attname for f in fields]:
                raise ArchiveError(f"{where}: the columns of {label} are not those of its schema")
            expected, seen = item.get("rows"), 0
            if not isinstance(expected, int):
                raise ArchiveError(f"{where}: the header of {label} gives no number of rows")
            continue
        if model is None or not isinstance(item, list) or len(item) != len(fields):
            raise ArchiveError(f"{where}: a row that does not fit its table")
        try:
            values = {f.attname: f.to_python(v) for f, v in zip(fields, item, strict=True)}
        except Exception as exc:  # a field's own validation error, whatever its class
            raise ArchiveError(f"{where}: a value of {model._meta.label_lower}: {exc}") from None
        batch.append(model(**values))
        seen += 1
        if len(batch) >= BATCH:
            yield model, batch
            batch = []
    if model is not None:
        if batch:
            yield model, batch
        if seen != expected:
            raise ArchiveError(
                f"{model._meta.label_lower} has {seen} rows, its header says {expected}"
            )
    missing = sorted(set(known) - done)
    if missing:
        raise ArchiveError(f"the database member lacks the tables {', '.join(missing[:5])}")


def rows_check(lines: IO[str], *, apps: Apps) -> int:
    """Read the whole file as the load will, without writing: the number of rows."""
    return sum(len(batch) for _, batch in _read(lines, apps))


def holds_data(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables with rows a person or a service wrote (not ``migrate``); [] when empty."""
    tables = set(connection.introspection.table_names())
    if MigrationRecorder.Migration._meta.db_table not in tables:
        return []
    found = []
    for model in schema_models(schema_state(schema_applied(connection))):
        if model._meta.label_lower in MIGRATE_WRITES or model._meta.db_table not in tables:
            continue
        if model._base_manager.db_manager(connection.alias).exists():
            found.append(model._meta.label_lower)
    return found


def database_reset(connection: BaseDatabaseWrapper, *, schema: Schema) -> None:
    """Drop every table, then build the tables of ``schema`` by running its migrations."""
    quote = connection.ops.quote_name
    tables = connection.introspection.table_names()
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")
    else:
        connection.disable_constraint_checking()
        try:
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
        finally:
            connection.enable_constraint_checking()
    executor = MigrationExecutor(connection)
    targets = list(schema.items())
    executor.migrate(targets, plan=executor.migration_plan(targets))


def rows_load(
    lines: IO[str], *, apps: Apps, connection: BaseDatabaseWrapper, progress: Progress
) -> int:
    """Empty the tables of ``apps`` and insert the archive's rows, in one transaction.

    Foreign keys are deferred to the commit (Django declares them so on both databases), so
    tables load in any order. Sequences are moved past the restored keys.
    """
    tables = schema_models(apps)
    total = 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), [m._meta.db_table for m in tables]):
            cursor.execute(sql)
        for model, batch in _read(lines, apps):
            model._base_manager.db_manager(connection.alias).bulk_create(batch)
            before, total = total, total + len(batch)
            if total // REPORT_EVERY != before // REPORT_EVERY:
                progress(f"  database: {total:,} rows loaded")
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)
    return total


def database_migrate(connection: BaseDatabaseWrapper) -> None:
    """Carry the restored database forward to this version's schema (and its post-migrate rows)."""
    call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
