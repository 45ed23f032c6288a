"""A running kiosk reads the backend's clock (issue 19 item 6): ``Kiosk.start`` takes a
reading on the background helper (``BackendClient.server_clock`` against the real backend on
loopback) and records it in ``backend_clock``, which dates what the kiosk shows and records;
a reading that fails (the backend gone) is only logged and keeps the last offset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.domain.clock import backend_clock, clock_verdict
from tests.support.server_proc import Backend


@pytest.fixture(autouse=True)
def fresh_clock() -> Iterator[None]:
    backend_clock.forget()
    yield
    backend_clock.forget()


def test_the_kiosk_reads_the_backends_clock_at_start(kiosk, backend: Backend, qtbot) -> None:
    assert backend_clock.offset is None
    kiosk()
    qtbot.waitUntil(lambda: backend_clock.offset is not None, timeout=20_000)
    offset = backend_clock.offset
    assert offset is not None
    assert clock_verdict(offset) == "ok"  # the same machine's clock


def test_a_failed_reading_is_only_logged(kiosk, qtbot, caplog) -> None:
    kiosk(url="http://127.0.0.1:9")  # nothing listens there
    qtbot.waitUntil(lambda: "clock reading failed" in caplog.text, timeout=20_000)
    (failed,) = [r for r in caplog.records if "clock reading failed" in r.getMessage()]
    assert failed.levelname == "WARNING" and failed.exc_info is None
    assert backend_clock.offset is None
