"""Follow-up fixes: stale idempotency keys after a crash, a request whose key was freed while
it ran, the consent signature image, a re-used ``his_order_id``, and no personal data in the
server log when a request fails."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from kiosk.domain.demo import demo_patient
from kiosk.server import schema
from kiosk.server.adapters import reference_adapters
from kiosk.server.app import create_app
from kiosk.server.context import sha256_hex
from kiosk.server.db import Database
from kiosk.server.seed import seed_demo
from tests.support.server_proc import ServerProcess, seed, session, write_config

from .conftest import Api
from .support import card_of, count_gateway, link_proof

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


def _visit_with_bill(api: Api) -> tuple[int, dict]:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=30_000, klass="C")  # class C: all cash, so the gateway is charged
    return vid, api.bill(vid)


def _request_hash(vid: int, bill: dict) -> str:
    """As ``Settlements.settle`` hashes the kiosk's request (the body with its defaults)."""
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"], "channel": "linked_method"}
    return sha256_hex(json.dumps({"visit_id": vid, **body}, sort_keys=True))


def _key_row(api: Api, key: str):  # type: ignore[no-untyped-def]
    with api.service.context.db.read() as conn:
        return conn.execute(select(schema.idempotency_keys).where(
            schema.idempotency_keys.c.key == key)).first()


def _settlements(api: Api, vid: int) -> int:
    with api.service.context.db.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.settlements).where(
            schema.settlements.c.visit_id == vid)).scalar_one()


# ---- (a) crash gaps of the idempotency key ----------------------------------------------------

def test_a_key_left_claimed_without_settlement_is_freed_once_stale(api: Api) -> None:
    vid, bill = _visit_with_bill(api)
    now = api.service.context.now()
    with api.service.context.db.write() as conn:  # what a crash before the settlement insert leaves
        conn.execute(schema.idempotency_keys.insert().values(
            key="crashed-1", request_hash=_request_hash(vid, bill), status="in_progress",
            created_at=now, updated_at=now))
    r = api.settle(vid, "crashed-1", bill)
    assert r.status_code == 409 and r.json()["error"]["code"] == "settlement_in_progress"
    assert api.admin.get("/v1/settlements/by-key/crashed-1").status_code == 409
    assert api.admin.post("/v1/admin/auto-settle").status_code == 200
    assert _key_row(api, "crashed-1") is not None  # not stale yet: a live request may own it

    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)
    assert api.admin.post("/v1/admin/auto-settle").status_code == 200
    assert _key_row(api, "crashed-1") is None
    first, again = api.settle(vid, "crashed-1", bill), api.settle(vid, "crashed-1", bill)
    assert first.status_code == 201, first.text
    assert (again.status_code, again.json()) == (201, first.json())
    assert _settlements(api, vid) == 1 and count_gateway(api.service) == 1
    assert api.admin.get("/v1/settlements/by-key/crashed-1").json() == first.json()


def test_a_key_left_claimed_after_completion_gets_the_settlement_as_its_answer(api: Api
                                                                               ) -> None:
    vid, bill = _visit_with_bill(api)
    done = api.settle(vid, "crashed-2", bill)
    assert done.status_code == 201
    with api.service.context.db.write() as conn:  # as if the process died before marking it done
        conn.execute(update(schema.idempotency_keys).where(
            schema.idempotency_keys.c.key == "crashed-2").values(
            status="in_progress", response_status=None, response_body=None))
    assert api.settle(vid, "crashed-2", bill).status_code == 409
    api.clock.advance(seconds=api.service.context.settings.settle_stale_seconds + 1)
    assert api.service.settlements.resume_stale() == []  # no settlement needed finishing
    row = _key_row(api, "crashed-2")
    assert row.status == "done" and row.response_status == 201
    r = api.settle(vid, "crashed-2", bill)
    assert (r.status_code, r.json()) == (201, done.json())
    assert _settlements(api, vid) == 1 and count_gateway(api.service) == 1


def test_a_request_whose_key_was_freed_while_it_ran_creates_nothing(settings, clock) -> None:
    """The first request hangs in the registry longer than settle_stale_seconds and its key
    is freed; when it wakes it settles nothing (its transaction finds the key gone) and stores
    no answer; the kiosk's retry with the same key then settles once."""
    gate, entered = threading.Event(), threading.Event()
    db = Database(settings.database_url, pool_size=2)
    adapters = reference_adapters(db, settings.default_credit_score)
    real_balance = adapters.registry.account_balance_fen
    calls = []

    def balance(ssn: str) -> int:
        calls.append(ssn)
        if len(calls) == 2:  # the first tap (the bill read was call 1)
            entered.set()
            assert gate.wait(30)
        return real_balance(ssn)

    adapters.registry.account_balance_fen = balance  # type: ignore[method-assign]
    app = create_app(settings, adapters=adapters, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = Api(client, app.state.service, seed_demo(app.state.service), clock)
        vid, bill = _visit_with_bill(api)
        slow: list = []
        worker = threading.Thread(target=lambda: slow.append(api.settle(vid, "slow", bill)))
        worker.start()
        assert entered.wait(30)
        clock.advance(seconds=settings.settle_stale_seconds + 1)
        api.service.settlements.resume_stale()  # frees the stale key
        assert _key_row(api, "slow") is None
        gate.set()
        worker.join(30)
        assert slow[0].status_code == 409
        assert slow[0].json()["error"]["code"] == "settlement_in_progress"
        assert _settlements(api, vid) == 0 and count_gateway(api.service) == 0
        assert _key_row(api, "slow") is None  # its answer was not stored either
        retry = api.settle(vid, "slow", bill)
        assert retry.status_code == 201, retry.text
        assert _settlements(api, vid) == 1 and count_gateway(api.service) == 1
        again = api.settle(vid, "slow", bill)
        assert (again.status_code, again.json()) == (201, retry.json())
    app.state.service.context.db.dispose()
    db.dispose()


# ---- (b) the consent signature image -------------------------------------------------------

def _link(api: Api, consent: dict):  # type: ignore[no-untyped-def]
    pid = api.clerk.post("/v1/patients", {"card": card_of("first_time"),
                                          "insurance_type": "310"}).json()["patient"][
        "patient_id"]
    r = api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": True,
        "consent": {"text": "我同意", "signed_at": "2026-11-23T02:00:00Z", **consent},
        "payment_method": {"type": "wechat", "reference": "wx-1"},
        **link_proof(api.clerk, card_of("first_time"))})
    return pid, r


def _stored_signature(api: Api, pid: int) -> str | None:
    with api.service.context.db.read() as conn:
        return conn.execute(select(schema.credit_links.c.signature_sha256).where(
            schema.credit_links.c.patient_id == pid)).scalar()


def test_the_backend_hashes_the_signature_image_itself(api: Api) -> None:
    pid, r = _link(api, {"signature_png_base64": base64.b64encode(PNG).decode()})
    assert r.status_code == 200, r.text
    assert _stored_signature(api, pid) == hashlib.sha256(PNG).hexdigest()


def test_image_and_matching_hash_are_accepted(api: Api) -> None:
    digest = hashlib.sha256(PNG).hexdigest().upper()
    pid, r = _link(api, {"signature_png_base64": base64.b64encode(PNG).decode(),
                         "signature_sha256": digest})
    assert r.status_code == 200, r.text
    assert _stored_signature(api, pid) == digest.lower()


@pytest.mark.parametrize("consent", [
    {},
    {"signature_png_base64": base64.b64encode(PNG).decode(),
     "signature_sha256": hashlib.sha256(b"other").hexdigest()},
    {"signature_png_base64": base64.b64encode(b"GIF89a-not-a-png").decode()},
    {"signature_png_base64": "not base64!"},
    {"signature_png_base64": base64.b64encode(PNG).decode()[:-3]},
    {"signature_png_base64": base64.b64encode(PNG + bytes(512 * 1024)).decode()},
    {"signature_png_base64": ""},
], ids=["none", "mismatch", "not_png", "bad_chars", "bad_padding", "too_large", "empty"])
def test_a_bad_signature_is_refused_and_nothing_is_linked(api: Api, consent: dict) -> None:
    pid, r = _link(api, consent)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    assert _stored_signature(api, pid) is None


# ---- (c) a re-used his_order_id -----------------------------------------------------------

def test_the_same_order_again_is_a_replay_a_changed_one_is_refused(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    first = api.charge(vid, price=2_500, order="ORD-9")
    again = api.charge(vid, price=2_500, order="ORD-9", expect=200)
    assert again == first
    # an order for the lab refers the visit to it: the lab may post to the visit from then on
    referral = api.charge(vid, performing="LAB", price=1_000, order="ORD-L")
    r = api.dept("INT").post(f"/v1/visits/{vid}/charges", {
        "item_code": "IT-2500", "name": "检查", "category": "lab", "insurance_class": "A",
        "unit_price_fen": 9_900, "quantity": 1, "his_order_id": "ORD-9"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "his_order_reused"
    assert error["details"]["fields"] == ["unit_price_fen"]
    assert error["details"]["charge"] == first
    changed_dept = api.dept("LAB").post(f"/v1/visits/{vid}/charges", {
        "item_code": "IT-2500", "name": "检查", "category": "lab", "insurance_class": "A",
        "unit_price_fen": 2_500, "quantity": 1, "his_order_id": "ORD-9"})
    assert changed_dept.status_code == 422
    assert set(changed_dept.json()["error"]["details"]["fields"]) == {
        "ordering_department_code", "performing_department_code"}
    charges = api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["charges"]
    assert charges == [first, referral]  # nothing added, nothing changed
    # still a replay after the visit is settled; still refused when changed
    assert api.settle(vid).status_code == 201
    assert api.charge(vid, price=2_500, order="ORD-9", expect=200) == first
    api.charge(vid, price=2_500, qty=2, order="ORD-9", expect=422)


# ---- (d) no personal data in the server log -----------------------------------------------

def test_a_failing_request_logs_no_personal_data(tmp_path: Path) -> None:
    """A real server at debug level; the reference bureau's table is gone, so the eligibility
    check fails inside SQL with the ssn as a parameter; the query string carries PII too."""
    url = f"sqlite:///{tmp_path / 'backend.sqlite3'}"
    creds = seed(url)
    with ServerProcess.start(url, tmp_path, config=write_config(tmp_path),
                             log_level="debug") as server:
        db = sqlite3.connect(tmp_path / "backend.sqlite3")
        db.execute("ALTER TABLE ref_people RENAME TO ref_people_gone")
        db.commit()
        db.close()
        patient = demo_patient("eligible")
        card = card_of(patient)
        s = session()
        r = s.post(f"{server.base_url}/v1/eligibility?ssn={patient.ssn}&name={patient.name}",
                   json={"card": card}, timeout=30,
                   headers={"Authorization": f"Bearer {creds['kiosk_token']}",
                            "X-Request-ID": "pii-probe-1"})
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
        assert r.json()["error"]["details"] == {"request_id": "pii-probe-1"}
        s.post(f"{server.base_url}/v1/patients/search", json={"ssn": patient.ssn}, timeout=30,
               headers={"Authorization": "Bearer nope"})
        time.sleep(0.3)
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "pii-probe-1" in log and "OperationalError" in log  # the failure is logged ...
    assert "ref_people" in log  # ... with the SQL, for whoever debugs it
    for secret in (patient.ssn, patient.name, patient.card_number, patient.ssn[-8:]):
        assert secret not in log, secret  # ... but never the person
    assert "Traceback" not in log  # uvicorn never printed the exception's own text


def test_describe_leaves_out_what_an_exception_says() -> None:
    from kiosk.server.errors import describe

    try:
        raise ValueError(f"Key (ssn)=({demo_patient('eligible').ssn}) already exists")
    except ValueError as exc:
        text = describe(exc)
    assert text.startswith("ValueError") and "test_followups.py" in text
    assert demo_patient("eligible").ssn not in text


def test_sql_parameters_are_hidden_on_both_databases(service) -> None:
    from sqlalchemy.exc import DBAPIError

    ssn = demo_patient("eligible").ssn
    with pytest.raises(DBAPIError) as caught, service.context.db.read() as conn:
        conn.execute(select(schema.patients).where(
            schema.patients.c.ssn == ssn, schema.patients.c.patient_id == func.no_such_fn(ssn)))
    assert ssn not in str(caught.value)
    assert "hidden" in str(caught.value)


