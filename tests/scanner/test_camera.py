"""The camera path: QR codes generated here (segno, and the kiosk's own Qt QR image) decode
through zxing-cpp from frames, and the camera watcher reports each code once while in view."""

from __future__ import annotations

import pytest
import segno

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.camera import (
    CameraScanner,
    Frame,
    FrameQueue,
    PixelFormat,
    RepeatFilter,
    decode_frame,
)
from kiosk.scanner.events import ScanEventKind as K
from tests.scanner.listener import Collector

VOUCHER = "KIOSK-DEMO-VOUCHER/1;p=eligible;n=0a1b2c;sig=UNSIGNED"


def qr_frame(text: str, *, scale: int = 4, width: int = 640, height: int = 480,
             left: int = 150, top: int = 90, background: int = 200) -> Frame:
    """A grey camera-sized frame with the QR code of ``text`` somewhere on a grey desk."""
    matrix = segno.make(text, error="m").matrix
    quiet = 4 * scale
    pixels = bytearray([background]) * (width * height)
    side = len(matrix) * scale + 2 * quiet
    for y in range(side):  # the white card the code is printed on (its quiet zone)
        pixels[(top + y) * width + left:(top + y) * width + left + side] = b"\xff" * side
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + quiet + r * scale + dy) * width + left + quiet + c * scale
                    pixels[start:start + scale] = bytes(scale)
    return Frame(bytes(pixels), width, height, PixelFormat.GREY)


def blank_frame(width: int = 320, height: int = 240) -> Frame:
    return Frame(b"\x80" * (width * height), width, height)


def texts(items):
    return [i.text for i in items if isinstance(i, ScannedCode)]


def test_a_generated_qr_code_decodes_from_a_camera_frame():
    found = decode_frame(qr_frame(VOUCHER))
    assert texts(found) == [VOUCHER]
    assert found[0].kind is ScannerKind.CAMERA


def test_the_kiosks_own_qt_qr_image_decodes_in_colour_with_a_row_stride(qapp):
    from PySide6.QtGui import QImage

    from kiosk.qt.qr import qr_image

    image = qr_image(VOUCHER, scale=5).convertToFormat(QImage.Format.Format_RGB888)
    frame = Frame(bytes(image.constBits()), image.width(), image.height(), PixelFormat.RGB,
                  stride=image.bytesPerLine())
    assert texts(decode_frame(frame)) == [VOUCHER]
    from kiosk.scanner.qimage import codes_in, grey_frame

    grey = grey_frame(qr_image("短码-医保", scale=3))
    assert grey.format is PixelFormat.GREY and grey.row_bytes % 4 == 0  # Qt's padded rows
    assert texts(decode_frame(grey)) == ["短码-医保"]
    assert codes_in(qr_image(VOUCHER, scale=2)) == [VOUCHER]


def test_a_frame_without_a_code_gives_nothing_and_a_short_buffer_is_unreadable():
    assert decode_frame(blank_frame()) == []
    short = decode_frame(Frame(b"\x00" * 10, 320, 240))
    assert len(short) == 1 and isinstance(short[0], ScannerError)
    assert short[0].code is ScannerErrorCode.UNREADABLE


def test_repeat_filter_reports_a_held_code_once_and_again_after_it_left_view():
    repeats = RepeatFilter(hold=3.0)
    assert repeats.is_new("A", 0.0)
    assert not repeats.is_new("A", 1.0)
    assert not repeats.is_new("A", 3.5)  # still in view: last seen at 1.0
    assert repeats.is_new("B", 3.6)
    assert not repeats.is_new("B", 6.5)
    assert repeats.is_new("A", 7.0)  # out of view for more than 3 s


@pytest.fixture
def camera():
    source = FrameQueue()
    events = Collector()
    watcher = CameraScanner("test camera", source, events, hold=600.0, backoff=(0.02,))
    watcher.start()
    yield source, events
    watcher.stop()
    assert not watcher.running


def test_the_camera_watcher_reports_a_code_held_in_view_once(camera):
    source, events = camera
    assert events.next().kind is K.SCANNER_CONNECTED
    held = qr_frame(VOUCHER)
    for _ in range(4):
        source.put(held)
        source.put(blank_frame())
    source.put(qr_frame("MARKER-CODE"))
    first = events.next()
    assert first.kind is K.CODE_SCANNED and first.code.text == VOUCHER
    assert events.next().code.text == "MARKER-CODE"  # nothing in between


def test_camera_unplug_and_replug_gives_named_events_and_scanning_resumes(camera):
    source, events = camera
    events.next(K.SCANNER_CONNECTED)
    source.unplug()
    removed = events.next()
    assert removed.kind is K.SCANNER_REMOVED
    assert removed.error is ScannerErrorCode.SCANNER_REMOVED
    source.plug()
    assert events.next().kind is K.SCANNER_CONNECTED
    source.put(qr_frame("AFTER-REPLUG"))
    assert events.next().code.text == "AFTER-REPLUG"


def test_no_camera_at_start_is_missing():
    source = FrameQueue(plugged=False)
    events = Collector()
    with CameraScanner("test camera", source, events, backoff=(0.02,)):
        missing = events.next()
        assert missing.kind is K.SCANNER_MISSING
        assert missing.error is ScannerErrorCode.NO_SCANNER
        source.plug()
        assert events.next().kind is K.SCANNER_CONNECTED
