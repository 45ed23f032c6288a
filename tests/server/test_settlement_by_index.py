"""A visit's settlement is found through an index, not by reading every settlement.

``GET /v1/visits/{id}/settlement`` (the kiosk showing a visit paid under another key, the
counter, receipts) looked the visit's settlements up by the visit alone; the only index on the
visit was the partial unique one of live settlements, which a statement without that
status condition cannot use, so each call read the whole table (seen on the city bench's
cluster: ``Seq Scan on settlements`` over 54,000 rows; a city adds some 120,000 a day).
Migration 15 adds a plain index on the visit. The test records what the route sends and asks
the database how it would run each read of the settlements, with sequential scans priced out
on PostgreSQL so that the small test table still shows whether an index serves it.
"""

from __future__ import annotations

import re

from tests.server.conftest import Api
from tests.support.sql_count import count_sql, query_plan

# every settlement read: PostgreSQL's scan of the table, or of a whole index (no condition on
# it, only a filter: without the index on the visit, the primary key's, walked backwards for
# the newest), and SQLite's scan
_FULL_SCAN = re.compile(r"Seq Scan on settlements"
                        r"|Scan(?: Backward)? using \w+ on settlements\b[^\n]*\n\s*Filter:"
                        r"|\bSCAN (TABLE )?settlements\b")


def test_a_visits_settlement_is_read_by_index(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_000)
    assert api.settle(vid).status_code == 201
    with count_sql(api.service.context.db.engine) as count:
        r = api.clerk.get(f"/v1/visits/{vid}/settlement")
    assert r.status_code == 200 and r.json()["visit_id"] == vid, r.text
    reads = [(s, p) for s, p in count.sent
             if "settlements" in s and s.lstrip().upper().startswith("SELECT")]
    assert reads, count.log
    db = api.service.context.db
    scans = [(s, plan) for s, p in reads
             if _FULL_SCAN.search(plan := query_plan(db, s, p, index_if_any=True))]
    assert scans == [], scans
