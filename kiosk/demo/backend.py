"""The embedded reference backend of a demo kiosk: ``kiosk server`` in a child process on a free
loopback port, with a SQLite file seeded with the demo patients once.

Only for demo machines and development (``./tools/kiosk``); an installed kiosk names its
backend in its configuration. ``EmbeddedBackend.wait_ready`` blocks: call it off the GUI
thread; everything else from the thread that owns the object.
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
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


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
    """The reference backend in a child process on loopback, with the demo data.

    ``start()`` seeds the SQLite file the first time (keeping the credentials next to it,
    mode 0600), then starts ``kiosk server run`` on a free port without waiting for it;
    ``wait_ready()`` blocks until it answers (call it off the GUI thread); ``stop()``.
    """

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / "demo-backend.sqlite3"
        self.credentials_path = data_dir / "demo-credentials.json"
        self.log_path = data_dir / "demo-backend.log"
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.credentials: dict[str, Any] = {}

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
        if self.process is not None and self.process.poll() is None:
            return
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                _server_cmd("run", "--database-url", self.database_url, "--host", "127.0.0.1",
                            "--port", str(self.port), "--log-level", "warning"),
                env=self._env(), stdout=log_file, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        log.info("embedded backend starting on port %d", self.port)

    def wait_ready(self, timeout: float = 30.0) -> bool:
        import requests

        session = requests.Session()
        session.trust_env = False
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            if self.process is None or self.process.poll() is not None:
                return False
            with contextlib.suppress(requests.RequestException):
                if session.get(f"{self.base_url}/v1/health", timeout=1).status_code == 200:
                    return True
            time.sleep(0.05)
        return False

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


__all__ = ["EmbeddedBackend", "free_port"]
