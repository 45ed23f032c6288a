"""Support for the kiosk's end-to-end tests and benchmark: the real backend and a holding proxy.

``BackendProcess`` runs the reference backend (``python -m kiosk server run``) on a fixed
loopback port with its own SQLite file seeded by ``seed-demo``; ``stop()`` and ``start()``
again on the same port give "the backend went down and came back". ``counts(visit_id)``
reads the backend's own database (settlements and payment-gateway charges) for the checks
that nothing was settled or charged twice.

``HoldingProxy`` is a TCP proxy in front of it that can hold the settlement: with
``hold="request"`` it keeps the POST from reaching the backend, with ``hold="response"`` it
lets the backend settle and keeps the answer from the kiosk. ``held`` is set when it holds.

Threads: the test thread drives these; the proxy serves on its own threads.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "server", *args]


class BackendProcess:
    """The reference backend in a child process; restartable on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.db_path = workdir / "backend.sqlite3"
        self.db_url = f"sqlite:///{self.db_path}"
        self.log_path = workdir / "backend.log"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "KIOSK_SERVER_DATABASE_URL": self.db_url,
                    "PYTHONUNBUFFERED": "1"}
        seed = subprocess.run(_server_cmd("seed-demo", "--database-url", self.db_url),
                              env=self.env, capture_output=True, text=True, timeout=120,
                              cwd=ROOT, check=False)
        if seed.returncode != 0:
            raise RuntimeError(f"seed-demo failed: {seed.stderr[-2000:]}")
        self.credentials: dict[str, Any] = json.loads(seed.stdout)
        self.kiosk_token: str = self.credentials["kiosk_token"]
        self.department_tokens: dict[str, str] = self.credentials["department_tokens"]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        if self.running:
            return
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                _server_cmd("run", "--database-url", self.db_url, "--host", "127.0.0.1",
                            "--port", str(self.port), "--log-level", "warning"),
                env=self.env, stdout=log_file, stderr=subprocess.STDOUT, cwd=ROOT,
                stdin=subprocess.DEVNULL)
        session = requests.Session()
        session.trust_env = False
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            if self.process.poll() is not None:
                raise RuntimeError(f"backend exited: {self.log_path.read_text()[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                if session.get(f"{self.base_url}/v1/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"backend not ready: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def counts(self, visit_id: int) -> dict[str, int]:
        """Settlements of the visit and gateway charges for them, from the backend's DB."""
        with contextlib.closing(sqlite3.connect(self.db_path)) as db:
            settlements = db.execute(
                "SELECT settlement_id, gateway_reference FROM settlements WHERE visit_id = ?",
                (visit_id,)).fetchall()
            refs = [ref for _, ref in settlements if ref]
            charges = 0
            for ref in refs:
                charges += db.execute(
                    "SELECT count(*) FROM gateway_transactions WHERE reference = ? "
                    "AND kind = 'charge'", (ref,)).fetchone()[0]
            return {"settlements": len(settlements), "charges": charges}


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
        with contextlib.suppress(OSError), client:
            first = client.recv(65536)
            if not first:
                return
            holding = self.hold is not None and b"POST" in first[:8] and self.match in first
            if holding and self.hold == "request":
                self.held.set()
                self.release.wait()
                return
            with socket.create_connection(("127.0.0.1", self.target_port)) as upstream:
                upstream.sendall(first)
                done = threading.Event()

                def pump_up() -> None:
                    with contextlib.suppress(OSError):
                        while chunk := client.recv(65536):
                            upstream.sendall(chunk)
                    done.set()

                self._spawn(pump_up)
                while chunk := upstream.recv(65536):
                    if holding and self.hold == "response":
                        self.held.set()  # the backend has answered: keep it from the kiosk
                        self.release.wait()
                        return
                    client.sendall(chunk)

    def close(self) -> None:
        self._closed = True
        self.release.set()
        with contextlib.suppress(OSError):
            self._server.close()
