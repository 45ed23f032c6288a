"""Fixtures of the setup tests: the real backend and kiosk fixtures of the app tests."""

from tests.app.conftest import backend, kiosk  # noqa: F401
