"""Demo machines: the demo panel drives the virtual card and the departments for the demo
journey, shows the backend's address and the staff logins, and sits beside the kiosk, never
over it; the embedded backend is started again when it dies; ``kiosk demo info``."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt

from kiosk.app import backend_config
from kiosk.client import BackendClient
from kiosk.demo import cli as demo_cli
from kiosk.demo.backend import EmbeddedBackend, RestartPolicy, restart_delay
from kiosk.demo.fixtures import demo_card_record
from kiosk.demo.panel import HEADER_HEIGHT, DemoPanel, panel_position
from kiosk.flow.session import State
from kiosk.install.config import default_data_dir
from kiosk.ui.window import MainWindow
from tests.app.screens import Taps, wait_screen


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


@pytest.mark.pcsc
def test_demo_panel_runs_the_demo_journey(qtbot, kiosk, pcscd, panel) -> None:
    app = kiosk(window=MainWindow(language="en"))  # the panel's English status texts below
    click(qtbot, panel, "demo_insert_eligible")
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    taps = Taps(qtbot)
    taps.tap(screen.tiles["INT"])
    qtbot.waitUntil(lambda: screen.confirm.isVisible())  # the confirm bar comes up
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


PORTRAIT = QRect(0, 0, 1080, 1920)  # the demo kiosk window at the origin, no window manager
LANDSCAPE = QRect(0, 0, 1920, 1080)


@pytest.mark.parametrize("kiosk_rect, screen", [
    (PORTRAIT, QRect(0, 0, 1920, 1920)),  # tools/kiosk's Xvfb: beside, on the right
    (PORTRAIT.translated(840, 0), QRect(0, 0, 1920, 1920)),  # kiosk on the right: left of it
    (LANDSCAPE, QRect(0, 0, 1920, 1920)),  # landscape: below it
    (LANDSCAPE.translated(0, 840), QRect(0, 0, 1920, 1920)),  # kiosk at the bottom: above
])
def test_the_panel_goes_beside_the_kiosk_never_over_it(kiosk_rect, screen) -> None:
    size = QSize(420, 700)
    placed = QRect(panel_position(kiosk_rect, size, screen), size)
    assert screen.contains(placed) and not placed.intersects(kiosk_rect)


def test_with_no_room_beside_the_kiosk_the_panel_keeps_off_its_header() -> None:
    screen = QRect(0, 0, 1080, 1920)  # the kiosk fills the screen
    placed = QRect(panel_position(PORTRAIT, QSize(420, 700), screen), QSize(420, 700))
    assert screen.contains(placed)
    assert not placed.intersects(QRect(0, 0, 1080, HEADER_HEIGHT))


def test_the_panel_shown_beside_the_kiosk_window_does_not_overlap_it(
        qtbot, backend, background) -> None:
    from kiosk.ui.window import MainWindow

    window = MainWindow(language="en")
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.move(0, 0)
    window.show()
    panel = DemoPanel(backend_config(backend.base_url, backend.kiosk_token),
                      backend.credentials, background)
    qtbot.addWidget(panel)
    panel.show_beside(window, QRect(0, 0, 1920, 1920))
    qtbot.waitUntil(panel.isVisible)
    assert panel.frameGeometry().isValid() and window.frameGeometry().isValid()
    assert not panel.frameGeometry().intersects(window.frameGeometry())
    assert panel.frameGeometry().topLeft() == QPoint(window.frameGeometry().right() + 1, 0)


def test_the_panel_shows_the_backend_address_the_logins_and_what_add_charges_does(
        qtbot, backend, background, english_ui) -> None:
    panel = DemoPanel(backend_config(backend.base_url, backend.kiosk_token),
                      backend.credentials, background)
    qtbot.addWidget(panel)
    info = panel.backend_info.text()
    assert backend.base_url in info
    for login in backend.credentials["staff"].values():
        assert f"{login['username']} / {login['password']}" in info
    assert "consultation" in panel.charges_help.text()
    assert "check the patient in" in panel.charges_help.text().lower()


def test_restart_delays_double_and_are_bounded() -> None:
    assert [restart_delay(n, 0.5, 30.0) for n in range(1, 10)] == [
        0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert restart_delay(1000, 0.5, 30.0) == 30.0


def _embedded(tmp_path: Path, backend_template) -> EmbeddedBackend:  # type: ignore[no-untyped-def]
    """An embedded backend on a copy of the seeded template (seeding once per session)."""
    data = tmp_path / "data" / demo_cli.DEMO_DIR
    data.mkdir(parents=True)
    embedded = EmbeddedBackend(data, restart=RestartPolicy(base_delay=0.1, max_delay=1.0))
    credentials = backend_template.copy_to(embedded.db_path)
    embedded.credentials_path.write_text(json.dumps(credentials), encoding="utf-8")
    return embedded


def _answers(client: BackendClient) -> bool:
    from kiosk.client.errors import BackendError

    try:
        client.eligibility(demo_card_record("eligible"))
    except BackendError:
        return False
    return True


def test_a_dead_embedded_backend_is_started_again_and_the_kiosk_gets_answers(
        tmp_path, backend_template) -> None:
    embedded = _embedded(tmp_path, backend_template)
    embedded.start()
    try:
        assert embedded.wait_ready()
        url = embedded.base_url
        client = BackendClient(backend_config(url, embedded.kiosk_token))
        assert _answers(client)
        first = embedded.process
        os.kill(first.pid, signal.SIGKILL)  # the backend dies under the kiosk
        first.wait()
        _wait(lambda: embedded.restarts == 1 and embedded.process is not first)
        # the same client, the same address: answers again without restarting the kiosk
        _wait(lambda: _answers(client))
        assert embedded.base_url == url  # the same port
        client.close()
    finally:
        embedded.stop()
    assert embedded.process is None
    assert not embedded.info_path.exists()


def test_kiosk_demo_info_shows_the_address_and_the_staff_logins(
        tmp_path, backend_template, capsys) -> None:
    embedded = _embedded(tmp_path, backend_template)
    data_dir = str(tmp_path / "data")
    assert demo_cli.main(["info", "--data-dir", data_dir]) == 1  # not started yet
    assert "not running" in capsys.readouterr().out
    embedded.start()
    try:
        assert embedded.wait_ready()
        assert demo_cli.main(["info", "--data-dir", data_dir]) == 0
        shown = capsys.readouterr().out
        assert embedded.base_url in shown and "answering" in shown
        for login in embedded.credentials["staff"].values():
            assert login["username"] in shown and login["password"] in shown
        assert demo_cli.main(["info", "--url", "--data-dir", data_dir]) == 0
        assert capsys.readouterr().out.strip() == embedded.base_url
    finally:
        embedded.stop()
    assert demo_cli.main(["info", "--url", "--data-dir", data_dir]) == 1


def test_kiosk_demo_info_looks_where_the_kiosk_keeps_its_data() -> None:
    assert demo_cli.default_data_dir({}) == default_data_dir()
    assert demo_cli.default_data_dir({"KIOSK_DATA_DIR": "/srv/k"}) == Path("/srv/k")


def _wait(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    give_up = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up, "condition not met in time"
        time.sleep(0.05)
