"""Which QR scanner the configuration names, and one try at opening it.

The configuration's ``scanner`` key (``kiosk.install.config.KioskConfig.scanner``):

- ``""`` or ``"none"``: no scanner fitted;
- ``"serial:PORT"`` or ``"serial:PORT@BAUD"``: a USB scanner in serial (CDC) mode (default
  9600 baud);
- ``"keyboard:DEVICE"``: a keyboard-mode scanner's evdev device (Linux; grabbed);
- ``"keyboard:window"``: a keyboard-mode scanner whose keys reach the kiosk's own window
  (Windows, or a Linux kiosk without the evdev device; ``kiosk.app.keyboard_window`` holds
  its keys back from the widgets). ``WINDOW`` is no device: device paths are absolute
  (``/dev/input/...``). There is nothing to open, so it is present while the kiosk runs;
- ``"camera:DEVICE"``: a camera's V4L2 device, QR codes decoded from its pictures (Linux;
  ``kiosk.scanner.v4l2``), for kiosks with no scanner fitted.

``parse_scanner`` checks a spec (pure); ``make_watcher`` builds its ``ScannerWatcher``
(``kiosk.app.scanning`` wires it into the kiosk); ``probe`` opens the scanner once the way its
watcher would and closes it again, for the health checks (``kiosk.install.health``), and
``probe_finding`` (pure) names what a failed open means for the installer.

Threads: ``probe`` blocks briefly (an open and a close) on the caller's thread; the rest is
pure.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Any

from kiosk.domain.scan import ScannerError, ScannerErrorCode
from kiosk.scanner.events import ScanEvent, ScanEventListener
from kiosk.scanner.watch import ScannerWatcher

KINDS = ("serial", "keyboard", "camera")
DEFAULT_BAUDRATE = 9600
WINDOW = "window"  # keyboard:window: the scanner's keys as they reach the kiosk's window


class ScannerSpecError(ValueError):
    """A ``scanner`` configuration that names no usable scanner (never echoes the value)."""


@dataclass(frozen=True, slots=True)
class ScannerSpec:
    kind: str  # one of KINDS
    where: str  # the serial port, the evdev device or the video device
    baudrate: int = DEFAULT_BAUDRATE


def parse_scanner(spec: str) -> ScannerSpec | None:
    """The scanner ``spec`` names, or None for no scanner (pure). Raises
    ``ScannerSpecError``."""
    spec = spec.strip()
    if spec in ("", "none"):
        return None
    kind, sep, where = spec.partition(":")
    if not sep or kind not in KINDS or not where:
        raise ScannerSpecError("scanner_invalid")
    if kind in ("keyboard", "camera"):
        return ScannerSpec(kind, where)
    port, at, baud = where.rpartition("@")
    if not at:
        return ScannerSpec(kind, where)
    if not port or not baud.isdigit() or not 300 <= int(baud) <= 4_000_000:
        raise ScannerSpecError("scanner_baudrate_invalid")
    return ScannerSpec(kind, port, int(baud))


def make_watcher(spec: ScannerSpec, listener: ScanEventListener) -> ScannerWatcher[Any]:
    """The watcher for ``spec`` (not started). A keyboard-mode scanner needs evdev, a camera
    V4L2 (both Linux: ``ImportError`` elsewhere)."""
    if is_window(spec):  # a Qt event filter: built by kiosk.app.scanning, not here
        raise ValueError("keyboard:window is read by the kiosk's window")
    if spec.kind == "serial":
        from kiosk.scanner.serial_scanner import SerialScanner

        return SerialScanner(spec.where, listener, baudrate=spec.baudrate)
    if spec.kind == "camera":
        from kiosk.scanner.camera import CameraScanner
        from kiosk.scanner.v4l2 import V4L2Camera

        return CameraScanner(spec.where, V4L2Camera(spec.where), listener)
    from kiosk.scanner.keyboard_evdev import EvdevKeyboardScanner

    return EvdevKeyboardScanner(spec.where, listener)


def is_window(spec: ScannerSpec) -> bool:
    """Whether ``spec`` is ``keyboard:window`` (pure)."""
    return spec.kind == "keyboard" and spec.where == WINDOW


class _Unheard:
    def on_event(self, event: ScanEvent) -> None:
        """A probe's watcher never runs its thread: nothing is reported."""


def probe(spec: ScannerSpec) -> ScannerError | None:
    """Open the scanner once as its watcher would (exclusively: the serial port locked, the
    keyboard device grabbed, the camera streaming) and close it again; None when that worked,
    else why not. A keyboard-mode scanner or a camera off Linux (no evdev, no V4L2) is
    ``scanner_unavailable``. ``keyboard:window`` has nothing to open: None, on any system."""
    if is_window(spec):  # nothing to open: the keys come through the window while it runs
        return None
    try:
        watcher = make_watcher(spec, _Unheard())
    except ImportError as exc:
        return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{type(exc).__name__}")
    try:
        handle = watcher.open()
    except ScannerError as error:
        return error
    watcher.close(handle)
    return None


# What a failed open means, by the operating system's error: the check's code.
_FINDINGS = {errno.EACCES: "scanner_no_permission", errno.EPERM: "scanner_no_permission",
             errno.EBUSY: "scanner_in_use", errno.EAGAIN: "scanner_in_use"}


def probe_finding(error: ScannerError) -> str:
    """The health check's code for a failed ``probe`` (pure): ``scanner_missing`` (nothing
    at that place), ``scanner_no_permission`` (the kiosk's user may not open it),
    ``scanner_in_use`` (another program holds it, perhaps a running kiosk), else
    ``scanner_unavailable``."""
    if error.code in (ScannerErrorCode.NO_SCANNER, ScannerErrorCode.SCANNER_REMOVED):
        return "scanner_missing"
    # the source's open keeps the operating system's error as the cause (pyserial's too)
    found = _FINDINGS.get(getattr(error.__cause__, "errno", None) or 0)
    return found or "scanner_unavailable"


__all__ = ["DEFAULT_BAUDRATE", "KINDS", "WINDOW", "ScannerSpec", "ScannerSpecError", "is_window",
           "make_watcher", "parse_scanner", "probe", "probe_finding"]
