"""A backend process SIGKILLed at each step of a reversal, then a real ``kiosk server`` started
on the same database: the reversal ends refunded and reversed, exactly once (one gateway
refund, one ``settlement.reverse`` audit entry, the visit open again), and the supervisor's
retry with the same Idempotency-Key answers so. Before the repair is due, no answer claims a
reversal whose refund has not happened. Both databases.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.server import schema
from kiosk.server.db import Database
from tests.server.support import HttpCaller, authenticated
from tests.server.test_crash_recovery import crashable, kill_when_reached
from tests.support.server_proc import (
    ServerProcess,
    seed,
    session,
    staff_token,
    write_config,
)


def _facts(url: str, settlement_id: int, key: str) -> dict[str, Any]:
    db = Database(url, pool_size=1)
    try:
        with db.read() as conn:
            row = conn.execute(select(schema.settlements).where(
                schema.settlements.c.settlement_id == settlement_id)).one()
            visit = conn.execute(select(schema.visits.c.status).where(
                schema.visits.c.visit_id == row.visit_id)).scalar_one()
            refunds = conn.execute(select(func.count()).select_from(
                schema.gateway_transactions).where(
                schema.gateway_transactions.c.kind == "refund")).scalar_one()
            audits = conn.execute(select(func.count()).select_from(schema.audit_log).where(
                schema.audit_log.c.action == "settlement.reverse",
                schema.audit_log.c.object_id == str(settlement_id))).scalar_one()
            key_status = conn.execute(select(schema.idempotency_keys.c.status).where(
                schema.idempotency_keys.c.key == key)).scalar()
        return {"status": row.status, "refund_status": row.refund_status, "visit": visit,
                "refunds": int(refunds), "audits": int(audits), "key": key_status}
    finally:
        db.dispose()


def _supervisor(base: str, creds: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {staff_token(base, creds, 'supervisor')}"}


def _settled(base: str, creds: dict[str, Any]) -> tuple[int, int]:
    """A visit of the eligible patient with one charge, settled at the kiosk: (settlement id,
    cash share)."""
    s = session()
    kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
    dept = {"Authorization": f"Bearer {creds['department_tokens']['INT']}"}
    patient = creds["patients"]["eligible"]
    card = {"ssn": patient["ssn"], "card_number": patient["card_number"]}
    r = s.post(f"{base}/v1/eligibility", headers=kiosk, timeout=30,
               json=authenticated(HttpCaller(s, base, kiosk), card))
    assert r.status_code == 200, r.text
    kiosk["X-Patient-Session"] = r.json()["session_token"]
    vid = s.post(f"{base}/v1/visits", headers=kiosk, timeout=30, json={
        "patient_id": patient["patient_id"], "department_code": "INT"}).json()["visit_id"]
    r = s.post(f"{base}/v1/visits/{vid}/charges", headers=dept, timeout=30, json={
        "item_code": "LAB-CBC", "name": "血常规", "category": "lab", "insurance_class": "C",
        "unit_price_fen": 2_500, "quantity": 2})
    assert r.status_code == 201, r.text
    bill = s.get(f"{base}/v1/visits/{vid}/pre-settlement", headers=kiosk,
                 timeout=30).json()["split"]
    r = s.post(f"{base}/v1/visits/{vid}/settlement", headers={
        **kiosk, "Idempotency-Key": uuid.uuid4().hex}, timeout=30, json={
        "expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
        "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]})
    assert r.status_code == 201 and r.json()["payment"]["status"] == "charged", r.text
    assert bill["psn_cash_pay_fen"] > 0
    return r.json()["settlement_id"], bill["psn_cash_pay_fen"]


def _crash_mid_reversal(db_url: str, tmp_path: Path, point: str, creds: dict[str, Any],
                        key: str, body: dict[str, str]) -> int:
    """Settle, then start a reversal with ``key`` on a crashable server, SIGKILL it at
    ``point``; returns the settlement's id."""
    with crashable(db_url, tmp_path, point) as (proc, base, marker):
        settlement_id, _cash = _settled(base, creds)
        supervisor = {**_supervisor(base, creds), "Idempotency-Key": key}
        (tmp_path / "arm").touch()

        def reverse() -> None:
            with contextlib.suppress(Exception):  # the server dies under it: no answer
                session().post(f"{base}/v1/settlements/{settlement_id}/reversal", json=body,
                               headers=supervisor, timeout=60)

        kill_when_reached(proc, marker, reverse)
    return settlement_id


# what each crash leaves: (settlement status, gateway refunds)
LEFT = {"before_reversing": ("completed", 0), "before_refund": ("reversing", 0),
        "after_refund": ("reversing", 1), "after_reversed": ("reversed", 1)}


@pytest.mark.parametrize("point", list(LEFT))
def test_kill_mid_reversal_then_retry_with_the_same_key(db_url, tmp_path: Path,
                                                       point: str) -> None:
    creds = seed(db_url)
    key, body = f"rev-{uuid.uuid4().hex}", {"reason": "billing error"}
    sid = _crash_mid_reversal(db_url, tmp_path, point, creds, key, body)
    left = _facts(db_url, sid, key)
    assert (left["status"], left["refunds"]) == LEFT[point]
    s = session()
    if point == "before_refund":
        # the stuck case: before the repair is due, a retry is told the truth (still running),
        # never "already reversed"; the reversal is not half-done twice
        with ServerProcess.start(db_url, tmp_path, config=write_config(
                tmp_path, "auto_settle_interval_seconds = 0\nsettle_stale_seconds = 3600\n"),
                name="early") as server:
            headers = _supervisor(server.base_url, creds)
            path = f"{server.base_url}/v1/settlements/{sid}/reversal"
            same = s.post(path, json=body, headers={**headers, "Idempotency-Key": key},
                          timeout=60)
            other = s.post(path, json=body, headers=headers, timeout=60)
            for answer in (same, other):
                assert answer.status_code == 409, answer.text
                assert answer.json()["error"]["code"] == "settlement_in_progress"
                assert answer.json()["error"]["details"]["why"] == "reversal_in_progress"
        assert _facts(db_url, sid, key)["refunds"] == 0

    time.sleep(1.5)  # older than settle_stale_seconds = 1
    config = write_config(tmp_path, "auto_settle_interval_seconds = 0\n"
                                    "settle_stale_seconds = 1\nenvironment = \"development\"\n")
    with ServerProcess.start(db_url, tmp_path, config=config) as server:  # repairs at start
        headers = _supervisor(server.base_url, creds)
        path = f"{server.base_url}/v1/settlements/{sid}/reversal"
        answers = [s.post(path, json=body, headers={**headers, "Idempotency-Key": key},
                          timeout=60) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200], answers[0].text
        assert answers[0].json() == answers[1].json()
        reversed_ = answers[0].json()
        assert reversed_["status"] == "reversed"
        assert reversed_["reversal"]["refund_status"] == "refunded"
        assert reversed_["reversal"]["refunded_fen"] == reversed_["split"]["psn_cash_pay_fen"]
        assert reversed_["reversal"]["reason"] == "billing error"
        other = s.post(path, json=body, headers=headers, timeout=60)
        assert other.status_code == 409
        assert other.json()["error"]["details"] == {
            "why": "already_reversed", "refund_status": "refunded",
            "refunded_fen": reversed_["split"]["psn_cash_pay_fen"]}
        reused = s.post(path, json={"reason": "another reason"},
                        headers={**headers, "Idempotency-Key": key}, timeout=60)
        assert reused.status_code == 422
        assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert _facts(db_url, sid, key) == {"status": "reversed", "refund_status": "refunded",
                                        "visit": "open", "refunds": 1, "audits": 1,
                                        "key": "done"}
