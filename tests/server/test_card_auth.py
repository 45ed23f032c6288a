"""Issue 12 item 1 on the backend: card authentication (profile 2), on SQLite and PostgreSQL.

A card with the right fields but no key, or answering a wrong cryptogram, cannot open credit;
a replayed, expired or another caller's challenge is refused; a genuine card is not another
person's; the test issuer key is refused by a production configuration; care is never
refused (the answer still opens a session and says why paying later is not possible).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.domain.card import TEST_ISSUER_KEY
from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema
from kiosk.server.app import create_app
from kiosk.server.cardauth import (
    IssuerKeyError,
    ReferenceAuthority,
    apply_policy,
    judge,
    load_issuer_key,
)
from kiosk.server.config import Settings, load_settings
from kiosk.server.seed import seed_demo

from .conftest import Api, Caller
from .support import (
    authenticated,
    card_of,
    card_sn_of,
    challenge_for,
    cryptogram,
    link_proof,
)

VECTOR_SN = "350128D1560000050000000000000001"
VECTOR_CHALLENGE = "000102030405060708090A0B0C0D0E0F"


def eligibility(api: Api, body: dict) -> dict:
    r = api.kiosk.post("/v1/eligibility", body)
    assert r.status_code == 200, r.text
    return r.json()


def check_in_on_credit(api: Api, answer: dict) -> object:
    kiosk = Caller(api.client, api.credentials["kiosk_token"], answer["session_token"])
    return kiosk.post("/v1/visits", {"patient_id": answer["patient"]["patient_id"],
                                     "department_code": "INT"})


def session_row(api: Api, token: str):  # type: ignore[no-untyped-def]
    from kiosk.server.context import sha256_hex

    with api.service.context.db.read() as conn:
        return conn.execute(select(schema.patient_sessions).where(
            schema.patient_sessions.c.token_hash == sha256_hex(token))).one()


def assert_traditional_way(api: Api, answer: dict, reason: Reason) -> None:
    """Not paying later, with the reason, but served: a session for the patient's care."""
    assert answer["decision"] == Decision.NOT_ELIGIBLE
    assert reason.value in answer["reasons"]
    assert answer["card_authenticated"] is False
    assert answer["patient"] is not None and answer["session_token"]
    assert session_row(api, answer["session_token"]).card_authenticated is False
    r = check_in_on_credit(api, answer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_eligible"


# ---- the reference vectors and the pure decisions -------------------------------------------

def test_reference_authority_verifies_the_profile_vector() -> None:
    authority = ReferenceAuthority(TEST_ISSUER_KEY)
    answer = bytes.fromhex("417694745A11F0050808221FE5FAE2CE")
    assert authority.verify(bytes.fromhex(VECTOR_SN), bytes.fromhex(VECTOR_CHALLENGE), answer)
    assert not authority.verify(bytes.fromhex(VECTOR_SN), bytes(16), answer)
    assert not ReferenceAuthority(b"another-key-16b!").verify(
        bytes.fromhex(VECTOR_SN), bytes.fromhex(VECTOR_CHALLENGE), answer)
    assert cryptogram(VECTOR_SN, VECTOR_CHALLENGE) == answer.hex().upper()


@pytest.mark.parametrize(("cryptogram_", "fresh", "verified", "expected"), [
    ("AB" * 16, True, True, None),
    (None, True, False, Reason.CARD_NOT_AUTHENTICABLE),
    (None, False, False, Reason.CARD_NOT_AUTHENTICABLE),
    ("AB" * 16, False, True, Reason.CARD_NOT_VERIFIED),
    ("AB" * 16, True, False, Reason.CARD_NOT_VERIFIED),
])
def test_judge(cryptogram_, fresh, verified, expected) -> None:
    assert judge(cryptogram=cryptogram_, challenge_fresh=fresh, verified=verified) == expected


def test_apply_policy() -> None:
    def answer(decision: str = "eligible") -> dict:
        return {"decision": decision, "reasons": []}

    assert apply_policy(answer(), None, True) == {
        "decision": "eligible", "reasons": [], "card_authenticated": True}
    assert apply_policy(answer(), Reason.CARD_NOT_VERIFIED, True) == {
        "decision": "not_eligible", "reasons": ["card_not_verified"],
        "card_authenticated": False}
    assert apply_policy(answer("not_linked"), Reason.CARD_NOT_AUTHENTICABLE, True)[
        "decision"] == "not_linked"
    assert apply_policy(answer(), Reason.CARD_NOT_AUTHENTICABLE, False) == {
        "decision": "eligible", "reasons": [], "card_authenticated": False}


# ---- the challenge -------------------------------------------------------------------------

def test_a_challenge_is_fresh_random_and_expires_within_a_minute(api: Api) -> None:
    r = api.kiosk.post("/v1/card-challenges")
    assert r.status_code == 201
    body = r.json()
    assert len(body["challenge"]) == 32 and body["challenge"] == body["challenge"].upper()
    bytes.fromhex(body["challenge"])
    expires = datetime.fromisoformat(body["expires_at"].rstrip("Z"))
    now = api.clock.now.replace(tzinfo=None)
    assert timedelta(0) < expires - now <= timedelta(seconds=60)
    assert api.kiosk.post("/v1/card-challenges").json()["challenge"] != body["challenge"]
    assert api.clerk.post("/v1/card-challenges").status_code == 201  # the counter's
    assert api.dept("LAB").post("/v1/card-challenges").status_code == 403
    assert api.anon.post("/v1/card-challenges").status_code == 401


# ---- eligibility under the policy ----------------------------------------------------------

def test_a_genuine_card_opens_credit(api: Api) -> None:
    answer = eligibility(api, authenticated(api.kiosk, card_of("eligible")))
    assert answer["decision"] == Decision.ELIGIBLE and answer["card_authenticated"] is True
    assert session_row(api, answer["session_token"]).card_authenticated is True
    assert check_in_on_credit(api, answer).status_code == 201


def test_an_emulated_card_without_the_key_cannot_open_credit(api: Api) -> None:
    card = {**card_of("eligible"), "card_sn": card_sn_of(card_of("eligible")["ssn"],
                                                         card_of("eligible")["card_number"])}
    keyless = {"card": card, "challenge": challenge_for(api.kiosk), "cryptogram": None,
               "authentication_error": "card_not_authenticable"}
    assert_traditional_way(api, eligibility(api, keyless), Reason.CARD_NOT_AUTHENTICABLE)
    # nor by leaving the proof out altogether
    bare = eligibility(api, {"card": card_of("eligible")})
    assert_traditional_way(api, bare, Reason.CARD_NOT_AUTHENTICABLE)


def test_an_unproven_card_opens_none_of_the_patients_visits(api: Api) -> None:
    """The numbers printed on a card (ssn, card number) are not the card: an emulated card
    learns nothing of the patient's visits, and its session reads and pays none of them
    (bills name what was done: health data; paying would charge the patient's account)."""
    visit_id = api.check_in("eligible", "INT")["visit_id"]
    api.charge(visit_id, "INT", performing="LAB")
    bare = eligibility(api, {"card": card_of("eligible")})
    assert bare["decision"] == Decision.NOT_ELIGIBLE and bare["session_token"]
    assert bare["open_visits"] == [] and bare["itinerary"] is None
    assert bare["appointments_today"] == []
    unproven = Caller(api.client, api.credentials["kiosk_token"], bare["session_token"])
    for path in (f"/v1/visits/{visit_id}", f"/v1/visits/{visit_id}/itinerary",
                 f"/v1/visits/{visit_id}/pre-settlement"):
        r = unproven.get(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "visit_not_found", path
    # the same patient's genuine card sees and reaches the visit
    genuine = eligibility(api, authenticated(api.kiosk, card_of("eligible")))
    assert [v["visit_id"] for v in genuine["open_visits"]] == [visit_id]
    assert genuine["itinerary"]["visit_id"] == visit_id
    proven = Caller(api.client, api.credentials["kiosk_token"], genuine["session_token"])
    assert proven.get(f"/v1/visits/{visit_id}/pre-settlement").status_code == 200


def test_a_wrong_cryptogram_cannot_open_credit(api: Api) -> None:
    body = authenticated(api.kiosk, card_of("eligible"))
    body["cryptogram"] = cryptogram(body["card"]["card_sn"], body["challenge"],
                                    b"FORGED-CARD-KEY!")
    assert_traditional_way(api, eligibility(api, body), Reason.CARD_NOT_VERIFIED)


def test_a_replayed_challenge_is_refused(api: Api) -> None:
    body = authenticated(api.kiosk, card_of("eligible"))
    assert eligibility(api, body)["card_authenticated"] is True
    assert_traditional_way(api, eligibility(api, body), Reason.CARD_NOT_VERIFIED)


def test_an_expired_challenge_is_refused(api: Api) -> None:
    body = authenticated(api.kiosk, card_of("eligible"))
    api.clock.advance(seconds=61)
    assert_traditional_way(api, eligibility(api, body), Reason.CARD_NOT_VERIFIED)


def test_a_challenge_made_up_or_of_another_caller_is_refused(api: Api) -> None:
    made_up = authenticated(api.kiosk, card_of("eligible"), challenge="00" * 16)
    assert_traditional_way(api, eligibility(api, made_up), Reason.CARD_NOT_VERIFIED)
    other_kiosk = Caller(api.client, api.service.auth.create_token("kiosk", "kiosk-2"))
    theirs = authenticated(api.kiosk, card_of("eligible"), challenge=challenge_for(other_kiosk))
    assert_traditional_way(api, eligibility(api, theirs), Reason.CARD_NOT_VERIFIED)


def test_a_genuine_card_is_not_another_persons(api: Api) -> None:
    """A card binds the record it first authenticates for; another genuine card (its own
    card_sn and key) carrying this patient's ssn and card number is not theirs."""
    assert eligibility(api, authenticated(api.kiosk, card_of("eligible")))[
        "card_authenticated"] is True
    stranger = {**card_of("eligible"), "card_sn": "99" * 16}
    answer = eligibility(api, authenticated(api.kiosk, stranger))
    assert_traditional_way(api, answer, Reason.CARD_NOT_VERIFIED)
    # and the patient's own card still does
    assert eligibility(api, authenticated(api.kiosk, card_of("eligible")))[
        "decision"] == Decision.ELIGIBLE


def test_an_unknown_card_and_a_wrong_card_still_answer_alike(api: Api) -> None:
    unknown = eligibility(api, authenticated(api.kiosk, card_of("first_time")))
    wrong = eligibility(api, authenticated(api.kiosk, card_of("eligible", card_number="Z9")))
    assert unknown == wrong and unknown["card_authenticated"] is None


def test_the_card_authentication_error_is_refused_when_malformed(api: Api) -> None:
    body = {"card": card_of("eligible"), "challenge": "zz" * 16}
    assert api.kiosk.post("/v1/eligibility", body).status_code == 422
    body = {"card": card_of("eligible"), "authentication_error": "other"}
    assert api.kiosk.post("/v1/eligibility", body).status_code == 422


# ---- configuration: the policy, the key file, the test key ----------------------------------

def _app_client(settings: Settings, clock) -> tuple[TestClient, Api]:  # type: ignore[no-untyped-def]
    app = create_app(settings, clock=clock)
    client = TestClient(app, raise_server_exceptions=False)
    return client, Api(client, app.state.service, seed_demo(app.state.service), clock)


def _key_file(tmp_path: Path, key: bytes, mode: int = 0o600, as_hex: bool = False) -> Path:
    path = tmp_path / "issuer.key"
    path.write_bytes(key.hex().encode() + b"\n" if as_hex else key)
    os.chmod(path, mode)
    return path


def test_the_policy_off_lets_a_card_without_proof_open_credit(db_url, clock) -> None:
    settings = Settings(database_url=db_url, auto_settle_interval_seconds=0,
                        environment="development", card_authentication_required=False)
    client, api = _app_client(settings, clock)
    with client:
        answer = eligibility(api, {"card": card_of("eligible")})
        assert answer["decision"] == Decision.ELIGIBLE
        assert answer["card_authenticated"] is False
        assert check_in_on_credit(api, answer).status_code == 201


def test_production_refuses_the_test_key(db_url, tmp_path) -> None:
    path = _key_file(tmp_path, TEST_ISSUER_KEY)
    with pytest.raises(IssuerKeyError, match="test issuer key"):
        create_app(Settings(database_url=db_url, card_issuer_key_file=str(path)))
    # the same file in demo is accepted
    create_app(Settings(database_url=db_url, environment="demo",
                        card_issuer_key_file=str(path))).state.service.context.db.dispose()


def test_a_key_file_open_to_others_is_refused(tmp_path) -> None:
    with pytest.raises(IssuerKeyError, match="chmod 600"):
        load_issuer_key(_key_file(tmp_path, os.urandom(16), mode=0o644))
    key = os.urandom(16)
    assert load_issuer_key(_key_file(tmp_path, key, as_hex=True)) == key
    with pytest.raises(IssuerKeyError):
        load_issuer_key(tmp_path / "missing.key")


def test_production_with_its_own_issuer_key(db_url, tmp_path, clock) -> None:
    """A deployment's key authenticates its cards; a card of the test issuer is not verified;
    without any key file production verifies no card (and so opens no credit)."""
    key = os.urandom(16)
    settings = Settings(database_url=db_url, auto_settle_interval_seconds=0,
                        card_issuer_key_file=str(_key_file(tmp_path, key)))
    client, api = _app_client(settings, clock)
    with client:
        body = authenticated(api.kiosk, card_of("eligible"))
        body["cryptogram"] = cryptogram(body["card"]["card_sn"], body["challenge"], key)
        assert eligibility(api, body)["decision"] == Decision.ELIGIBLE
        test_card = authenticated(api.kiosk, card_of("eligible"))
        assert_traditional_way(api, eligibility(api, test_card), Reason.CARD_NOT_VERIFIED)
    keyless = Settings(database_url=db_url, auto_settle_interval_seconds=0)
    client, api = _app_client(keyless, clock)
    with client:
        answer = eligibility(api, authenticated(api.kiosk, card_of("rare_name")))
        assert Reason.CARD_NOT_VERIFIED.value in answer["reasons"]


def test_settings_bound_the_challenge_lifetime(tmp_path) -> None:
    with pytest.raises(ValueError, match="card_challenge_seconds"):
        load_settings(card_challenge_seconds=61)
    assert load_settings(card_challenge_seconds=30).card_challenge_seconds == 30


# ---- the counter's link -----------------------------------------------------------------------

CONSENT = {"text": "我同意", "signed_at": "2026-11-23T02:00:00Z",
           "signature_sha256": "ab" * 32}


def _link(api: Api, pid: int, **card: object):  # type: ignore[no-untyped-def]
    return api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": True, "consent": CONSENT,
        "payment_method": {"type": "wechat", "reference": "wx-12345678"}, **card})


def _first_timer(api: Api) -> int:
    r = api.clerk.post("/v1/patients", {"card": card_of("first_time"), "insurance_type": "310"})
    assert r.status_code == 201, r.text
    return int(r.json()["patient"]["patient_id"])


def test_the_counter_links_only_an_authenticated_card(api: Api) -> None:
    pid = _first_timer(api)
    refused = _link(api, pid)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "card_not_authenticable"
    forged = link_proof(api.clerk, card_of("first_time"))
    forged["cryptogram"] = "00" * 16
    refused = _link(api, pid, **forged)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "card_not_verified"
    late = link_proof(api.clerk, card_of("first_time"))
    api.clock.advance(seconds=61)
    assert _link(api, pid, **late).json()["error"]["code"] == "card_not_verified"
    kiosks = {**link_proof(api.clerk, card_of("first_time")), "challenge": None}
    kiosks = {**kiosks, **{k: v for k, v in authenticated(api.kiosk, card_of("first_time"))
                           .items() if k in ("challenge", "cryptogram")}}
    assert _link(api, pid, **kiosks).status_code == 409  # a kiosk's challenge, not the clerk's
    # someone else's genuine card is not this patient's
    theirs = link_proof(api.clerk, card_of("eligible"))
    mismatch = _link(api, pid, **theirs)
    assert mismatch.status_code == 409 and mismatch.json()["error"]["code"] == "card_mismatch"
    assert api.clerk.get(f"/v1/patients/{pid}").json()["link"] is None
    ok = _link(api, pid, **link_proof(api.clerk, card_of("first_time")))
    assert ok.status_code == 200, ok.text
    with api.service.context.db.read() as conn:
        bound = conn.execute(select(schema.patients.c.card_sn).where(
            schema.patients.c.patient_id == pid)).scalar()
    first = card_of("first_time")
    assert bound == card_sn_of(first["ssn"], first["card_number"])
    assert eligibility(api, authenticated(api.kiosk, first))["decision"] == Decision.ELIGIBLE

