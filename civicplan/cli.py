"""The ``civicplan`` console command: Django's management commands under friendlier names.

``civicplan import-plan FILE`` runs the ``import_plan`` management command, and so on; any Django
command can be given by its own name too. ``DATABASE_URL`` chooses the database for all of them.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; dashes in the command name become underscores."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["civicplan", *args])


if __name__ == "__main__":
    main()
