"""A counter payment whose answer is lost on the network is resolved, never repeated.

Between the counter and the real backend sits a small loopback proxy (a real network fault,
not a mock): it forwards every request, but for the first settlement POST it hangs up either
after the backend acted (the answer is lost) or before forwarding (the backend never saw it).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from PySide6.QtWidgets import QApplication

from kiosk.client.api import DepartmentClient
from kiosk.client.transport import BackendConfig
from kiosk.counter.controller import CounterController
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from tests.counter.conftest import Counter


class FaultyProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, target: str) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.target = target
        self.fault: str | None = None  # "after" | "before": for the next settlement POST
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
        if fault == "before":
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


@pytest.mark.parametrize("fault", ["after", "before"])
def test_a_lost_payment_answer_is_resolved_with_the_same_key(qtbot, live_backend, proxy, fault):
    install_language(QApplication.instance(), "en")
    controller = CounterController(BackendConfig(base_url=proxy.base_url, read_timeout=3,
                                                 deadline=5))
    window = CounterWindow(controller)
    qtbot.addWidget(window)
    window.show()
    counter = Counter(window, controller, live_backend, qtbot)
    try:
        counter.sign_in("clerk")
        counter.find("not_eligible")
        screen = window.patient
        screen.department_combo.setCurrentIndex(
            screen.department_combo.findData(live_backend.department_code))
        counter.click(screen.check_in_button)
        counter.wait(lambda: bool(controller.view.open_visits))
        counter.idle()
        visit_id = controller.view.open_visits[0].visit_id
        with DepartmentClient(BackendConfig(base_url=live_backend.base_url,
                                            token=live_backend.department_token)) as dept:
            dept.post_charge(visit_id, item_code="DRUG-1", name="阿莫西林", category="drug",
                             insurance_class="B", unit_price_fen=3650, his_order_id="ORD-9")
        counter.click(screen.payment_button)
        counter.wait(lambda: window.current_screen() == "payment")

        proxy.fault = fault
        counter.click(window.payment.pay_button)
        counter.wait(lambda: visit_id in controller.pending and window.payment.unknown)
        counter.idle()
        key = controller.pending[visit_id].key
        assert window.payment.check_button.isVisible()
        assert not window.payment.pay_button.isEnabled()  # no second payment with a new key

        counter.click(window.payment.check_button)
        counter.wait(lambda: window.payment.settlement is not None)
        counter.idle()
        assert visit_id not in controller.pending
        with counter.db() as db:
            rows = db.execute("select idempotency_key, channel from settlements "
                              "where visit_id = ?", (visit_id,)).fetchall()
        assert rows == [(key, "counter")]
    finally:
        controller.shutdown()
        window.close()
