"""What one statement costs the kiosk server's CPU on its way to the database, by layer
(issue 18 item 5: where a request's CPU goes, and what cutting a layer would save).

The statement is the one every authenticated request runs first: the token lookup
(``kiosk.server.auth._TOKEN_AND_SESSION``, a token that is not there, so no row comes back
and only the way there and back is timed). It is run ``--count`` times each way, in this
process, and the process's own CPU time (``time.process_time``) per statement is printed:

1. ``Database.query``: what the routes do (a connection from the pool, the statement as its
   own transaction, the connection back), the baseline of the run;
2. ``held connection``: SQLAlchemy's ``Connection.execute`` on one connection kept open
   (what the pool's check-out and check-in cost is the difference from 1);
3. ``driver SQL``: ``Connection.exec_driver_sql`` with the SQL compiled once (no cache key,
   no compiled cache lookup);
4. ``DB-API cursor``: the driver's own cursor with the SQL compiled once (psycopg or
   sqlite3 alone: the floor).

Each line gives the ratio to the baseline. SQLite by default (a fresh file); PostgreSQL with
``--database-url`` (e.g. the cluster's, from ``tools/cluster env``). Timings vary with the
machine: compare the ratios of one run, not figures across runs.

    .venv/bin/python bench/statement_cost.py [--database-url URL] [--count 3000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kiosk.server.auth import _TOKEN_AND_SESSION  # noqa: E402
from kiosk.server.db import Database  # noqa: E402
from kiosk.server.migrations import migrate  # noqa: E402

PARAMS: dict[str, Any] = {"token_hash": "0" * 64, "session_hash": "1" * 64,
                          "now": datetime(2026, 12, 2, 8, 0)}


def cpu_per_call(run: Callable[[], object], count: int) -> float:
    """``run()``'s CPU time in microseconds per call, after a warm-up of a tenth of
    ``count`` calls (the driver prepares a statement after a few runs)."""
    for _ in range(max(1, count // 10)):
        run()
    started = time.process_time()
    for _ in range(count):
        run()
    return (time.process_time() - started) / count * 1e6


def measure(db: Database, count: int) -> list[tuple[str, float]]:
    """(way, microseconds of CPU per statement) for each of the four ways, in order."""
    compiled = _TOKEN_AND_SESSION.compile(dialect=db.engine.dialect)
    sql = str(compiled)
    processors = compiled._bind_processors  # DateTime as SQLite stores it, for the cursor
    bound = {k: processors[k](v) if k in processors else v
             for k, v in compiled.construct_params(PARAMS).items()}
    order = compiled.positiontup  # SQLite's qmark style: the parameters in this order
    driver_params: Any = tuple(bound[k] for k in order) if order is not None else bound
    out = [("Database.query", cpu_per_call(
        lambda: db.query(_TOKEN_AND_SESSION, PARAMS), count))]
    with db.engine.connect() as conn:
        out.append(("held connection", cpu_per_call(
            lambda: conn.execute(_TOKEN_AND_SESSION, PARAMS).all(), count)))
        out.append(("driver SQL", cpu_per_call(
            lambda: conn.exec_driver_sql(sql, driver_params).all(), count)))
        conn.rollback()
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()

        def on_cursor() -> object:
            cursor.execute(sql, driver_params)
            return cursor.fetchall()

        out.append(("DB-API cursor", cpu_per_call(on_cursor, count)))
        cursor.close()
        raw.rollback()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args(argv)
    if not 10 <= args.count <= 1_000_000:
        parser.error("--count 10..1000000")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'cost.sqlite3'}"
        db = Database(url)
        try:
            if not args.database_url:
                migrate(db)
            figures = measure(db, args.count)
        finally:
            db.dispose()
    print(f"one statement (the token lookup) on {db.engine.dialect.name}, {args.count} times "
          f"each way: the server's CPU per statement")
    base = figures[0][1]
    for way, micros in figures:
        print(f"  {way:<18}{micros:>8.0f} us  {micros / base:>5.2f} of Database.query")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
