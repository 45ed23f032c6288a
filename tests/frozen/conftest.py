"""Fixtures of the frozen tests: the ``kiosk`` fixture of the app tests (``backend``, the
real seeded backend, comes from ``tests/conftest.py``), ``pinnable_pcscd`` (the admin and
app-start tests import it too) and ``frozen_kiosk``: the packaged kiosk, built with
``tools/build`` if dist/kiosk is not there yet (skipped only with ``KIOSK_SKIP_FROZEN=1``)."""

import os
import subprocess
from pathlib import Path

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


@pytest.fixture(scope="module")
def frozen_kiosk() -> Path:
    from tests.frozen.support import FROZEN, ROOT

    if os.environ.get("KIOSK_SKIP_FROZEN") == "1":
        pytest.skip("KIOSK_SKIP_FROZEN=1")
    if not FROZEN.exists():
        done = subprocess.run([str(ROOT / "tools" / "build")], cwd=ROOT, capture_output=True,
                              text=True, timeout=1500,
                              env={**os.environ, "KIOSK_BUILD_SKIP_BOOTSTRAP": "1"})
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return FROZEN
