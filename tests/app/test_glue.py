"""The Qt glue of the patient kiosk: the controller with the real runner and card stack.

The controller tests use a minimal window (``SimpleWindow``: the ``MainWindow`` interface) with
the real runner, the real backend on loopback and the virtual card on a private pcscd.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QTimer

from kiosk.flow.session import State
from kiosk.qt.card_signals import CardSignals
from tests.app.simple_window import SimpleWindow
from tests.app.support import HoldingProxy
from tests.support import pcsc


@pytest.mark.pcsc
def test_controller_card_to_decision_and_removal(qtbot, kiosk, virtual_card) -> None:
    window = SimpleWindow()
    app = kiosk(window=window)
    qtbot.waitUntil(lambda: window.view is not None and window.view.state == State.ATTRACT)
    card = virtual_card("eligible", wait=False)
    qtbot.waitUntil(lambda: window.view.state == State.CHECK_IN, timeout=10000)
    assert window.view.patient is not None and window.view.patient.masked_name == "林**"
    assert window.view.departments
    card.remove()
    qtbot.waitUntil(lambda: window.view.state == State.ATTRACT, timeout=10000)
    assert window.view.patient is None
    assert app.controller.session.card_reader is None


@pytest.mark.pcsc
def test_a_wait_screen_shows_only_when_the_wait_lasts(qtbot, kiosk, virtual_card) -> None:
    window = SimpleWindow()
    app = kiosk(window=window, busy_delay=10.0)  # far longer than reading and asking take
    shown: list[Any] = []
    app.controller.view_shown.connect(shown.append)
    virtual_card("first_time", wait=False)
    qtbot.waitUntil(lambda: window.view.state == State.FIRST_TIME, timeout=10000)
    assert [v.state for v in shown] == [State.FIRST_TIME]  # no "please wait" flashed first


@pytest.mark.pcsc
def test_a_kiosk_configured_for_one_reader_ignores_cards_in_another(qtbot, kiosk,
                                                                    virtual_card) -> None:
    window = SimpleWindow()
    app = kiosk(window=window, reader=pcsc.READER_0)
    qtbot.waitUntil(lambda: window.view is not None and window.view.state == State.ATTRACT)
    started: list[Any] = []
    app.controller.effect_started.connect(started.append)
    with qtbot.waitSignal(app.card_signals.event, timeout=10000,
                          check_params_cb=lambda e: e.reader == pcsc.READER_1):
        virtual_card("eligible", port=pcsc.PORT_1, wait=False)
    qtbot.wait(50)  # let the queued slots run: the controller saw the event and did nothing
    assert window.view.state == State.ATTRACT and started == []
    virtual_card("first_time", port=pcsc.PORT_0)
    qtbot.waitUntil(lambda: window.view.state == State.FIRST_TIME, timeout=10000)


@pytest.mark.pcsc
def test_a_held_backend_call_does_not_freeze_the_gui(qtbot, kiosk, backend, virtual_card):
    proxy = HoldingProxy(backend.port, hold="request", match=b"/v1/eligibility")
    try:
        window = SimpleWindow()
        kiosk(window=window, url=proxy.base_url)
        virtual_card("eligible", wait=False)
        qtbot.waitUntil(proxy.held.is_set, timeout=10000)
        # the wait screen shows once the wait has lasted (the controller's busy_delay)
        qtbot.waitUntil(lambda: window.view.state == State.READING, timeout=2000)
        beats: list[int] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: beats.append(1))
        timer.start()
        qtbot.waitUntil(lambda: len(beats) >= 20, timeout=5000)  # the loop keeps turning
        timer.stop()
        assert proxy.held.is_set() and window.view.state == State.READING
    finally:
        proxy.close()
    # the held call ends as a backend failure: the one error screen, with retry
    qtbot.waitUntil(lambda: window.view.state == State.ERROR, timeout=20000)
    assert window.view.error is not None and window.view.error.can_retry
    assert pcsc.card_present(pcsc.READER_0)


def test_qt_calls_keep_pythons_singletons_alive(qtbot: Any) -> None:
    """PySide6 6.12.0 under CPython 3.11 drops a reference to the value a call returns
    (``True`` from ``emit``, ``None`` from every void method): the kiosk then aborts with
    "deallocating None" after a few thousand Qt calls. pyproject.toml pins it out."""
    import sys

    signals = CardSignals()
    timer = QTimer()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(2000):
        signals.event.emit(None)
        timer.start(1000)
        timer.stop()
    assert abs(sys.getrefcount(True) - true_before) < 100
    assert abs(sys.getrefcount(None) - none_before) < 100
