"""Whole-installation operations: backing up and restoring the database and the police store.

Above every domain app (it reads them all through Django's migration state, never their models),
beside the wiring. ``services`` holds the two writes; ``archive``, ``rows`` and ``police`` the
archive file, the vendor-neutral table rows and the DuckDB copy (docs/backup.md, ADR 0011).
"""
