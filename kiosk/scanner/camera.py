"""The camera path, for kiosks with no scanner fitted: QR codes decoded from frames by zxing-cpp.

A ``FrameSource`` hands over frames (``Frame``: 8-bit grey, RGB, BGR, RGBA or BGRA pixels
with a row stride, as cameras and Qt images deliver them); ``CameraScanner`` reads them on its
watcher thread, decodes QR codes in each (``decode_frame``) and reports each code once while
it is held in view (``RepeatFilter``: the same text again within ``hold`` seconds of last
being seen is the same scan; the e-voucher refreshes about every minute, so a new code is a
new scan). A frame with no code in it is not an event: a camera sees nothing most of the time.

Which camera API delivers the frames is the source's business, so the decoding and the events
are tested with frames made here; ``FrameQueue`` is the source for tests and demos (frames
put from any thread, "unplugged" and "plugged" like a USB camera).

Threads: see ``kiosk.scanner.watch``. ``decode_frame`` and ``RepeatFilter`` are pure.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import zxingcpp

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.events import ScanEventListener
from kiosk.scanner.framing import MAX_LENGTH, check_code
from kiosk.scanner.watch import BACKOFF, READ_TIMEOUT, ScannerWatcher

HOLD = 3.0  # seconds a code must be out of view before the same code counts again

QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


class PixelFormat(StrEnum):
    GREY = "grey"
    RGB = "rgb"
    BGR = "bgr"
    RGBA = "rgba"
    BGRA = "bgra"


_ZXING_FORMAT = {
    PixelFormat.GREY: (zxingcpp.ImageFormat.Lum, 1),
    PixelFormat.RGB: (zxingcpp.ImageFormat.RGB, 3),
    PixelFormat.BGR: (zxingcpp.ImageFormat.BGR, 3),
    PixelFormat.RGBA: (zxingcpp.ImageFormat.RGBA, 4),
    PixelFormat.BGRA: (zxingcpp.ImageFormat.BGRA, 4),
}


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture: ``height`` rows of ``stride`` bytes (0: exactly ``width`` pixels)."""

    pixels: bytes = field(repr=False)
    width: int
    height: int
    format: PixelFormat = PixelFormat.GREY
    stride: int = 0

    @property
    def row_bytes(self) -> int:
        return self.stride or self.width * _ZXING_FORMAT[self.format][1]


def decode_frame(frame: Frame, max_length: int = MAX_LENGTH
                 ) -> list[ScannedCode | ScannerError]:
    """Every QR code zxing-cpp finds in ``frame``, as codes (or why one is not usable)."""
    zx_format, pixel_bytes = _ZXING_FORMAT[frame.format]
    if frame.width <= 0 or frame.height <= 0 or len(frame.pixels) < (
            frame.row_bytes * (frame.height - 1) + frame.width * pixel_bytes):
        return [ScannerError(ScannerErrorCode.UNREADABLE,
                             f"frame of {len(frame.pixels)} bytes is smaller than "
                             f"{frame.width}x{frame.height}")]
    view = zxingcpp.ImageView(frame.pixels, frame.width, frame.height, zx_format,
                              frame.row_bytes, pixel_bytes)
    found = zxingcpp.read_barcodes(view, formats=QR_ONLY)
    return [check_code(barcode.text, ScannerKind.CAMERA, max_length)
            for barcode in found if barcode.valid]


class RepeatFilter:
    """Says whether a code seen at ``now`` is a new scan (pure: time passed in)."""

    def __init__(self, hold: float = HOLD) -> None:
        self.hold = hold
        self._last_seen: dict[str, float] = {}

    def is_new(self, key: str, now: float) -> bool:
        last = self._last_seen.get(key)
        self._last_seen = {k: t for k, t in self._last_seen.items() if now - t <= self.hold}
        self._last_seen[key] = now
        return last is None or now - last > self.hold


class FrameSource(Protocol):
    """A camera as the camera path sees it; every method is called on the watcher thread."""

    def open(self) -> None:
        """Start delivering frames; raise ``ScannerError(NO_SCANNER | SCANNER_UNAVAILABLE)``."""

    def read(self, timeout: float) -> Frame | None:
        """The next frame, or None if none came within ``timeout`` seconds; raise
        ``ScannerError(SCANNER_REMOVED)`` when the camera has gone."""

    def close(self) -> None:
        """Stop delivering frames."""


class CameraScanner(ScannerWatcher[FrameSource]):
    """Watches ``source`` and reports each QR code that comes into view, once."""

    thread_name = "scanner-camera"

    def __init__(self, name: str, source: FrameSource, listener: ScanEventListener, *,
                 hold: float = HOLD, max_length: int = MAX_LENGTH,
                 backoff: Sequence[float] = BACKOFF) -> None:
        super().__init__(name, listener, backoff)
        self.source = source
        self.hold = hold
        self.max_length = max_length

    def open(self) -> FrameSource:
        self.source.open()
        return self.source

    def pump(self, handle: FrameSource) -> None:
        repeats = RepeatFilter(self.hold)
        while not self.should_stop():
            frame = handle.read(READ_TIMEOUT)
            if frame is None:
                continue
            now = time.monotonic()
            for item in decode_frame(frame, self.max_length):
                key = item.text if isinstance(item, ScannedCode) else f"!{item.detail}"
                if repeats.is_new(key, now):
                    self.deliver(item)

    def close(self, handle: FrameSource) -> None:
        handle.close()


class FrameQueue:
    """A ``FrameSource`` fed by ``put(frame)`` from any thread, for tests and demos.

    ``unplug()`` makes a reader's next ``read`` fail as a camera that went away, and ``open``
    fail until ``plug()``.
    """

    def __init__(self, plugged: bool = True) -> None:
        self._frames: queue.Queue[Frame] = queue.Queue()
        self._plugged = threading.Event()
        if plugged:
            self._plugged.set()

    def put(self, frame: Frame) -> None:
        self._frames.put(frame)

    def plug(self) -> None:
        self._plugged.set()

    def unplug(self) -> None:
        self._plugged.clear()

    def open(self) -> None:
        if not self._plugged.is_set():
            raise ScannerError(ScannerErrorCode.NO_SCANNER, "camera not connected")

    def read(self, timeout: float) -> Frame | None:
        if not self._plugged.is_set():
            raise ScannerError(ScannerErrorCode.SCANNER_REMOVED, "camera disconnected")
        try:
            return self._frames.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        pass
