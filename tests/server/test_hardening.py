"""Bad input found by probing the live backend and by the schemathesis run (all answered 500
or made a second patient record before they were fixed): each must be refused with a 4xx, or
recognised as the same person, and change nothing.

Runs in-process over both databases (the ``api`` fixture of ``conftest.py``).
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from kiosk.server import schema

from .support import card_of, link_proof

SSN_X = "11010519491231002X"  # valid check digit "X"
METHOD = {"type": "wechat", "reference": "wx-123"}


def _patients_with(api, ssn: str) -> int:  # type: ignore[no-untyped-def]
    with api.service.context.db.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.patients).where(
            func.upper(schema.patients.c.ssn) == ssn.upper())).scalar_one()


def test_lowercase_check_digit_is_the_same_person_at_the_counter(api) -> None:
    """A citizen ID whose check digit is ``x`` (as some readers and clerks type it) is the
    same person as ``X``: creating it twice must not make two patient records."""
    card = card_of("first_time", ssn=SSN_X.lower(), card_number="B12345678")
    first = api.clerk.post("/v1/patients", {"card": card, "insurance_type": "390"})
    assert first.status_code == 201, first.text
    assert first.json()["patient"]["ssn"] == SSN_X  # stored in the canonical form
    again = api.clerk.post("/v1/patients", {"card": {**card, "ssn": SSN_X},
                                            "insurance_type": "390"})
    assert again.status_code == 409, again.text
    assert again.json()["error"]["code"] == "patient_exists"
    assert _patients_with(api, SSN_X) == 1


def test_lowercase_check_digit_finds_the_patient_at_the_kiosk(api) -> None:
    card = card_of("first_time", ssn=SSN_X, card_number="B12345678")
    r = api.clerk.post("/v1/patients", {"card": card, "insurance_type": "390"})
    assert r.status_code == 201, r.text
    out = api.kiosk.post("/v1/eligibility", {"card": {**card, "ssn": SSN_X.lower()}})
    assert out.status_code == 200, out.text
    assert out.json()["patient"] is not None
    assert out.json()["patient"]["patient_id"] == r.json()["patient"]["patient_id"]


@pytest.mark.parametrize("signed_at", ["0001-01-01T00:00:00+14:00",
                                       "9999-12-31T23:59:59-14:00"])
def test_consent_time_outside_what_can_be_stored_is_refused(api, signed_at: str) -> None:
    """Regression: both answered 500 (``OverflowError`` converting to UTC)."""
    pid = api.clerk.post("/v1/patients", {"card": card_of("first_time"),
                                          "insurance_type": "390"}).json()["patient"]["patient_id"]
    r = api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": True,
        "consent": {"text": "同意", "signature_sha256": hashlib.sha256(b"s").hexdigest(),
                    "signed_at": signed_at},
        "payment_method": METHOD, **link_proof(api.clerk, card_of("first_time"))})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"
    assert api.clerk.get(f"/v1/patients/{pid}").json()["link"] is None


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-01-01"),
                                            ("2026-11-01", "9999-12-31")])
def test_clearing_report_dates_at_the_edge_of_the_calendar(api, start: str, end: str) -> None:
    """Regression, found by the schemathesis run: a day at the edge of ``date``'s range
    overflowed when turned into a UTC instant and answered 500."""
    r = api.supervisor.get("/v1/reports/clearing",
                           params={"start": start, "end": end, "period": "weekly"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"
