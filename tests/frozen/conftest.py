"""Fixtures of the frozen tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``) and ``pinnable_pcscd`` (the admin and
app-start tests import it too)."""

import pytest

from tests.app.conftest import kiosk  # noqa: F401


@pytest.fixture(autouse=True)
def _drop_log_handlers():
    yield
    from kiosk.journal.logs import remove_handlers

    remove_handlers()


@pytest.fixture
def pinnable_pcscd(tmp_path):
    """A private pcscd offering ``support.PINNABLE_NAME`` readers (an installed kiosk can be
    pinned to them; virtual cards go in on ``pcsc.PORT_0``), and no virtual reader until
    ``set_virtual(True)``."""
    from tests.frozen.support import PinnablePcscd
    from tests.support import pcsc

    try:
        daemon = PinnablePcscd(tmp_path / "pcscd")
    except pcsc.SandboxRequired as exc:
        pytest.fail(str(exc), pytrace=False)
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()
