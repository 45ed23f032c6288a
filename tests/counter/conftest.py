"""Fixtures for the counter's tests: the real backend (``live_backend`` from
``tests/conftest.py``), the counter window signed in as a demo staff role, and helpers that
click and draw like staff and patients do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.client.transport import BackendConfig
from kiosk.counter.controller import CounterController
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from tests.support.server_proc import Backend

LONG_IDLE_MS = 10 * 60_000


@dataclass
class Counter:
    window: CounterWindow
    controller: CounterController
    backend: Backend
    qtbot: object

    def click(self, widget: QWidget) -> None:
        assert widget.isEnabled(), f"{widget.objectName()} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def wait(self, condition: Callable[[], bool], timeout: int = 15_000) -> None:
        self.qtbot.waitUntil(condition, timeout=timeout)

    def idle(self) -> None:
        """Wait until no action is running."""
        self.wait(lambda: not self.controller.busy)

    def sign_in(self, role: str) -> None:
        login = self.backend.credentials["staff"][role]
        screen = self.window.signin
        screen.username.setText(login["username"])
        screen.password.setText(login["password"])
        self.click(screen.sign_in_button)
        self.wait(lambda: self.window.current_screen() == "patient")
        assert self.controller.session is not None and self.controller.session.role == role

    def find(self, key: str) -> None:
        """Find a demo patient by ID number, as staff type it."""
        ssn = self.backend.credentials["patients"][key]["ssn"]
        self.window.patient.ssn_edit.setText(ssn)
        self.click(self.window.patient.find_button)
        self.wait(lambda: self.controller.view is not None
                  and self.controller.view.patient.ssn == ssn)
        self.idle()

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.backend.db_path)


@pytest.fixture
def make_counter(qtbot, live_backend) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(idle_timeout_ms: int = LONG_IDLE_MS, lang: str = "en") -> Counter:
        install_language(QApplication.instance(), lang)
        controller = CounterController(BackendConfig(base_url=live_backend.base_url),
                                       idle_timeout_ms=idle_timeout_ms)
        window = CounterWindow(controller)
        qtbot.addWidget(window)
        window.show()
        counter = Counter(window, controller, live_backend, qtbot)
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.controller.shutdown()
        counter.window.close()


def draw(widget: QWidget, points: list[tuple[float, float]]) -> None:
    """A stroke of real mouse events (press, moves with the button held, release)."""
    def send(kind, x: float, y: float, buttons) -> None:  # type: ignore[no-untyped-def]
        pos = QPointF(x, y)
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    first, *rest = points
    send(QMouseEvent.Type.MouseButtonPress, *first, Qt.MouseButton.LeftButton)
    for x, y in rest:
        send(QMouseEvent.Type.MouseMove, x, y, Qt.MouseButton.LeftButton)
    send(QMouseEvent.Type.MouseButtonRelease, *rest[-1], Qt.MouseButton.NoButton)
