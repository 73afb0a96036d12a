"""Back up and restore a whole installation: the database and the police data store.

``backup_write`` writes one archive (``archive``): the database as vendor-neutral rows read in one
consistent snapshot (``rows``), a consistent copy of the police store (``police``) and a manifest
with each member's SHA-256, the app version, the schema (the latest applied migration of each
app), the database vendor and the time. ``backup_restore`` verifies all of it before it changes
anything, refuses a database that holds data unless told to replace it, builds the archive's
schema, loads the rows, puts the police store in place and migrates forward.

These are operator commands for the whole installation, not a person's change to the plan: they
take no ``by`` and write no audit row (a restore brings back the audit trail as it was).
civicplan keeps no uploaded files: workbooks and plan documents are read into rows on upload.
"""

from __future__ import annotations

import importlib.metadata
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from civicplan.core import clock
from civicplan.opendata import store
from civicplan.ops import police, rows
from civicplan.ops.archive import (
    DATABASE,
    FORMAT,
    POLICE,
    ArchiveError,
    archive_extract,
    archive_write,
    manifest_read,
    member_entry,
)

Progress = Callable[[str], None]

UPLOADED_FILES = (
    "none: civicplan keeps no uploaded files (workbooks and plan documents are read into the "
    "database when uploaded)"
)


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the person running it."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: dict[str, Any]

    def text(self) -> str:
        db = self.manifest["database"]
        police_line = (
            "the police data store"
            if POLICE in self.manifest["members"]
            else "no police data store (none has been imported)"
        )
        return (
            f"Wrote {self.path}: {db['rows']:,} rows in {db['tables']} tables ({db['vendor']}), "
            f"{police_line}."
        )


@dataclass(frozen=True)
class RestoreSummary:
    path: Path
    manifest: dict[str, Any]
    rows: int
    police_restored: bool
    migrated_from: dict[str, str]

    def text(self) -> str:
        lines = [
            f"Restored {self.path} (written {self.manifest['created_at']} by civicplan "
            f"{self.manifest['app_version']} on {self.manifest['database']['vendor']}): "
            f"{self.rows:,} rows."
        ]
        if self.police_restored:
            lines.append("Restored the police data store.")
        else:
            lines.append("The archive has no police data store: the current one is left as is.")
        if self.migrated_from:
            older = ", ".join(f"{app} {name}" for app, name in sorted(self.migrated_from.items()))
            lines.append(f"Migrated forward from an older schema ({older}).")
        return "\n".join(lines)


def _quiet(message: str) -> None:
    """The default progress: say nothing."""


def _app_version() -> str:
    try:
        return importlib.metadata.version("civicplan")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_write(
    *, path: Path, using: str = DEFAULT_DB_ALIAS, progress: Progress = _quiet
) -> BackupSummary:
    """Write the archive at ``path`` (replacing a file there only once it is complete)."""
    connection = connections[using]
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the archive's file name, e.g. {path}/x.zip")
    with tempfile.TemporaryDirectory(prefix="civicplan-backup-") as folder:
        work = Path(folder)
        members: dict[str, Path] = {DATABASE: work / DATABASE}
        progress(f"Database ({connection.vendor}): reading one consistent snapshot")
        try:
            with rows.snapshot(connection):
                schema = rows.schema_applied(connection)
                with members[DATABASE].open("w", encoding="utf-8") as out:
                    tables, count = rows.rows_dump(
                        out, schema=schema, connection=connection, progress=progress
                    )
        except ArchiveError as exc:
            raise BackupError(str(exc)) from exc
        progress(f"Database: {count:,} rows in {tables} tables")
        source = store.default_path()
        if source.exists():
            progress(f"Police data store: copying {source}")
            members[POLICE] = work / POLICE
            try:
                police.store_copy(source, members[POLICE])
            except ArchiveError as exc:
                raise BackupError(str(exc)) from exc
        else:
            progress(f"Police data store: none at {source}, nothing to copy")
        progress("Checksums and manifest")
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "database": {
                "vendor": connection.vendor,
                "schema": schema,
                "tables": tables,
                "rows": count,
            },
            "uploaded_files": UPLOADED_FILES,
            "members": {name: member_entry(member) for name, member in members.items()},
        }
        try:
            archive_write(path, manifest, members)
        except OSError as exc:
            raise BackupError(f"{path}: cannot write the archive ({exc.strerror})") from exc
    return BackupSummary(path=path, manifest=manifest)


def _replace(
    connection: BaseDatabaseWrapper,
    schema: dict[str, str],
    apps: Apps,
    database: Path,
    progress: Progress,
) -> tuple[int, dict[str, str]]:
    """Rebuild the database at the archive's schema, load its rows, and migrate forward."""
    progress(f"Database ({connection.vendor}): building the archive's schema")
    rows.database_reset(connection, schema=schema)
    progress("Database: loading rows")
    with database.open(encoding="utf-8") as lines:
        loaded = rows.rows_load(lines, apps=apps, connection=connection, progress=progress)
    progress("Database: migrating to this version's schema")
    rows.database_migrate(connection)
    return loaded, rows.schema_applied(connection)


def backup_restore(
    *,
    path: Path,
    replace: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress = _quiet,
) -> RestoreSummary:
    """Restore the archive at ``path`` into the configured database and police store.

    Every check comes first (the manifest, every member's SHA-256, the schema, every row, the
    police store file, and whether the target holds data); only then is anything replaced.
    """
    connection = connections[using]
    try:
        with tempfile.TemporaryDirectory(prefix="civicplan-restore-") as folder:
            progress(f"Checking {path}")
            manifest = manifest_read(path)
            members = archive_extract(path, manifest, Path(folder))
            progress("Checksums match the manifest")
            schema: dict[str, str] = manifest["database"]["schema"]
            apps = rows.schema_state(schema)
            with members[DATABASE].open(encoding="utf-8") as lines:
                count = rows.rows_check(lines, apps=apps)
            progress(f"Database: {count:,} rows read and checked")
            target_store = store.default_path()
            if POLICE in members:
                police.store_check(members[POLICE])
            holding = rows.holds_data(connection)
            store_held = POLICE in members and police.store_holds_data(target_store)
            if (holding or store_held) and not replace:
                what = (
                    f"the database holds data ({', '.join(holding[:3])}"
                    f"{' …' if len(holding) > 3 else ''})"
                    if holding
                    else f"the police data store at {target_store} holds data"
                )
                raise BackupError(
                    f"Nothing restored: {what}. Give --replace to replace it with the archive."
                )
            try:
                loaded, after = _replace(connection, schema, apps, members[DATABASE], progress)
                if POLICE in members:
                    progress(f"Police data store: putting it at {target_store}")
                    police.store_place(members[POLICE], target_store)
            except (DatabaseError, OSError) as exc:
                raise BackupError(
                    f"The restore failed part-way ({exc}): the database may be incomplete. "
                    "Put right the cause and restore again with --replace."
                ) from exc
    except ArchiveError as exc:
        raise BackupError(str(exc)) from exc
    older = {app: name for app, name in schema.items() if after.get(app) != name}
    return RestoreSummary(
        path=path,
        manifest=manifest,
        rows=loaded,
        police_restored=POLICE in members,
        migrated_from=older,
    )
