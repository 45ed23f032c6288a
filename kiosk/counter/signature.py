"""The signature pad: the patient signs with a finger, a stylus or the mouse.

Strokes are kept as ``QPainterPath``s (one per press-move-release) and painted with
``QPainter``; ``to_png()`` renders them, black on white, into a PNG whose sha256 goes to the
backend with the consent. ``is_empty()`` is true until a stroke of real length is drawn (a
single tap leaves a dot, which is not a signature).

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_STROKE_LENGTH = 12.0  # pixels of ink before a drawing counts as a signature


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths: list[QPainterPath] = []
        self._current: QPainterPath | None = None
        self._ink = 0.0
        self.setMinimumSize(QSize(420, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setObjectName("signaturePad")

    # --- state ---------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self._ink < MIN_STROKE_LENGTH

    def clear(self) -> None:
        self._paths.clear()
        self._current = None
        self._ink = 0.0
        self.update()
        self.changed.emit()

    def stroke_count(self) -> int:
        return len(self._paths)

    # --- drawing -------------------------------------------------------------------------
    def _begin(self, point: QPointF) -> None:
        self._current = QPainterPath(point)
        self._paths.append(self._current)

    def _extend(self, point: QPointF) -> None:
        if self._current is None:
            self._begin(point)
            return
        last = self._current.currentPosition()
        self._ink += ((point.x() - last.x()) ** 2 + (point.y() - last.y()) ** 2) ** 0.5
        self._current.lineTo(point)
        self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def _pen(self) -> QPen:
        pen = QPen(QColor("#000000"), 3.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen())
        for path in self._paths:
            painter.drawPath(path)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        painter.setPen(QPen(QColor("#5B6B7C"), 1, Qt.PenStyle.DashLine))
        baseline = int(self.height() * 0.75)
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        self._paint_strokes(painter)
        painter.end()

    # --- export --------------------------------------------------------------------------
    def to_image(self) -> QImage:
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self) -> bytes:
        """The signature as PNG bytes; empty bytes while there is no signature."""
        if self.is_empty():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
