"""Unknown outcomes for operators: the supervisor's list of settlements whose outcome is
unknown or stuck and its resolution (ask the gateway, complete or reverse, audit), on SQLite
and PostgreSQL, against the real app with the reference gateway playing rehearsal faults; and
the pure decisions (``settlement_state``, ``charge_verdict``) directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from kiosk.server import schema
from kiosk.server.finance_ops import charge_verdict, settlement_state
from tests.server.conftest import Api

T0 = datetime(2026, 11, 23, 2, 0)
OLD, NEW = datetime(2026, 11, 23, 1, 0), datetime(2026, 11, 23, 3, 0)


def test_settlement_state_decides_what_is_unresolved() -> None:
    assert settlement_state("charging", None, None, OLD, T0) == "charging"
    assert settlement_state("charging", None, None, NEW, T0) is None
    assert settlement_state("reversing", "charged", "settlement-1", OLD, T0) == "reversing"
    assert settlement_state("reversing", "charged", "settlement-1", None, T0) == "reversing"
    assert settlement_state("completed", "failed", "settlement-1", NEW, T0) == "charge_unknown"
    assert settlement_state("completed", "failed", None, OLD, T0) is None  # no link: no charge
    assert settlement_state("completed", "charged", "settlement-1", OLD, T0) is None
    assert settlement_state("reversed", "charged", "settlement-1", OLD, T0) is None


def test_charge_verdict() -> None:
    assert charge_verdict("succeeded", "open") == "charged"
    assert charge_verdict("succeeded", None) == "charged"
    assert charge_verdict("succeeded", "paid") == "paid_twice"
    assert charge_verdict("declined", "open") == "declined"
    assert charge_verdict(None, "open") == "not_charged"


def _fault(api: Api, **body: Any) -> None:
    r = api.supervisor.post("/v1/admin/rehearsal/faults", {"target": "gateway", **body})
    assert r.status_code == 201, r.text


def _settle(api: Api) -> dict[str, Any]:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=8_000, klass="C")
    r = api.settle(vid)
    assert r.status_code == 201, r.text
    return r.json()


def _unresolved(api: Api, **params: Any) -> list[dict[str, Any]]:
    r = api.supervisor.get("/v1/finance/unresolved", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _resolve(api: Api, settlement_id: int, status: int = 200) -> dict[str, Any]:
    r = api.supervisor.post(f"/v1/finance/unresolved/{settlement_id}/resolution")
    assert r.status_code == status, r.text
    return r.json()


def _audits(api: Api, settlement_id: int) -> list[dict[str, Any]]:
    with api.service.context.db.read() as conn:
        rows = conn.execute(select(schema.audit_log).where(
            schema.audit_log.c.action == "finance.resolve",
            schema.audit_log.c.object_id == str(settlement_id))).all()
    return [{"actor": r.actor, **json.loads(r.details)} for r in rows]


def test_a_charge_whose_outcome_is_unknown_is_listed_and_resolved_as_charged(api: Api) -> None:
    _fault(api, operation="charge", fault="unknown")
    s = _settle(api)
    sid = s["settlement_id"]
    assert s["payment"]["status"] == "failed" and s["debt"]["status"] == "open"
    [item] = _unresolved(api)
    assert (item["id"], item["state"], item["amount_fen"]) == (
        sid, "charge_unknown", s["split"]["psn_cash_pay_fen"])
    done = _resolve(api, sid)
    assert done["outcome"] == "charged"
    assert done["settlement"]["payment"]["status"] == "charged"
    assert done["settlement"]["debt"]["status"] == "cancelled"
    assert _unresolved(api) == []
    [audit] = _audits(api, sid)
    assert audit["outcome"] == "charged" and audit["actor"].startswith("staff:")
    _resolve(api, sid, status=409)  # known now


def test_a_charge_the_gateway_never_saw_is_voided_and_the_debt_stands(api: Api) -> None:
    _fault(api, operation="charge", fault="timeout")
    _fault(api, operation="lookup", fault="timeout")
    s = _settle(api)
    sid = s["settlement_id"]
    assert [i["state"] for i in _unresolved(api)] == ["charge_unknown"]
    done = _resolve(api, sid)
    assert done["outcome"] == "not_charged"
    assert done["settlement"]["debt"]["status"] == "open"
    assert _unresolved(api) == []
    # a charge arriving late under the same reference is never made
    gateway = api.service.context.adapters.gateway
    late = gateway.charge(reference=f"settlement-{sid}", patient_id=s["patient_id"],
                          payment_method_ref="x", amount_fen=1)
    assert late.status == "voided"


def test_a_reversal_left_reversing_is_listed_and_resolved(api: Api) -> None:
    s = _settle(api)
    sid = s["settlement_id"]
    _fault(api, operation="refund", fault="unknown")
    r = api.supervisor.post(f"/v1/settlements/{sid}/reversal", {"reason": "test"})
    assert r.status_code == 409 and r.json()["error"]["details"]["why"] == \
        "refund_outcome_unknown", r.text
    assert _unresolved(api) == []  # younger than settle_stale_seconds: the repair's turn
    api.clock.advance(seconds=1)
    [item] = _unresolved(api, older_than_seconds=0)
    assert (item["id"], item["state"], item["gateway_reference"]) == (
        sid, "reversing", f"refund-{sid}")
    done = _resolve(api, sid)
    assert done["outcome"] == "reversed"
    assert done["settlement"]["status"] == "reversed"
    assert done["settlement"]["reversal"]["refund_status"] == "refunded"
    assert _unresolved(api, older_than_seconds=0) == []
    assert [a["outcome"] for a in _audits(api, sid)] == ["reversed"]


def test_a_gateway_still_silent_answers_409_and_is_audited(api: Api) -> None:
    s = _settle(api)
    sid = s["settlement_id"]
    _fault(api, operation="refund", fault="timeout", times=2)
    _fault(api, operation="lookup", fault="timeout", times=2)
    r = api.supervisor.post(f"/v1/settlements/{sid}/reversal", {"reason": "test"})
    assert r.status_code == 409, r.text
    out = _resolve(api, sid, status=409)
    assert out["error"]["details"]["why"] == "refund_outcome_unknown"
    assert [a["outcome"] for a in _audits(api, sid)] == ["still_unknown"]
    assert _resolve(api, sid)["outcome"] == "reversed"  # the gateway answers again


def test_a_settlement_a_crash_left_charging_is_completed(api: Api) -> None:
    s = _settle(api)
    sid = s["settlement_id"]
    with api.service.context.db.write() as conn:  # as a crash after step 2 leaves it
        conn.execute(update(schema.settlements).where(
            schema.settlements.c.settlement_id == sid).values(
            status="charging", payment_status=None, completed_at=None))
    api.clock.advance(seconds=1)
    assert [i["state"] for i in _unresolved(api, older_than_seconds=0)] == ["charging"]
    done = _resolve(api, sid)
    assert done["outcome"] == "completed_charged"
    assert done["settlement"]["status"] == "completed"


@pytest.mark.parametrize("role", ["clerk", "anon"])
def test_only_supervisors_see_and_resolve(api: Api, role: str) -> None:
    caller = api.anon if role == "anon" else api.clerk
    assert caller.get("/v1/finance/unresolved").status_code in (401, 403)
    assert caller.post("/v1/finance/unresolved/1/resolution").status_code in (401, 403)


def test_resolving_an_unknown_kind_or_settlement(api: Api) -> None:
    assert api.supervisor.post("/v1/finance/unresolved/1/resolution",
                               params={"kind": "nope"}).status_code == 422
    assert api.supervisor.post("/v1/finance/unresolved/999/resolution").status_code == 404


def test_a_partial_refund_left_refunding_is_listed_and_resolved(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    first = api.charge(vid, price=8_000, klass="C")
    api.charge(vid, price=3_000, klass="C")
    s = api.settle(vid).json()
    _fault(api, operation="refund", fault="unknown")
    r = api.supervisor.post(f"/v1/settlements/{s['settlement_id']}/refunds",
                            {"charge_ids": [first["charge_id"]], "reason": "returned"},
                            headers={"Idempotency-Key": "refund-one"})
    assert r.status_code == 409, r.text
    api.clock.advance(seconds=1)
    [item] = _unresolved(api, older_than_seconds=0)
    assert (item["kind"], item["state"], item["settlement_id"]) == (
        "refund", "refunding", s["settlement_id"])
    r = api.supervisor.post(f"/v1/finance/unresolved/{item['id']}/resolution",
                            params={"kind": "refund"})
    assert r.status_code == 200, r.text
    assert r.json()["outcome"] == "refunded"
    assert _unresolved(api, older_than_seconds=0) == []
    assert [a["outcome"] for a in _audits(api, s["settlement_id"])] == ["refunded"]
    # the day still balances with the partial refund's gateway line
    recon = api.supervisor.post("/v1/finance/reconciliations", {"date": "2026-11-23"}).json()
    assert recon["gateway"] == [], recon
