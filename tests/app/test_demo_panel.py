"""The demo panel drives the virtual card and the departments for the demo journey."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.app import backend_config
from kiosk.demo.panel import DemoPanel
from kiosk.flow.session import State
from kiosk.ui.window import MainWindow
from tests.app.screens import Taps, wait_screen

pytestmark = pytest.mark.pcsc


@pytest.fixture
def panel(qtbot: Any, backend: Any, background: Any) -> Iterator[DemoPanel]:
    widget = DemoPanel(backend_config(backend.base_url, backend.kiosk_token),
                       backend.credentials, background)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


def click(qtbot: Any, panel: DemoPanel, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(panel.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_demo_panel_runs_the_demo_journey(qtbot, kiosk, pcscd, panel) -> None:
    app = kiosk(window=MainWindow(language="en"))  # the panel's English status texts below
    click(qtbot, panel, "demo_insert_eligible")
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    taps = Taps(qtbot)
    taps.tap(screen.tiles["INT"])
    taps.tap(screen.confirm)
    wait_screen(qtbot, app, State.TICKET)
    click(qtbot, panel, "demo_charges")
    qtbot.waitUntil(lambda: "charges posted" in panel.status.text(), timeout=10000)
    click(qtbot, panel, "demo_remove")
    wait_screen(qtbot, app, State.ATTRACT)
    click(qtbot, panel, "demo_insert_eligible")
    wait_screen(qtbot, app, State.ITINERARY)
    assert app.controller.session.view().itinerary.stops
    click(qtbot, panel, "demo_insert_not_eligible")  # swaps the card in the reader
    wait_screen(qtbot, app, State.NOT_ELIGIBLE)
