"""Partial refunds of a settled visit: the shares going back as the refund split says, the
gateway refund once per refund, the Idempotency-Key's semantics (replay, 422 on another body,
required), supervisor only, never an item twice, never more than was paid (two refunds
racing), a declined refund freeing its items, a debt shrinking instead of a gateway refund, and
a full reversal after partial refunds returning only the rest. Both databases, against the
real app with the reference gateway.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.server import schema
from kiosk.server.errors import ApiError
from tests.server.conftest import Api
from tests.server.support import count_gateway
from tests.server.test_reversal import flaky  # noqa: F401  (the fixture)


def _settled(api: Api, prices: tuple[tuple[int, str], ...] = ((8_000, "C"), (5_000, "A"),
                                                               (3_000, "B"))
             ) -> tuple[dict[str, Any], list[int]]:
    vid = api.check_in()["visit_id"]
    ids = [api.charge(vid, price=p, klass=k, category="drug")["charge_id"] for p, k in prices]
    s = api.settle(vid).json()
    assert s["status"] == "completed", s
    return s, ids


def _refund(api: Api, sid: int, ids: list[int], key: str | None = None,
            reason: str = "medicine returned"):  # type: ignore[no-untyped-def]
    return api.supervisor.post(f"/v1/settlements/{sid}/refunds",
                               {"charge_ids": ids, "reason": reason},
                               headers={"Idempotency-Key": key or uuid.uuid4().hex})


def _gateway_refunded(api: Api) -> int:
    with api.service.context.db.read() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(
            schema.gateway_transactions.c.amount_fen), 0)).where(
            schema.gateway_transactions.c.kind == "refund",
            schema.gateway_transactions.c.status == "succeeded")).scalar_one())


def test_a_refund_returns_the_items_shares_and_replays(api: Api) -> None:
    s, ids = _settled(api)
    r = _refund(api, s["settlement_id"], [ids[0]], key="ref-1")
    assert r.status_code == 200, r.text
    [refund] = r.json()["settlement"]["refunds"]
    assert refund["charge_ids"] == [ids[0]] and refund["status"] == "refunded"
    assert refund["total_fen"] == 8_000  # the class C item: the patient's alone
    assert refund["fund_fen"] == 0
    assert refund["cash_refund_status"] == "refunded"
    assert _gateway_refunded(api) == refund["cash_fen"] > 0
    again = _refund(api, s["settlement_id"], [ids[0]], key="ref-1")
    assert (again.status_code, again.json()) == (200, r.json())
    other = _refund(api, s["settlement_id"], [ids[1]], key="ref-1")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert count_gateway(api.service, "refund") == 1
    twice = _refund(api, s["settlement_id"], [ids[0]])
    assert twice.status_code == 409
    assert twice.json()["error"]["details"] == {"why": "already_refunded",
                                                "charge_ids": [ids[0]]}


def test_refunds_need_a_supervisor_a_key_and_the_settlements_own_items(api: Api) -> None:
    s, ids = _settled(api)
    path = f"/v1/settlements/{s['settlement_id']}/refunds"
    body = {"charge_ids": [ids[0]], "reason": "x"}
    assert api.clerk.post(path, body, headers={"Idempotency-Key": "k1"}).status_code == 403
    assert api.dept("INT").post(path, body, headers={"Idempotency-Key": "k2"}
                                ).status_code == 403
    no_key = api.supervisor.post(path, body)
    assert no_key.status_code == 400
    assert no_key.json()["error"]["code"] == "idempotency_key_required"
    stranger = _refund(api, s["settlement_id"], [ids[0], 999_999])
    assert stranger.status_code == 409
    assert stranger.json()["error"]["details"]["why"] == "not_in_settlement"
    missing = _refund(api, 999_999, [ids[0]])
    assert missing.status_code == 404


def test_all_items_in_steps_return_exactly_the_settlement_then_reversal_has_nothing_left(
        api: Api) -> None:
    s, ids = _settled(api)
    sid = s["settlement_id"]
    first = _refund(api, sid, [ids[1]]).json()["settlement"]["refunds"]
    second = _refund(api, sid, [ids[0], ids[2]]).json()["settlement"]["refunds"]
    assert len(first) == 1 and len(second) == 2
    split = s["split"]
    assert sum(r["fund_fen"] for r in second) == split["fund_pay_sumamt_fen"]
    assert sum(r["acct_fen"] for r in second) == split["acct_pay_fen"]
    assert sum(r["cash_fen"] for r in second) == split["psn_cash_pay_fen"]
    assert _gateway_refunded(api) == split["psn_cash_pay_fen"]
    reversed_ = api.supervisor.post(f"/v1/settlements/{sid}/reversal", {"reason": "all"})
    assert reversed_.status_code == 200, reversed_.text
    assert reversed_.json()["reversal"]["refunded_fen"] == 0
    assert _gateway_refunded(api) == split["psn_cash_pay_fen"]  # nothing paid twice


def test_a_reversal_after_a_partial_refund_returns_only_the_rest(api: Api) -> None:
    s, ids = _settled(api)
    sid = s["settlement_id"]
    refund = _refund(api, sid, [ids[0]]).json()["settlement"]["refunds"][0]
    r = api.supervisor.post(f"/v1/settlements/{sid}/reversal", {"reason": "all"})
    assert r.status_code == 200, r.text
    rest = r.json()["reversal"]["refunded_fen"]
    assert rest == s["split"]["psn_cash_pay_fen"] - refund["cash_fen"]
    assert _gateway_refunded(api) == s["split"]["psn_cash_pay_fen"]
    after = _refund(api, sid, [ids[1]])
    assert after.status_code == 409
    assert after.json()["error"]["details"]["why"] == "already_reversed"
    # the reopened visit bills the items not returned, never the refunded one again
    reopened = api.bill(s["visit_id"])
    assert reopened["medfee_sumamt_fen"] == 5_000 + 3_000


def test_a_declined_refund_frees_its_items_and_says_so(flaky) -> None:  # noqa: F811
    api, gateway = flaky
    s, ids = _settled(api)
    gateway.mode = "declined"
    r = _refund(api, s["settlement_id"], [ids[0]], key="declined-1")
    assert r.status_code == 409
    assert r.json()["error"]["details"]["why"] == "refund_declined"
    assert _refund(api, s["settlement_id"], [ids[0]], key="declined-1").json() == r.json()
    gateway.mode = "ok"
    ok = _refund(api, s["settlement_id"], [ids[0]])
    assert ok.status_code == 200, ok.text
    statuses = [x["status"] for x in ok.json()["settlement"]["refunds"]]
    assert statuses == ["declined", "refunded"]


def test_an_unknown_outcome_stays_refunding_until_the_gateway_answers(flaky) -> None:  # noqa: F811
    api, gateway = flaky
    s, ids = _settled(api)
    gateway.mode = "down"
    r = _refund(api, s["settlement_id"], [ids[0]], key="down-1")
    assert r.status_code == 409
    assert r.json()["error"]["details"]["why"] == "refund_outcome_unknown"
    busy = _refund(api, s["settlement_id"], [ids[1]])
    assert busy.json()["error"]["details"]["why"] == "refund_in_progress"
    reverse = api.supervisor.post(f"/v1/settlements/{s['settlement_id']}/reversal",
                                  {"reason": "x"})
    assert reverse.status_code == 409
    assert reverse.json()["error"]["details"]["why"] == "refund_in_progress"
    gateway.mode = "ok"
    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)
    api.service.settlements.resume_stale()
    done = _refund(api, s["settlement_id"], [ids[0]], key="down-1")
    assert done.status_code == 200, done.text
    assert done.json()["settlement"]["refunds"][0]["status"] == "refunded"
    assert count_gateway(api.service, "refund") == 1


def test_an_uncollected_cash_share_shrinks_the_debt_instead(api: Api) -> None:
    api.service.patients.set_payment_declines(api.credentials["patients"]["eligible"]["ssn"],
                                              True)
    s, ids = _settled(api)
    assert s["debt"] is not None and s["debt"]["status"] == "open"
    r = _refund(api, s["settlement_id"], [ids[0]])
    assert r.status_code == 200, r.text
    refund = r.json()["settlement"]["refunds"][0]
    assert refund["cash_refund_status"] == "debt_reduced"
    debt = r.json()["settlement"]["debt"]
    assert debt["amount_fen"] == s["debt"]["amount_fen"] - refund["cash_fen"]
    assert count_gateway(api.service, "refund") == 0


@pytest.mark.parametrize("overlap", [True, False])
def test_two_refunds_racing_never_return_more_than_was_paid(api: Api, overlap: bool) -> None:
    s, ids = _settled(api)
    sid = s["settlement_id"]
    service = api.service
    token = api.supervisor.token
    assert token is not None
    who = service.auth.authenticate(token, None)
    asks = [[ids[0], ids[1]], [ids[1], ids[2]]] if overlap else [[ids[0]], [ids[1], ids[2]]]
    barrier = threading.Barrier(2)
    answers: list[Any] = []

    def refund(items: list[int]) -> None:
        barrier.wait()
        try:
            answers.append(service.settlements.refunds.refund(
                who, sid, items, "returned", uuid.uuid4().hex))
        except ApiError as exc:
            answers.append((exc.status, exc.body()))

    threads = [threading.Thread(target=refund, args=(a,)) for a in asks]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    with service.context.db.read() as conn:
        items = conn.execute(select(schema.refund_items.c.charge_id).where(
            schema.refund_items.c.settlement_id == sid)).scalars().all()
        shares = conn.execute(select(
            func.coalesce(func.sum(schema.refunds.c.fund_fen), 0),
            func.coalesce(func.sum(schema.refunds.c.acct_fen), 0),
            func.coalesce(func.sum(schema.refunds.c.cash_fen), 0)).where(
            schema.refunds.c.settlement_id == sid,
            schema.refunds.c.status == "refunded")).one()
    assert len(items) == len(set(items))  # no item twice
    split = s["split"]
    assert shares[0] <= split["fund_pay_sumamt_fen"] and shares[1] <= split["acct_pay_fen"]
    assert shares[2] <= split["psn_cash_pay_fen"]
    assert _gateway_refunded(api) == shares[2]
    oks = [a for a in answers if a[0] == 200]
    assert oks, answers
    if overlap:
        assert len(oks) == 1  # the shared item went back once
        [refused] = [a for a in answers if a[0] != 200]
        assert refused[0] == 409
    elif len(oks) == 1:  # the second met the first still running: told so, nothing moved
        [busy] = [a for a in answers if a[0] != 200]
        assert busy[1]["error"]["details"]["why"] == "refund_in_progress"


def test_what_a_refund_gives_back_to_the_account_can_be_spent_again(api: Api) -> None:
    s, ids = _settled(api, ((100_000, "B"), (100_000, "B")))
    assert s["split"]["acct_pay_fen"] == 50_000  # the whole balance
    later = api.check_in(dept="SUR")["visit_id"]
    api.charge(later, dept="SUR", price=10_000, klass="B")
    assert api.bill(later)["acct_pay_fen"] == 0
    refund = _refund(api, s["settlement_id"], [ids[0]]).json()["settlement"]["refunds"][0]
    assert refund["acct_fen"] == 25_000  # half the account's share: two equal items
    assert 0 < api.bill(later)["acct_pay_fen"] <= 25_000


def test_a_key_claimed_by_a_refund_that_never_began_is_freed_then_refunds_afresh(api: Api
                                                                                ) -> None:
    """A crash between claiming the key and beginning (step 1 only): the repair frees the
    stale key, and the supervisor's retry with it refunds."""
    from kiosk.server.refunds import REFUND, refund_request_hash
    from kiosk.server.reversal import claim_key

    s, ids = _settled(api)
    sid = s["settlement_id"]
    token = api.supervisor.token
    assert token is not None
    who = api.service.auth.authenticate(token, None)
    claim_key(api.service.context, who, "crashed-1",
              refund_request_hash(sid, [ids[0]], "medicine returned"), REFUND, sid)
    early = _refund(api, sid, [ids[0]], key="crashed-1")
    assert early.status_code == 409
    assert early.json()["error"]["details"]["why"] == "refund_in_progress"
    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)
    api.service.settlements.resume_stale()
    r = _refund(api, sid, [ids[0]], key="crashed-1")
    assert r.status_code == 200, r.text
    assert count_gateway(api.service, "refund") == 1
