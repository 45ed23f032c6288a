"""The database handle: one SQLAlchemy engine for SQLite (file, WAL) or PostgreSQL, and the
ways to use it: ``db.read()`` and ``db.write()`` transactions; ``db.query()`` and
``db.reads()`` for reading statements each on its own, and ``db.write_one()`` for one writing
statement that is a transaction by itself (on PostgreSQL all three send no ``BEGIN``/``COMMIT``:
one round trip per statement where a transaction adds two; the hot paths of every request
use them).

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` so concurrent writers wait
on ``busy_timeout`` instead of failing on a lock upgrade; reads use a deferred transaction
and, thanks to WAL, never block writers. PostgreSQL: read committed plus explicit row locks
(``SELECT ... FOR UPDATE``, rendered only where the dialect supports it) where a decision
depends on rows another server process may change. Thread-safe: the engine's pool hands
each transaction its own connection. A thread must not open a write transaction while it
holds another connection of the same database (no nesting).

Riding a failover (PostgreSQL): a transaction starts with an explicit ``BEGIN`` sent before
the caller's first statement (the round trip psycopg would make anyway), so a connection
lost in a failover, a server shutting down (``AdminShutdown``, ``CannotConnectNow``) or a
read-only server (a demoted primary, SQLSTATE 25006) shows up before the transaction has
done anything: ``read()`` and ``write()`` then discard that connection and start again with
a fresh one, with back-off, for up to ``retry_seconds`` (a little longer than a failover
takes). Only that boundary is retried: an error inside the caller's block, or at its commit,
discards the connection from the pool and propagates (the block cannot be run again from
here; the kiosk's retry with its idempotency key is the next safe boundary). What
``query()``, ``reads()`` and ``write_one()`` run is retried whole the same way (reads can run
again; ``write_one``'s statement must change nothing when sent a second time). A new
connection that lands on a read-only server is refused at once. ``FailoverStats`` counts
what was retried and given up, for the metrics endpoint.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Row,
    create_engine,
    event,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.compiler import compiles

from kiosk.domain.files import private_database, private_dir

# See make_engine: how long a PostgreSQL connection may have been idle and still be handed
# out without a ping.
PING_AFTER_IDLE = 1.0
# How long read() and write() keep trying to start a transaction while the database fails
# over (Patroni on this project's settings: about 13 s for a dead primary host).
FAILOVER_RETRY_SECONDS = 20.0
_FIRST_BACKOFF, _MAX_BACKOFF = 0.05, 1.0

# SQLSTATEs of a server that cannot take this transaction now but another (or the same, in a
# moment) will: read-only (a demoted primary, a standby), shutting down or crashed, starting
# up, and the connection exceptions of class 08.
FAILOVER_SQLSTATES = frozenset({"25006", "57P01", "57P02", "57P03", "08000", "08001", "08003",
                                "08004", "08006"})

log = logging.getLogger("kiosk.server")
_T = TypeVar("_T")

try:
    from psycopg import OperationalError as _PsycopgOperationalError

    _DRIVER_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (_PsycopgOperationalError,)
except ImportError:  # a SQLite-only installation
    _DRIVER_CONNECTION_ERRORS = ()


class ReadOnlyServer(Exception):
    """A new connection reached a server that is read-only (a standby, a demoted primary)."""

    sqlstate = "25006"


def is_failover_error(error: BaseException) -> bool:
    """Whether ``error`` means "this connection or server is gone or read-only for now" (a
    failover), as opposed to a mistake in the statement or a conflict between requests."""
    if isinstance(error, DisconnectionError | ReadOnlyServer):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig if error.orig is not None else error
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate in FAILOVER_SQLSTATES:
        return True
    # psycopg's connection failures (refused, reset, closed mid-answer) carry no SQLSTATE
    return sqlstate is None and isinstance(error, _DRIVER_CONNECTION_ERRORS)


def backoff_delays(budget: float, first: float = _FIRST_BACKOFF,
                   most: float = _MAX_BACKOFF) -> Iterator[float]:
    """The waits between attempts: doubling from ``first`` up to ``most``, while their sum
    stays within ``budget`` seconds."""
    spent, delay = 0.0, first
    while spent + delay <= budget:
        yield delay
        spent += delay
        delay = min(delay * 2, most)


@dataclass
class FailoverStats:
    """What ``read()``/``write()`` met of failovers (this process, since start); each event
    is also told to ``listeners`` by kind (the metrics). Any thread may call ``note``."""

    retry: int = 0  # a transaction's start retried on a fresh connection
    gave_up: int = 0  # still failing after retry_seconds: the error reached the caller
    lost_in_flight: int = 0  # a connection lost (or read-only) inside a caller's block
    listeners: list[Callable[[str], None]] = field(default_factory=list)

    def note(self, kind: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        for listener in self.listeners:
            listener(kind)


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
    # LIFO: under load the same few connections are reused and the rest idle out.
    # At most pool_size plus 30 connections, all kept once opened: an "overflow" connection
    # is closed as soon as it is handed back, and under load (a worker's 40 request threads)
    # that meant a new PostgreSQL connection (a backend forked, the read-only check, no
    # prepared statements yet) every few settlements (bench/backend_load.py --floors-only:
    # 107 new connections for 300 settlements, 40 with every connection kept). Connections
    # are still opened only as concurrency needs them.
    # AUTOCOMMIT at the driver, BEGIN sent by _on_begin below: the transaction starts (and a
    # dead connection shows) when read()/write() begin it, not at the caller's first statement.
    # prepare_threshold 0: psycopg prepares a statement on the server at its first use on a
    # connection rather than its sixth (every connection of the pool met the same few
    # statements again and again, each parsed and planned five times first)
    engine = create_engine(url, pool_size=pool_size + 30, max_overflow=0, pool_use_lifo=True,
                           hide_parameters=True, isolation_level="AUTOCOMMIT",
                           connect_args={"prepare_threshold": 0})

    @event.listens_for(engine, "connect")
    def _refuse_read_only(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # a new connection only (rare): a server that turned read-only has restarted, so a
        # connection made to a primary stays on a primary
        cur = dbapi_conn.cursor()
        cur.execute("SHOW transaction_read_only")
        read_only = cur.fetchone()[0] == "on"
        cur.close()
        if read_only:
            dbapi_conn.close()
            raise ReadOnlyServer("connected to a read-only server")

    @event.listens_for(engine, "begin")
    def _begin_now(conn: Connection) -> None:
        if not conn.get_execution_options().get(_ONE_STATEMENT):
            conn.exec_driver_sql("BEGIN")

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


# the execution option of the connection of ``Database.query``, ``reads`` and ``write_one``:
# each statement runs without BEGIN, as a transaction of its own (PostgreSQL, autocommit at
# the driver)
_ONE_STATEMENT = "kiosk_one_statement"


class _SkipStandbyWait(ColumnElement[bool]):
    """See ``NO_STANDBY_WAIT``."""

    type = Boolean()
    inherit_cache = True
    # no state of its own: without this (empty) list SQLAlchemy gives the element no cache
    # key, and every statement with it in its WHERE was compiled again on every execution
    _traverse_internals: ClassVar[list[Any]] = []


@compiles(_SkipStandbyWait)
def _always_true(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return "1 = 1"  # SQLite: no standby to wait for


@compiles(_SkipStandbyWait, "postgresql")
def _commit_locally(_element: Any, _compiler: Any, **_kw: Any) -> str:
    return "set_config('synchronous_commit', 'local', true) IS NOT NULL"


# A condition (always true) for the WHERE of a statement run by ``Database.write_one``, whose
# commit then does not wait for the synchronous standby's flush (PostgreSQL): the statement
# sets ``synchronous_commit = local`` for its own transaction, which its commit reads (what
# ``SET LOCAL`` does in a transaction of several statements). Only for a write whose loss in
# a failover costs nobody anything but a repeat: never money, never an audit trail. WAL is one
# sequence, so any later commit that does wait carries this one to the standby too.
NO_STANDBY_WAIT: ColumnElement[bool] = _SkipStandbyWait()

_SQLITE_WRITE_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def _sqlite_write_lock(url: str) -> threading.RLock:
    with _LOCKS_GUARD:
        return _SQLITE_WRITE_LOCKS.setdefault(url, threading.RLock())


@contextmanager
def _discarding(conn: Connection, *, keep: bool = False) -> Iterator[Connection]:
    """Closes ``conn`` if the block fails (invalidated first if the error is a failover's:
    never back to the pool), and when the block ends unless ``keep``."""
    try:
        yield conn
    except BaseException as exc:
        if is_failover_error(exc) and not conn.invalidated:
            conn.invalidate()
        conn.close()
        raise
    if not keep:
        conn.close()


class Database:
    """The store handed to every service function; tests build one per temporary database.

    ``retry_seconds``: how long a transaction's start is retried through a failover
    (PostgreSQL; 0: never). ``sleep`` is the wait between attempts (tests pass their own).
    """

    def __init__(self, url: str, *, pool_size: int = 10,
                 retry_seconds: float = FAILOVER_RETRY_SECONDS,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        self._write_lock = _sqlite_write_lock(self.url) if self.dialect == "sqlite" else None
        self.retry_seconds = retry_seconds if self.dialect != "sqlite" else 0.0
        self.failovers = FailoverStats()
        self._sleep = sleep

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that may write; commits on success, rolls back on any exception.

        SQLite allows one writer at a time anyway; within a process the writers queue on a
        lock (first come, first served) instead of polling the file lock with SQLite's
        sleeping back-off, which made write latencies long-tailed. Between processes the
        busy timeout still applies. Correctness does not depend on this lock.
        """
        if self._write_lock is None:
            with self._transaction() as conn:
                yield conn
            return
        with self._write_lock, self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._transaction(sqlite_begin="DEFERRED") as conn:
            yield conn

    def query(self, statement: Executable, params: dict[str, Any] | None = None
              ) -> list[Row[Any]]:
        """The rows of one reading statement, run on its own (``reads``)."""
        return self.reads(lambda conn: list(conn.execute(statement, params).all()))

    def reads(self, run: Callable[[Connection], _T]) -> _T:
        """``run(conn)``, which only reads: on PostgreSQL each of its statements runs on its
        own, without ``BEGIN`` and ``COMMIT`` (one round trip each; a transaction adds two),
        so they do not share one snapshot: only for reads that need none (a statement sees
        one snapshot anyway). Retried whole on a fresh connection through a failover, like
        a transaction's start (a read can run again). SQLite: in a ``read()`` transaction."""
        if self.dialect == "sqlite":
            with self.read() as conn:
                return run(conn)
        return self._retrying(lambda: self._alone(run))

    def write_one(self, statement: Executable, params: dict[str, Any] | None = None) -> int:
        """One writing statement as its own transaction; its row count. On PostgreSQL sent
        without ``BEGIN`` and ``COMMIT`` (the server commits it as it ends: one round trip
        instead of three) and retried on a fresh connection through a failover, even if it
        may have been carried out already: the statement must do nothing more when it is
        sent twice (an update to fixed values; an insert guarded by ``NOT EXISTS``). With
        ``NO_STANDBY_WAIT`` in its ``WHERE``, its commit does not wait for the standby.
        SQLite: a ``write()``."""
        def run(conn: Connection) -> int:  # an INSERT's count too (SQLAlchemy keeps UPDATEs')
            return int(conn.execute(statement, params,
                                    execution_options={"preserve_rowcount": True}).rowcount)

        if self.dialect == "sqlite":
            with self.write() as conn:
                return run(conn)
        return self._retrying(lambda: self._alone(run))

    def _alone(self, run: Callable[[Connection], _T]) -> _T:
        """``run(conn)`` on a connection where each statement is a transaction of its own."""
        with _discarding(self.engine.connect().execution_options(
                **{_ONE_STATEMENT: True})) as conn:
            out = run(conn)
            conn.commit()  # ends SQLAlchemy's transaction; none is open at the server
        return out

    @contextmanager
    def _transaction(self, **options: Any) -> Iterator[Connection]:
        conn = self._begin(options)
        try:
            yield conn
            conn.commit()
        except BaseException as exc:
            if is_failover_error(exc):
                self.failovers.note("lost_in_flight")
                if not conn.invalidated:
                    conn.invalidate()  # never back to the pool: a read-only one would be
            raise
        finally:
            conn.close()  # rolls back whatever is still open

    def _begin(self, options: dict[str, Any]) -> Connection:
        """A connection with its transaction begun, retried over a failover (module doc)."""

        def attempt() -> Connection:
            conn = self.engine.connect()
            with _discarding(conn, keep=True):
                if options:
                    conn = conn.execution_options(**options)
                conn.begin()
            return conn

        return self._retrying(attempt)

    def _retrying(self, attempt: Callable[[], _T]) -> _T:
        """``attempt()``, again on failover errors, with back-off, for ``retry_seconds``."""
        delays = backoff_delays(self.retry_seconds)
        while True:
            try:
                return attempt()
            except Exception as exc:
                if not is_failover_error(exc):
                    raise
                delay = next(delays, None)
                if delay is None:
                    self.failovers.note("gave_up")
                    raise
                self.failovers.note("retry")
                log.warning("database unavailable (%s), retrying in %.2f s",
                            type(exc).__name__, delay)
                self._sleep(delay)

    def dispose(self) -> None:
        self.engine.dispose()
