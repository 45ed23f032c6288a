"""QR codes as Qt images: the receipt's code on screen and on paper.

``qr_image(data)`` paints segno's module matrix into a ``QImage`` (QImage and QPainter only, so
printing may call it off the GUI thread); ``QrCode`` is the label that shows one.

Threads: ``qr_image`` any thread; ``QrCode`` GUI thread only.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def qr_image(data: str, scale: int = 10, border: int = 4) -> QImage:
    """A QR code of ``data`` from segno's module matrix, dark on white, ``scale`` px/module."""
    matrix = segno.make(data, error="m").matrix
    modules = len(matrix)
    side = (modules + 2 * border) * scale
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                painter.drawRect((col + border) * scale, (row + border) * scale, scale, scale)
    painter.end()
    return image


class QrCode(QLabel):
    """Shows a QR code; ``set_data("")`` clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.data = ""

    def set_data(self, data: str) -> None:
        self.data = data
        if not data:
            self.clear()
            return
        image = qr_image(data, scale=8)
        self.setPixmap(QPixmap.fromImage(image))
