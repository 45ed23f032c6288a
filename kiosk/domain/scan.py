"""A scanned code and the scanner error codes: what the QR scanner path ends in.

A scanner (serial, keyboard-mode or camera: ``kiosk.scanner``) reports either a ``ScannedCode``
or a ``ScannerErrorCode``. The code's text is opaque: for the e-insurance voucher it is a
short-lived token that only the insurer can resolve into a person, so it is never treated as
an identity and never written to a log. ``ScannedCode``'s ``repr`` shows only where it came
from and how long it is, so a code that ends up in a log line leaks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ScannerKind(StrEnum):
    SERIAL = "serial"  # a USB scanner in serial (CDC) mode
    KEYBOARD = "keyboard"  # a USB scanner that types like a keyboard
    CAMERA = "camera"  # frames from a camera, decoded here


class ScannerErrorCode(StrEnum):
    NO_SCANNER = "no_scanner"  # nothing at the configured place (never plugged, or gone)
    SCANNER_REMOVED = "scanner_removed"  # unplugged while it was in use
    SCANNER_UNAVAILABLE = "scanner_unavailable"  # there, but cannot be opened (busy, rights)
    UNREADABLE = "unreadable"  # a scan arrived but is not a usable code


@dataclass(frozen=True, slots=True)
class ScannedCode:
    """One code as the scanner read it. ``text`` is opaque and never logged."""

    text: str = field(repr=False)
    kind: ScannerKind

    def __repr__(self) -> str:
        return f"ScannedCode(kind={self.kind.value!r}, length={len(self.text)})"

    __str__ = __repr__


class ScannerError(Exception):
    """A scanner that cannot deliver codes, or a scan that is not a code.

    ``detail`` is for logs and developers (lengths and kinds, never a code's content).
    """

    def __init__(self, code: ScannerErrorCode | str, detail: str = "") -> None:
        self.code = ScannerErrorCode(code)
        self.detail = detail
        super().__init__(f"{self.code.value}: {detail}" if detail else self.code.value)

    def __reduce__(self) -> tuple[type[ScannerError], tuple[ScannerErrorCode, str]]:
        return (type(self), (self.code, self.detail))
