#!/usr/bin/env python
"""Django's manage.py, for developers used to it; ``civicplan`` is the same thing."""

from civicplan.cli import main

if __name__ == "__main__":
    main()
