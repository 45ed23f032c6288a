"""Allows ``python -m kiosk`` to behave like the ``kiosk`` console command."""

from kiosk.cli import main

raise SystemExit(main())
