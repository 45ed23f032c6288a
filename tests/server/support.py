"""Helpers for the backend tests: demo card records, authenticated cards' eligibility bodies,
gateway counts and audit rows."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from kiosk.card import sm4
from kiosk.card.virtual import CardData
from kiosk.domain.card import TEST_ISSUER_KEY
from kiosk.domain.demo import DemoPatient, demo_patient
from kiosk.server import schema
from kiosk.server.service import Service


def card_of(patient: DemoPatient | str, **changes: Any) -> dict[str, Any]:
    p = demo_patient(patient) if isinstance(patient, str) else patient
    card = {"ssn": p.ssn, "name": p.name, "gender": p.gender,
            "birth_date": p.birth_date.isoformat(), "card_number": p.card_number,
            "region_code": p.ssn[:6], "issue_date": p.issue_date.isoformat(),
            "expiry_date": p.expiry_date.isoformat(), "spec_version": "3.00", "card_type": "1"}
    card.update(changes)
    return card


def count_gateway(service: Service, kind: str = "charge") -> int:
    from sqlalchemy import func, select

    from kiosk.server import schema

    with service.context.db.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.gateway_transactions)
                            .where(schema.gateway_transactions.c.kind == kind)).scalar_one()


def card_sn_of(ssn: str, card_number: str) -> str:
    """The card identification code the virtual card of this patient carries."""
    return CardData(region_code=ssn[:6], card_number=card_number).card_id.hex().upper()


def cryptogram(card_sn: str, challenge: str, issuer_key: bytes = TEST_ISSUER_KEY) -> str:
    """What a genuine card (its key derived from ``issuer_key``) answers to ``challenge``."""
    k_card = sm4.encrypt_block(issuer_key, bytes.fromhex(card_sn))
    return sm4.encrypt_block(k_card, bytes.fromhex(challenge)).hex().upper()


def challenge_for(caller: Any) -> str:
    """A fresh challenge for ``caller`` (a test ``Caller``: kiosk or staff)."""
    r = caller.post("/v1/card-challenges")
    assert r.status_code == 201, r.text
    return str(r.json()["challenge"])


def authenticated(caller: Any, card: dict[str, Any], **proof: Any) -> dict[str, Any]:
    """The eligibility body of ``card`` read by a genuine card with a fresh challenge of
    ``caller``'s (``proof`` overrides the challenge or the cryptogram)."""
    sn = card.get("card_sn") or card_sn_of(card["ssn"], card["card_number"])
    challenge = proof.pop("challenge", None) or challenge_for(caller)
    body = {"card": {**card, "card_sn": sn}, "challenge": challenge,
            "cryptogram": cryptogram(sn, challenge)}
    body.update(proof)
    return body


def link_proof(caller: Any, card: dict[str, Any]) -> dict[str, Any]:
    """The card fields of a link request: the counter read ``card`` with a fresh challenge of
    ``caller``'s (the clerk's session) and the card answered it (a genuine card)."""
    body = authenticated(caller, card)
    return {"card_sn": body["card"]["card_sn"], "challenge": body["challenge"],
            "cryptogram": body["cryptogram"], "card_ssn": card["ssn"]}


class HttpCaller:
    """``authenticated``'s caller over a ``requests`` session to a server in a process."""

    def __init__(self, session: Any, base_url: str, headers: dict[str, str]) -> None:
        self.session, self.base_url, self.headers = session, base_url, headers

    def post(self, path: str, json: Any = None) -> Any:
        return self.session.post(f"{self.base_url}{path}", json=json, headers=self.headers,
                                 timeout=30)



def audit_rows(api: Any, action: str, object_id: object) -> list[tuple[str, dict[str, Any]]]:
    """``action``'s audit rows about ``object_id``, oldest first: (actor, details)."""
    log = schema.audit_log
    with api.service.context.db.read() as conn:
        rows = conn.execute(select(log.c.actor, log.c.details).where(
            log.c.action == action, log.c.object_id == str(object_id))
            .order_by(log.c.audit_id)).all()
    return [(r.actor, json.loads(r.details) if r.details else {}) for r in rows]
