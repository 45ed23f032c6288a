"""Demo fixtures without Qt: a demo patient's card record, the charges a department posts in
the demo journey, and a demo patient's e-insurance voucher. The demo panel, the tests and the
benchmarks use them; never a real kiosk.

``fetch_demo_voucher`` asks the backend's reference insurer for a signed voucher token for a
demo patient (valid two minutes, single use), which the kiosk resolves like a real one: the
QR code the demo panel shows, and the code the tests scan.

``post_demo_charges`` and ``fetch_demo_voucher`` block on HTTP: call them off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.client import BackendClient, BackendConfig, DepartmentClient
from kiosk.client.errors import BackendFailure
from kiosk.demo.cards import authenticated_demo_record
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
        # the card read with a fresh challenge: an unproven card reaches none of the visits
        answer = client.eligibility(authenticated_demo_record(client, key))
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


@dataclass(frozen=True, slots=True)
class DemoVoucher:
    """A demo patient's e-insurance voucher as the reference insurer signed it: the token
    (opaque, single use, never logged) and when it expires (ISO UTC)."""

    token: str = field(repr=False)
    expires_at: str


def fetch_demo_voucher(backend: BackendConfig, key: str) -> DemoVoucher:
    """A fresh signed voucher for demo patient ``key`` from the backend's reference insurer
    (``POST /v1/insurer/demo-vouchers``: demo and development backends only). Blocking (HTTP):
    call it off the GUI thread. Raises ``BackendError`` (``BackendRejected`` for a key that is
    no demo patient)."""
    with BackendClient(backend) as client:
        data = client.transport.request("POST", "/v1/insurer/demo-vouchers",
                                        op="demo_voucher", body={"patient": key})
    if not isinstance(data, dict) or not isinstance(data.get("voucher"), str):
        raise BackendFailure("unexpected answer shape at $.voucher", op="demo_voucher",
                             outcome_unknown=True)
    return DemoVoucher(data["voucher"], str(data.get("expires_at", "")))


__all__ = ["DEMO_CHARGES", "DemoVoucher", "demo_card_record", "fetch_demo_voucher",
           "post_demo_charges"]
