"""Counting what the database is asked to do: transactions, commits and statements, through
SQLAlchemy's engine events, for the tests that pin settlement's cost and for the benchmarks
that print it.

``count_sql(engine)`` listens on ``engine`` (``count_sql()``: on every ``Engine`` of this
process, the reference adapters' own pools included) while its block runs and fills a
``SqlCount``. The backend's own cost is its service engine's count: the reference adapters
stand for outside services (the registry, the payment gateway). Transactions are
counted at their ``begin`` (each ``db.read()`` and ``db.write()``), commits at their
``commit``; statements are what reaches the driver's cursor, the ``BEGIN`` the store sends
itself (``kiosk.server.db``) included, a new connection's set-up (SQLite's ``PRAGMA``s,
PostgreSQL's read-only check) and the pool's ping of an idle connection not. A transaction
"wrote" if it ran an ``INSERT``, ``UPDATE`` or ``DELETE``, alone or as part of a ``WITH``. The
listeners run on whatever thread uses the database; the counts are guarded by a lock. Count
only while nothing else of the process uses the database (a test's own requests).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.default import NO_CACHE_KEY


@dataclass
class SqlCount:
    transactions: int = 0
    commits: int = 0
    durable: int = 0  # commits of transactions that wrote (INSERT, UPDATE, DELETE)
    statements: int = 0
    # each statement whole, with its parameters, as the driver got it (to EXPLAIN it again)
    sent: list[tuple[str, Any]] = field(default_factory=list)
    # the statements SQLAlchemy compiled afresh because they have no cache key (some part of
    # them is not cacheable): compiling one costs more CPU than running it
    uncached: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def log(self) -> list[str]:
        """The statements' first words ("SELECT", "INSERT INTO audit_log", ...): what ran."""
        return [" ".join(statement.split()[:3]) for statement, _parameters in self.sent]

    def summary(self) -> str:
        return (f"{self.transactions} transactions, {self.commits} commits "
                f"({self.durable} that wrote), {self.statements} statements")


_WROTE = "sql_count.wrote"  # per connection: whether its current transaction wrote


def _is_bookkeeping(sql: str) -> bool:
    head = sql.strip().upper()
    return head == "SELECT 1" or head.startswith(("PRAGMA", "SHOW TRANSACTION_READ_ONLY"))


@contextmanager
def count_sql(engine: Engine | None = None) -> Iterator[SqlCount]:
    count = SqlCount()
    target: Any = Engine if engine is None else engine

    def on_begin(conn: Any) -> None:
        conn.info[_WROTE] = False
        with count.lock:
            count.transactions += 1

    def on_commit(conn: Any) -> None:
        with count.lock:
            count.commits += 1
            count.durable += bool(conn.info.pop(_WROTE, False))

    def on_execute(conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any,
                   _executemany: bool) -> None:
        if _is_bookkeeping(statement):
            return
        if context.compiled is not None and context.cache_hit is NO_CACHE_KEY:
            with count.lock:
                count.uncached.append(" ".join(statement.split()[:3]))
        words = statement.split()
        if words[0].upper() in ("INSERT", "UPDATE", "DELETE") or (
                words[0].upper() == "WITH"  # a statement of data-modifying parts
                and any(w.upper() in ("INSERT", "UPDATE", "DELETE") for w in words)):
            conn.info[_WROTE] = True
        with count.lock:
            count.statements += 1
            count.sent.append((statement, parameters))

    listeners = (("begin", on_begin), ("commit", on_commit),
                 ("before_cursor_execute", on_execute))
    for name, fn in listeners:
        event.listen(target, name, fn)
    try:
        yield count
    finally:
        for name, fn in listeners:
            event.remove(target, name, fn)


def query_plan(db: Any, statement: str, parameters: Any, *, index_if_any: bool = False) -> str:
    """How the database behind ``db`` (a ``kiosk.server.db.Database``) would run
    ``statement``: PostgreSQL's ``EXPLAIN``, SQLite's ``EXPLAIN QUERY PLAN``, one line per
    step. ``index_if_any`` (PostgreSQL): with sequential scans priced out
    (``enable_seqscan = off``), so a small test table still shows whether an index could serve
    the statement; a table no index serves is still scanned. SQLite takes an index for an
    equality whenever one serves it."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if db.dialect == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        if index_if_any:
            cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + statement, parameters)
            return "\n".join(str(row[0]) for row in cursor.fetchall())
        finally:
            if index_if_any:
                cursor.execute("RESET enable_seqscan")
    finally:
        raw.close()
