"""The e-insurance voucher (QR) on the real backend: a demo token issued by the reference
insurer resolves into the person and the card's answer; an expired, forged or reused token is
refused with its own reason; the demo endpoint exists only outside production."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.domain.reasons import Reason
from kiosk.server import schema
from kiosk.server.context import sha256_hex
from kiosk.server.insurer import (
    TEST_KEY,
    VOUCHER_SECONDS,
    InsurerUnavailable,
    filing_covers,
    key_from_file,
    open_voucher,
    sign_voucher,
)

from .support import card_of


def demo_voucher(api, key: str = "eligible") -> str:  # type: ignore[no-untyped-def]
    r = api.kiosk.post("/v1/insurer/demo-vouchers", {"patient": key})
    assert r.status_code == 200, r.text
    body = r.json()
    expires = datetime.fromisoformat(body["expires_at"].rstrip("Z"))
    assert expires == api.clock.now.replace(tzinfo=None) + timedelta(seconds=VOUCHER_SECONDS)
    return str(body["voucher"])


def scan(api, voucher: str):  # type: ignore[no-untyped-def]
    return api.kiosk.post("/v1/eligibility/voucher", {"voucher": voucher})


def refused_with(response, reason: Reason) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == reason.value
    assert "session_token" not in response.text


def test_a_voucher_answers_like_the_card_and_opens_a_voucher_session(api) -> None:
    # the card's answer as staff read it (a kiosk's also weighs the card's authentication)
    by_card = api.clerk.post("/v1/eligibility", {"card": card_of("eligible")}).json()
    r = scan(api, demo_voucher(api))
    assert r.status_code == 200, r.text
    answer = r.json()
    for field in ("decision", "reasons", "patient", "credit_limit_fen", "available_credit_fen",
                  "overdue_debt_fen", "open_visits", "appointments_today", "region"):
        assert answer[field] == by_card[field], field
    assert answer["decision"] == "eligible" and answer["session_token"]
    sessions = schema.patient_sessions
    with api.service.context.db.read() as conn:
        identity, authenticated = conn.execute(
            select(sessions.c.identity, sessions.c.card_authenticated).where(
                sessions.c.token_hash == sha256_hex(answer["session_token"]))).one()
    assert (identity, authenticated) == ("voucher", False)
    # the rest of the journey is the card's: check in within the voucher's session
    r = api.client.post("/v1/visits", json={"patient_id": api.patient_id("eligible"),
                                            "department_code": "INT"},
                        headers={"Authorization": f"Bearer {api.credentials['kiosk_token']}",
                                 "X-Patient-Session": answer["session_token"]})
    assert r.status_code == 201, r.text


def test_a_voucher_does_not_carry_the_card_expiry(api) -> None:
    """The expired-card patient's voucher: no card in this journey, so no card_expired."""
    answer = scan(api, demo_voucher(api, "expired")).json()
    assert answer["decision"] == "eligible", answer


def test_a_first_time_patient_by_voucher_is_sent_to_the_counter(api) -> None:
    answer = scan(api, demo_voucher(api, "first_time")).json()
    assert answer["decision"] == "not_linked" and answer["session_token"] is None


def test_an_expired_voucher_is_refused_as_expired(api) -> None:
    voucher = demo_voucher(api)
    api.clock.advance(seconds=VOUCHER_SECONDS)
    refused_with(scan(api, voucher), Reason.VOUCHER_EXPIRED)


def test_a_voucher_just_inside_its_two_minutes_is_resolved(api) -> None:
    voucher = demo_voucher(api)
    api.clock.advance(seconds=VOUCHER_SECONDS - 1)
    assert scan(api, voucher).status_code == 200


def test_vouchers_a_day_past_their_expiry_are_forgotten_and_stay_refused(api) -> None:
    old = demo_voucher(api)
    api.clock.advance(days=1, seconds=VOUCHER_SECONDS + 1)
    fresh = demo_voucher(api)
    with api.service.context.db.read() as conn:
        assert len(conn.execute(select(schema.ref_vouchers)).all()) == 1
    refused_with(scan(api, old), Reason.VOUCHER_EXPIRED)
    assert scan(api, fresh).status_code == 200


def test_a_voucher_resolves_once_then_is_refused_as_reused(api) -> None:
    voucher = demo_voucher(api)
    assert scan(api, voucher).status_code == 200
    refused_with(scan(api, voucher), Reason.VOUCHER_REUSED)


def test_kiosks_scanning_one_code_at_once_get_one_person(api) -> None:
    voucher = demo_voucher(api)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _i: scan(api, voucher), range(4)))
    assert sorted(r.status_code for r in results) == [200, 422, 422, 422]
    assert {r.json()["error"]["code"] for r in results if r.status_code == 422} == {
        Reason.VOUCHER_REUSED.value}


@pytest.mark.parametrize("forge", [
    "not a voucher at all",
    "NHSAQR1.",
    "NHSAQR1.!!!!",
    "flip a byte of the signature",
    "sign with another key",
    "a later expiry with the old signature",
])
def test_a_forged_voucher_is_refused_as_forged(api, forge: str) -> None:
    good = demo_voucher(api)
    token_id, expires = open_voucher(api.service.eligibility.regions.insurer.key, good)
    if forge == "flip a byte of the signature":
        voucher = good[:-2] + ("A" if good[-2] != "A" else "B") + good[-1]
    elif forge == "sign with another key":
        voucher = sign_voucher(os.urandom(32), bytes.fromhex(token_id), expires)
    elif forge == "a later expiry with the old signature":
        later = sign_voucher(b"k" * 32, bytes.fromhex(token_id), expires + timedelta(hours=1))
        voucher = later[:-43] + good[-43:]
    else:
        voucher = forge
    refused_with(scan(api, voucher), Reason.VOUCHER_FORGED)
    # a refused forgery leaves the real token unused
    assert scan(api, good).status_code == 200


def test_a_token_signed_with_the_key_but_never_issued_is_forged(api) -> None:
    key = api.service.eligibility.regions.insurer.key
    voucher = sign_voucher(key, os.urandom(16), api.clock.now.replace(tzinfo=None)
                           + timedelta(seconds=60))
    refused_with(scan(api, voucher), Reason.VOUCHER_FORGED)


def test_the_token_is_not_stored_and_not_logged(api, caplog) -> None:
    voucher = demo_voucher(api)
    with caplog.at_level("DEBUG"):
        assert scan(api, voucher).status_code == 200
    assert voucher not in caplog.text
    with api.service.context.db.read() as conn:
        stored = [str(v) for row in conn.execute(select(schema.ref_vouchers)).all()
                  for v in row]
    assert not any(voucher in v or v in voucher for v in stored if len(v) > 20)


class UnreachableInsurer:
    """An insurer whose interface does not answer (the outermost boundary, not our code)."""

    def person_query(self, cert_type: str, cert_no: str, card_sn: str | None = None) -> None:
        raise InsurerUnavailable

    def filing_status(self, person: object, treatment_admdvs: str) -> bool:
        raise InsurerUnavailable


def test_an_insurer_that_does_not_answer_is_503(api) -> None:
    voucher = demo_voucher(api)
    api.service.context.adapters.insurer_query = UnreachableInsurer()
    for r in (scan(api, voucher),
              api.kiosk.post("/v1/eligibility", {"card": card_of("eligible")})):
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == Reason.INSURER_UNAVAILABLE.value


def test_only_a_kiosk_scans_and_the_body_is_checked(api) -> None:
    assert api.anon.post("/v1/eligibility/voucher", {"voucher": "x"}).status_code == 401
    r = api.kiosk.post("/v1/eligibility/voucher", {"voucher": "x" * 513})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    r = api.kiosk.post("/v1/insurer/demo-vouchers", {"patient": "nobody"})
    assert r.status_code == 422


def test_demo_vouchers_are_not_served_in_production(db_url, clock) -> None:
    from fastapi.testclient import TestClient

    from kiosk.server.app import create_app
    from kiosk.server.config import Settings
    from kiosk.server.seed import seed_demo

    app = create_app(Settings(database_url=db_url, auto_settle_interval_seconds=0,
                              environment="production"), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        token = seed_demo(app.state.service)["kiosk_token"]
        r = client.post("/v1/insurer/demo-vouchers", json={"patient": "eligible"},
                        headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    app.state.service.context.db.dispose()


def test_the_key_file_must_be_private_and_never_the_test_key_in_production(tmp_path) -> None:
    path = tmp_path / "insurer.key"
    path.write_bytes(TEST_KEY)
    path.chmod(0o644)
    with pytest.raises(ValueError, match="0600"):
        key_from_file(path, production=False)
    path.chmod(0o600)
    assert key_from_file(path, production=False) == TEST_KEY
    with pytest.raises(ValueError, match="test key"):
        key_from_file(path, production=True)
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match="32 bytes"):
        key_from_file(path, production=True)


def test_the_deployment_key_is_one_for_every_process(api) -> None:
    from kiosk.server.regions import reference_insurer

    first = api.service.eligibility.regions.insurer.key
    assert reference_insurer(api.service.context).key == first
    with api.service.context.db.read() as conn:
        assert conn.execute(select(schema.ref_insurer_keys)).all().__len__() == 1


@pytest.mark.parametrize(("filed", "place", "covered"), [
    (None, "990101", False), ("990000", "990101", True), ("990000", "980101", False),
    ("990100", "990101", True), ("990100", "990201", False), ("990101", "990101", True),
    ("990101", "990102", False),
])
def test_a_filing_covers_its_province_city_or_place(filed, place, covered) -> None:
    assert filing_covers(filed, place) is covered
