"""Every statement of a patient's journey is compiled once per process, not once per request.

SQLAlchemy keeps a statement's compiled SQL under its cache key; a statement with a part that
has no cache key is compiled again on every execution, which costs more of the server's CPU
than running it (issue 18: the patient session's last use and a new session, both with
``NO_STANDBY_WAIT`` in their ``WHERE``, were compiled on every eligibility question and every
request that touched its session). Counted on the backend's own engine, both dialects.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from kiosk.server.db import NO_STANDBY_WAIT
from tests.server.conftest import Api
from tests.support.sql_count import count_sql


def test_no_standby_wait_keeps_a_statement_cacheable() -> None:
    assert NO_STANDBY_WAIT._generate_cache_key() is not None
    assert select(NO_STANDBY_WAIT)._generate_cache_key() is not None


def test_a_journey_compiles_each_statement_once(api: Api) -> None:
    def journey() -> None:
        kiosk = api.session("eligible")  # eligibility: the token, the standing, a new session
        r = kiosk.post("/v1/visits", {"patient_id": api.patient_id("eligible"),
                                      "department_code": "INT"})
        assert r.status_code == 201, r.text
        vid = r.json()["visit_id"]
        api.charge(vid, price=2_500, qty=2, klass="C")
        api.charge(vid, price=1_200, klass="A", category="drug")
        api.clock.advance(seconds=61)  # the session's last use is written again
        bill = kiosk.get(f"/v1/visits/{vid}/pre-settlement")
        assert bill.status_code == 200, bill.text
        split = bill.json()["split"]
        r = kiosk.post(f"/v1/visits/{vid}/settlement",
                       {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
                        "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]},
                       headers={"Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 201, r.text

    with count_sql(api.service.context.db.engine) as count:
        journey()
    assert count.statements > 10, count.summary()  # the journey ran its statements
    assert count.uncached == [], count.uncached
