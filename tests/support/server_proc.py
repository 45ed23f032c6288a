"""Real backend processes for tests and benchmarks: ``kiosk server`` (uvicorn) subprocesses on
free loopback ports over a SQLite file or a throw-away PostgreSQL database.

* ``sqlite_url(dir)`` / ``pg_database(dsn)``: a fresh database URL (the PostgreSQL one is a
  new database created in the server of ``$KIOSK_TEST_PG_DSN`` and dropped afterwards).
* ``seed(url)``: runs ``kiosk server seed-demo`` and returns the credentials it printed.
* ``ServerProcess.start(url, workdir)``: one server process (``--workers N`` for uvicorn
  workers); ``stop()`` terminates it; ``log_tail()`` for failure messages.
* ``staff_token(base_url, credentials, role)``: a staff session token.

No pytest in here, so ``bench/`` can use it too. Everything runs on 127.0.0.1 only.
Threads: one controlling thread starts and stops the processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

PG_ENV = "KIOSK_TEST_PG_DSN"
REPO = Path(__file__).resolve().parents[2]
QUIET_CONFIG = "auto_settle_interval_seconds = 0\n"


class ServerFailed(RuntimeError):
    """The backend did not start (the message carries the end of its log)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "server", *args]


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``kiosk server`` child: this checkout importable, no proxies,
    none of the server's own settings variables leaking in from the caller."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_PROXY": "*", "no_proxy": "*"}
    env.pop("KIOSK_SERVER_DATABASE_URL", None)
    env.pop("KIOSK_SERVER_CONFIG", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def sqlite_url(directory: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(directory) / 'backend.sqlite3'}"


@contextlib.contextmanager
def pg_database(dsn: str) -> Iterator[str]:
    """A new, empty database in the PostgreSQL server of ``dsn``; yields its URL, drops it."""
    import psycopg

    name = f"kiosk_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, query = dsn.partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    try:
        yield url
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(*args: str, timeout: float = 120, stdin: str | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(server_cmd(*args), env=child_env(), capture_output=True, text=True,
                          timeout=timeout, input=stdin, cwd=REPO)


def seed(url: str, config: str | None = None) -> dict[str, Any]:
    """``kiosk server seed-demo`` on ``url``; the credentials JSON it prints."""
    extra = ["--config", config] if config else []
    done = run_cli("seed-demo", "--database-url", url, *extra)
    if done.returncode != 0:
        raise ServerFailed(f"seed-demo failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def write_config(directory: str | os.PathLike[str], text: str = QUIET_CONFIG) -> str:
    path = Path(directory) / "server.toml"
    path.write_text(text)
    return str(path)


@dataclass
class ServerProcess:
    base_url: str
    proc: subprocess.Popen[bytes]
    log_path: Path
    _log: Any = field(default=None, repr=False)

    @classmethod
    def start(cls, url: str, workdir: str | os.PathLike[str], *, workers: int = 1,
              config: str | None = None, name: str = "backend", timeout: float = 60,
              log_level: str = "warning") -> ServerProcess:
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log_path = workdir / f"{name}-{port}.log"
        log = log_path.open("wb")
        args = ["run", "--database-url", url, "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(workers), "--log-level", log_level]
        if config:
            args += ["--config", config]
        proc = subprocess.Popen(server_cmd(*args), env=child_env(), stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO)
        server = cls(f"http://127.0.0.1:{port}", proc, log_path, log)
        try:
            server.wait_ready(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    def wait_ready(self, timeout: float) -> None:
        session = requests.Session()
        session.trust_env = False
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            if self.proc.poll() is not None:
                raise ServerFailed(f"backend exited ({self.proc.returncode}):\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if session.get(f"{self.base_url}/v1/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise ServerFailed(f"backend not ready in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def session() -> requests.Session:
    """A requests session that never goes through a proxy (loopback only)."""
    s = requests.Session()
    s.trust_env = False
    return s


def staff_token(base_url: str, credentials: dict[str, Any], role: str = "admin") -> str:
    r = session().post(f"{base_url}/v1/staff/sessions", json=credentials["staff"][role],
                       timeout=30)
    if r.status_code != 201:
        raise ServerFailed(f"staff login as {role} failed: {r.status_code} {r.text[:500]}")
    return str(r.json()["token"])
