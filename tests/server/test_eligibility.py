"""Eligibility of every demo patient, identity checks, and the counter's linking flow."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.domain.demo import demo_patient

from .support import authenticated, card_of, link_proof

CONSENT = {"text": "我同意先诊疗后付费", "signature_sha256": hashlib.sha256(b"sig").hexdigest(),
           "signed_at": "2026-11-23T02:00:00Z"}
METHOD = {"type": "bank_card", "reference": "6222****9999"}


def eligibility(api, card):  # type: ignore[no-untyped-def]
    r = api.kiosk.post("/v1/eligibility", authenticated(api.kiosk, card))
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize(
    ("key", "decision", "reasons"),
    [
        ("eligible", "eligible", []),
        ("rare_name", "eligible", []),
        ("third_generation", "eligible", []),
        ("first_time", "not_linked", ["not_linked"]),
        ("not_eligible", "not_eligible", ["credit_score_low", "overdue_debt"]),
        ("expired", "not_eligible", ["card_expired"]),
        ("blacklisted", "not_eligible", ["monitoring_blacklist"]),
    ],
)
def test_every_demo_outcome(api, key, decision, reasons) -> None:
    out = eligibility(api, card_of(key))
    assert out["decision"] == decision
    assert out["reasons"] == reasons
    if decision == "eligible":
        p = demo_patient(key)
        assert out["patient"]["display_name"][0] == p.name[0]
        assert out["patient"]["display_name"] != p.name
        assert out["credit_limit_fen"] > 0
        assert out["available_credit_fen"] == out["credit_limit_fen"]
    if key == "first_time":
        assert out["patient"] is None


def test_eligible_patient_sees_todays_appointment_and_open_visits(api) -> None:
    out = eligibility(api, card_of("eligible"))
    assert [a["department_code"] for a in out["appointments_today"]] == ["INT"]
    assert out["appointments_today"][0]["department"]["room"] == "A-201"
    assert out["open_visits"] == []
    visit = api.check_in("eligible", "INT")
    again = eligibility(api, card_of("eligible"))
    assert [v["visit_id"] for v in again["open_visits"]] == [visit["visit_id"]]


def test_an_overdue_debt_comes_with_its_amount(api) -> None:
    # issue 14: the kiosk says how much to pay at the counter, not "staff will tell you"
    out = eligibility(api, card_of("not_eligible"))
    assert "overdue_debt" in out["reasons"]
    assert out["overdue_debt_fen"] == demo_patient("not_eligible").overdue_debt_fen > 0
    assert eligibility(api, card_of("eligible"))["overdue_debt_fen"] == 0


def test_a_kept_appointment_is_not_offered_again(api) -> None:
    # issue 14: today's appointment disappears once its department has the patient's visit,
    # also after that visit is settled
    assert [a["department_code"] for a in
            eligibility(api, card_of("eligible"))["appointments_today"]] == ["INT"]
    visit = api.check_in("eligible", "INT")
    assert eligibility(api, card_of("eligible"))["appointments_today"] == []
    api.charge(visit["visit_id"], category="consultation")
    settled = api.settle(visit["visit_id"])
    assert settled.status_code == 201, settled.text
    out = eligibility(api, card_of("eligible"))
    assert out["open_visits"] == [] and out["appointments_today"] == []


def test_available_credit_counts_unsettled_charges_and_debts(api) -> None:
    visit = api.check_in()
    api.charge(visit["visit_id"], price=10_000)
    out = eligibility(api, card_of("eligible"))
    assert out["available_credit_fen"] == out["credit_limit_fen"] - 10_000


def test_card_number_must_match_and_reveals_nothing(api) -> None:
    """To a kiosk, a wrong card number for a patient's ssn answers exactly as an ssn nobody
    has (it learns nothing about whether the ssn is a patient); staff see the mismatch."""
    wrong_card = api.kiosk.post("/v1/eligibility",
                                {"card": card_of("eligible", card_number="Z99999999")})
    unknown = api.kiosk.post("/v1/eligibility", {"card": card_of("first_time")})
    assert wrong_card.status_code == unknown.status_code == 200
    assert wrong_card.json() == unknown.json()
    assert wrong_card.json()["decision"] == "not_linked"
    assert wrong_card.json()["patient"] is None and wrong_card.json()["session_token"] is None
    out = api.clerk.post("/v1/eligibility",
                         {"card": card_of("eligible", card_number="Z99999999")}).json()
    assert out["decision"] == "not_eligible" and "card_mismatch" in out["reasons"]
    assert out["patient"] is None and out["open_visits"] == []


def test_expiry_on_the_card_is_checked_against_today(api, clock) -> None:
    out = eligibility(api, card_of("eligible", expiry_date="2026-11-22"))
    assert out["reasons"] == ["card_expired"]
    out = eligibility(api, card_of("eligible", expiry_date="2026-11-23"))
    assert out["decision"] == "eligible"


def test_unknown_ssn_is_not_linked(api) -> None:
    out = eligibility(api, card_of("eligible", ssn="11010519491231002X"))
    assert out == {"decision": "not_linked", "reasons": ["not_linked"], "patient": None,
                   "credit_limit_fen": None, "available_credit_fen": None,
                   "overdue_debt_fen": 0, "open_visits": [],
                   "appointments_today": [], "session_token": None,
                   "session_idle_seconds": None, "card_authenticated": None, "region": None}


def test_first_time_patient_is_created_and_linked_at_the_counter(api) -> None:
    card = card_of("first_time")
    r = api.clerk.post("/v1/patients", {"card": card, "insurance_type": "390"})
    assert r.status_code == 201, r.text
    pid = r.json()["patient"]["patient_id"]
    assert r.json()["link"] is None
    assert eligibility(api, card)["decision"] == "not_linked"
    again = api.clerk.post("/v1/patients", {"card": card, "insurance_type": "390"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "patient_exists"
    assert again.json()["error"]["details"]["patient_id"] == pid

    r = api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": True, "consent": CONSENT, "payment_method": METHOD,
        **link_proof(api.clerk, card)})
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["link"]["status"] == "linked"
    assert view["link"]["credit_limit_fen"] == api.service.context.settings.credit_limit_for(690)
    assert view["eligibility"]["decision"] == "eligible"
    assert eligibility(api, card)["decision"] == "eligible"
    twice = api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": True, "consent": CONSENT, "payment_method": METHOD,
        **link_proof(api.clerk, card)})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "link_state"


def test_link_requires_verified_identity(api) -> None:
    pid = api.clerk.post("/v1/patients", {"card": card_of("first_time"),
                                          "insurance_type": "390"}).json()["patient"]["patient_id"]
    r = api.clerk.post(f"/v1/patients/{pid}/link", {
        "identity_verified": False, "consent": CONSENT, "payment_method": METHOD})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_counter_creation_refuses_a_bad_check_digit(api) -> None:
    r = api.clerk.post("/v1/patients", {"card": card_of("first_time", ssn="990101194807020047"),
                                        "insurance_type": "390"})
    assert r.status_code == 422


def test_suspend_reinstate_unlink(api) -> None:
    pid = api.patient_id("eligible")
    r = api.clerk.post(f"/v1/patients/{pid}/suspend", {"reason": "lost card reported"})
    assert r.status_code == 200
    out = eligibility(api, card_of("eligible"))
    assert out["decision"] == "not_eligible" and out["reasons"] == ["link_suspended"]
    assert api.clerk.post(f"/v1/patients/{pid}/reinstate", {"reason": "x"}).status_code == 403
    assert api.supervisor.post(f"/v1/patients/{pid}/reinstate",
                               {"reason": "card found"}).status_code == 200
    assert eligibility(api, card_of("eligible"))["decision"] == "eligible"
    assert api.clerk.post(f"/v1/patients/{pid}/unlink", {"reason": "asked"}).status_code == 200
    assert eligibility(api, card_of("eligible"))["decision"] == "not_linked"
    r = api.clerk.post(f"/v1/patients/{pid}/unlink", {"reason": "asked"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "link_state"


def test_staff_patient_view_and_search(api) -> None:
    p = demo_patient("not_eligible")
    r = api.clerk.post("/v1/patients/search", {"ssn": p.ssn})
    assert r.status_code == 200
    view = r.json()
    assert view["patient"]["name"] == p.name
    assert [d["amount_fen"] for d in view["debts"]] == [p.overdue_debt_fen]
    assert view["debts"][0]["overdue"] is True
    missing = api.clerk.post("/v1/patients/search", {"ssn": "11010519491231002X"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "patient_not_found"


def test_insurance_inactive_and_fraud_flag(api) -> None:
    from sqlalchemy import update

    from kiosk.server import schema

    p = demo_patient("rare_name")
    with api.service.context.db.write() as conn:
        conn.execute(update(schema.ref_people).where(schema.ref_people.c.ssn == p.ssn)
                     .values(insurance_active=False, monitoring_flag="fraud"))
    out = eligibility(api, card_of("rare_name"))
    assert out["decision"] == "not_eligible"
    assert out["reasons"] == ["insurance_inactive", "monitoring_fraud"]
