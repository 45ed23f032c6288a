"""What a check-in costs the database, pinned (``POST /v1/visits``: once a journey in
``bench/city_load.py``, and with the settlement its slowest step).

Its reads need no shared snapshot (the write queues on the department's row for the ticket,
and the visits' unique index refuses a second open visit), so on PostgreSQL they are sent
each on its own (``Database.reads``), without ``BEGIN``/``COMMIT``; the patient's ssn comes
with the standing row instead of a read of its own, and the open-visit check is read with
it. On PostgreSQL, with card authentication required: 16 statements and five transactions'
``BEGIN``s before (21 round trips counting the ``COMMIT``s), 11 statements now, the write's
``BEGIN`` the only one (12 round trips): the token and session, the session's card proof,
the standing, the department, an open visit, the insured person's region (the reference
insurer, on this database), then ``BEGIN``, the department's queue, the visit, its audit row,
and the answer's read. SQLite 19 before, 16 now (it keeps a read transaction around each
group of reads).
"""

from __future__ import annotations

from tests.server.conftest import Api
from tests.support.sql_count import count_sql

CHECK_IN_STATEMENTS = {"postgresql": 11, "sqlite": 16}


def test_a_check_in_sends_one_transaction_on_postgresql_and_stays_at_its_bound(api: Api
                                                                               ) -> None:
    kiosk = api.session("eligible")
    db = api.service.context.db
    with count_sql(db.engine) as count:
        r = kiosk.post("/v1/visits", {"patient_id": api.patient_id("eligible"),
                                      "department_code": "INT"})
    assert r.status_code == 201, r.text
    visit = r.json()
    assert visit["department_code"] == "INT" and visit["status"] == "open"
    assert visit["ticket_number"] >= 1 and "estimated_wait_minutes" in visit
    assert count.statements <= CHECK_IN_STATEMENTS[db.dialect], count.log
    assert count.durable == 1, count.summary()  # the check-in's one durable commit
    if db.dialect == "postgresql":
        begins = [line for line in count.log if line.upper().startswith("BEGIN")]
        assert len(begins) == 1, count.log


def test_a_check_in_still_refuses_what_it_refused(api: Api) -> None:
    kiosk = api.session("eligible")
    pid = api.patient_id("eligible")
    unknown = kiosk.post("/v1/visits", {"patient_id": pid, "department_code": "NOPE"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "department_unknown"
    first = kiosk.post("/v1/visits", {"patient_id": pid, "department_code": "INT"})
    assert first.status_code == 201, first.text
    again = kiosk.post("/v1/visits", {"patient_id": pid, "department_code": "INT"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_checked_in"
    assert again.json()["error"]["details"]["visit"]["visit_id"] == first.json()["visit_id"]
    other = api.session("rare_name")  # another patient's session reaches no such patient
    stranger = other.post("/v1/visits", {"patient_id": pid, "department_code": "SUR"})
    assert stranger.status_code == 404, stranger.text
