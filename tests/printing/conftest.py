"""Fixtures of the printing tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``)."""

from tests.app.conftest import kiosk  # noqa: F401
