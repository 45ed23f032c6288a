"""The assembled kiosk: window, controller, runner, journal, client, card watcher and the QR
scanner's watcher (``kiosk.app.scanning``, when one is fitted), built together
(``build_kiosk``) and started and stopped together (``Kiosk``), with the kiosk's housekeeping
on its one background helper: the heartbeat every minute, the backend's clock every few
minutes, the journal's retention once a day.

``kiosk.app.main`` builds one on the ``QApplication`` it makes; the tests and the latency
benchmark build them with ``build_kiosk`` directly.

Threads: GUI thread only, except ``vpcd_reader_present`` (a blocking PC/SC call, on the
background helper) and the reader pin's listener (the watcher thread: it only emits queued
signals) and the scanner's watcher (its thread: it only emits queued signals; the
``keyboard:window`` scanner has no thread: its key filter runs on the GUI thread,
``kiosk.app.keyboard_window``).
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.app.scanning import ScannerSpec, attach_scanner
from kiosk.client import BackendClient, BackendConfig
from kiosk.domain.card import CardRecord
from kiosk.domain.clock import backend_clock
from kiosk.flow.runner import Runner
from kiosk.flow.session import Timing
from kiosk.journal import Journal
from kiosk.qt.background import Background

log = logging.getLogger(__name__)

# The kiosk reads the backend's clock this often (seconds), each reading within its deadline.
CLOCK_READING_SECONDS = 300
CLOCK_READING_DEADLINE = 5.0


def vpcd_reader_present() -> bool:
    """Whether pcscd offers the vpcd virtual reader (blocking PC/SC call: not on the GUI
    thread once the event loop runs)."""
    from kiosk.card import list_readers
    from kiosk.domain.card import CardError

    try:
        return any("Virtual PCD" in reader for reader in list_readers())
    except CardError:
        return False


# The GUI thread shares the interpreter with the card read and the backend calls running on
# worker threads. A thread that wants the GIL back waits for the holder's switch interval
# (5 ms by default): the GUI thread woken by a finished read, or a worker woken by the
# network, waited up to that long while another thread ran Python. 1 ms keeps those waits
# short at a negligible cost in switches.
SWITCH_INTERVAL = 0.001


def tune_process() -> None:
    """Process settings for a running kiosk (``main`` calls it once the kiosk is up; the
    latency benchmark too): a short GIL switch interval (``SWITCH_INTERVAL``), and the
    objects built at start-up (modules, widgets, translations) moved out of the garbage
    collector's reach, so a full collection walks only what sessions allocate and does not
    stall the screen for tens of milliseconds."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()


class Kiosk:
    """Window, controller, runner, journal, client and card watcher, started and stopped
    together. Build it with ``build_kiosk``."""

    def __init__(self, window: Any, controller: Any, runner: Runner, journal: Journal,
                 client: BackendClient, card_signals: Any, watcher: Any,
                 background: Background) -> None:
        self.window = window
        self.controller = controller
        self.runner = runner
        self.journal = journal
        self.client = client
        self.card_signals = card_signals
        self.watcher = watcher
        self.background = background
        self.installed: Any = None  # kiosk.app.Installed, on an installed kiosk
        self.reader_guard: Any = None  # the reader pin's PinnedReaders, on an installed kiosk
        self.scanner: Any = None  # the QR scanner's watcher (kiosk.app.scanning), if fitted
        self.scan_signals: Any = None
        self._closed = False

    def start(self) -> None:
        self.controller.start()
        self._heartbeat_every_minute()  # first: it must hear the watchers' first events
        if self.watcher is not None:
            self.watcher.start()
        if self.scanner is not None:
            self.scanner.start()
        self._prune_daily()
        self._clock_readings()

    def _heartbeat_every_minute(self) -> None:
        """The fleet's heartbeat (``kiosk.flow.heartbeat``): now, then every minute."""
        from PySide6.QtCore import QTimer

        from kiosk import __version__
        from kiosk.flow.heartbeat import HEARTBEAT_SECONDS, Heartbeat

        self.heartbeat = Heartbeat(self.client, self.journal, __version__,
                                   scanner=self.scanner is not None)
        self.card_signals.event.connect(self.heartbeat.on_reader_event)
        if self.scan_signals is not None:
            self.scan_signals.event.connect(self.heartbeat.on_scanner_event)
        self._heartbeat_timer = QTimer(self.window)
        self._heartbeat_timer.timeout.connect(
            lambda: self.background.run(self.heartbeat.send, lambda _sent: None))
        self._heartbeat_timer.start(HEARTBEAT_SECONDS * 1000)
        self.background.run(self.heartbeat.send, lambda _sent: None)

    def _clock_readings(self) -> None:
        """The backend's clock (``BackendClient.server_clock`` into ``backend_clock``, which
        dates what the kiosk shows and records): now, then every few minutes, each bounded
        by ``CLOCK_READING_DEADLINE``; a failed reading is only logged (the last one stays)."""
        from PySide6.QtCore import QTimer

        def read() -> None:
            self.background.run(
                lambda: self.client.server_clock(deadline=CLOCK_READING_DEADLINE),
                lambda offset: log.info("clock against the backend: %s",
                                        offset.describe() if offset else "no time told"),
                lambda error: log.warning("clock reading failed: %s", type(error).__name__))

        self._clock_timer = QTimer(self.window)
        self._clock_timer.timeout.connect(read)
        self._clock_timer.start(CLOCK_READING_SECONDS * 1000)
        read()

    def _prune_daily(self) -> None:
        """Retention: the journal's settled rows and events past their age go now and daily."""
        from PySide6.QtCore import QTimer

        def prune() -> None:
            self.background.run(self.journal.prune_expired,
                                lambda gone: log.info("journal pruned: %s", gone))

        self._prune_timer = QTimer(self.window)
        self._prune_timer.timeout.connect(prune)
        self._prune_timer.start(24 * 3600 * 1000)
        prune()

    def shutdown(self, timeout: float = 15.0) -> None:
        """Stop the watcher, the controller's timers and every background job; close."""
        if self._closed:
            return
        self._closed = True
        for timer in (getattr(self, "_prune_timer", None), getattr(self, "_heartbeat_timer", None),
                      getattr(self, "_clock_timer", None)):
            if timer is not None:
                timer.stop()
        if self.watcher is not None:
            self.watcher.stop()
        if self.scanner is not None:
            self.scanner.stop()
        self.controller.stop()
        self.background.shutdown(timeout)
        self.client.close()
        self.journal.close()


def build_kiosk(
    *,
    backend: BackendConfig,
    journal_path: Path,
    window: Any = None,
    timing: Timing | None = None,
    read_card: Callable[[str, bytes | None], CardRecord] | None = None,
    watch_cards: bool = True,
    finish_every: float = 30.0,
    tick_seconds: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    reader: str = "",
    busy_delay: float = 0.15,
    background: Background | None = None,
    on_virtual_reader: Callable[[bool], None] | None = None,
    scanner: ScannerSpec | None = None,
) -> Kiosk:
    """Assemble a kiosk on an existing ``QApplication`` (GUI thread). Not started yet.
    ``background``: the app's one helper (a new one when not given, for the tests); the
    kiosk's ``shutdown`` shuts it down. ``reader``: the one reader the kiosk takes cards from
    ("": any). With ``on_virtual_reader`` (an installed kiosk) ``reader`` is the reader pin
    instead: the watcher's events pass ``kiosk.install.readerpin.PinnedReaders``, which takes
    cards only from readers the pin matches and none while a virtual reader is present, and
    calls ``on_virtual_reader(present)`` on the watcher thread when that changes.
    ``scanner``: the QR scanner fitted (``kiosk.app.scanning.parse_scanner``), None for none;
    its scans reach the session as events (``kiosk.flow.voucher``)."""
    from kiosk.card import ReaderWatcher, read_insurance_card
    from kiosk.qt.card_signals import CardSignals
    from kiosk.ui.controller import KioskController

    if window is None:
        from kiosk.ui.window import MainWindow

        window = MainWindow()
    journal = Journal.open(journal_path)  # creates a missing folder 0700, the file 0600
    client = BackendClient(backend)
    def read_by_backend_date(reader: str, challenge: bytes | None) -> CardRecord:
        # expiry by the backend's date; INTERNAL AUTHENTICATE with the challenge if any
        return read_insurance_card(reader, today=backend_clock.today(), challenge=challenge)

    runner = Runner(client, journal, read_card or read_by_backend_date)
    background = background if background is not None else Background()
    pinned = on_virtual_reader is not None
    controller = KioskController(window, runner, timing=timing, background=background,
                                 finish_every=finish_every, tick_seconds=tick_seconds,
                                 clock=clock, reader="" if pinned else reader,
                                 busy_delay=busy_delay)
    signals = CardSignals()
    controller.attach_card_signals(signals)
    listener: Any = signals
    if on_virtual_reader is not None:
        from kiosk.install.readerpin import PinnedReaders

        listener = PinnedReaders(signals, reader, on_virtual_reader)
    watcher = ReaderWatcher(listener) if watch_cards else None
    kiosk = Kiosk(window, controller, runner, journal, client, signals, watcher, background)
    if on_virtual_reader is not None:
        kiosk.reader_guard = listener
    kiosk.scanner, kiosk.scan_signals = attach_scanner(controller, scanner)
    return kiosk


def backend_config(url: str, token: str, ca_bundle: str | None = None,
                   client_cert: tuple[str, str] | None = None) -> BackendConfig:
    return BackendConfig(base_url=url, token=token, ca_bundle=ca_bundle, client_cert=client_cert,
                         allow_plain_http=False)
