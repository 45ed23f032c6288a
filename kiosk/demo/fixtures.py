"""Demo fixtures without Qt: a demo patient's card record, the charges a department posts in
the demo journey, and a demo patient's e-insurance voucher QR content. The demo panel, the
tests and the benchmarks use them; never a real kiosk.

``demo_voucher_payload`` is a clearly marked, UNSIGNED stand-in for the insurer's voucher
token: the backend's reference insurer signs it (and gives it an expiry) before any backend
accepts it; until then no backend resolves it. Like a real token it names no person: only the
demo patient's key, a time and a nonce.

``post_demo_charges`` blocks on HTTP: call it off the GUI thread.
"""

from __future__ import annotations

import secrets
import time

from kiosk.client import BackendClient, BackendConfig, DepartmentClient
from kiosk.domain.card import CardRecord, Gender
from kiosk.domain.demo import demo_patient

# (item code, name, category, insurance class, unit price in fen, performing department)
DEMO_CHARGES: tuple[tuple[str, str, str, str, int, str | None], ...] = (
    ("CONS-GEN", "普通门诊诊查费", "consultation", "A", 1_000, None),
    ("LAB-CBC", "血常规", "lab", "A", 2_500, "LAB"),
    ("DRUG-AMOX", "阿莫西林胶囊", "drug", "B", 3_680, "PHA"),
)


def demo_card_record(key: str) -> CardRecord:
    """The card record a demo patient's card reads as (for backend look-ups in the demo)."""
    p = demo_patient(key)
    return CardRecord(ssn=p.ssn, name=p.name, gender=Gender(p.gender), birth_date=p.birth_date,
                      card_number=p.card_number, region_code=p.ssn[:6],
                      issue_date=p.issue_date, expiry_date=p.expiry_date, spec_version="3.00",
                      card_type="1")


def post_demo_charges(backend: BackendConfig, department_tokens: dict[str, str],
                      key: str = "eligible", visit_id: int | None = None) -> int:
    """Post the demo charges to the patient's open visit; returns the visit id.

    Blocking (HTTP): call it off the GUI thread. Raises ``LookupError`` if the patient has
    no open visit (check in first). Re-posting is safe: each charge has a HIS order id.
    """
    with BackendClient(backend) as client:
        answer = client.eligibility(demo_card_record(key))
        if visit_id is None:
            if not answer.open_visits:
                raise LookupError("no open visit: check in at the kiosk first")
            visit_id = answer.open_visits[0].visit_id
        ordering = client.visit(visit_id, session=answer.session_token).visit.department_code
    for item, name, category, klass, price, performer in DEMO_CHARGES:
        config = BackendConfig(base_url=backend.base_url, token=department_tokens[ordering],
                               ca_bundle=backend.ca_bundle, client_cert=backend.client_cert)
        with DepartmentClient(config) as department:
            department.post_charge(visit_id, item_code=item, name=name, category=category,
                                   insurance_class=klass, unit_price_fen=price,
                                   performing_department_code=performer,
                                   his_order_id=f"DEMO-{visit_id}-{item}")
    return visit_id


DEMO_VOUCHER_PREFIX = "KIOSK-DEMO-VOUCHER-UNSIGNED/1"


def demo_voucher_payload(key: str, issued_at: int | None = None, nonce: str | None = None
                         ) -> str:
    """The content of demo patient ``key``'s voucher QR (unsigned, demo only).

    ``issued_at`` (Unix seconds) and ``nonce`` default to now and a fresh random value, so each
    call is a new code, as the phone app's code changes about every minute.
    """
    demo_patient(key)  # a KeyError for a key that is no demo patient
    issued = int(time.time()) if issued_at is None else issued_at
    fresh = secrets.token_hex(8) if nonce is None else nonce
    return f"{DEMO_VOUCHER_PREFIX};patient={key};issued={issued};nonce={fresh}"


__all__ = ["DEMO_CHARGES", "DEMO_VOUCHER_PREFIX", "demo_card_record", "demo_voucher_payload",
           "post_demo_charges"]
