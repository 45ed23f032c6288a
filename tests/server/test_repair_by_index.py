"""The crash repair looks for keys left in progress through an index, not by reading every key.

Every server runs ``Settlements.resume_stale`` (settlements, reversals, partial refunds) every
``resume_stale_interval_seconds``; each asked the database for the idempotency keys still
``in_progress``, and with no index on their status that read the whole table: 26 ms for
50,000 keys on the city bench's cluster, about three times a second across its servers, and
growing with every settlement (a city adds some 120,000 keys an hour). The test runs the real
repair over a table of finished keys, records the statements it sends, and asks the database
(``EXPLAIN``) how it would run each one that reads the keys: never by scanning the table.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from kiosk.server import schema as t
from kiosk.server.service import Service
from kiosk.server.statuses import KeyStatus
from tests.support.sql_count import count_sql, query_plan

FINISHED_KEYS = 3000
# PostgreSQL's plan and SQLite's query plan for a read of the whole table
_FULL_SCAN = re.compile(r"Seq Scan on idempotency_keys|\bSCAN (TABLE )?idempotency_keys\b")


def _fill(service: Service, clock: Any) -> None:
    old = clock.now - timedelta(days=2)
    rows = [{"key": f"done-{n:05d}", "request_hash": "0" * 64, "status": KeyStatus.DONE,
             "response_status": 201, "response_body": "{}", "created_at": old,
             "updated_at": old, "owner": "kiosk:bench",
             "operation": (None, "reversal", "refund")[n % 3]} for n in range(FINISHED_KEYS)]
    # and one left in progress by a request that never began its settlement
    rows.append({**rows[0], "key": "left-behind", "status": KeyStatus.IN_PROGRESS,
                 "response_status": None, "response_body": None, "operation": None})
    db = service.context.db
    with db.write() as conn:
        conn.execute(t.idempotency_keys.insert(), rows)
    with db.engine.connect() as conn:  # the planner's statistics, as autovacuum keeps them
        conn.execute(text("ANALYZE"))
        conn.commit()


def test_the_crash_repair_finds_keys_in_progress_by_index(service, clock) -> None:
    _fill(service, clock)
    clock.advance(hours=1)  # the one left behind is stale by now
    with count_sql(service.context.db.engine) as count:
        service.settlements.resume_stale()
    sent = [(s, p) for s, p in count.sent if "idempotency_keys" in s
            and s.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE"))]
    with service.context.db.read() as conn:  # the repair did its work: the stale key is free
        assert conn.execute(t.idempotency_keys.select().where(
            t.idempotency_keys.c.key == "left-behind")).first() is None
    reads = [(s, p) for s, p in sent if "in_progress" in str(p) or "status" in s]
    assert len(reads) >= 3, sent  # the settlements', the reversals' and the refunds' look
    db = service.context.db
    scans = [(s, plan) for s, p in reads
             if _FULL_SCAN.search(plan := query_plan(db, s, p))]
    assert scans == [], scans
