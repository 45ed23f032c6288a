"""The embedded reference backend of a demo kiosk: ``kiosk server`` in a child process on a free
loopback port, with a SQLite file seeded with the demo patients once, kept running by a
supervisor.

Only for demo machines and development (``./tools/kiosk``); an installed kiosk names its
backend in its configuration. ``EmbeddedBackend.start`` also writes ``demo-backend.json`` in
its data directory (the address; the demo logins stay in ``demo-credentials.json``, mode
0600), which ``kiosk demo info`` and the demo panel show.

A supervisor thread watches the child: when it dies it is started again on the same port (the
kiosk's client keeps its address, so the kiosk gets answers again without a restart), after a
delay that doubles with each quick death up to a bound (``RestartPolicy``, ``restart_delay``).

Threads: ``wait_ready`` blocks: call it off the GUI thread. ``start`` and ``stop`` from the
thread that owns the object (``stop`` waits for the supervisor's thread); the supervisor's
thread only starts the child again and never after ``stop``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INFO_NAME = "demo-backend.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "server", *args]


def _die_with_parent() -> None:
    """In the backend child (Linux): get SIGTERM when the kiosk dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class EmbeddedBackend:
    """The reference backend in a child process on loopback, with the demo data, supervised.

    ``start()`` seeds the SQLite file the first time (keeping the credentials next to it,
    mode 0600), then starts ``kiosk server run`` on a free port without waiting for it, and
    the supervisor that starts it again on the same port whenever it dies (``restart``:
    ``RestartPolicy``); ``wait_ready()`` blocks until it answers (call it off the GUI thread);
    ``stop()`` stops the supervisor, then the child.
    """

    def __init__(self, data_dir: Path, port: int | None = None,
                 restart: RestartPolicy | None = None) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / "demo-backend.sqlite3"
        self.credentials_path = data_dir / "demo-credentials.json"
        self.log_path = data_dir / "demo-backend.log"
        self.info_path = data_dir / INFO_NAME
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.credentials: dict[str, Any] = {}
        self.restart = restart or RestartPolicy()
        self.restarts = 0  # how often the supervisor started the child again
        self._lock = threading.Lock()  # one launch at a time; none after stop
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def kiosk_token(self) -> str:
        return str(self.credentials["kiosk_token"])

    def _env(self) -> dict[str, str]:
        return {**os.environ, "KIOSK_SERVER_DATABASE_URL": self.database_url,
                "PYTHONUNBUFFERED": "1"}

    def seed(self) -> dict[str, Any]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.credentials_path.exists() and self.db_path.exists():
            with contextlib.suppress(ValueError, OSError):
                data = json.loads(self.credentials_path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and isinstance(data.get("kiosk_token"), str):
                    self.credentials = data
                    return data
        done = subprocess.run(
            _server_cmd("seed-demo", "--database-url", self.database_url,
                        "--output", str(self.credentials_path)),
            env=self._env(), capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"seed-demo failed ({done.returncode}): {done.stderr[-500:]}")
        self.credentials = json.loads(done.stdout)
        return self.credentials

    def start(self) -> None:
        if not self.credentials:
            self.seed()
        self._stopping.clear()
        self._launch()
        if self._supervisor is None or not self._supervisor.is_alive():
            self._supervisor = threading.Thread(target=self._supervise, daemon=True,
                                                name="demo-backend-supervisor")
            self._supervisor.start()

    def _launch(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            if self.process is not None and self.process.poll() is None:
                return
            # environment "demo": the reference insurer issues the demo patients' vouchers;
            # receipt links (the receipt's QR code) point at this backend's own address
            config = self.data_dir / "demo-server.toml"
            config.write_text(f'environment = "demo"\npublic_base_url = "{self.base_url}"\n',
                              encoding="utf-8")
            with self.log_path.open("ab") as log_file:
                self.process = subprocess.Popen(
                    _server_cmd("run", "--database-url", self.database_url, "--host",
                                "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
                                "--config", str(config)),
                    env=self._env(), stdout=log_file, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            write_private_json(self.info_path, {"url": self.base_url,
                                                "credentials": str(self.credentials_path)})
        log.info("embedded backend starting on port %d", self.port)

    def _supervise(self) -> None:
        """The supervisor's thread: wait for the child to end; unless stopping, start it
        again after ``restart_delay``."""
        policy, quick_deaths = self.restart, 0
        started = time.monotonic()
        while not self._stopping.is_set():
            proc = self.process
            code = proc.wait() if proc is not None else None
            if self._stopping.is_set():
                return
            quick = time.monotonic() - started < policy.stable_after
            quick_deaths = quick_deaths + 1 if quick else 1
            delay = restart_delay(quick_deaths, policy.base_delay, policy.max_delay)
            log.warning("embedded backend exited (code %s); starting it again in %.1f s",
                        code, delay)
            if self._stopping.wait(delay):
                return
            try:
                self._launch()
                self.restarts += 1
            except (OSError, subprocess.SubprocessError) as exc:
                log.error("embedded backend did not start again: %s", type(exc).__name__)
            started = time.monotonic()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        import requests

        session = requests.Session()
        session.trust_env = False
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            proc = self.process
            if proc is None or (proc.poll() is not None and self._stopping.is_set()):
                return False
            with contextlib.suppress(requests.RequestException):
                if session.get(f"{self.base_url}/v1/health", timeout=1).status_code == 200:
                    return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            proc, self.process = self.process, None
            self.info_path.unlink(missing_ok=True)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None and supervisor is not threading.current_thread():
            supervisor.join(timeout=10)


@dataclass(frozen=True, slots=True)
class RestartPolicy:
    """How the supervisor restarts a dead backend: after ``base_delay`` seconds, doubling
    with each quick death in a row (a run shorter than ``stable_after``), never more than
    ``max_delay``: a backend that crashes once a day restarts at once, one that cannot start
    at all is tried every ``max_delay`` seconds."""

    base_delay: float = 0.5
    max_delay: float = 30.0
    stable_after: float = 60.0


def restart_delay(quick_deaths: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds to wait before starting the child again after its ``quick_deaths``-th death in a
    row without a stable run: ``base`` after the first, doubling, never more than ``cap``."""
    return min(cap, base * 2.0 ** max(0, quick_deaths - 1))


def write_private_json(path: Path, data: dict[str, Any]) -> None:
    """``data`` as JSON in ``path``, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.chmod(path, 0o600)


__all__ = ["EmbeddedBackend", "RestartPolicy", "free_port", "restart_delay"]
