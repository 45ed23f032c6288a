"""Support for the kiosk's end-to-end tests and benchmark: a holding proxy in front of the backend.

The backend itself is ``tests.support.server_proc.Backend`` (fixture ``backend`` in
``tests/conftest.py``); ``BackendProcess`` is kept as its old name here.

``HoldingProxy`` is a TCP proxy in front of it that can hold the settlement: with
``hold="request"`` it keeps the POST from reaching the backend, with ``hold="response"`` it
lets the backend settle and keeps the answer from the kiosk. ``held`` is set when it holds.

Threads: the test thread drives these; the proxy serves on its own threads.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from typing import Any

from tests.support.server_proc import Backend as BackendProcess  # noqa: F401 - the old name

ROOT = Path(__file__).resolve().parents[2]


class HoldingProxy:
    """A loopback TCP proxy that can hold the settlement request or its response."""

    def __init__(self, target_port: int, hold: str | None = None,
                 match: bytes = b"/settlement HTTP") -> None:
        self.target_port = target_port
        self.hold = hold  # None | "request" | "response"
        self.match = match
        self.held = threading.Event()
        self.release = threading.Event()
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = int(self._server.getsockname()[1])
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._spawn(self._accept)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        """Forward one client connection; every request on it (a kept-alive connection
        carries several) is looked at, not only the first."""
        with contextlib.suppress(OSError), client:
            first = client.recv(65536)
            if not first:
                return
            answer_held = threading.Event()  # "response": hold the answer of this request

            def matches(chunk: bytes) -> bool:
                return self.hold is not None and b"POST" in chunk[:8] and self.match in chunk

            def request(chunk: bytes, upstream: socket.socket) -> bool:
                """Send one client chunk on; False when it is held for good."""
                if matches(chunk):
                    if self.hold == "request":
                        self.held.set()
                        self.release.wait()
                        return False
                    answer_held.set()
                upstream.sendall(chunk)
                return True

            if matches(first) and self.hold == "request":
                self.held.set()
                self.release.wait()
                return
            with socket.create_connection(("127.0.0.1", self.target_port)) as upstream:
                request(first, upstream)

                def pump_up() -> None:
                    with contextlib.suppress(OSError):
                        while chunk := client.recv(65536):
                            if not request(chunk, upstream):
                                break
                    with contextlib.suppress(OSError):
                        upstream.shutdown(socket.SHUT_RDWR)  # a held request ends the link

                self._spawn(pump_up)
                while chunk := upstream.recv(65536):
                    if answer_held.is_set():
                        self.held.set()  # the backend has answered: keep it from the kiosk
                        self.release.wait()
                        return
                    client.sendall(chunk)

    def close(self) -> None:
        self._closed = True
        self.release.set()
        with contextlib.suppress(OSError):
            self._server.close()
