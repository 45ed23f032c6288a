"""The reader watcher on the real stack: cards in and out, a quick swap, pcscd dying and coming
back, readers going away and coming back, a prompt stop, and ``kiosk card watch``."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.card import EventKind, ReaderEvent, ReaderWatcher
from kiosk.card.virtual import ATR_T0
from tests.support import pcsc

pytestmark = pytest.mark.pcsc

ROOT = Path(__file__).resolve().parents[2]
R0, R1 = pcsc.READER_0, pcsc.READER_1


class Recorder:
    """A listener that records events; ``hold`` blocks the watcher thread on chosen events."""

    def __init__(self) -> None:
        self.events: queue.Queue[ReaderEvent] = queue.Queue()
        self.threads: set[str] = set()
        self.hold_on: EventKind | None = None
        self.release = threading.Event()

    def on_event(self, event: ReaderEvent) -> None:
        self.threads.add(threading.current_thread().name)
        self.events.put(event)
        if event.kind is self.hold_on:
            self.hold_on = None
            self.release.wait(10)

    def expect(self, *wanted: tuple[EventKind, str], timeout: float = 8.0) -> list[ReaderEvent]:
        """The next events must be exactly ``wanted`` (kind, reader), in order."""
        got = []
        for kind, reader in wanted:
            try:
                event = self.events.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"waited for {kind.value} {reader!r}; got so far {got}")
            got.append(event)
            assert (event.kind, event.reader) == (kind, reader), got
        return got

    def quiet(self, seconds: float = 0.8) -> None:
        try:
            event = self.events.get(timeout=seconds)
        except queue.Empty:
            return
        pytest.fail(f"unexpected event {event}")


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def watcher(recorder, pcscd):
    w = ReaderWatcher(recorder, backoff=(0.05, 0.1, 0.2))
    yield w
    w.stop()


START = ((EventKind.READER_ADDED, R0), (EventKind.READER_ADDED, R1))


def test_reports_readers_and_cards_already_there(virtual_card, watcher, recorder):
    virtual_card("eligible")
    watcher.start()
    events = recorder.expect(*START, (EventKind.CARD_INSERTED, R0))
    assert events[-1].atr == ATR_T0.hex().upper()
    recorder.quiet()
    assert recorder.threads == {"card-watcher"}


def test_insert_and_remove(virtual_card, watcher, recorder):
    watcher.start()
    recorder.expect(*START)
    card = virtual_card("eligible", port=pcsc.PORT_1)
    recorder.expect((EventKind.CARD_INSERTED, R1))
    card.remove()
    recorder.expect((EventKind.CARD_REMOVED, R1))
    recorder.quiet()


def test_quick_remove_and_reinsert_is_noticed(virtual_card, watcher, recorder):
    """While the watcher is busy (its listener still handling the insertion), the card is
    pulled and put back: only the event counter can tell."""
    watcher.start()
    recorder.expect(*START)
    recorder.hold_on = EventKind.CARD_INSERTED
    card = virtual_card("eligible")
    recorder.expect((EventKind.CARD_INSERTED, R0))
    card.remove()
    pcsc.wait_for(lambda: pcsc.card_present(R0) is False, what="removal")
    card.insert()
    pcsc.wait_for(lambda: pcsc.card_present(R0), what="reinsertion")
    recorder.release.set()
    recorder.expect((EventKind.CARD_REMOVED, R0), (EventKind.CARD_INSERTED, R0))
    recorder.quiet()


def test_pcscd_killed_and_restarted(virtual_card, watcher, recorder, pcscd):
    virtual_card("eligible")
    watcher.start()
    recorder.expect(*START, (EventKind.CARD_INSERTED, R0))
    pcscd.kill()
    # no card can be vouched for without the service: the one in is reported out at once
    recorder.expect((EventKind.SERVICE_UNAVAILABLE, ""), (EventKind.CARD_REMOVED, R0))
    time.sleep(0.5)  # the watcher keeps retrying with backoff meanwhile
    assert watcher.running
    pcscd.start()
    # (the vpcd card's connection died with pcscd: the reader is empty now)
    recorder.expect((EventKind.SERVICE_AVAILABLE, ""))
    virtual_card("eligible")
    recorder.expect((EventKind.CARD_INSERTED, R0))
    # and once more: a second failure is reported again
    pcscd.stop()
    recorder.expect((EventKind.SERVICE_UNAVAILABLE, ""), (EventKind.CARD_REMOVED, R0))
    pcscd.start()
    recorder.expect((EventKind.SERVICE_AVAILABLE, ""))
    recorder.quiet()


def test_a_card_in_when_the_service_comes_back_is_read_afresh(virtual_card, watcher,
                                                               recorder, pcscd):
    """pcscd restarts with a card in, and a card is in again before the watcher's first look
    at the new service (another patient's, for all the kiosk knows). The watcher used to
    compare presence only across the restart: present before, present after, nothing
    reported, and the kiosk carried on with the card it had read before (the CI flake of
    tests/app/test_app_start.py's virtual-reader test)."""
    virtual_card("eligible")
    watcher.start()
    recorder.expect(*START, (EventKind.CARD_INSERTED, R0))
    recorder.hold_on = EventKind.SERVICE_UNAVAILABLE  # the watcher waits there, on its thread
    pcscd.stop()
    recorder.expect((EventKind.SERVICE_UNAVAILABLE, ""))
    pcscd.start()
    virtual_card("eligible")
    pcsc.wait_for(lambda: pcsc.card_present(R0), what="the card in again")
    recorder.release.set()
    recorder.expect((EventKind.CARD_REMOVED, R0), (EventKind.SERVICE_AVAILABLE, ""),
                    (EventKind.CARD_INSERTED, R0))
    recorder.quiet()


def test_watcher_started_while_the_service_is_down(watcher, recorder, pcscd):
    pcscd.stop()
    watcher.start()
    recorder.expect((EventKind.SERVICE_UNAVAILABLE, ""))
    pcscd.start()
    recorder.expect((EventKind.SERVICE_AVAILABLE, ""), *START)


def test_readers_removed_and_added(virtual_card, watcher, recorder, pcscd):
    virtual_card("eligible", port=pcsc.PORT_1)
    watcher.start()
    recorder.expect(*START, (EventKind.CARD_INSERTED, R1))
    pcscd.remove_reader()
    recorder.expect(
        (EventKind.SERVICE_UNAVAILABLE, ""), (EventKind.CARD_REMOVED, R1),
        (EventKind.SERVICE_AVAILABLE, ""),
        (EventKind.READER_REMOVED, R0), (EventKind.READER_REMOVED, R1),
    )
    pcscd.add_reader()
    recorder.expect((EventKind.SERVICE_UNAVAILABLE, ""), (EventKind.SERVICE_AVAILABLE, ""),
                    *START)
    virtual_card("eligible")
    recorder.expect((EventKind.CARD_INSERTED, R0))


def test_stop_is_final(watcher, recorder):
    # how promptly it stops while blocked in SCardGetStatusChange: bench/card_read.py
    watcher.start()
    recorder.expect(*START)
    watcher.stop()
    assert not watcher.running
    recorder.quiet()  # nothing after the stop


def test_a_failing_listener_does_not_stop_the_watcher(virtual_card, pcscd):
    seen = []

    class Grumpy:
        def on_event(self, event):
            seen.append(event.kind)
            raise RuntimeError("listener bug")

    with ReaderWatcher(Grumpy()) as w:
        virtual_card("eligible")
        pcsc.wait_for(lambda: EventKind.CARD_INSERTED in seen, what="insertion event")
        assert w.running


def test_kiosk_card_watch_prints_json_lines_until_sigterm(virtual_card, pcscd):
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "card", "watch"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        lines = [json.loads(proc.stdout.readline()) for _ in range(2)]
        assert lines == [{"event": "reader_added", "reader": R0},
                         {"event": "reader_added", "reader": R1}]
        card = virtual_card("eligible")
        line = json.loads(proc.stdout.readline())
        assert line["event"] == "card_inserted" and line["reader"] == R0 and line["atr"]
        card.remove()
        assert json.loads(proc.stdout.readline()) == {"event": "card_removed", "reader": R0}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
