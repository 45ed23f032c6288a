"""The backend rides a database failover (``kiosk.server.db``): a transaction that cannot start
because the primary is gone (its address refuses, its sessions are cut) or read-only is
started again on a fresh connection for up to ``retry_seconds``; a connection lost inside a
transaction is discarded from the pool; a settlement left in flight is resolved by the
server's own repair schedule within the minute.

The failover is played on the real PostgreSQL of ``$KIOSK_TEST_PG_DSN`` through a loopback
proxy that is cut and restored, as HAProxy's primary address is while Patroni promotes a
standby (``tests/cluster`` does it with the real cluster).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors as pg_errors
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from kiosk.server import schema
from kiosk.server.config import Settings
from kiosk.server.db import (
    Database,
    ReadOnlyServer,
    backoff_delays,
    is_failover_error,
)
from kiosk.server.repair import due

from .conftest import Api
from .tcp_proxy import TcpProxy

# ---- pure decisions ---------------------------------------------------------------------


@pytest.mark.parametrize(("error", "retried"), [
    (pg_errors.ReadOnlySqlTransaction("read-only"), True),
    (pg_errors.AdminShutdown("terminating connection"), True),
    (pg_errors.CannotConnectNow("starting up"), True),
    (psycopg.OperationalError("connection refused"), True),
    (ReadOnlyServer(), True),
    (pg_errors.UniqueViolation("duplicate key"), False),
    (pg_errors.DeadlockDetected("deadlock"), False),
    (pg_errors.QueryCanceled("timeout"), False),
    (sqlite3.OperationalError("database is locked"), False),
    (ValueError("a mistake"), False),
])
def test_which_errors_are_a_failover(error: Exception, retried: bool) -> None:
    assert is_failover_error(error) is retried
    wrapped = DBAPIError("SELECT 1", None, error)  # as SQLAlchemy raises the driver's error
    assert is_failover_error(wrapped) is retried


def test_backoff_doubles_up_to_a_second_within_the_budget() -> None:
    delays = list(backoff_delays(20.0))
    assert delays[:5] == [0.05, 0.1, 0.2, 0.4, 0.8]
    assert max(delays) == 1.0 and sum(delays) <= 20.0 < sum(delays) + 1.0
    assert list(backoff_delays(0.0)) == []


def test_the_repair_schedule_picks_auto_settle_over_resume() -> None:
    inf = float("inf")
    assert due(10, next_resume=15, next_auto=300) is None
    assert due(15, next_resume=15, next_auto=300) == "resume"
    assert due(300, next_resume=300, next_auto=300) == "auto"  # auto-settle resumes first
    assert due(1e9, next_resume=inf, next_auto=inf) is None


def test_by_default_a_settlement_left_in_flight_is_resolved_within_the_minute() -> None:
    """Stale after settle_stale_seconds, looked for every resume_stale_interval_seconds: the
    worst case is their sum (it was 120 s + 300 s). A request retrying through a failover
    ends before its own key goes stale."""
    settings = Settings(database_url="sqlite://")
    assert settings.settle_stale_seconds + settings.resume_stale_interval_seconds <= 60
    assert settings.resume_stale_interval_seconds > 0
    assert settings.database_retry_seconds < settings.settle_stale_seconds


# ---- the real PostgreSQL through a cut proxy ---------------------------------------------

pg = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)


def _through(url: str, port: int) -> str:
    """``url`` (the test DSN, on a Unix socket) reaching the server at 127.0.0.1:``port``."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update(host="127.0.0.1", port=str(port))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@pytest.fixture
def proxy(db_url: str) -> Iterator[TcpProxy]:
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(db_url).query))
    relay = TcpProxy(f"{query['host']}/.s.PGSQL.{query['port']}")
    yield relay
    relay.close()


def _restore_after(proxy: TcpProxy, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, proxy.restore)
    timer.start()
    return timer


def _note_table(db: Database) -> None:
    with db.write() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS failover_notes (k text PRIMARY KEY)"))


def _notes(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(text("SELECT k FROM failover_notes ORDER BY k")).scalars())


@pg
@pytest.mark.postgres
def test_a_write_during_a_failover_waits_for_the_new_primary(db_url, proxy) -> None:
    db = Database(_through(db_url, proxy.port), retry_seconds=10)
    try:
        _note_table(db)
        proxy.cut()  # the primary is gone: its sessions cut, its address refuses
        timer = _restore_after(proxy, 1.0)
        with db.write() as conn:  # pooled connection dead, new ones refused, then back
            conn.execute(text("INSERT INTO failover_notes VALUES ('during')"))
        timer.join()
        assert _notes(db) == ["during"]
        assert db.failovers.retry >= 1 and db.failovers.gave_up == 0
    finally:
        db.dispose()


@pg
@pytest.mark.postgres
def test_a_single_read_during_a_failover_is_run_again_on_the_new_primary(db_url, proxy
                                                                        ) -> None:
    """``Database.query`` sends its statement without a BEGIN: the dead pooled connection
    fails on the statement itself, which is a read, so it runs again on a fresh one."""
    db = Database(_through(db_url, proxy.port), retry_seconds=10)
    try:
        _note_table(db)
        with db.write() as conn:
            conn.execute(text("INSERT INTO failover_notes VALUES ('before')"))
        proxy.cut()
        timer = _restore_after(proxy, 1.0)
        rows = db.query(text("SELECT k FROM failover_notes"))
        timer.join()
        assert [r.k for r in rows] == ["before"]
        assert db.failovers.retry >= 1 and db.failovers.gave_up == 0
    finally:
        db.dispose()


@pg
@pytest.mark.postgres
def test_a_one_statement_write_during_a_failover_is_sent_again_and_changes_nothing_twice(
        db_url, proxy) -> None:
    """``Database.write_one`` sends its statement without a BEGIN, and sends it again on a
    fresh connection when the connection fails under it (the patient session's insert is
    guarded by NOT EXISTS for that: a second sending inserts nothing)."""
    db = Database(_through(db_url, proxy.port), retry_seconds=10)
    guarded = text("INSERT INTO failover_notes SELECT 'during' WHERE NOT EXISTS "
                   "(SELECT 1 FROM failover_notes WHERE k = 'during')")
    try:
        _note_table(db)
        assert db.query(text("SELECT 1 AS one"))[0].one == 1  # a pooled connection to kill
        proxy.cut()
        timer = _restore_after(proxy, 1.0)
        assert db.write_one(guarded) == 1
        timer.join()
        assert db.failovers.retry >= 1 and db.failovers.gave_up == 0
        assert db.write_one(guarded) == 0  # what a second sending does
        assert _notes(db) == ["during"]
    finally:
        db.dispose()


@pg
@pytest.mark.postgres
def test_a_failover_longer_than_the_budget_reaches_the_caller(db_url, proxy) -> None:
    db = Database(_through(db_url, proxy.port), retry_seconds=0.3)
    try:
        _note_table(db)
        proxy.cut()
        with pytest.raises(DBAPIError) as caught, db.read() as conn:
            conn.execute(text("SELECT 1"))
        assert is_failover_error(caught.value)
        assert db.failovers.gave_up == 1
        proxy.restore()
        assert _notes(db) == []  # the next transaction finds the primary again
    finally:
        db.dispose()


@pg
@pytest.mark.postgres
def test_a_connection_lost_inside_a_transaction_is_discarded(db_url, proxy) -> None:
    db = Database(_through(db_url, proxy.port), retry_seconds=5)
    try:
        _note_table(db)
        with pytest.raises(DBAPIError), db.write() as conn:
            conn.execute(text("INSERT INTO failover_notes VALUES ('lost')"))
            proxy.cut()  # mid-transaction: not retried here (the block cannot run again)
            proxy.restore()
            conn.execute(text("INSERT INTO failover_notes VALUES ('lost-2')"))
        assert db.failovers.lost_in_flight == 1
        assert _notes(db) == []  # rolled back; and the dead connection was not reused
    finally:
        db.dispose()


@pg
@pytest.mark.postgres
def test_a_read_only_server_is_refused_and_retried(db_url) -> None:
    # a server every session of which is read-only, as a standby's are
    read_only = "options=-cdefault_transaction_read_only%3Don%20"
    standby = Database(db_url.replace("options=", read_only), retry_seconds=0.3)
    try:
        with pytest.raises(ReadOnlyServer), standby.write() as conn:
            conn.execute(text("SELECT 1"))
        assert standby.failovers.retry >= 1 and standby.failovers.gave_up == 1
    finally:
        standby.dispose()


@pg
@pytest.mark.postgres
def test_a_kiosk_request_during_a_failover_is_answered_not_failed(db_url, proxy, clock
                                                                   ) -> None:
    from fastapi.testclient import TestClient

    from kiosk.server.app import create_app
    from kiosk.server.seed import seed_demo

    app = create_app(Settings(database_url=_through(db_url, proxy.port),
                              auto_settle_interval_seconds=0, resume_stale_interval_seconds=0,
                              database_retry_seconds=10), clock=clock)
    creds = seed_demo(app.state.service)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
            assert client.get("/v1/departments", headers=kiosk).status_code == 200
            proxy.cut()
            timer = _restore_after(proxy, 1.0)
            answer = client.get("/v1/departments", headers=kiosk)
            timer.join()
            assert answer.status_code == 200, answer.text
    finally:
        app.state.service.context.db.dispose()


# ---- the server's own repair schedule ------------------------------------------------------


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, auto_settle_interval_seconds=0,
                    resume_stale_interval_seconds=0.2, environment="development")


def _wait_for(check, what: str) -> None:  # type: ignore[no-untyped-def]
    give_up = time.monotonic() + 20
    while not check():
        assert time.monotonic() < give_up, what
        time.sleep(0.1)


def test_the_running_server_resolves_a_settlement_left_in_flight(api: Api) -> None:
    """No auto-settle and nobody calling resume_stale: the repair schedule alone finishes a
    settlement a dead process left ``charging`` and frees a key left claimed."""
    db = api.service.context.db
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=30_000, klass="C")
    bill = api.bill(vid)
    done = api.settle(vid, "left-in-flight", bill)
    assert done.status_code == 201
    sid = done.json()["settlement_id"]
    now = api.service.context.now()
    with db.write() as conn:  # what a process killed in step 3 leaves, and one killed in step 1
        conn.execute(update(schema.settlements).where(
            schema.settlements.c.settlement_id == sid).values(status="charging"))
        conn.execute(update(schema.idempotency_keys).where(
            schema.idempotency_keys.c.key == "left-in-flight").values(
            status="in_progress", response_status=None, response_body=None))
        conn.execute(schema.idempotency_keys.insert().values(
            key="claimed-only", request_hash="x", status="in_progress", created_at=now,
            updated_at=now))
    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)

    def resolved() -> bool:
        with db.read() as conn:
            status = conn.execute(select(schema.settlements.c.status).where(
                schema.settlements.c.settlement_id == sid)).scalar()
            keys = dict(conn.execute(select(schema.idempotency_keys.c.key,
                                            schema.idempotency_keys.c.status)).all())
        return status == "completed" and keys.get("left-in-flight") == "done" and (
            "claimed-only" not in keys)

    _wait_for(resolved, "the repair schedule did not resolve what was left in flight")
    again = api.settle(vid, "left-in-flight", bill)
    assert again.status_code == 201 and again.json()["settlement_id"] == sid
