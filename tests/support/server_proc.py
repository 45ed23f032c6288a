"""Real backend processes for tests and benchmarks: ``kiosk server`` (uvicorn) subprocesses on
free loopback ports over a SQLite file or a throw-away PostgreSQL database.

* ``sqlite_url(dir)`` / ``pg_database(dsn)``: a fresh database URL (the PostgreSQL one is a
  new database created in the server of ``$KIOSK_TEST_PG_DSN`` and dropped afterwards).
* ``seed(url)``: runs ``kiosk server seed-demo`` and returns the credentials it printed.
* ``ServerProcess.start(url, workdir)``: one server process (``--workers N`` for uvicorn
  workers); ``stop()`` terminates it; ``log_tail()`` for failure messages.
* ``staff_token(base_url, credentials, role)``: a staff session token.
* ``SeedTemplate(dir)``: ``seed-demo`` once into a template SQLite file; ``copy_to(path)``
  gives each test its own copy of it and the credentials (tokens and staff logins live in the
  database, hashed, so the copy accepts them). Re-seeded when the backend's day changes (the
  demo data hold an appointment "today").
* ``Backend(workdir, template=...)``: THE seeded backend of the kiosk, counter, client and
  printing tests (fixture ``backend`` in ``tests/conftest.py``) and of the benchmarks:
  ``base_url``, ``kiosk_token``, ``department_tokens``, ``department_code``/``department_token``,
  ``credentials`` (staff logins, demo patients), ``db_path``; ``start()``, ``stop()`` and
  ``restart()`` on the same port; ``counts(visit_id)`` of settlements and gateway charges read
  from its database.

No pytest in here, so ``bench/`` can use it too. Everything runs on 127.0.0.1 only.
Threads: one controlling thread starts and stops the processes; ``SeedTemplate.copy_to`` may
be called from any thread.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from kiosk.demo.backend import free_port

PG_ENV = "KIOSK_TEST_PG_DSN"
REPO = Path(__file__).resolve().parents[2]
QUIET_CONFIG = "auto_settle_interval_seconds = 0\n"
# a server started without a config of its own: development, so the card authority holds the
# test issuer key and the virtual cards authenticate (production refuses that key)
TEST_CONFIG = 'environment = "development"\n'


class ServerFailed(RuntimeError):
    """The backend did not start (the message carries the end of its log)."""


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
              log_level: str = "warning", port: int | None = None) -> ServerProcess:
        """``port``: a given one (a restart on the same port appends to the same log), or a
        free one."""
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        port = port or free_port()
        log_path = workdir / f"{name}-{port}.log"
        log = log_path.open("ab")
        args = ["run", "--database-url", url, "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(workers), "--log-level", log_level]
        config = config or write_config(workdir, TEST_CONFIG)
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
            time.sleep(0.05)
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


# --- the seeded backend of the kiosk-side tests -----------------------------------------------

BACKEND_TIMEZONE = "Asia/Shanghai"  # the server's default: its "today" decides the demo data


def backend_today() -> date:
    return datetime.now(ZoneInfo(BACKEND_TIMEZONE)).date()


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` (WAL included) as ``target``."""
    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


class SeedTemplate:
    """``seed-demo`` once (lazily, at the first ``copy_to``) into a template SQLite file.

    ``copy_to(db_path)`` copies the template to ``db_path`` and returns the credentials that
    seed-demo printed (a fresh dict each time). The copy carries the seeded tokens and staff
    accounts, so every copy accepts the same credentials; each test still has a database of its
    own. The template is made again if the backend's day changed since (the eligible patient's
    appointment is "today").
    """

    def __init__(self, directory: str | os.PathLike[str], config: str | None = None) -> None:
        self.directory = Path(directory)
        self.config = config
        self._lock = threading.Lock()
        self._made: tuple[date, Path, dict[str, Any]] | None = None

    def _current(self) -> tuple[Path, dict[str, Any]]:
        with self._lock:
            today = backend_today()
            if self._made is None or self._made[0] != today:
                self.directory.mkdir(parents=True, exist_ok=True)
                path = self.directory / f"template-{today.isoformat()}.sqlite3"
                path.unlink(missing_ok=True)
                credentials = seed(f"sqlite:///{path}", self.config)
                self._made = (today, path, credentials)
            return self._made[1], self._made[2]

    def copy_to(self, db_path: str | os.PathLike[str]) -> dict[str, Any]:
        path, credentials = self._current()
        copy_sqlite(path, Path(db_path))
        return copy.deepcopy(credentials)


class Backend:
    """The reference backend with the demo data in a child process, on one loopback port for
    its whole life, over its own SQLite file ``workdir/backend.sqlite3``.

    Built seeded but not running: from ``template`` (a copy, fast) or by running seed-demo
    into its own file. ``start()`` waits until ``/v1/health`` answers; ``stop()`` ("the backend
    went down") and ``start()``/``restart()`` again keep the port and the data.
    ``config``: a TOML settings file for the server (default: the server's own defaults).
    """

    def __init__(self, workdir: str | os.PathLike[str], *, template: SeedTemplate | None = None,
                 config: str | None = None, department_code: str = "INT",
                 port: int | None = None, log_level: str = "warning") -> None:
        self.workdir = Path(workdir)
        self.log_level = log_level
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.workdir / "backend.sqlite3"
        self.db_url = f"sqlite:///{self.db_path}"
        self.config = config
        self.port = port or free_port()
        self.credentials: dict[str, Any] = (
            template.copy_to(self.db_path) if template is not None
            else seed(self.db_url, config))
        self.kiosk_token: str = self.credentials["kiosk_token"]
        self.department_tokens: dict[str, str] = self.credentials["department_tokens"]
        self.department_code = department_code  # the department of ``department_token``
        self.department_token: str = self.department_tokens[department_code]
        self._server: ServerProcess | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"backend-{self.port}.log"

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self._server.proc if self._server is not None else None

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.proc.poll() is None

    def start(self, timeout: float = 60.0) -> None:
        """Start the server (if it is not running) and wait until it answers."""
        if self.running:
            return
        self.stop()  # closes the log of a server that died by itself
        self._server = ServerProcess.start(self.db_url, self.workdir, config=self.config,
                                           port=self.port, timeout=timeout,
                                           log_level=self.log_level)

    def stop(self) -> None:
        """Stop the server now; harmless when it is not running."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def restart(self, timeout: float = 60.0) -> None:
        self.stop()
        self.start(timeout)

    def log_tail(self, chars: int = 3000) -> str:
        return self._server.log_tail(chars) if self._server is not None else ""

    def staff_token(self, role: str = "admin") -> str:
        return staff_token(self.base_url, self.credentials, role)

    def counts(self, visit_id: int | None = None) -> dict[str, int]:
        """Settlements (of ``visit_id``, or all) and the payment-gateway charges made for them,
        read from the backend's own database."""
        where, args = ("WHERE visit_id = ?", (visit_id,)) if visit_id is not None else ("", ())
        with contextlib.closing(sqlite3.connect(self.db_path)) as db:
            refs = [ref for (ref,) in db.execute(
                f"SELECT gateway_reference FROM settlements {where}", args)]
            charges = sum(db.execute(
                "SELECT count(*) FROM gateway_transactions WHERE reference = ? "
                "AND kind = 'charge'", (ref,)).fetchone()[0] for ref in refs if ref)
        return {"settlements": len(refs), "charges": charges}

    def __enter__(self) -> Backend:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
