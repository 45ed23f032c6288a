"""Fixtures of the setup tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``)."""

import pytest

from tests.app.conftest import kiosk  # noqa: F401


@pytest.fixture(autouse=True)
def _english(qapp):
    """These tests read the English source texts: set English explicitly (an earlier test may
    have left Chinese installed). Chinese: tests/ui/test_translations_complete.py."""
    from kiosk.ui import i18n

    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)
