"""A USB QR scanner in serial (CDC) mode, read through pyserial on a watcher thread.

Such a scanner shows up as a serial port (``/dev/ttyACM0`` on Linux, best named by its stable
link under ``/dev/serial/by-id/``; ``COM3`` on Windows), usually at 9600 or 115200 baud, 8N1,
and sends each code followed by CR or CRLF (``kiosk.scanner.framing``). ``SerialScanner``
opens the port exclusively, reads it with a short timeout and reports each code; when the
port goes away (unplugged: reads fail with EIO, or the device node is gone) it reports
``scanner_removed`` and opens it again with backoff until the scanner is back
(``scanner_connected``). A code begun but not ended within ``IDLE_END`` seconds (a scanner set
to send no terminator, or unplugged mid-code) is reported as ``scan_unreadable``.

``kiosk.scanner.virtual.VirtualSerialScanner`` speaks the same way over a pseudo-terminal.

Threads: see ``kiosk.scanner.watch`` (``start``/``stop`` from the owning thread, events on
the watcher thread).
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Sequence

import serial

from kiosk.domain.scan import ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.events import ScanEventListener
from kiosk.scanner.framing import MAX_LENGTH, LineFramer
from kiosk.scanner.watch import BACKOFF, READ_TIMEOUT, ScannerWatcher

DEFAULT_BAUDRATE = 9600
IDLE_END = 0.5  # seconds without a byte after a code began: it will not end


def open_error(exc: BaseException, port: str) -> ScannerError:
    """What a failed open of ``port`` means (pure): not there, or there but not ours."""
    err = getattr(exc, "errno", None)
    if err in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or (
            err is None and not os.path.exists(port)):
        return ScannerError(ScannerErrorCode.NO_SCANNER, f"{port}: not found")
    if err in (errno.EACCES, errno.EPERM):
        return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{port}: no permission")
    if err in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK):
        return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{port}: in use")
    return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{port}: {type(exc).__name__}")


class SerialScanner(ScannerWatcher[serial.Serial]):
    """Watches the serial scanner at ``port`` and reports every code it sends."""

    thread_name = "scanner-serial"

    def __init__(self, port: str, listener: ScanEventListener, *,
                 baudrate: int = DEFAULT_BAUDRATE, max_length: int = MAX_LENGTH,
                 backoff: Sequence[float] = BACKOFF) -> None:
        super().__init__(port, listener, backoff)
        self.port = port
        self.baudrate = baudrate
        self.max_length = max_length

    def open(self) -> serial.Serial:
        try:
            port = serial.Serial(self.port, self.baudrate, bytesize=serial.EIGHTBITS,
                                 parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE,
                                 timeout=READ_TIMEOUT, exclusive=os.name == "posix")
        except (serial.SerialException, OSError) as exc:
            raise open_error(exc, self.port) from exc
        port.reset_input_buffer()  # whatever was left half-read before this session
        return port

    def pump(self, handle: serial.Serial) -> None:
        framer = LineFramer(ScannerKind.SERIAL, self.max_length)
        last_byte = time.monotonic()
        while not self.should_stop():
            try:
                data = handle.read(max(1, handle.in_waiting))
            except (serial.SerialException, OSError) as exc:
                cut = framer.abandon()
                if cut is not None:
                    self.deliver(cut)
                raise ScannerError(ScannerErrorCode.SCANNER_REMOVED,
                                   f"{self.port}: {type(exc).__name__}") from exc
            now = time.monotonic()
            if data:
                last_byte = now
                for item in framer.feed(data):
                    self.deliver(item)
            elif framer.pending and now - last_byte > IDLE_END:
                cut = framer.abandon()
                if cut is not None:
                    self.deliver(cut)

    def close(self, handle: serial.Serial) -> None:
        handle.close()
