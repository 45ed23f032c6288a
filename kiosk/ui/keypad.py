"""The tactile keypad (EN 301 549 5.1.6): arrows, Enter, Back and Help work every screen.

``Keypad.key(key)`` takes one key: the arrows move the focus through the controls in the
order they appear on the screen (top to bottom, then left to right: the top bar, the care
offer, the screen's choices, then its action bar; on the idle warning only its button),
Enter presses the focused control, Back (Escape, Backspace) presses the screen's way back or
out (the left side of the action bar), and Help (F1, ?) says the keys and the screen again.
The focused control carries ``FocusRing``, a thick two-colour ring painted over the window
(it never changes a layout), and with voice on its label is read aloud. ``focus_order`` is
the pure part: widgets' rectangles in, their order out.

Threads: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton, QScrollArea, QWidget

from kiosk.qt.theme import FOCUS_RING, FOCUS_RING_WIDTH

NEXT_KEYS = {Qt.Key.Key_Down, Qt.Key.Key_Right}
PREVIOUS_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Left}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space}
BACK_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Backspace, Qt.Key.Key_Back}
HELP_KEYS = {Qt.Key.Key_F1, Qt.Key.Key_Question, Qt.Key.Key_Help}


def focus_order(rects: Sequence[tuple[int, int, int, int]]) -> list[int]:
    """Indices of ``rects`` (x, y, width, height) in reading order: by row (controls whose
    vertical middles lie within the taller's half height share a row), then left to right."""
    order = sorted(range(len(rects)), key=lambda i: (rects[i][1] + rects[i][3] / 2, rects[i][0]))
    rows: list[list[int]] = []
    for index in order:
        _, y, _, h = rects[index]
        middle = y + h / 2
        if rows:
            last = rects[rows[-1][0]]
            if abs(middle - (last[1] + last[3] / 2)) <= max(h, last[3]) / 2:
                rows[-1].append(index)
                continue
        rows.append([index])
    return [i for row in rows for i in sorted(row, key=lambda i: rects[i][0])]


class FocusRing(QWidget):
    """The keypad focus: painted over the window around the focused control."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.hide()

    def around(self, target: QWidget) -> None:
        pad = FOCUS_RING_WIDTH
        top_left = target.mapTo(self.parentWidget(), QPoint(0, 0))
        rect = QRect(top_left, target.size()).adjusted(-pad, -pad, pad, pad)
        self.setGeometry(rect.intersected(self.parentWidget().rect()))
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer, inner = FOCUS_RING
        width = FOCUS_RING_WIDTH
        rect = self.rect()
        painter.setPen(QPen(QColor(outer), width))
        painter.drawRoundedRect(rect.adjusted(width // 2, width // 2, -width // 2, -width // 2),
                                18, 18)
        painter.setPen(QPen(QColor(inner), width // 2))
        painter.drawRoundedRect(rect.adjusted(width, width, -width, -width), 14, 14)
        painter.end()


class Keypad:
    """The keypad's focus over one window. ``controls()`` gives the candidates (the window
    decides which are in play), ``say(text)`` speaks when voice is on, ``help()`` answers the
    help key, ``back()`` the Back key, ``allowed()`` whether a key may act now (the tap
    guard)."""

    def __init__(self, ring: FocusRing, *, controls: Callable[[], list[QPushButton]],
                 say: Callable[[str], None], help: Callable[[], None],
                 back: Callable[[], None], allowed: Callable[[], bool],
                 describe: Callable[[QPushButton], str]) -> None:
        self.ring = ring
        self._controls = controls
        self._say = say
        self._help = help
        self._back = back
        self._allowed = allowed
        self._describe = describe
        self.focused: QPushButton | None = None

    def ordered(self) -> list[QPushButton]:
        """The controls in play, in reading order."""
        window = self.ring.parentWidget()
        found = [b for b in self._controls() if b.isVisible() and b.isEnabled()]
        rects = []
        for control in found:
            where = control.mapTo(window, QPoint(0, 0))
            rects.append((where.x(), where.y(), control.width(), control.height()))
        return [found[i] for i in focus_order(rects)]

    def key(self, key: Qt.Key) -> bool:
        """Act on one key; False if it is not a keypad key."""
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.move(1 if key in NEXT_KEYS else -1)
        elif key in ENTER_KEYS:
            if self.focused is None or not self._in_play(self.focused):
                self.move(1)
            elif self._allowed():
                self.focused.click()
        elif key in BACK_KEYS:
            if self._allowed():
                self._back()
        elif key in HELP_KEYS:
            self._help()
        else:
            return False
        return True

    def move(self, step: int) -> None:
        controls = self.ordered()
        if not controls:
            self.clear()
            return
        if self.focused in controls:
            index = (controls.index(self.focused) + step) % len(controls)
        else:
            index = 0 if step > 0 else len(controls) - 1
        self.focus(controls[index])

    def focus(self, control: QPushButton) -> None:
        self.focused = control
        area = _scroll_area_of(control)
        if area is not None:
            area.ensureWidgetVisible(control, 16, 16)
        self.ring.around(control)
        self._say(self._describe(control))

    def refresh(self) -> None:
        """After the screen changed: keep the focus if its control is still in play, else
        drop it (the next arrow starts from the top)."""
        if self.focused is not None and self._in_play(self.focused):
            self.ring.around(self.focused)
            QTimer.singleShot(0, self._follow)  # again once the new layout has settled
        else:
            self.clear()

    def _follow(self) -> None:
        if self.focused is not None and self._in_play(self.focused):
            self.ring.around(self.focused)

    def clear(self) -> None:
        self.focused = None
        self.ring.hide()

    def _in_play(self, control: QPushButton) -> bool:
        try:
            return control in self.ordered()
        except RuntimeError:  # deleted with a screen's rebuilt content
            return False


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def keep_arrows(root: QWidget) -> None:
    """Scroll areas must not take the keypad's arrows: they take no focus."""
    for area in root.findChildren(QAbstractScrollArea):
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
