"""Pure decisions on what a scanner sent: where a code ends, and whether it is a usable code.

A serial (CDC) scanner sends each code followed by CR or CRLF (some are set to LF). The bytes
come in chunks of any size, so a terminator may be split between two reads (CR at the end of
one, LF at the start of the next): CR and LF both end a code and empty lines are dropped,
which handles every split. A code is usable when it is valid UTF-8, has no control
characters and is at most ``MAX_LENGTH`` characters; anything else is ``unreadable``, with a
detail that names the kind of fault and the length, never the content.

Pure: no I/O, no clock, no logging. Tested directly (``tests/scanner/test_framing.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind

MAX_LENGTH = 2048  # the e-voucher's token is far shorter; a QR code holds at most ~3 KB
TERMINATORS = b"\r\n"


def check_code(text: str, kind: ScannerKind, max_length: int = MAX_LENGTH
               ) -> ScannedCode | ScannerError:
    """``text`` as a usable code, or why it is not one."""
    if not text:
        return ScannerError(ScannerErrorCode.UNREADABLE, "empty")
    if len(text) > max_length:
        return ScannerError(ScannerErrorCode.UNREADABLE, f"too long: {len(text)} characters")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        return ScannerError(ScannerErrorCode.UNREADABLE,
                            f"control characters in {len(text)} characters")
    return ScannedCode(text, kind)


def decode_line(line: bytes, kind: ScannerKind, max_length: int = MAX_LENGTH
                ) -> ScannedCode | ScannerError:
    """One terminated line of bytes as a code."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return ScannerError(ScannerErrorCode.UNREADABLE, f"not UTF-8: {len(line)} bytes")
    return check_code(text, kind, max_length)


@dataclass
class LineFramer:
    """Cuts a serial scanner's byte stream into codes (pure; one per source, one thread).

    ``feed(data)`` returns the codes (and unreadable scans) that ``data`` completes, in
    order. A line longer than ``max_length`` bytes is reported once as unreadable and its
    bytes are dropped up to its terminator, so a scanner that never sends one cannot grow the
    buffer without bound. ``pending`` says whether a code has begun but not ended.
    """

    kind: ScannerKind = ScannerKind.SERIAL
    max_length: int = MAX_LENGTH
    _buffer: bytearray = field(default_factory=bytearray)
    _overlong: int = 0  # bytes dropped from the current line, once it was too long

    @property
    def pending(self) -> bool:
        return bool(self._buffer) or self._overlong > 0

    def feed(self, data: bytes) -> list[ScannedCode | ScannerError]:
        out: list[ScannedCode | ScannerError] = []
        for byte in data:
            if byte in TERMINATORS:
                out.extend(self._end_line())
                continue
            if self._overlong:
                self._overlong += 1
                continue
            self._buffer.append(byte)
            if len(self._buffer) > self.max_length:
                self._overlong = len(self._buffer)
                self._buffer.clear()
                out.append(ScannerError(ScannerErrorCode.UNREADABLE,
                                        f"too long: over {self.max_length} bytes, no terminator"))
        return out

    def abandon(self) -> ScannerError | None:
        """Drop a code cut off before its terminator (the scanner went away, or sends no
        terminator): the unreadable scan to report, if a code had begun."""
        if not self._buffer:
            self._overlong = 0
            return None
        length = len(self._buffer)
        self._buffer.clear()
        return ScannerError(ScannerErrorCode.UNREADABLE, f"no terminator after {length} bytes")

    def _end_line(self) -> list[ScannedCode | ScannerError]:
        if self._overlong:
            self._overlong = 0
            return []
        if not self._buffer:
            return []  # the LF of a CRLF, or an empty line
        line = bytes(self._buffer)
        self._buffer.clear()
        return [decode_line(line, self.kind, self.max_length)]
