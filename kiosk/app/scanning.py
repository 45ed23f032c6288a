"""The QR scanner wired into the kiosk: which scanner the configuration names, its watcher, and
its events turned into the patient session's (``kiosk.flow.voucher``).

The configuration's ``scanner`` key (``kiosk.install.config.KioskConfig.scanner``) names it:

- ``""`` or ``"none"``: no scanner fitted. The kiosk takes cards only and says nothing of a
  scanner (no error, no watcher);
- ``"serial:PORT"`` or ``"serial:PORT@BAUD"``: a USB scanner in serial (CDC) mode, e.g.
  ``serial:/dev/serial/by-id/usb-Newland_HR22-if00@115200`` (default 9600 baud);
- ``"keyboard:DEVICE"``: a keyboard-mode scanner's evdev device (Linux; grabbed, so no scan
  ever reaches anything else), e.g. ``keyboard:/dev/input/by-id/usb-Honeywell-event-kbd``;
- ``"keyboard:window"``: a keyboard-mode scanner whose keys reach the kiosk's own window
  (Windows, or Linux without the evdev device): ``kiosk.app.keyboard_window`` holds every key
  that could be a scan's back from the widgets and passes typing on. It is "present" while
  the kiosk runs (it cannot see the scanner plugged or unplugged);
- ``"camera:DEVICE"``: no scanner fitted but a camera: its V4L2 device (Linux), e.g.
  ``camera:/dev/v4l/by-id/usb-Logitech_Webcam-video-index0`` or ``camera:/dev/video0``; QR
  codes are decoded from its pictures (``kiosk.scanner.camera``, ``kiosk.scanner.v4l2``), each
  reported once while it is held in view.

``parse_scanner`` checks a spec (pure) and ``make_watcher`` builds its ``ScannerWatcher``
(both in ``kiosk.scanner.spec``, where the health checks reach them too);
``flow_event`` is the pure mapping of a ``ScanEvent`` to the session's event (a code, an
unreadable scan, the device there, missing or unplugged); ``attach_scanner`` joins them to a
controller through ``ScanSignals``.

Threads: the watcher calls ``ScanSignals.on_event`` on ITS thread (``keyboard:window``'s on the
GUI thread), which only emits a signal; the queued slot runs on the GUI thread and dispatches
to the controller. Everything else runs on the GUI thread. Nothing here logs a code's text.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot

from kiosk.domain.scan import ScannerErrorCode
from kiosk.flow import session as fs
from kiosk.flow.voucher import scanner_state
from kiosk.scanner.events import ScanEvent, ScanEventKind
from kiosk.scanner.spec import (
    KINDS,
    ScannerSpec,
    ScannerSpecError,
    is_window,
    make_watcher,
    parse_scanner,
)
from kiosk.scanner.watch import ScannerWatcher

log = logging.getLogger(__name__)


def flow_event(event: ScanEvent) -> fs.Event | None:
    """The session's event for a scanner event (pure), or None for one it need not hear."""
    if event.kind is ScanEventKind.CODE_SCANNED and event.code is not None:
        return fs.VoucherScanned(event.code.text)
    if event.kind is ScanEventKind.SCAN_UNREADABLE:
        return fs.ScanUnreadable()
    status = scanner_state(event.kind.value)
    return None if status is None else fs.ScannerStatus(status)


class Dispatcher(Protocol):
    """What the scanner needs of the controller (``kiosk.ui.controller.KioskController``)."""

    def dispatch(self, event: Any) -> None: ...


class ScanSignals(QObject):
    """The watcher's listener: re-emits each ``ScanEvent`` as a queued signal, whose slot
    hands the session's event to ``controller`` on the GUI thread."""

    event = Signal(object)

    def __init__(self, controller: Dispatcher) -> None:
        super().__init__()
        self.controller = controller
        self.event.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def on_event(self, event: ScanEvent) -> None:  # the watcher's thread
        self.event.emit(event)

    @Slot(object)
    def _deliver(self, event: ScanEvent) -> None:  # GUI thread
        session_event = flow_event(event)
        if session_event is not None:
            self.controller.dispatch(session_event)


def attach_scanner(controller: Dispatcher, spec: ScannerSpec | None
                   ) -> tuple[ScannerWatcher[Any] | Unavailable | None, ScanSignals | None]:
    """The watcher for ``spec`` reporting to ``controller`` (not started), and its signals;
    (None, None) when no scanner is fitted; an ``Unavailable`` one when this system cannot
    open that kind of scanner."""
    if spec is None:
        return None, None
    signals = ScanSignals(controller)
    if is_window(spec):
        from kiosk.app.keyboard_window import KeyboardWindowScanner

        return KeyboardWindowScanner(signals), signals
    try:
        return make_watcher(spec, signals), signals
    except ImportError as exc:
        # This system cannot open that kind (evdev or V4L2 on Windows): the kiosk starts and
        # takes cards, and the scanner is a named fault on the attract screen, in the heartbeat
        # and the fleet view (the self-test names it ``scanner_unavailable`` too).
        log.warning("scanner %s unavailable on this system: %s", spec.kind,
                    type(exc).__name__)
        return Unavailable(signals, type(exc).__name__), signals


class Unavailable:
    """Stands in for a scanner this system cannot open: started, it reports the scanner
    missing as ``scanner_unavailable`` (GUI thread, once the kiosk's listeners are on)."""

    def __init__(self, listener: ScanSignals, why: str) -> None:
        self.listener, self.why = listener, why

    def start(self) -> None:
        self.listener.on_event(ScanEvent(ScanEventKind.SCANNER_MISSING,
                                         error=ScannerErrorCode.SCANNER_UNAVAILABLE,
                                         detail=self.why))

    def stop(self) -> None:
        """Nothing runs."""


__all__ = ["KINDS", "ScanSignals", "ScannerSpec", "ScannerSpecError", "attach_scanner",
           "flow_event", "make_watcher", "parse_scanner"]
