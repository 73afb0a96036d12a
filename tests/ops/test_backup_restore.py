"""civicplan backup and restore: a round trip into a fresh database gives back the same plan, audit
trail and police figures; a database holding data, a tampered archive and an archive of a newer
schema are refused with nothing changed; an archive of an older schema migrates forward."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from civicplan.core.models import AuditEvent
from civicplan.monitoring.models import IndicatorValue
from civicplan.ops.services import BackupError, backup_restore, backup_write
from civicplan.planio.plan_json import plan_export, plan_json_dumps
from tests.clock import SEED_DAY
from tests.factories.users import user_create
from tests.ops.conftest import Target, police_figures

pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.django_db]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rewrite(path: Path, members: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _reseal(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
    """Members with a manifest whose checksums match them again (an honest older archive)."""
    for name, entry in manifest["members"].items():
        entry["sha256"] = hashlib.sha256(members[name]).hexdigest()
        entry["bytes"] = len(members[name])
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def test_backup_restore_round_trip_gives_the_same_plan_audit_trail_and_police_figures(
    installation, tmp_path, settings, fresh: Target
):
    archive = tmp_path / "nightly" / "civicplan.zip"
    expected_plan = json.loads(plan_json_dumps(plan_export(installation)))
    expected_audit = json.loads(serializers.serialize("json", AuditEvent.objects.order_by("pk")))
    expected_police = police_figures(settings.OPENDATA_DUCKDB_PATH)
    assert len(expected_audit) >= 3 and IndicatorValue.objects.count() == 2

    summary = backup_write(path=archive)

    manifest = summary.manifest
    assert set(_members(archive)) == {"manifest.json", "database.jsonl", "opendata.duckdb"}
    assert manifest["database"]["vendor"] == connection.vendor
    # The schema is each app's latest migration, whatever migrations come after this test.
    latest = dict(MigrationLoader(connection).graph.leaf_nodes())
    for app in ("accounts", "plans", "indicators", "monitoring", "tasks", "risks", "budgets"):
        assert manifest["database"]["schema"][app] == latest[app]
    assert manifest["created_at"].startswith("2026-11-30T09:00")
    assert manifest["app_version"] and "no uploaded files" in manifest["uploaded_files"]

    restored = fresh.run("restore", str(archive))

    assert "Checksums match the manifest" in restored.stderr  # progress on stderr
    assert "Restored the police data store." in restored.stdout
    plan = json.loads(fresh.run("export-plan", "--format", "json").stdout)
    audit = json.loads(fresh.run("dumpdata", "core.auditevent").stdout)
    assert plan == expected_plan
    assert audit == expected_audit
    assert police_figures(fresh.data / "opendata.duckdb") == expected_police
    again = fresh.run("restore", str(archive), check=False)
    assert again.returncode == 2 and "Give --replace" in again.stderr
    assert fresh.run("restore", "--replace", str(archive)).returncode == 0
    assert json.loads(fresh.run("dumpdata", "core.auditevent").stdout) == expected_audit


def test_backup_fails_clearly_while_an_import_holds_the_police_store(
    installation, tmp_path, settings, monkeypatch
):
    monkeypatch.setattr("civicplan.ops.police.ATTEMPTS", 1)
    hold = f"import duckdb, time; c = duckdb.connect({str(settings.OPENDATA_DUCKDB_PATH)!r}); "
    with subprocess.Popen(
        [sys.executable, "-c", hold + "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            with pytest.raises(CommandError) as refused:
                call_command("backup", str(tmp_path / "b.zip"))
        finally:
            holder.kill()

    assert refused.value.returncode == 2
    assert "back up when it has finished" in str(refused.value)
    assert list(tmp_path.glob("*b.zip*")) == []  # no archive, not even a partial one


def test_restore_refuses_a_database_that_holds_data_without_replace(installation, tmp_path):
    archive = backup_write(path=tmp_path / "b.zip").path
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert refused.value.returncode == 2
    assert "the database holds data" in str(refused.value)
    assert "--replace" in str(refused.value)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("member", ["database.jsonl", "opendata.duckdb"])
def test_restore_refuses_a_tampered_member_naming_it(installation, tmp_path, settings, member):
    members = _members(backup_write(path=tmp_path / "b.zip").path)
    changed = bytearray(members[member])
    changed[len(changed) // 2] ^= 0x01
    tampered = _rewrite(tmp_path / "b.zip", {**members, member: bytes(changed)}, tmp_path / "t.zip")
    events = AuditEvent.objects.count()
    store_before = Path(settings.OPENDATA_DUCKDB_PATH).read_bytes()

    with pytest.raises(CommandError) as refused:
        call_command("restore", "--replace", str(tampered))

    assert refused.value.returncode == 2
    assert f"member {member} does not match its SHA-256" in str(refused.value)
    assert AuditEvent.objects.count() == events
    assert Path(settings.OPENDATA_DUCKDB_PATH).read_bytes() == store_before


def test_restore_refuses_a_resealed_archive_with_a_bad_row_before_changing_anything(
    installation, tmp_path
):
    members = _members(backup_write(path=tmp_path / "b.zip").path)
    lines = members["database.jsonl"].decode().splitlines()
    header = next(n for n, line in enumerate(lines) if '"model": "core.auditevent"' in line)
    row = json.loads(lines[header + 1])
    row[json.loads(lines[header])["columns"].index("at")] = "half past nine"
    lines[header + 1] = json.dumps(row)
    members["database.jsonl"] = ("\n".join(lines) + "\n").encode()
    manifest = json.loads(members["manifest.json"])
    bad = _rewrite(tmp_path / "b.zip", _reseal(members, manifest), tmp_path / "bad.zip")
    events = AuditEvent.objects.count()

    with pytest.raises(
        BackupError, match=f"database line {header + 2}: a value of core.auditevent"
    ):
        backup_restore(path=bad, replace=True)

    assert AuditEvent.objects.count() == events


def test_restore_refuses_an_archive_of_a_newer_schema(installation, tmp_path):
    members = _members(backup_write(path=tmp_path / "b.zip").path)
    manifest = json.loads(members["manifest.json"])
    manifest["database"]["schema"]["indicators"] = "0099_from_the_future"
    newer = _rewrite(tmp_path / "b.zip", _reseal(members, manifest), tmp_path / "n.zip")

    with pytest.raises(BackupError, match="indicators 0099_from_the_future.*newer version"):
        backup_restore(path=newer, replace=True)

    assert IndicatorValue.objects.count() == 2


def test_restore_of_an_older_schema_migrates_forward(installation, tmp_path):
    """An archive made before a migration this version has: its rows go into tables built to
    its own schema, then ``migrate`` carries them forward. civicplan's own migrations were
    squashed at this version (ADR 0011), so the older schema here is django-axes' before its
    0009 (a column added to its access log) and 0010 (a new table)."""
    members = _members(backup_write(path=tmp_path / "b.zip").path)
    manifest = json.loads(members["manifest.json"])
    manifest["database"]["schema"]["axes"] = "0008_accessfailurelog"
    lines, keep, drop = [], True, None
    for line in members["database.jsonl"].decode().splitlines():
        item = json.loads(line)
        if isinstance(item, dict):
            keep = item["model"] != "axes.accessattemptexpiration"  # made by 0010
            drop = (
                item["columns"].index("session_hash") if item["model"] == "axes.accesslog" else None
            )
            if drop is not None:
                del item["columns"][drop]
        elif drop is not None:
            del item[drop]
        if keep:
            lines.append(json.dumps(item))
    members["database.jsonl"] = ("\n".join(lines) + "\n").encode()
    older = _rewrite(tmp_path / "b.zip", _reseal(members, manifest), tmp_path / "o.zip")
    target = Target(f"sqlite:///{tmp_path / 'older.sqlite3'}", tmp_path)

    restored = target.run("restore", str(older))

    assert "Migrated forward from an older schema (axes 0008_accessfailurelog)." in restored.stdout
    with closing(sqlite3.connect(tmp_path / "older.sqlite3")) as db:
        applied = {
            name for (name,) in db.execute("SELECT name FROM django_migrations WHERE app = 'axes'")
        }
        columns = {row[1] for row in db.execute("PRAGMA table_info(axes_accesslog)")}
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        values = db.execute("SELECT count(*) FROM indicators_indicatorvalue").fetchone()[0]
    assert {"0009_add_session_hash", "0010_accessattemptexpiration"} <= applied
    assert "session_hash" in columns
    assert "axes_accessattemptexpiration" in tables
    assert values == 2  # the plan's own rows came through unchanged


@pytest.mark.django_db(transaction=True)
def test_backup_outside_a_transaction_reads_one_snapshot_and_ends_it(tmp_path):
    user_create("officer")

    manifest = backup_write(path=tmp_path / "b.zip").manifest

    assert not connection.in_atomic_block
    if connection.vendor == "sqlite":
        assert not connection.connection.in_transaction  # the read transaction was ended
    assert "opendata.duckdb" not in manifest["members"]  # no store imported: none copied
    rows = _members(tmp_path / "b.zip")["database.jsonl"].decode().splitlines()
    users = rows.index(next(r for r in rows if r.startswith('{"model": "auth.user"')))
    assert json.loads(rows[users])["rows"] == 1
    assert json.loads(rows[users + 1])[json.loads(rows[users])["columns"].index("username")] == (
        "officer"
    )


def test_backup_refuses_a_database_migrated_by_a_newer_version(tmp_path):
    MigrationRecorder(connection).record_applied("plans", "0099_from_the_future")

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "b.zip"))

    assert refused.value.returncode == 2
    assert "plans 0099_from_the_future" in str(refused.value)
    assert not (tmp_path / "b.zip").exists()
