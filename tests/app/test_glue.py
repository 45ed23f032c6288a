"""The Qt glue: the background helper, card events as queued signals, the controller.

The controller tests use a minimal window (``SimpleWindow``: the ``MainWindow`` interface) with
the real runner, the real backend on loopback and the virtual card on a private pcscd.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread, QTimer

from kiosk.card.watcher import EventKind, ReaderEvent
from kiosk.flow.session import State
from kiosk.qt.background import Background
from kiosk.qt.card_signals import CardSignals
from tests.app.simple_window import SimpleWindow
from tests.app.support import HoldingProxy
from tests.support import pcsc


def test_background_runs_op_off_the_gui_thread_and_answers_on_it(qtbot: Any) -> None:
    gui = QThread.currentThread()
    pool = Background(threads=2)
    seen: dict[str, Any] = {}

    def op() -> int:
        seen["op_thread"] = QThread.currentThread()
        return 42

    def success(value: int) -> None:
        seen["value"] = value
        seen["success_thread"] = QThread.currentThread()

    pool.run(op, success)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["op_thread"] is not gui
    assert seen["success_thread"] is gui
    assert pool.pending == 0
    assert pool.shutdown(5)


def test_background_failure_reaches_the_failure_callback(qtbot: Any) -> None:
    pool = Background()
    errors: list[BaseException] = []

    def op() -> None:
        raise ValueError("broken")

    pool.run(op, lambda _: pytest.fail("success must not run"), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "broken"
    pool.shutdown(5)


def test_background_shutdown_waits_for_running_work_and_drops_late_callbacks(qtbot: Any) -> None:
    pool = Background()
    started, release = threading.Event(), threading.Event()
    finished: list[str] = []
    called: list[Any] = []

    def op() -> str:
        started.set()
        release.wait(10)
        finished.append("op")
        return "late"

    pool.run(op, called.append)
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    assert pool.shutdown(10)  # returns only once op has returned
    assert finished == ["op"]
    qtbot.wait(50)  # let a queued callback arrive, if one were (wrongly) still delivered
    assert called == []
    pool.run(lambda: 1, called.append)  # refused after shutdown
    assert pool.pending == 0


def test_card_signals_deliver_watcher_events_on_the_gui_thread(qtbot: Any) -> None:
    signals = CardSignals()
    got: list[tuple[ReaderEvent, QThread]] = []
    gui = QThread.currentThread()

    class Receiver(SimpleWindow):
        def take(self, event: ReaderEvent) -> None:
            got.append((event, QThread.currentThread()))

    receiver = Receiver()
    qtbot.addWidget(receiver)
    signals.event.connect(receiver.take)
    events = [ReaderEvent(EventKind.CARD_INSERTED, "r", "3B"),
              ReaderEvent(EventKind.CARD_REMOVED, "r")]
    thread = threading.Thread(target=lambda: [signals.on_event(e) for e in events])
    thread.start()
    thread.join(5)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert [e for e, _ in got] == events
    assert all(t is gui for _, t in got)


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
