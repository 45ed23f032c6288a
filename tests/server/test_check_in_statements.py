"""What a check-in costs the database, pinned (``POST /v1/visits``: once a journey in
``bench/city_load.py``, and with the settlement its slowest step).

Its reads need no shared snapshot (the write queues on the department's row for the ticket,
and the visits' unique index refuses a second open visit), so on PostgreSQL they are sent
each on its own (``Database.reads``), without ``BEGIN``/``COMMIT``; the patient's ssn comes
with the standing row instead of a read of its own, and the open visit with the department.
Whether the session's patient is proven (card authentication) comes with the token and the
session, which every request reads first, not from a read of its own; the visit and its
audit row are one statement on PostgreSQL (``Context.insert_audited``); and the answer is
built from the rows at hand (the visit as inserted; its department as read before) instead
of read back after the commit. On PostgreSQL, with card authentication required: 16
statements and five transactions' ``BEGIN``s at first (21 round trips counting the
``COMMIT``s), then 11, and 7 now, the write's ``BEGIN`` the only one (8 round trips): the
token and session, the standing, the department with an open visit, the insured person's
region (the reference insurer, on this database), then ``BEGIN``, the department's queue, the
visit with its audit row. SQLite 19, then 16, now 11 (it keeps a read transaction around
each group of reads, and writes the audit row on its own).
"""

from __future__ import annotations

from tests.server.conftest import Api
from tests.server.support import audit_rows
from tests.support.sql_count import count_sql

CHECK_IN_STATEMENTS = {"postgresql": 7, "sqlite": 11}


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
    # the answer is the visit as stored (but the wait: the patients ahead at check-in)
    stored = kiosk.get(f"/v1/visits/{visit['visit_id']}").json()["visit"]
    assert {k: v for k, v in visit.items() if k != "estimated_wait_minutes"} == {
        k: stored[k] for k in visit if k != "estimated_wait_minutes"}
    assert [d for _actor, d in audit_rows(api, "visit.check_in", visit["visit_id"])] == [
        {"patient_id": api.patient_id("eligible"), "department": "INT", "mode": "credit"}]
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
