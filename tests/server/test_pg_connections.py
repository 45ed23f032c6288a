"""PostgreSQL connections that died while idle in the pool (a restarted or failed-over server)
are replaced before a request sees them (``kiosk.server.db.make_engine``: a connection idle
for longer than ``PING_AFTER_IDLE`` is pinged at checkout).

Against the real PostgreSQL of ``$KIOSK_TEST_PG_DSN``: its server-side sessions are killed
with ``pg_terminate_backend``, exactly what a restart does to them.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import text

from kiosk.server import db as dbmod
from kiosk.server.db import Database
from kiosk.server.seed import seed_demo

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_url", ["postgres"],
                                                             indirect=True)]


@pytest.fixture
def pg_url(db_url: str) -> str:
    return db_url


def _kill_other_sessions(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return len(conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'").fetchall())


def test_idle_connections_killed_by_the_server_are_replaced_unseen(pg_url, service) -> None:
    seed_demo(service)
    db: Database = service.context.db
    with db.read() as conn:  # a pooled connection, now idle
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert db.engine.pool.checkedin() >= 1
    dsn = pg_url.split("&options=")[0].split("?options=")[0]
    assert _kill_other_sessions(dsn) >= 1
    time.sleep(dbmod.PING_AFTER_IDLE + 0.2)
    # the service's next request finds the dead connection at checkout and uses a new one
    answer = service.departments.list_all()
    assert answer["departments"]
    with db.read() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_only_a_connection_idle_for_a_while_is_pinged(pg_url, service, monkeypatch) -> None:
    pings: list[object] = []
    real_ping = dbmod.ping

    def counted(dbapi_conn: object) -> None:
        pings.append(dbapi_conn)
        real_ping(dbapi_conn)

    monkeypatch.setattr(dbmod, "ping", counted)
    db: Database = service.context.db
    for _ in range(5):  # back to back: the connection was used a moment ago
        with db.read() as conn:
            conn.execute(text("SELECT 1"))
    assert len(pings) <= 1  # at most the first checkout of a fresh connection
    pings.clear()
    time.sleep(dbmod.PING_AFTER_IDLE + 0.2)
    with db.read() as conn:
        conn.execute(text("SELECT 1"))
    assert len(pings) == 1
