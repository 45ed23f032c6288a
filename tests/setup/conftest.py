"""Fixtures of the setup tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``) and ``pinnable_pcscd``, a reader an
installed kiosk can be pinned to."""

import pytest

from tests.app.conftest import kiosk  # noqa: F401
from tests.frozen.conftest import pinnable_pcscd  # noqa: F401


@pytest.fixture(autouse=True)
def _english(english_ui):
    """These tests read the English source texts (``english_ui`` in tests/conftest.py)."""
