"""Helpers to drive the real ``MainWindow`` like a patient: find what is on screen, tap it.

``Taps`` clicks with ``qtbot.mouseClick`` and counts the taps, so the journeys can check the
"at most 3 taps to check in, 2 to settle" promise. Everything waits with ``qtbot.waitUntil``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.flow.models import Receipt
from kiosk.flow.session import State


def current_state(app: Any) -> State:
    return app.controller.session.state


def wait_screen(qtbot: Any, app: Any, state: State, timeout: int = 15000) -> Any:
    """Wait until the window shows the screen of ``state`` (and it is not busy); return it."""
    window = app.window
    screen = window.screens[state]

    def shown() -> bool:
        view = app.controller.session.view()
        return (view.state == state and not view.busy
                and window.current_screen() is screen and screen.isVisible())

    qtbot.waitUntil(shown, timeout=timeout)
    return screen


def texts(widget: QWidget) -> str:
    """All label and button texts under ``widget`` (visible ones), joined."""
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in widget.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(parts)


class Taps:
    """Clicks like a finger and counts the taps."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.count = 0

    def tap(self, button: QPushButton) -> None:
        assert button.isVisible(), f"tapping a hidden button {button.text()!r}"
        assert button.isEnabled(), f"tapping a disabled button {button.text()!r}"
        window = button.window()
        if hasattr(window, "accepts_taps"):  # a finger lifts and lands again: no slip-through
            self.qtbot.waitUntil(window.accepts_taps, timeout=2000)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.count += 1


def receipt_screen_shows(window: Any, receipt: Receipt) -> None:
    """The receipt screen is up and shows the settlement number and the receipt's QR code."""
    screen = window.screens[State.RECEIPT]
    assert window.current_screen() is screen
    assert str(receipt.settlement_id) in screen.number.text()
    assert screen.qr.data == receipt.receipt_reference
    assert screen.qr.pixmap() is not None and not screen.qr.pixmap().isNull()
