"""The database handle: one SQLAlchemy engine for SQLite (file, WAL) or PostgreSQL, and the
two ways to use it: ``db.read()`` and ``db.write()`` transactions.

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` so concurrent writers wait
on ``busy_timeout`` instead of failing on a lock upgrade; reads use a deferred transaction
and, thanks to WAL, never block writers. PostgreSQL: read committed plus explicit row locks
(``SELECT ... FOR UPDATE``, rendered only where the dialect supports it) where a decision
depends on rows another server process may change. Thread-safe: the engine's pool hands
each transaction its own connection. A thread must not open a write transaction while it
holds another connection of the same database (no nesting).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from kiosk.domain.files import private_database, private_dir

# See make_engine: how long a PostgreSQL connection may have been idle and still be handed
# out without a ping.
PING_AFTER_IDLE = 1.0


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` DSNs (as libpq prints them) and use psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # ssn, names, birth dates: the file (so its -wal, -shm) 0600, new folders 0700
            private_dir(Path(parsed.database).parent, tighten=False)
            private_database(parsed.database)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=pool_size,
            max_overflow=30,
            hide_parameters=True,  # error messages must not carry ssn, names, card numbers
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    # LIFO: under load the same few connections are reused and the rest idle out
    engine = create_engine(url, pool_size=pool_size, max_overflow=30, pool_use_lifo=True,
                           hide_parameters=True)

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn, record, _proxy):  # type: ignore[no-untyped-def]
        # A connection handed out again within PING_AFTER_IDLE seconds of its last use is
        # trusted; an idler one is pinged first, and a dead one (a restarted or failed-over
        # PostgreSQL) replaced before the request sees it. Pinging on every checkout (what
        # pool_pre_ping does) cost a round trip per transaction and doubled the
        # eligibility p99 under load (HikariCP skips its check within 500 ms the same way).
        last = record.info.get("last_used")
        if last is not None and time.monotonic() - last < PING_AFTER_IDLE:
            return
        try:
            ping(dbapi_conn)
        except Exception as exc:
            raise DisconnectionError("connection failed its ping") from exc

    @event.listens_for(engine, "checkin")
    def _note_use(_dbapi_conn, record):  # type: ignore[no-untyped-def]
        record.info["last_used"] = time.monotonic()

    return engine


def ping(dbapi_conn: Any) -> None:
    """One round trip on a raw DBAPI connection; raises if the connection is dead."""
    cur = dbapi_conn.cursor()
    cur.execute("SELECT 1")
    cur.close()
    dbapi_conn.rollback()  # end the transaction the ping began


_SQLITE_WRITE_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def _sqlite_write_lock(url: str) -> threading.RLock:
    with _LOCKS_GUARD:
        return _SQLITE_WRITE_LOCKS.setdefault(url, threading.RLock())


class Database:
    """The store handed to every service function; tests build one per temporary database."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        self._write_lock = _sqlite_write_lock(self.url) if self.dialect == "sqlite" else None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that may write; commits on success, rolls back on any exception.

        SQLite allows one writer at a time anyway; within a process the writers queue on a
        lock (first come, first served) instead of polling the file lock with SQLite's
        sleeping back-off, which made write latencies long-tailed. Between processes the
        busy timeout still applies. Correctness does not depend on this lock.
        """
        if self._write_lock is None:
            with self.engine.connect() as conn, conn.begin():
                yield conn
            return
        with self._write_lock, self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="DEFERRED")
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()
