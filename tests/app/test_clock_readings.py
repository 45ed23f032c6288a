"""A running kiosk reads the backend's clock (issue 19 item 6): ``Kiosk.start`` takes a
reading on the background helper (``BackendClient.server_clock`` against the real backend on
loopback) and records it in ``backend_clock``, which dates what the kiosk shows and records;
a reading that fails (the backend gone) is only logged and keeps the last offset. The card the
kiosk reads is judged expired or not on the backend's date (a virtual card in the test's
pcscd)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.domain.clock import ClockOffset, backend_clock, clock_verdict
from tests.support import pcsc
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


@pytest.mark.pcsc
def test_the_card_is_judged_expired_on_the_backends_date(virtual_card, backend: Backend,
                                                         qtbot, tmp_path: Path) -> None:
    from kiosk.app import backend_config, build_kiosk
    from kiosk.card.virtual import CardData

    # the PC's clock runs two days fast: a card that expired yesterday by the PC's date is
    # still valid by the backend's
    assert backend_clock.record(ClockOffset(-2 * 86400.0, 0.2))
    yesterday = date.today() - timedelta(days=1)
    virtual_card(data=CardData(expiry_date=yesterday))
    app = build_kiosk(backend=backend_config(backend.base_url, backend.kiosk_token),
                      journal_path=tmp_path / "journal.sqlite3", watch_cards=False)
    qtbot.addWidget(app.window)
    try:
        assert app.runner.read_card(pcsc.READER_0, None).expiry_date == yesterday
    finally:
        app.shutdown()
