"""Settlement: the one tap, idempotency, one settlement per visit, declines and debts,
status queries, reversal, and concurrent taps (threads against one app and database)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from kiosk.domain.demo import demo_patient
from kiosk.server.adapters import ReferencePaymentGateway

from .support import authenticated, card_of, count_gateway


def open_visit_with_charges(api, key="eligible", dept="INT"):  # type: ignore[no-untyped-def]
    vid = api.check_in(key, dept)["visit_id"]
    api.charge(vid, dept, price=30_000)
    api.charge(vid, dept, price=5_000, klass="C", category="procedure")
    return vid


def test_settle_charges_the_cash_share_once(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    r = api.settle(vid, "tap-1", bill)
    assert r.status_code == 201, r.text
    s = r.json()
    assert s["status"] == "completed" and s["channel"] == "linked_method"
    assert s["split"] == bill
    assert s["payment"] == {"status": "charged", "amount_fen": bill["psn_cash_pay_fen"],
                            "gateway_reference": f"settlement-{s['settlement_id']}"}
    assert s["debt"] is None
    assert count_gateway(api.service) == 1
    visit = api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["visit"]
    assert visit["status"] == "settled" and visit["settlement_id"] == s["settlement_id"]
    # the bill is gone; the settlement is reachable three ways
    assert api.kiosk_for(vid).get(f"/v1/visits/{vid}/pre-settlement").json()["error"]["code"] == \
        "visit_closed"
    kiosk = api.kiosk_for(vid)
    for path in (f"/v1/settlements/{s['settlement_id']}", "/v1/settlements/by-key/tap-1",
                 f"/v1/visits/{vid}/settlement"):
        got = kiosk.get(path)
        assert got.status_code == 200 and got.json() == s


def test_replay_same_key_same_body(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    first = api.settle(vid, "tap-2", bill)
    second = api.settle(vid, "tap-2", bill)
    assert (second.status_code, second.json()) == (first.status_code, first.json())
    assert count_gateway(api.service) == 1


def test_same_key_different_body_is_422(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    assert api.settle(vid, "tap-3", bill).status_code == 201
    changed = dict(bill, psn_cash_pay_fen=bill["psn_cash_pay_fen"] + 1)
    r = api.settle(vid, "tap-3", changed)
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    other_visit = open_visit_with_charges(api, "rare_name")
    r = api.settle(other_visit, "tap-3", bill)
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"


def test_missing_or_malformed_key_is_400(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    r = api.kiosk_for(vid).post(f"/v1/visits/{vid}/settlement", body)
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_required"
    r = api.kiosk_for(vid).post(f"/v1/visits/{vid}/settlement", body,
                       headers={"Idempotency-Key": "has space"})
    assert r.status_code == 400
    assert count_gateway(api.service) == 0


def test_second_key_for_a_settled_visit_is_already_settled(api) -> None:
    vid = open_visit_with_charges(api)
    first = api.settle(vid, "tap-a").json()
    r = api.settle(vid, "tap-b", first["split"])
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "already_settled"
    assert err["details"]["settlement"]["settlement_id"] == first["settlement_id"]
    assert count_gateway(api.service) == 1


def test_amount_changed_refuses_and_charges_nothing(api) -> None:
    vid = open_visit_with_charges(api)
    seen = api.bill(vid)
    api.charge(vid, price=1_000, klass="C")  # the doctor adds an item after the patient looked
    r = api.settle(vid, "tap-old", seen)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "amount_changed"
    now = r.json()["error"]["details"]["split"]
    assert now["psn_cash_pay_fen"] == seen["psn_cash_pay_fen"] + 1_000
    assert count_gateway(api.service) == 0
    assert api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["visit"]["status"] == "open"
    assert api.settle(vid, "tap-new", now).status_code == 201


def test_nothing_to_settle_and_unknown_visit(api) -> None:
    vid = api.check_in()["visit_id"]
    zero = {"medfee_sumamt_fen": 0, "psn_cash_pay_fen": 0}
    r = api.settle(vid, None, zero)
    assert r.status_code == 409 and r.json()["error"]["code"] == "nothing_to_settle"
    r = api.settle(987654, None, zero, caller=api.session())
    assert r.status_code == 404 and r.json()["error"]["code"] == "visit_not_found"
    r = api.kiosk.get("/v1/settlements/by-key/never-used")
    assert r.status_code == 404 and r.json()["error"]["code"] == "settlement_not_found"


class HoldingGateway(ReferencePaymentGateway):
    """The reference gateway, held mid-charge until the test lets it go."""

    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db)
        self.entered = threading.Event()
        self.release = threading.Event()

    def charge(self, **kwargs):  # type: ignore[no-untyped-def]
        self.entered.set()
        assert self.release.wait(30)
        return super().charge(**kwargs)


def test_request_while_the_first_is_running_is_409_in_progress(api) -> None:
    gateway = HoldingGateway(api.service.context.db)
    api.service.context.adapters.gateway = gateway
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(api.settle, vid, "tap-slow", bill)
        assert gateway.entered.wait(30)
        r = api.settle(vid, "tap-slow", bill)
        assert r.status_code == 409 and r.json()["error"]["code"] == "settlement_in_progress"
        r = api.kiosk.get("/v1/settlements/by-key/tap-slow")
        assert r.status_code == 409 and r.json()["error"]["code"] == "settlement_in_progress"
        other = api.settle(vid, "tap-other", bill)  # another key for the same visit
        assert other.status_code == 409 and other.json()["error"]["code"] == "already_settled"
        gateway.release.set()
        done = first.result(30)
    assert done.status_code == 201
    assert api.settle(vid, "tap-slow", bill).json() == done.json()
    assert count_gateway(api.service) == 1


def test_concurrent_taps_with_different_keys_make_one_settlement(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda i: api.settle(vid, f"race-{i}", bill), range(6)))
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409, 409, 409, 409, 409], [r.text for r in results]
    assert {r.json()["error"]["code"] for r in results if r.status_code == 409} == \
        {"already_settled"}
    assert count_gateway(api.service) == 1


def test_concurrent_taps_with_one_key_make_one_settlement(api) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda i: api.settle(vid, "same-key", bill), range(6)))
    created = [r for r in results if r.status_code == 201]
    assert len(created) >= 1
    assert all(r.json() == created[0].json() for r in created)
    for r in results:
        assert r.status_code in (201, 409)
        if r.status_code == 409:
            assert r.json()["error"]["code"] == "settlement_in_progress"
    assert count_gateway(api.service) == 1


def test_decline_becomes_debt_then_overdue_then_paid_at_counter(api, clock) -> None:
    p = demo_patient("eligible")
    api.service.patients.set_payment_declines(p.ssn, True)
    vid = open_visit_with_charges(api)
    r = api.settle(vid, "tap-decline")
    assert r.status_code == 201
    s = r.json()
    assert s["status"] == "completed"  # the credit: treated now, pays later
    assert s["payment"]["status"] == "declined"
    debt = s["debt"]
    assert debt["amount_fen"] == s["split"]["psn_cash_pay_fen"]
    assert debt["due_date"] == "2026-12-23" and debt["status"] == "open"
    elig = api.kiosk.post("/v1/eligibility",
                          authenticated(api.kiosk, card_of("eligible"))).json()
    assert elig["decision"] == "eligible"
    assert elig["available_credit_fen"] == elig["credit_limit_fen"] - debt["amount_fen"]

    clock.advance(days=31)
    elig = api.kiosk.post("/v1/eligibility", authenticated(
        api.kiosk, card_of("eligible", expiry_date=None)))
    assert elig.json()["decision"] == "not_eligible"
    assert elig.json()["reasons"] == ["overdue_debt"]

    path = f"/v1/debts/{debt['debt_id']}/payment"
    wrong = api.clerk.post(path, {"channel": "cash", "amount_fen": debt["amount_fen"] - 1})
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "amount_changed"
    paid = api.clerk.post(path, {"channel": "cash", "amount_fen": debt["amount_fen"]})
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    again = api.clerk.post(path, {"channel": "cash", "amount_fen": debt["amount_fen"]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "debt_not_open"
    assert api.kiosk.post("/v1/eligibility", authenticated(
        api.kiosk, card_of("eligible"))).json()["decision"] == "eligible"


def test_gateway_failure_becomes_debt(api) -> None:
    class Broken(ReferencePaymentGateway):
        def charge(self, **kwargs):  # type: ignore[no-untyped-def]
            raise ConnectionError("gateway down")

    api.service.context.adapters.gateway = Broken(api.service.context.db)
    vid = open_visit_with_charges(api)
    s = api.settle(vid).json()
    assert s["payment"]["status"] == "failed"
    assert s["debt"]["amount_fen"] == s["split"]["psn_cash_pay_fen"]


def test_not_eligible_patient_pays_at_the_counter(api) -> None:
    pid = api.patient_id("not_eligible")
    vid = api.clerk.post("/v1/visits", {"patient_id": pid, "department_code": "INT",
                                        "mode": "counter"}).json()["visit_id"]
    api.charge(vid, price=8_000)
    bill = api.bill(vid)
    kiosk_try = api.settle(vid, None, bill)
    assert kiosk_try.status_code == 409 and kiosk_try.json()["error"]["code"] == "not_eligible"
    assert api.settle(vid, None, bill, channel="counter").status_code == 403  # kiosk
    r = api.settle(vid, None, bill, caller=api.clerk, channel="counter")
    assert r.status_code == 201
    assert r.json()["payment"]["status"] == "counter"
    assert count_gateway(api.service) == 0


def test_reversal_refunds_and_reopens(api, clock) -> None:
    vid = open_visit_with_charges(api)
    bill = api.bill(vid)
    s = api.settle(vid, "tap-r", bill).json()
    path = f"/v1/settlements/{s['settlement_id']}/reversal"
    assert api.clerk.post(path, {"reason": "wrong patient"}).status_code == 403
    assert api.kiosk.post(path, {"reason": "wrong patient"}).status_code == 403
    r = api.supervisor.post(path, {"reason": "billing error"})
    assert r.status_code == 200, r.text
    rev = r.json()
    assert rev["status"] == "reversed"
    assert rev["reversal"]["refund_status"] == "refunded"
    assert rev["reversal"]["refunded_fen"] == s["split"]["psn_cash_pay_fen"]
    assert count_gateway(api.service, "refund") == 1
    assert api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["visit"]["status"] == "open"
    twice = api.supervisor.post(path, {"reason": "again"})
    assert twice.status_code == 409
    assert twice.json()["error"] == {"code": "reversal_not_allowed",
                                     "message": "already reversed",
                                     "details": {"why": "already_reversed",
                                                 "refund_status": "refunded",
                                                 "refunded_fen": rev["reversal"]["refunded_fen"]}}
    # the visit can be settled again, with a new key
    again = api.settle(vid, "tap-r2", bill)
    assert again.status_code == 201 and again.json()["settlement_id"] != s["settlement_id"]
    clock.advance(days=8)
    late = f"/v1/settlements/{again.json()['settlement_id']}/reversal"
    expired = api.supervisor.post(late, {"reason": "late"})  # the session has expired too
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "unauthenticated"
    api._staff.clear()
    old = api.supervisor.post(f"/v1/settlements/{again.json()['settlement_id']}/reversal",
                              {"reason": "late"})
    assert old.status_code == 409 and old.json()["error"]["details"]["why"] == "too_old"


def test_reversal_cancels_the_open_debt(api) -> None:
    api.service.patients.set_payment_declines(demo_patient("eligible").ssn, True)
    vid = open_visit_with_charges(api)
    s = api.settle(vid).json()
    rev = api.admin.post(f"/v1/settlements/{s['settlement_id']}/reversal",
                         {"reason": "x"}).json()
    assert rev["debt"]["status"] == "cancelled"
    assert rev["reversal"]["refund_status"] == "none"
    assert count_gateway(api.service, "refund") == 0


def test_settlements_feed_the_year_state(api) -> None:
    """The deductible used by one settlement is not applied again to the next."""
    first = open_visit_with_charges(api, dept="INT")
    s1 = api.settle(first).json()
    assert s1["split"]["act_pay_dedc_fen"] == 20_000
    second = open_visit_with_charges(api, dept="SUR")
    s2 = api.bill(second)
    assert s2["act_pay_dedc_fen"] == 0  # the 200 yuan deductible is used up
    assert s2["hifp_pay_fen"] == 21_000  # 70 % of the in-scope 300 yuan
