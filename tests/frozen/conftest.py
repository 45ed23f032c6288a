"""Fixtures of the setup tests: the real backend and kiosk fixtures of the app tests."""

import pytest

from tests.app.conftest import backend, kiosk  # noqa: F401


@pytest.fixture(autouse=True)
def _drop_log_handlers():
    yield
    from kiosk.logging_setup import remove_handlers

    remove_handlers()
