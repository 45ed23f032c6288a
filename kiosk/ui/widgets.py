"""What the patient screens share beyond the Qt kit: the screen base class, department names
and places in the patient's language, and the card illustration.

``Screen`` is the base of every screen: it keeps the last ``SessionView`` it was given,
re-renders it from ``translateUI()`` when the language changes (Frescobaldi's pattern: Qt
sends ``QEvent.LanguageChange`` to every widget) and shows a "please wait" line and disables
its own buttons while the view is busy. Screens emit intents through ``intent``; they never
switch screens themselves. Every action sits in the bottom action bar (``set_actions``):
leaving (done, back, finish) on the left, going forward (confirm, pay, retry) on the right,
so a confirm button is never followed by a different action under the same finger; the
content between the top bar and the action bar is centred when it does not fill the screen.

Threads: GUI thread only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import (
    QCollator,
    QCoreApplication,
    QEvent,
    QLocale,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.models import DepartmentView
from kiosk.flow.session import SessionView
from kiosk.qt import i18n
from kiosk.qt.theme import PALETTE
from kiosk.qt.widgets import label


def department_name(department: DepartmentView) -> str:
    return department.name_zh if i18n.current_language() == "zh_CN" else department.name_en


@functools.cache
def _collator(language: str) -> QCollator:
    """One collator per language: making one costs about half a millisecond (ICU), on the
    path from a card to the check-in screen. GUI thread only, as every caller is."""
    return QCollator(QLocale(language))


def sorted_departments(departments: Iterable[DepartmentView]) -> list[DepartmentView]:
    """Departments in the order of their names in the patient's language: Chinese by pinyin
    (the collation of the zh_CN locale), never by the English names."""
    collator = _collator(i18n.current_language())
    return sorted(departments, key=lambda d: collator.sortKey(department_name(d)))


def location_text(department: DepartmentView) -> str:
    return QCoreApplication.translate(
        "Screen", "Building {building}, floor {floor}, room {room}").format(
        building=department.building, floor=department.floor, room=department.room)


def wait_text(minutes: int) -> str:
    if minutes <= 0:
        return QCoreApplication.translate("Screen", "No wait")
    return QCoreApplication.translate("Screen", "Wait about {minutes} min").format(minutes=minutes)


def queue_text(minutes: int, people: int) -> str:
    """The wait and the queue in words that never contradict each other: "no wait" only when
    nobody is ahead."""
    if people <= 0:
        return wait_text(0) if minutes <= 0 else wait_text(minutes)
    if minutes <= 0:
        return QCoreApplication.translate("Screen", "{people} ahead of you").format(people=people)
    return QCoreApplication.translate("Screen", "Wait about {minutes} min · {people} ahead").format(
        minutes=minutes, people=people)


class Screen(QWidget):
    """Base of every screen. Subclasses build widgets in ``build()`` and fill texts in
    ``render(view)``; fixed texts go in ``translate_fixed()``."""

    intent = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "screen")
        self._view: SessionView | None = None
        self._content: SessionView | None = None
        self._portrait: bool | None = None
        # ``shell``: the body (what build() puts in ``outer``), the busy line, the action bar.
        # Gaps sized for the short side of a landscape screen (1080 pixels, large text), in
        # both orientations: a screen never asks for more height than a wide window has.
        self.shell = QVBoxLayout(self)
        self.shell.setContentsMargins(48, 20, 48, 20)
        self.shell.setSpacing(16)
        self.body = QWidget()
        self.body.setObjectName("screenBody")
        self.outer = QVBoxLayout(self.body)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(16)
        # In reach mode the body scrolls above the action bar (``set_scrolling``).
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("screenBodyScroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.viewport().setAutoFillBackground(False)  # the screen shows through
        self.body_scroll.hide()
        self.shell.addWidget(self.body, 1)
        self.shell.addWidget(self.body_scroll, 1)
        self.busy_label = label("busy", center=True)
        self.busy_label.hide()
        self.action_bar = QWidget()
        self.action_bar.setObjectName("actionBar")
        bar = QHBoxLayout(self.action_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(24)
        self.leave_slot, self.forward_slot = QWidget(), QWidget()
        for slot, stretch in ((self.leave_slot, 1), (self.forward_slot, 3)):
            box = QHBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(24)
            slot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            bar.addWidget(slot, stretch)
        self.build()
        self.shell.addWidget(self.busy_label)
        self.shell.addWidget(self.action_bar)
        self.action_bar.setVisible(bool(self.action_bar.findChildren(QPushButton)))
        self.translateUI()

    # -- to override -------------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def translate_fixed(self) -> None:
        """Set texts that do not depend on the view."""

    def render(self, view: SessionView) -> None:
        """Show one view (texts that depend on it)."""

    def reflow(self, portrait: bool) -> None:
        """Rearrange for portrait (tall) or landscape (wide)."""

    # -- for subclasses ----------------------------------------------------------------------

    def set_actions(self, leave: tuple[QPushButton, ...] = (),
                    forward: tuple[QPushButton, ...] = ()) -> None:
        """Put the screen's buttons in the bottom action bar: ``leave`` on the left quarter,
        ``forward`` on the right three quarters (an empty side keeps its place)."""
        for slot, buttons in ((self.leave_slot, leave), (self.forward_slot, forward)):
            layout = slot.layout()
            for widget in buttons:
                layout.addWidget(widget)

    # -- machinery ---------------------------------------------------------------------------

    def show_view(self, view: SessionView, *, force: bool = False) -> None:
        """Render ``view``. A view that differs only in its idle countdown is not rendered
        again, so the buttons under a patient's finger are not rebuilt every second."""
        content = replace(view, idle_warning=False, seconds_left=None)
        if force or content != self._content:
            self._content = content
            self.render(view)
        self._view = view
        self.set_busy(view.busy)

    def view(self) -> SessionView | None:
        return self._view

    def set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        for child in self.findChildren(QPushButton):
            child.setEnabled(not busy and child.property("allowed") is not False)

    def translateUI(self) -> None:
        self.busy_label.setText(QCoreApplication.translate("Screen", "Please wait…"))
        self.translate_fixed()
        if self._view is not None:
            self.show_view(self._view, force=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def set_orientation(self, portrait: bool) -> None:
        """Rearrange for the window's orientation (the window tells every screen, shown or
        not, so a hidden one never holds the window to its old shape)."""
        if portrait != self._portrait:
            self._portrait = portrait
            self.reflow(portrait)

    def set_scrolling(self, on: bool) -> None:
        """Reach mode: the body scrolls in the rows it has, the action bar stays below it;
        off: the body takes its place directly (and must fit, tests/ui/test_fit.py)."""
        if on == (self.body_scroll.widget() is self.body):
            return
        if on:
            self.shell.removeWidget(self.body)
            self.body_scroll.setWidget(self.body)
            self.body.setAutoFillBackground(False)  # setWidget() turned filling on
            self.outer.setContentsMargins(0, 0, 24, 0)  # the scroll bar's own column
            self.body_scroll.show()
        else:
            self.body_scroll.takeWidget()
            self.body_scroll.hide()
            self.outer.setContentsMargins(0, 0, 0, 0)
            self.shell.insertWidget(0, self.body, 1)
            self.body.show()

    def resizeEvent(self, event) -> None:
        self.set_orientation(event.size().height() >= event.size().width())
        super().resizeEvent(event)

    def emit_intent(self, intent: object) -> None:
        self.intent.emit(intent)


class CardArt(QWidget):
    """The insurance card going into (or coming out of) the reader slot, drawn with QPainter.

    ``animated``: the insertion guide; the card glides into the slot, chip first and face up
    (the chip leads, at the slot's end), again and again while shown."""

    STEPS = 40  # frames of one glide, 50 ms apart

    def __init__(self, outward: bool = False, parent: QWidget | None = None, *,
                 animated: bool = False, minimum: int = 360) -> None:
        super().__init__(parent)
        self._outward = outward
        self._frame = 0
        self._timer = QTimer(self) if animated else None
        if self._timer is not None:
            self._timer.setInterval(50)
            self._timer.timeout.connect(self._step)
        self.setMinimumSize(minimum, minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _step(self) -> None:
        self._frame = (self._frame + 1) % self.STEPS
        self.update()

    def offset(self) -> float:
        """How far the card has moved into the slot (0..12, drawing units)."""
        if self._timer is None:
            return 0.0
        return 12.0 * min(1.0, self._frame / (self.STEPS * 0.7))

    def showEvent(self, event) -> None:
        if self._timer is not None:
            self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if self._timer is not None:
            self._timer.stop()
        super().hideEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(520, 520)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        painter.scale(side / 100, side / 100)
        # the reader slot
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE["topbar"]))
        painter.drawRoundedRect(QRectF(14, 74, 72, 14), 3, 3)
        painter.setBrush(QColor(PALETTE["backdrop"]))
        painter.drawRoundedRect(QRectF(22, 79, 56, 3), 1.5, 1.5)
        # the card, face up, chip end first (clipped where it has gone into the slot)
        painter.save()
        painter.setClipRect(QRectF(0, 0, 100, 80.5))
        painter.translate(0, self.offset())
        painter.setBrush(QColor(PALETTE["primary"]))
        painter.drawRoundedRect(QRectF(27, 16, 46, 62), 4, 4)
        painter.setBrush(QColor("#E9C46A"))  # the gold chip (decorative, not text)
        painter.drawRoundedRect(QRectF(34, 56, 12, 9), 1.5, 1.5)
        painter.setBrush(QColor(PALETTE["surface"]))
        painter.drawRoundedRect(QRectF(34, 24, 32, 4), 2, 2)
        painter.drawRoundedRect(QRectF(34, 32, 22, 3), 1.5, 1.5)
        painter.restore()
        # the arrow: down into the slot, or up out of it
        pen = QPen(QColor(PALETTE["pay"]), 4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x = 84
        path = QPainterPath()
        if self._outward:
            path.moveTo(QPointF(x, 56))
            path.lineTo(QPointF(x, 20))
            path.moveTo(QPointF(x - 7, 28))
            path.lineTo(QPointF(x, 20))
            path.lineTo(QPointF(x + 7, 28))
        else:
            path.moveTo(QPointF(x, 20))
            path.lineTo(QPointF(x, 56))
            path.moveTo(QPointF(x - 7, 48))
            path.lineTo(QPointF(x, 56))
            path.lineTo(QPointF(x + 7, 48))
        painter.drawPath(path)
        painter.end()


