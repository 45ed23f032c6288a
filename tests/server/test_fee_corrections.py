"""Fee-detail lifecycle: the posting department voids or corrects its charge while the visit is
open (the original kept, the correction linked, the audit log says who), nobody else may, a
settled visit refuses (only a refund changes money), voided and corrected charges leave the
bill, the visit's total and the itinerary, and a correction racing a settlement either loses
to it or makes it answer ``amount_changed``. Both databases, against the real app.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from sqlalchemy import select

from kiosk.server import schema
from kiosk.server.errors import ApiError
from tests.server.conftest import Api
from tests.server.support import audit_rows


def test_void_keeps_the_charge_and_takes_it_off_the_bill(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    kept = api.charge(vid, price=2_000)
    dropped = api.charge(vid, price=3_000, performing="LAB")
    assert api.bill(vid)["medfee_sumamt_fen"] == 5_000
    r = api.dept("INT").post(f"/v1/charges/{dropped['charge_id']}/void",
                             {"reason": "test cancelled"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "voided"
    assert api.bill(vid)["medfee_sumamt_fen"] == 2_000
    visit = api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()
    assert [c["charge_id"] for c in visit["charges"]] == [kept["charge_id"]]
    assert visit["visit"]["unsettled_total_fen"] == 2_000
    stops = api.kiosk_for(vid).get(f"/v1/visits/{vid}/itinerary").json()["stops"]
    assert "LAB" not in [s["department_code"] for s in stops]
    with api.service.context.db.read() as conn:
        row = conn.execute(select(schema.charges).where(
            schema.charges.c.charge_id == dropped["charge_id"])).one()
    assert (row.status, row.change_reason, row.amount_fen) == ("voided", "test cancelled", 3_000)
    [(actor, details)] = audit_rows(api, "charge.void", dropped["charge_id"])
    assert actor.startswith("department:") and details["amount_fen"] == 3_000
    again = api.dept("INT").post(f"/v1/charges/{dropped['charge_id']}/void", {"reason": "x"})
    assert again.status_code == 409
    assert again.json()["error"]["details"]["charge"]["status"] == "voided"


def test_a_correction_is_a_new_charge_linked_to_the_original(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    original = api.charge(vid, price=1_500, qty=2, category="drug")
    r = api.dept("INT").post(f"/v1/charges/{original['charge_id']}/correction",
                             {"quantity": 1, "reason": "dose changed"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["corrected"]["status"] == "corrected"
    assert body["corrected"]["amount_fen"] == 3_000
    new = body["charge"]
    assert (new["status"], new["corrects_charge_id"], new["amount_fen"], new["quantity"],
            new["unit_price_fen"]) == ("active", original["charge_id"], 1_500, 1, 1_500)
    assert api.bill(vid)["medfee_sumamt_fen"] == 1_500
    [(_actor, details)] = audit_rows(api, "charge.correct", original["charge_id"])
    assert details["new_charge_id"] == new["charge_id"] and details["new_amount_fen"] == 1_500
    nothing = api.dept("INT").post(f"/v1/charges/{new['charge_id']}/correction",
                                   {"reason": "nothing named"})
    assert nothing.status_code == 422


def test_only_the_posting_department_may_and_only_while_the_visit_is_open(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    charge = api.charge(vid, price=2_000)
    path = f"/v1/charges/{charge['charge_id']}/void"
    other = api.dept("LAB").post(path, {"reason": "not mine"})
    assert other.status_code in (403, 404), other.text  # LAB does not even reach the visit
    assert api.supervisor.post(path, {"reason": "staff"}).status_code == 403
    assert api.kiosk_for(vid).post(path, {"reason": "kiosk"}).status_code == 403
    assert api.settle(vid).status_code == 201
    for late in (api.dept("INT").post(path, {"reason": "too late"}),
                 api.dept("INT").post(f"/v1/charges/{charge['charge_id']}/correction",
                                      {"quantity": 2, "reason": "too late"})):
        assert late.status_code == 409, late.text
        assert late.json()["error"]["code"] == "visit_closed"


def test_a_settlement_citing_the_bill_from_before_a_void_answers_amount_changed(api: Api
                                                                                ) -> None:
    vid = api.check_in()["visit_id"]
    a = api.charge(vid, price=2_000, klass="C")
    api.charge(vid, price=2_000, klass="C", category="drug")
    seen = api.kiosk_for(vid).get(f"/v1/visits/{vid}/pre-settlement").json()
    api.dept("INT").post(f"/v1/charges/{a['charge_id']}/correction",
                         {"category": "drug", "reason": "other item, same price"})
    # equal totals, another bill: only the digest tells
    r = api.settle(vid, split=seen["split"], bill_digest=seen["bill"]["digest"])
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "amount_changed"
    assert r.json()["error"]["details"]["bill"]["digest"] != seen["bill"]["digest"]


def _race_round(api: Api, dept: Any) -> str:
    """One round: a correction and a settlement citing the bill the patient saw, started
    together; checks the round's outcome and names the order it took."""
    vid = api.check_in()["visit_id"]
    charge = api.charge(vid, price=2_000, qty=2)
    kiosk = api.kiosk_for(vid)
    seen = kiosk.get(f"/v1/visits/{vid}/pre-settlement").json()
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def correct() -> None:
        barrier.wait()
        try:
            api.service.fee_details.correct(dept, charge["charge_id"], {"quantity": 1}, "dose")
            results["correction"] = "done"
        except ApiError as exc:
            results["correction"] = exc.status

    def settle() -> None:
        barrier.wait()
        results["settle"] = api.settle(vid, split=seen["split"], caller=kiosk,
                                       key=uuid.uuid4().hex, bill_digest=seen["bill"]["digest"])

    threads = [threading.Thread(target=correct), threading.Thread(target=settle)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    settled = results["settle"]
    if settled.status_code == 201:
        assert results["correction"] == 409
        assert settled.json()["split"]["medfee_sumamt_fen"] == 4_000
        return "settled first"
    assert settled.status_code == 409, settled.text
    assert settled.json()["error"]["code"] == "amount_changed"
    assert results["correction"] == "done"
    assert api.settle(vid).status_code == 201  # the new bill, seen: the next round may start
    return "corrected first"


def test_a_correction_racing_a_settlement_never_settles_an_unseen_bill(api: Api) -> None:
    """Rounds of a correction racing a settlement: either the settlement settled exactly the
    bill the patient saw and the correction was refused, or the correction went first and the
    settlement answered ``amount_changed``."""
    dept = api.service.auth.authenticate(api.credentials["department_tokens"]["INT"], None)
    outcomes = {_race_round(api, dept) for _round in range(6)}
    assert outcomes <= {"settled first", "corrected first"}
