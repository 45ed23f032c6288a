"""Reversal with an Idempotency-Key (replay, 422 on another body) and the gateway's answers to
the refund: declined (not reversed, and said so), no answer at all (still reversing, said so,
finished by the repair once the gateway answers). Both databases, against the real app; the
payment gateway (the outermost boundary) is the reference one with a refund that can fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.server import schema
from kiosk.server.adapters import PaymentResult, ReferencePaymentGateway, reference_adapters
from kiosk.server.app import create_app
from kiosk.server.db import Database
from kiosk.server.seed import seed_demo
from kiosk.server.statuses import GatewayStatus
from tests.server.conftest import Api
from tests.server.support import count_gateway


class FlakyRefunds(ReferencePaymentGateway):
    """The reference gateway whose refunds answer ``mode``: ``ok``, ``declined`` or ``down``
    (the call and the lookup both raise: the outcome is unknown)."""

    mode = "ok"

    def refund(self, *, reference: str, patient_id: int, amount_fen: int) -> PaymentResult:
        if self.mode == "down":
            raise TimeoutError("gateway time-out")
        if self.mode == "declined":
            return PaymentResult(reference, GatewayStatus.DECLINED, amount_fen)
        return super().refund(reference=reference, patient_id=patient_id, amount_fen=amount_fen)

    def lookup(self, reference: str) -> PaymentResult | None:
        if self.mode == "down":
            raise TimeoutError("gateway time-out")
        return super().lookup(reference)


@pytest.fixture
def flaky(settings, clock) -> Any:
    db = Database(settings.database_url)
    adapters = reference_adapters(db, settings.default_credit_score)
    gateway = FlakyRefunds(Database(settings.database_url, pool_size=2))
    adapters.gateway = gateway
    app = create_app(settings, adapters=adapters, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        service = app.state.service
        yield Api(client, service, seed_demo(service), clock), gateway
    app.state.service.context.db.dispose()
    db.dispose()


def _settled(api: Api) -> dict[str, Any]:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=8_000, klass="C")
    s = api.settle(vid).json()
    assert s["payment"]["status"] == "charged" and s["split"]["psn_cash_pay_fen"] > 0
    return s


def _status(api: Api, settlement_id: int) -> tuple[str, str]:
    with api.service.context.db.read() as conn:
        row = conn.execute(select(schema.settlements.c.status, schema.visits.c.status)
                           .join(schema.visits, schema.visits.c.visit_id
                                 == schema.settlements.c.visit_id)
                           .where(schema.settlements.c.settlement_id == settlement_id)).one()
    return row[0], row[1]


def test_a_reversal_key_replays_and_refuses_another_body(api: Api) -> None:
    s = _settled(api)
    path = f"/v1/settlements/{s['settlement_id']}/reversal"
    first = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-1"})
    again = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-1"})
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json() and first.json()["status"] == "reversed"
    assert count_gateway(api.service, "refund") == 1
    other = api.supervisor.post(path, {"reason": "y"}, headers={"Idempotency-Key": "rev-1"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    by_admin = api.admin.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-1"})
    assert by_admin.status_code == 422  # another caller's key
    bad = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "a b"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "idempotency_key_required"
    # a settle request cannot replay a reversal's key, nor the other way round
    assert api.settle(s["visit_id"], "rev-1").status_code == 422


def test_a_declined_refund_leaves_the_settlement_not_reversed(flaky) -> None:
    api, gateway = flaky
    s = _settled(api)
    gateway.mode = "declined"
    path = f"/v1/settlements/{s['settlement_id']}/reversal"
    r = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-d"})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "reversal_not_allowed"
    assert r.json()["error"]["details"] == {"why": "refund_declined"}
    assert _status(api, s["settlement_id"]) == ("completed", "settled")
    assert api.supervisor.post(path, {"reason": "x"},
                               headers={"Idempotency-Key": "rev-d"}).json() == r.json()
    gateway.mode = "ok"  # a new attempt (new key) refunds
    done = api.supervisor.post(path, {"reason": "x"})
    assert done.status_code == 200 and done.json()["reversal"]["refund_status"] == "refunded"
    assert _status(api, s["settlement_id"]) == ("reversed", "open")


def test_an_unknown_refund_outcome_is_said_and_repaired(flaky) -> None:
    api, gateway = flaky
    s = _settled(api)
    gateway.mode = "down"
    path = f"/v1/settlements/{s['settlement_id']}/reversal"
    r = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-u"})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "settlement_in_progress"
    assert r.json()["error"]["details"] == {"why": "refund_outcome_unknown"}
    assert _status(api, s["settlement_id"]) == ("reversing", "settled")
    retry = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-u"})
    assert retry.status_code == 409
    assert retry.json()["error"]["details"]["why"] == "reversal_in_progress"
    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)
    assert api.service.settlements.resume_stale() == []  # still no answer: left for later
    gateway.mode = "ok"
    assert api.service.settlements.resume_stale() == [s["settlement_id"]]
    assert _status(api, s["settlement_id"]) == ("reversed", "open")
    final = api.supervisor.post(path, {"reason": "x"}, headers={"Idempotency-Key": "rev-u"})
    assert final.status_code == 200 and final.json()["reversal"]["refund_status"] == "refunded"
    assert count_gateway(api.service, "refund") == 1
