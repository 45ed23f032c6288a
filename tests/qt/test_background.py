"""The Qt kit's threading parts: the one background helper runs work off the GUI thread and
answers on it; card events cross from the watcher thread as queued signals."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread

from kiosk.card.watcher import EventKind, ReaderEvent
from kiosk.qt.background import Background
from kiosk.qt.card_signals import CardSignals
from tests.app.simple_window import SimpleWindow


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
