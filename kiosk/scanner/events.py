"""What a scanner reports: ``ScanEvent``s to a ``ScanEventListener``, the same for every source.

Every source (serial, keyboard-mode, camera, and the virtual serial scanner in demos and tests)
is a ``ScannerWatcher`` (``kiosk.scanner.watch``) that calls ``listener.on_event`` ON ITS OWN
THREAD, one event at a time, in order: the listener must return quickly and must not touch Qt
widgets (the Qt side wraps it in a queued signal, as for the card watcher).

The events, by name:

- ``scanner_connected``: the scanner is there and read from;
- ``scanner_missing``: it is not there (``no_scanner``) or cannot be opened
  (``scanner_unavailable``: busy, no rights), told once per change, never repeated while the
  watcher keeps trying with backoff;
- ``scanner_removed``: it went away while in use; the watcher keeps looking for it and reports
  ``scanner_connected`` when it is back;
- ``code_scanned``: one code, in ``code`` (opaque: never logged);
- ``scan_unreadable``: something was scanned but it is not a usable code (``detail`` says why
  in words for a log: lengths and kinds, never content).

``availability_event`` is the pure decision of which connection event, if any, a change of
state gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.domain.scan import ScannedCode, ScannerErrorCode


class ScanEventKind(StrEnum):
    SCANNER_CONNECTED = "scanner_connected"
    SCANNER_MISSING = "scanner_missing"
    SCANNER_REMOVED = "scanner_removed"
    CODE_SCANNED = "code_scanned"
    SCAN_UNREADABLE = "scan_unreadable"


@dataclass(frozen=True, slots=True)
class ScanEvent:
    """One thing that happened at ``scanner`` (a device path or name, never personal data)."""

    kind: ScanEventKind
    scanner: str = ""
    code: ScannedCode | None = None
    error: ScannerErrorCode | None = None
    detail: str = ""

    def to_dict(self, with_text: bool = False) -> dict[str, str | int]:
        """JSON-ready; the code's text only when ``with_text`` (``kiosk scanner read``)."""
        out: dict[str, str | int] = {"event": self.kind.value}
        if self.scanner:
            out["scanner"] = self.scanner
        if self.error is not None:
            out["error"] = self.error.value
        if self.detail:
            out["detail"] = self.detail
        if self.code is not None:
            out["source"] = self.code.kind.value
            out["length"] = len(self.code.text)
            if with_text:
                out["text"] = self.code.text
        return out


class ScanEventListener(Protocol):
    def on_event(self, event: ScanEvent) -> None:
        """Called on the watcher's thread for every event, in order."""


# What the listener was last told about the device: None before anything, "connected", or
# the error code it was told.
Availability = ScannerErrorCode | str | None
CONNECTED = "connected"


def availability_event(told: Availability, now: Availability) -> ScanEventKind | None:
    """Which connection event the change from ``told`` to ``now`` gives (pure).

    ``now`` is ``CONNECTED``, ``SCANNER_REMOVED`` (lost while reading), ``NO_SCANNER`` or
    ``SCANNER_UNAVAILABLE`` (an open that failed). Nothing is said twice, and a scanner that
    was reported removed is not reported missing again while it stays away.
    """
    if now == told:
        return None
    if now == CONNECTED:
        return ScanEventKind.SCANNER_CONNECTED
    if now == ScannerErrorCode.SCANNER_REMOVED:
        return ScanEventKind.SCANNER_REMOVED if told == CONNECTED else None
    if told == ScannerErrorCode.SCANNER_REMOVED and now == ScannerErrorCode.NO_SCANNER:
        return None
    return ScanEventKind.SCANNER_MISSING
