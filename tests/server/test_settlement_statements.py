"""What one settlement costs the database, pinned: the three-step protocol
(``kiosk.server.settlement``) needs three durable commits (claim the key; write the
settlement; complete it with the key's answer) and reads nothing twice. Issue 18 measured 11
transactions and 34 statements per tap before; these bounds keep a regression from passing
silently. Counted on the backend's own engine: the reference registry and gateway stand for
outside services and use their own pools (``reference_adapters``).
"""

from __future__ import annotations

import uuid

from kiosk.server.auth import Principal
from kiosk.server.models import SettleIn
from kiosk.server.statuses import Role
from tests.server.conftest import Api
from tests.support.sql_count import SqlCount, count_sql

# statements per tap over HTTP, BEGINs included (issue 18 measured 34, then 26 on SQLite and
# 27 on PostgreSQL): authentication 1, the token and the patient session in one statement
# (PostgreSQL: sent alone, without BEGIN; SQLite: 2 with its BEGIN); claim 2 (BEGIN, the key's
# insert answering the patient's ssn; SQLite 3: its RETURNING names no other table); the
# settlement 5 (BEGIN, the visit's row lock, the visit with its patient, link and year in one
# read, the charges, the writes: on SQLite no lock, and the settlement, the visit, the key
# and the audit one by one, 7 in all); completion 2 (BEGIN and one statement: the settlement
# completed, its audit, the key's answer, the end of the patient session; SQLite 5, one by
# one). The answer is built from what the transaction wrote: a settlement completed just now
# has no refunds
HTTP_STATEMENTS = {"sqlite": 17, "postgresql": 10}


def _visit_with_cash_share(api: Api) -> tuple[int, dict[str, int]]:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_500, qty=2, klass="C")  # class C: the patient pays cash
    split = api.bill(vid)
    assert split["psn_cash_pay_fen"] > 0
    return vid, split


def _body(split: dict[str, int]) -> dict[str, int]:
    return {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]}


def _count_tap(api: Api) -> tuple[SqlCount, dict]:  # type: ignore[type-arg]
    vid, split = _visit_with_cash_share(api)
    kiosk = api.kiosk_for(vid)
    with count_sql(api.service.context.db.engine) as count:
        r = kiosk.post(f"/v1/visits/{vid}/settlement", _body(split),
                       headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    return count, r.json()


def test_a_settlement_takes_three_durable_commits(api: Api) -> None:
    vid, split = _visit_with_cash_share(api)
    kiosk = Principal(role=Role.KIOSK, actor="kiosk:count",
                      patient_id=api.patient_id("eligible"), patient_proven=True)
    with count_sql(api.service.context.db.engine) as count:
        status, answer = api.service.settlements.settle(
            kiosk, vid, uuid.uuid4().hex, SettleIn.model_validate(_body(split)))
    assert status == 201 and answer["payment"]["status"] == "charged", answer
    assert (count.transactions, count.commits, count.durable) == (3, 3, 3), count.log


def test_a_tap_over_http_stays_at_its_bound(api: Api) -> None:
    count, answer = _count_tap(api)
    assert answer["status"] == "completed" and answer["payment"]["status"] == "charged"
    # the three of the settlement (the third ends the patient session too: nothing left to
    # pay) and the request's authentication (a read)
    assert (count.transactions, count.durable) == (4, 3), count.log
    dialect = api.service.context.db.dialect
    assert count.statements <= HTTP_STATEMENTS[dialect], (count.statements, count.log)



def test_the_answer_built_without_reads_is_the_settlement_read_back(api: Api) -> None:
    """Step 3 builds its answer from what its transaction wrote (the debt it made, no
    refunds yet); the same settlement read back from the database shows the same."""
    _count, charged = _count_tap(api)
    api.service.patients.set_payment_declines(
        api.credentials["patients"]["eligible"]["ssn"], True)
    _count, declined = _count_tap(api)
    assert declined["payment"]["status"] == "declined" and declined["debt"]["amount_fen"] > 0
    for answer in (charged, declined):
        read = api.clerk.get(f"/v1/settlements/{answer['settlement_id']}")
        assert read.status_code == 200, read.text
        assert read.json() == answer


def test_the_tap_ends_the_patient_session_only_when_nothing_is_left_to_pay(api: Api) -> None:
    first, split = _visit_with_cash_share(api)
    second = api.check_in(dept="SUR")["visit_id"]
    api.charge(second, "SUR")
    kiosk = api.kiosk_for(first)
    r = kiosk.post(f"/v1/visits/{first}/settlement", _body(split),
                   headers={"Idempotency-Key": "tap-first"})
    assert r.status_code == 201, r.text
    # another visit is open: the session goes on, and pays it
    bill = kiosk.get(f"/v1/visits/{second}/pre-settlement")
    assert bill.status_code == 200, bill.text
    r = kiosk.post(f"/v1/visits/{second}/settlement", _body(bill.json()["split"]),
                   headers={"Idempotency-Key": "tap-second"})
    assert r.status_code == 201, r.text
    # nothing left to pay: the tap's completion ended the session
    after = kiosk.get(f"/v1/visits/{second}/settlement")
    assert after.status_code == 401, after.text
    # a replay in a fresh session answers the settlement and ends that session too
    again = api.kiosk_for(first)
    r = again.post(f"/v1/visits/{first}/settlement", _body(split),
                   headers={"Idempotency-Key": "tap-first"})
    assert r.status_code == 201, r.text
    assert again.get(f"/v1/visits/{first}/settlement").status_code == 401
