"""Basic widgets every Qt screen of the product builds from: big buttons, text roles, panels,
the wrapped label that remembers its heights, the spinner.

Patient screens (``kiosk.ui``), the counter station, setup and admin mode all take these, so a
button looks and behaves the same everywhere; styling comes from the stylesheet roles of
``kiosk.qt.theme``.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.qt.theme import PALETTE

MIN_BUTTON_HEIGHT = 88


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a stylesheet role (``QLabel[role="title"]`` etc.) and re-polish it (only
    when the role changes: a re-polish restyles and re-measures the widget, which screens that
    set a role on every view would otherwise pay each time they are shown)."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class WrapLabel(QLabel):
    """A word-wrapped label that remembers its height for each width.

    Qt lays wrapped text out afresh (shaping every glyph) each time a layout asks a label's
    ``heightForWidth``, and it asks again every time a screen is shown: a decision screen
    of a few paragraphs took about a millisecond to show, all of it in these layouts. The
    answer depends only on the text, the font (the language and large-text mode change it)
    and the width, so it is kept until one of them changes."""

    def __init__(self) -> None:
        super().__init__()
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.ContentsRectChange):
            self._heights.clear()
        super().changeEvent(event)


class StackHolder(QWidget):
    """Holds a ``QStackedWidget`` at exactly its own size, with no layout of its own.

    A ``QStackedLayout`` answers a layout's height-for-width question by asking every page,
    shown or not, so in a window's layout each page switch re-measured every wrapped label of
    every hidden screen (about 250 ``heightForWidth`` calls per switch in the kiosk). Screens
    fill the space the window gives them and never ask for more (``tests/ui/test_fit.py``), so
    the holder takes whatever room its layout grants and hands it all to the stack: the shown
    page alone is laid out."""

    def __init__(self, stack: QWidget) -> None:
        super().__init__()
        self.stack = stack
        stack.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QEvent) -> None:
        self.stack.setGeometry(self.rect())
        super().resizeEvent(event)


def label(role: str = "body", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = WrapLabel() if wrap else QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if role != "body":
        widget.setProperty("role", role)
    return widget


def button(role: str = "secondary") -> QPushButton:
    widget = QPushButton()
    widget.setProperty("role", role)
    widget.setMinimumHeight(MIN_BUTTON_HEIGHT)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


def panel() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.setSpacing(12)
    return frame, layout


def set_box_direction(layout: QBoxLayout, portrait: bool) -> None:
    layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                        else QBoxLayout.Direction.LeftToRight)


class Spinner(QWidget):
    """A calm rotating arc; runs only while visible."""

    def __init__(self, diameter: int = 160, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._angle = 0
        self.setFixedSize(diameter, diameter)
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._step)

    def _step(self) -> None:
        self._angle = (self._angle + 8) % 360
        self.update()

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(8, self.width() // 12)
        rect = QRectF(width, width, self.width() - 2 * width, self.height() - 2 * width)
        painter.setPen(QPen(QColor(PALETTE["disabled"]), width))
        painter.drawEllipse(rect)
        pen = QPen(QColor(PALETTE["primary"]), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, -self._angle * 16, 100 * 16)
        painter.end()
