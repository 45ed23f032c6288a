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

# statements per tap over HTTP, BEGINs included: authentication 3; claim 3; settlement 10
# (visit, patient and link, charges, the year's settlements and refunds, the three writes and
# the audit; 11 with PostgreSQL's row lock on the visit); completion 7 (the update, its
# audit, the answer's debt and refunds, the key's answer); ending the patient session 3
HTTP_STATEMENTS = {"sqlite": 26, "postgresql": 27}


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
    # the three of the settlement, the request's authentication (a read) and the end of the
    # patient session (a write: nothing left to pay)
    assert (count.transactions, count.durable) == (5, 4), count.log
    dialect = api.service.context.db.dialect
    assert count.statements <= HTTP_STATEMENTS[dialect], (count.statements, count.log)

