"""Fixtures for the counter's tests: the real backend (``live_backend`` from
``tests/conftest.py``), the counter station (``build_station``: its own journal in the test's
temporary directory) with its window (in clinic mode with the customer-facing window too),
helpers that click and draw like staff and patients do, and ``FaultyProxy``: a loopback proxy
that loses a settlement's answer or the whole backend (a real network fault, not a mock).
"""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.client.transport import BackendConfig
from kiosk.counter.app import CounterStation, build_station
from kiosk.counter.clinic import ClinicController
from kiosk.counter.controller import CounterController
from kiosk.counter.customer_window import CustomerWindow
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from kiosk.flow import events as fe
from tests.support.server_proc import Backend

LONG_IDLE = 600.0


@dataclass
class Counter:
    window: CounterWindow
    station: CounterStation
    backend: Backend
    qtbot: object
    customer: CustomerWindow | None = None

    @property
    def controller(self) -> CounterController:
        return self.station.controller

    @property
    def clinic(self) -> ClinicController:
        assert self.station.clinic is not None, "not in clinic mode"
        return self.station.clinic

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
        self.wait(lambda: self.window.current_screen() in ("patient", "clinic"))
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
                 config: BackendConfig | None = None, clinic: bool = False,
                 customer: bool = False, clinic_timing: fe.Timing | None = None) -> Counter:
    """A station on ``data_dir`` (its journal) and its window, shown; with ``clinic`` in
    clinic mode, with ``customer`` its customer-facing window too (a second top-level
    window, in the patient's language, Chinese by default)."""
    install_language(QApplication.instance(), lang)
    config = config or BackendConfig(base_url=base_url or backend.base_url)
    station = build_station(config, data_dir, idle_seconds=idle_seconds, clinic=clinic,
                            clinic_timing=clinic_timing)
    patient_window = None
    if customer:
        patient_window = CustomerWindow()
        qtbot.addWidget(patient_window)
        patient_window.show()
    window = CounterWindow(station.controller, clinic=station.clinic, customer=patient_window)
    qtbot.addWidget(window)
    window.show()
    return Counter(window, station, backend, qtbot, patient_window)


def close_counter(counter: Counter) -> None:
    counter.station.close()
    counter.window.close()


@pytest.fixture
def make_counter(qtbot, live_backend, tmp_path) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(idle_seconds: float = LONG_IDLE, lang: str = "en", **kwargs: object) -> Counter:
        counter = open_counter(qtbot, live_backend, tmp_path / f"counter-{len(made)}",
                               idle_seconds=idle_seconds, lang=lang, **kwargs)  # type: ignore[arg-type]
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


class FaultyProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, target: str) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.target = target
        self.fault: str | None = None  # "after" | "before": for the next settlement POST
        self.down = False  # hang up on every request
        self.session = requests.Session()
        self.session.trust_env = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultyProxy

    def log_message(self, *args: object) -> None:
        pass

    def _hang_up(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        fault = None
        if self.command == "POST" and self.path.endswith("/settlement") and self.server.fault:
            fault, self.server.fault = self.server.fault, None
        if fault == "before" or (self.server.down and fault is None):
            self._hang_up()
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "content-length", "connection")}
        answer = self.server.session.request(self.command, self.server.target + self.path,
                                             headers=headers, data=body, timeout=10)
        if fault == "after":
            self._hang_up()
            return
        self.send_response(answer.status_code)
        for key in ("Content-Type", "X-Request-ID"):
            if key in answer.headers:
                self.send_header(key, answer.headers[key])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


@pytest.fixture
def proxy(live_backend) -> Iterator[FaultyProxy]:
    server = FaultyProxy(live_backend.base_url)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
