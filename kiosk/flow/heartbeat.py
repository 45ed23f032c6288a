"""The kiosk's heartbeat to the backend, every ``HEARTBEAT_SECONDS``: its version, the card
reader's state, the QR scanner's, the printer's state and paper, the settlement outbox's
depth, the last error code and its uptime. Never personal data: states, counts and codes only.

The decisions are pure: ``heartbeat_body`` (the body the backend's ``HeartbeatIn`` accepts),
``reader_state`` (from the readers present and the PC/SC service), ``scanner_state`` (from a
scanner event: ``ok``, ``no_scanner`` when it is not there or was unplugged, ``fault`` when it
is there but cannot be opened, ``none`` when none is fitted), ``printer_state`` (from the
printing service's fault code). ``Heartbeat`` keeps what the kiosk saw and sends: its
``on_reader_event`` is called on the GUI thread (the card signals), ``on_scanner_event`` on
any thread (the scanner's signals, ``kiosk.app.scanning.ScanSignals.event``), ``send`` on a
pool thread of the one background helper (the schedule is wired in ``kiosk.app``); a lock
guards the state between them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.client import BackendClient
from kiosk.client.errors import BackendError
from kiosk.journal import Journal

HEARTBEAT_SECONDS = 60
READER_STATES = ("ok", "no_reader", "fault")
SCANNER_STATES = ("ok", "no_scanner", "fault", "none")
PRINTER_STATES = ("ok", "offline", "fault", "none")
PAPER_STATES = ("ok", "low", "out", "unknown")
_CODE = re.compile(r"[^a-z0-9_.:-]")


def heartbeat_body(*, version: str, reader: str, printer: str, paper: str, outbox_depth: int,
                   last_error_code: str | None, uptime_seconds: float,
                   scanner: str = "none") -> dict[str, Any]:
    """The heartbeat as the backend takes it; anything outside the vocabulary becomes the
    nearest honest word (an unknown reader, scanner or printer state is a fault, unknown
    paper is ``unknown``), an error code is reduced to its safe characters."""
    code = _CODE.sub("_", (last_error_code or "").lower())[:48] or None
    return {
        "version": re.sub(r"[^A-Za-z0-9._+-]", "_", version)[:32] or "unknown",
        "reader_state": reader if reader in READER_STATES else "fault",
        "scanner_state": scanner if scanner in SCANNER_STATES else "fault",
        "printer_state": printer if printer in PRINTER_STATES else "fault",
        "paper": paper if paper in PAPER_STATES else "unknown",
        "outbox_depth": max(0, int(outbox_depth)),
        "last_error_code": code,
        "uptime_seconds": max(0, int(uptime_seconds)),
    }


def reader_state(readers: frozenset[str], service_up: bool) -> str:
    if not service_up:
        return "fault"
    return "ok" if readers else "no_reader"


def scanner_state(kind: str, error: str | None) -> str | None:
    """The scanner's heartbeat state after a scanner event (``kiosk.scanner.events``: its kind
    and error code by value), or None for an event that is not about the device (a scan)."""
    if kind == "scanner_connected":
        return "ok"
    if kind == "scanner_missing":
        return "fault" if error == "scanner_unavailable" else "no_scanner"
    if kind == "scanner_removed":
        return "no_scanner"
    return None


def printer_state(fault: str | None, has_printer: bool = True) -> tuple[str, str]:
    """(printer state, paper) from the printing service's fault code (``offline``,
    ``no_paper``, ``failed``, or None when the last print went well)."""
    if not has_printer:
        return "none", "unknown"
    return {None: ("ok", "ok"), "no_paper": ("ok", "out"), "offline": ("offline", "unknown")
            }.get(fault, ("fault", "unknown"))


class Heartbeat:
    def __init__(self, client: BackendClient, journal: Journal, version: str, *,
                 printer: Callable[[], tuple[str, str]] = lambda: printer_state(None, False),
                 clock: Callable[[], float] = time.monotonic, scanner: bool = False) -> None:
        """``scanner``: a QR scanner is fitted (not there until its watcher says it is)."""
        self.client, self.journal, self.version = client, journal, version
        self.printer = printer  # () -> (printer state, paper); replaced on an installed kiosk
        self._clock = clock
        self._started = clock()
        self._lock = threading.Lock()
        # one heartbeat at a time, built when its turn comes: the backend keeps the last one
        # to arrive, so an older body overtaking a newer one (the start's heartbeat and the
        # minute's, or a test's) would show the fleet a state the kiosk has left
        self._sending = threading.Lock()
        self._readers: frozenset[str] = frozenset()
        self._service_up = True
        self._last_error: str | None = None
        self._scanner = "no_scanner" if scanner else "none"

    def on_reader_event(self, event: Any) -> None:
        """A ``kiosk.card.ReaderEvent`` (GUI thread, from the card signals)."""
        kind = str(getattr(event, "kind", ""))
        with self._lock:
            if kind == "reader_added":
                self._readers |= {event.reader}
            elif kind == "reader_removed":
                self._readers -= {event.reader}
            elif kind in ("service_unavailable", "service_available"):
                self._service_up = kind == "service_available"
                if not self._service_up:
                    self._last_error = "pcsc_service_unavailable"

    def on_scanner_event(self, event: Any) -> None:
        """A ``kiosk.scanner.events.ScanEvent`` (any thread: the scanner's signals)."""
        kind = str(getattr(getattr(event, "kind", None), "value", ""))
        error = getattr(getattr(event, "error", None), "value", None)
        state = scanner_state(kind, error)
        if state is None:
            return
        with self._lock:
            self._scanner = state
            if state == "fault":
                self._last_error = str(error)

    @property
    def scanner(self) -> str:
        """The scanner's state as the next heartbeat tells it (admin mode shows it too)."""
        with self._lock:
            return self._scanner

    def body(self) -> dict[str, Any]:
        printer, paper = self.printer()
        with self._lock:
            reader, last_error = reader_state(self._readers, self._service_up), self._last_error
            scanner = self._scanner
        return heartbeat_body(version=self.version, reader=reader, printer=printer, paper=paper,
                              scanner=scanner,
                              outbox_depth=len(self.journal.open_entries()),
                              last_error_code=last_error,
                              uptime_seconds=self._clock() - self._started)

    def send(self) -> bool:
        """Build and send one heartbeat (pool thread); False when the backend did not take it
        (the next one, a minute later, says so in its ``last_error_code``)."""
        try:
            with self._sending:
                self.client.send_heartbeat(self.body())
        except BackendError as error:
            with self._lock:
                self._last_error = f"heartbeat:{getattr(error, 'code', None) or 'unreachable'}"
            return False
        return True
