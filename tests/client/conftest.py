"""Fixtures for the backend client's tests.

- ``loopback``: a real HTTP server on 127.0.0.1 in a thread (``http.server``), scripted per
  test to answer normally, slowly, dripping, with 5xx, malformed JSON, or by hanging up.
- ``tls_material`` / ``tls_loopback``: the same server behind TLS with a CA and certificates
  made by the ``openssl`` command in a temporary directory (optionally requiring a client
  certificate).
- ``live_backend`` (from ``tests/conftest.py``): the real reference backend (``kiosk server``)
  in a subprocess on a free loopback port, with its own copy of the seeded demo database.
"""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.server_proc import free_port  # noqa: F401 - test_transport imports it

# --- the scripted loopback server ------------------------------------------------------------


@dataclass
class Reply:
    """What the server does for one request. ``kind``:

    - ``"send"``: status, headers, body (after ``delay`` seconds);
    - ``"drip"``: status line and headers at once, then ``body`` one byte per ``interval``
      (no Content-Length, the connection closes at the end);
    - ``"drip_headers"``: the whole response one byte per ``interval``;
    - ``"hang_up"``: close the connection without answering.
    """

    kind: str = "send"
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    interval: float = 0.2


def json_reply(status: int, payload: Any, **kwargs: Any) -> Reply:
    return Reply(status=status, body=json.dumps(payload, ensure_ascii=False).encode(), **kwargs)


def error_reply(status: int, code: str, message: str = "", details: Any = None) -> Reply:
    return json_reply(status, {"error": {"code": code, "message": message, "details": details}})


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.lock = threading.Lock()
        self.scripts: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        self.scheme = "https" if tls else "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer requests for ``path`` with ``replies`` in turn; the last one repeats."""
        with self.lock:
            self.scripts[path] = list(replies)

    def next_reply(self, path: str) -> Reply:
        with self.lock:
            replies = self.scripts.get(path)
            if not replies:
                return error_reply(404, "not_found", "no script for this path")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def requests_for(self, path: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.path.split("?")[0] == path]

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # hang-ups and failed handshakes are what these tests provoke


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ScriptedServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.seen.append(
                Seen(self.command, self.path, dict(self.headers.items()), body)
            )
        reply = self.server.next_reply(self.path.split("?")[0])
        if reply.delay:
            time.sleep(reply.delay)
        if reply.kind == "hang_up":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.kind == "drip_headers":
            head = f"HTTP/1.1 {reply.status} OK\r\nContent-Length: {len(reply.body)}\r\n\r\n"
            self._drip(head.encode() + reply.body, reply.interval)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.kind == "drip":
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self._drip(reply.body, reply.interval)
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _drip(self, data: bytes, interval: float) -> None:
        self.close_connection = True
        try:
            for index in range(len(data)):
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_DELETE = _serve


def _run(server: ScriptedServer) -> Iterator[ScriptedServer]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def loopback() -> Iterator[ScriptedServer]:
    yield from _run(ScriptedServer())


# --- TLS material made with the openssl command ----------------------------------------------


@dataclass(frozen=True)
class TlsMaterial:
    ca_cert: str  # the CA the kiosk trusts
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str
    other_ca_cert: str  # a CA that did not sign the server certificate


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_ca(d: Path, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.crt",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)


def _make_leaf(d: Path, name: str, ca: str, ext: str) -> None:
    (d / f"{name}.ext").write_text(ext)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=d)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-days", "2", "-out", f"{name}.crt",
             "-extfile", f"{name}.ext", cwd=d)


@pytest.fixture(scope="session")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> TlsMaterial:
    d = tmp_path_factory.mktemp("tls")
    _make_ca(d, "kiosk-test-ca")
    _make_ca(d, "other-ca")
    _make_leaf(d, "server", "kiosk-test-ca",
               "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    _make_leaf(d, "client", "kiosk-test-ca", "extendedKeyUsage=clientAuth\n")
    return TlsMaterial(
        ca_cert=str(d / "kiosk-test-ca.crt"),
        server_cert=str(d / "server.crt"),
        server_key=str(d / "server.key"),
        client_cert=str(d / "client.crt"),
        client_key=str(d / "client.key"),
        other_ca_cert=str(d / "other-ca.crt"),
    )


@pytest.fixture
def tls_loopback(
    tls_material: TlsMaterial,
) -> Callable[..., ScriptedServer]:
    """``tls_loopback(require_client_cert=False)`` starts a TLS server for this test."""
    servers: list[ScriptedServer] = []

    def start(require_client_cert: bool = False) -> ScriptedServer:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls_material.server_cert, tls_material.server_key)
        if require_client_cert:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(tls_material.ca_cert)
        server = ScriptedServer(tls=ctx)
        runner = _run(server)
        next(runner)
        servers.append(server)
        server._runner = runner  # type: ignore[attr-defined]
        return server

    yield start  # type: ignore[misc]
    for server in servers:
        for _ in server._runner:  # type: ignore[attr-defined]
            pass
