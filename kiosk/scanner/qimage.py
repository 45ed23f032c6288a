"""Qt images as camera frames: a picture file or a widget's pixmap read as the camera path
reads a camera's frame (``kiosk.scanner.camera.decode_frame``).

For ``kiosk scanner decode`` and for the tests that read back a QR code the kiosk drew or
printed. ``kiosk.scanner.camera`` itself stays free of Qt; this module imports PySide6.
Any thread: a ``QImage`` is reentrant and these functions keep nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QImage

from kiosk.domain.scan import ScannedCode
from kiosk.scanner.camera import Frame, PixelFormat, decode_frame


def grey_frame(image: QImage) -> Frame:
    """``image`` as an 8-bit grey frame, its rows as Qt lays them out (a row stride)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return Frame(bytes(grey.constBits()), grey.width(), grey.height(), PixelFormat.GREY,
                 stride=grey.bytesPerLine())


def codes_in(image: QImage) -> list[str]:
    """The text of every usable QR code in ``image`` (none: an empty list)."""
    return [item.text for item in decode_frame(grey_frame(image))
            if isinstance(item, ScannedCode)]


__all__ = ["codes_in", "grey_frame"]
