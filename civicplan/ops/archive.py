"""The backup archive: a zip of named members and a manifest carrying each member's SHA-256.

Nothing is read from a member until every checksum has been verified, and members are extracted
by their known names only (never by a name taken from the zip), so a tampered or hostile archive
is refused before anything is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

FORMAT = "civicplan.backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
POLICE = "opendata.duckdb"
MEMBERS = (DATABASE, POLICE)
"""Every member an archive may hold; the database is always there, the police store if kept."""

_CHUNK = 1 << 20


class ArchiveError(Exception):
    """The archive cannot be written or used; the message says why and what to do."""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (bounded memory for a store of gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def member_entry(path: Path) -> dict[str, Any]:
    """What the manifest says of one member: its checksum and size."""
    return {"sha256": file_sha256(path), "bytes": path.stat().st_size}


def archive_write(path: Path, manifest: dict[str, Any], members: dict[str, Path]) -> None:
    """Write the zip beside ``path`` and move it into place only when complete.

    A backup that fails half-way leaves no archive that looks whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
            for name, source in members.items():
                archive.write(source, name)
        partial.chmod(0o600)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def manifest_read(path: Path) -> dict[str, Any]:
    """The archive's manifest, checked for shape (not yet the members' checksums)."""
    try:
        with zipfile.ZipFile(path) as archive:
            raw = archive.read(MANIFEST)
    except FileNotFoundError:
        raise ArchiveError(f"{path}: no such file") from None
    except KeyError:
        raise ArchiveError(f"{path}: not a civicplan backup (it has no {MANIFEST})") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path}: not a readable backup archive ({exc})") from None
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path}: {MANIFEST} is not a {FORMAT} manifest")
    members = manifest.get("members")
    if not isinstance(members, dict) or DATABASE not in members:
        raise ArchiveError(f"{path}: {MANIFEST} lists no {DATABASE} member")
    for name, entry in members.items():
        if name not in MEMBERS:
            raise ArchiveError(f"{path}: {MANIFEST} lists an unknown member {name!r}")
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            raise ArchiveError(f"{path}: {MANIFEST} gives no SHA-256 for {name}")
    schema = manifest.get("database", {}).get("schema")
    if not isinstance(schema, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in schema.items()
    ):
        raise ArchiveError(f"{path}: {MANIFEST} gives no schema version for the database")
    return manifest


def archive_extract(path: Path, manifest: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Extract each listed member into ``folder`` and verify its SHA-256 against the manifest.

    Raises ``ArchiveError`` naming the first member that is missing or does not match.
    """
    extracted: dict[str, Path] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        extra = names - {MANIFEST, *manifest["members"]}
        if extra:
            raise ArchiveError(
                f"{path}: the archive holds {', '.join(sorted(extra))}, which its manifest does "
                "not list: it has been altered; use another backup"
            )
        for name, entry in manifest["members"].items():
            if name not in names:
                raise ArchiveError(f"{path}: member {name} is listed but missing from the archive")
            target = folder / name
            digest = hashlib.sha256()
            try:
                with archive.open(name) as source, target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except (OSError, zipfile.BadZipFile) as exc:
                raise ArchiveError(f"{path}: member {name} cannot be read ({exc})") from None
            if digest.hexdigest() != entry["sha256"]:
                raise ArchiveError(
                    f"{path}: member {name} does not match its SHA-256 in the manifest: the "
                    "archive is damaged or has been altered; nothing was restored"
                )
            extracted[name] = target
    return extracted
