"""Fixtures of the frozen tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``)."""

import pytest

from tests.app.conftest import kiosk  # noqa: F401


@pytest.fixture(autouse=True)
def _drop_log_handlers():
    yield
    from kiosk.journal.logs import remove_handlers

    remove_handlers()
