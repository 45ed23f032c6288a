"""Fixtures for the counter's tests: the real backend (``live_backend`` from
``tests/conftest.py``), the counter station (``build_station``: its own journal in the test's
temporary directory) with its window, and helpers that click and draw like staff and patients
do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.client.transport import BackendConfig
from kiosk.counter.app import CounterStation, build_station
from kiosk.counter.controller import CounterController
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from tests.support.server_proc import Backend

LONG_IDLE = 600.0


@dataclass
class Counter:
    window: CounterWindow
    station: CounterStation
    backend: Backend
    qtbot: object

    @property
    def controller(self) -> CounterController:
        return self.station.controller

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
        assert self.controller.staff is not None and self.controller.staff.role == role

    def find(self, key: str) -> None:
        """Find a demo patient by ID number, as staff type it."""
        ssn = self.backend.credentials["patients"][key]["ssn"]
        self.window.patient.ssn_edit.setText(ssn)
        self.click(self.window.patient.find_button)
        self.wait(lambda: self.controller.patient is not None
                  and self.controller.patient.patient.ssn == ssn)
        self.idle()

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.backend.db_path)


def open_counter(qtbot, backend: Backend, data_dir: Path, *, base_url: str = "",
                 idle_seconds: float = LONG_IDLE, lang: str = "en",
                 config: BackendConfig | None = None) -> Counter:
    """A station on ``data_dir`` (its journal) and its window, shown."""
    install_language(QApplication.instance(), lang)
    config = config or BackendConfig(base_url=base_url or backend.base_url)
    station = build_station(config, data_dir, idle_seconds=idle_seconds)
    window = CounterWindow(station.controller)
    qtbot.addWidget(window)
    window.show()
    return Counter(window, station, backend, qtbot)


def close_counter(counter: Counter) -> None:
    counter.station.close()
    counter.window.close()


@pytest.fixture
def make_counter(qtbot, live_backend, tmp_path) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(idle_seconds: float = LONG_IDLE, lang: str = "en") -> Counter:
        counter = open_counter(qtbot, live_backend, tmp_path / f"counter-{len(made)}",
                               idle_seconds=idle_seconds, lang=lang)
        made.append(counter)
        return counter

    yield make
    for counter in made:
        close_counter(counter)


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
