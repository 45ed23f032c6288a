"""A backend process SIGKILLed in the middle of a partial refund (before the gateway refunds,
and after it refunded but before its answer came back), then a real ``kiosk server`` started
on the same database: the refund of one of two items ends refunded exactly once (one gateway
refund, one ``settlement.refund`` audit entry), and the supervisor's retry with the same
Idempotency-Key answers so. Before the repair is due, the retry is told the refund is still
running. Both databases.
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
from tests.server.test_crash_recovery import crashable, kill_when_reached
from tests.support.server_proc import ServerProcess, seed, session, staff_token, write_config


class _Caller:
    """A real server's caller with fixed headers."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self.base, self.headers, self.http = base, headers, session()

    def post(self, path: str, json: Any = None) -> Any:
        return self.http.post(f"{self.base}{path}", json=json, headers=self.headers, timeout=30)

    def get(self, path: str) -> Any:
        return self.http.get(f"{self.base}{path}", headers=self.headers, timeout=30)


def _supervisor(base: str, creds: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {staff_token(base, creds, 'supervisor')}"}


def _settled(base: str, creds: dict[str, Any]) -> tuple[int, int]:
    """A visit of the eligible patient with two charges, settled at the kiosk (on a server
    that needs no card authentication: the crash is the refund's): (settlement id, cash
    share)."""
    kiosk = _Caller(base, {"Authorization": f"Bearer {creds['kiosk_token']}"})
    dept = _Caller(base, {"Authorization": f"Bearer {creds['department_tokens']['INT']}"})
    patient = creds["patients"]["eligible"]
    card = {"ssn": patient["ssn"], "card_number": patient["card_number"]}
    r = kiosk.post("/v1/eligibility", {"card": card})
    assert r.status_code == 200, r.text
    kiosk.headers["X-Patient-Session"] = r.json()["session_token"]
    r = kiosk.post("/v1/visits", {"patient_id": patient["patient_id"], "department_code": "INT"})
    assert r.status_code == 201, r.text
    vid = r.json()["visit_id"]
    for price in (2_500, 4_000):
        r = dept.post(f"/v1/visits/{vid}/charges", {
            "item_code": f"DRUG-{price}", "name": "药品", "category": "drug",
            "insurance_class": "C", "unit_price_fen": price, "quantity": 1})
        assert r.status_code == 201, r.text
    bill = kiosk.get(f"/v1/visits/{vid}/pre-settlement").json()["split"]
    kiosk.headers["Idempotency-Key"] = uuid.uuid4().hex
    r = kiosk.post(f"/v1/visits/{vid}/settlement", {
        "expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
        "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]})
    assert r.status_code == 201 and r.json()["payment"]["status"] == "charged", r.text
    return r.json()["settlement_id"], bill["psn_cash_pay_fen"]


def _facts(url: str, settlement_id: int) -> dict[str, Any]:
    db = Database(url, pool_size=1)
    try:
        with db.read() as conn:
            refunds = conn.execute(select(schema.refunds.c.status).where(
                schema.refunds.c.settlement_id == settlement_id)).scalars().all()
            gateway = conn.execute(select(func.count()).select_from(
                schema.gateway_transactions).where(
                schema.gateway_transactions.c.kind == "refund")).scalar_one()
            audits = conn.execute(select(func.count()).select_from(schema.audit_log).where(
                schema.audit_log.c.action == "settlement.refund",
                schema.audit_log.c.object_id == str(settlement_id))).scalar_one()
            items = conn.execute(select(schema.charges.c.charge_id).join(
                schema.settlements,
                schema.settlements.c.visit_id == schema.charges.c.visit_id).where(
                schema.settlements.c.settlement_id == settlement_id)).scalars().all()
        return {"refunds": list(refunds), "gateway": int(gateway), "audits": int(audits),
                "items": [int(i) for i in items]}
    finally:
        db.dispose()


# what each crash leaves: (refund statuses, gateway refunds)
LEFT = {"before_refund": (["refunding"], 0), "after_refund": (["refunding"], 1)}


@pytest.mark.parametrize("point", list(LEFT))
def test_kill_mid_refund_then_retry_with_the_same_key(db_url, tmp_path: Path,
                                                     point: str) -> None:
    creds = seed(db_url)
    key = f"refund-{uuid.uuid4().hex}"
    with ServerProcess.start(db_url, tmp_path, config=write_config(
            tmp_path, "auto_settle_interval_seconds = 0\ncard_authentication_required = false\n"),
            name="settle") as server:
        sid, _cash = _settled(server.base_url, creds)
    with crashable(db_url, tmp_path, point) as (proc, base, marker):
        first = _facts(db_url, sid)["items"][0]
        body = {"charge_ids": [first], "reason": "medicine returned"}
        headers = {**_supervisor(base, creds), "Idempotency-Key": key}
        (tmp_path / "arm").touch()

        def refund() -> None:
            with contextlib.suppress(Exception):  # the server dies under it: no answer
                session().post(f"{base}/v1/settlements/{sid}/refunds", json=body,
                               headers=headers, timeout=60)

        kill_when_reached(proc, marker, refund)
    left = _facts(db_url, sid)
    assert (left["refunds"], left["gateway"]) == LEFT[point]
    s = session()
    with ServerProcess.start(db_url, tmp_path, config=write_config(
            tmp_path, "auto_settle_interval_seconds = 0\nsettle_stale_seconds = 3600\n"),
            name="early") as server:
        early = s.post(f"{server.base_url}/v1/settlements/{sid}/refunds", json=body,
                       headers={**_supervisor(server.base_url, creds), "Idempotency-Key": key},
                       timeout=60)
        assert early.status_code == 409, early.text
        assert early.json()["error"]["details"]["why"] == "refund_in_progress"
    assert _facts(db_url, sid)["gateway"] == LEFT[point][1]

    time.sleep(1.5)  # older than settle_stale_seconds = 1
    config = write_config(tmp_path, "auto_settle_interval_seconds = 0\n"
                                    "settle_stale_seconds = 1\n")
    with ServerProcess.start(db_url, tmp_path, config=config) as server:  # repairs at start
        headers = {**_supervisor(server.base_url, creds), "Idempotency-Key": key}
        path = f"{server.base_url}/v1/settlements/{sid}/refunds"
        answers = [s.post(path, json=body, headers=headers, timeout=60) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200], answers[0].text
        assert answers[0].json() == answers[1].json()
        [refund] = answers[0].json()["settlement"]["refunds"]
        assert refund["status"] == "refunded" and refund["cash_fen"] == 2_500  # class C
        assert refund["cash_refund_status"] == "refunded"
    assert _facts(db_url, sid) | {"items": []} == {"refunds": ["refunded"], "gateway": 1,
                                                   "audits": 1, "items": []}
