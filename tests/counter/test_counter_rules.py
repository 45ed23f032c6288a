"""The counter's pure decisions and request bodies, checked directly (no Qt, no backend)."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.client.models import ResponseShapeError
from kiosk.client.staff import (
    counter_settle_body,
    create_patient_body,
    debt_payment_body,
    link_body,
    parse_patient_view,
    parse_staff_session,
    reason_body,
)
from kiosk.counter import consent, rules
from kiosk.domain.card import CardRecord

SIGNED = datetime(2026, 11, 23, 16, 15, 30, 123, tzinfo=timezone(timedelta(hours=8)))
PNG = b"\x89PNG\r\n\x1a\n" + b"signature"  # what the pad exports starts like this


def test_link_problems_list_everything_missing_in_form_order():
    assert rules.link_problems(consent_given=False, identity_verified=False,
                               signature_empty=True, reference=" ") == (
        rules.CONSENT_MISSING, rules.SIGNATURE_EMPTY, rules.IDENTITY_NOT_VERIFIED,
        rules.REFERENCE_MISSING)
    assert rules.link_problems(consent_given=True, identity_verified=True,
                               signature_empty=False, reference="6222****1234") == ()
    assert rules.link_problems(consent_given=True, identity_verified=True,
                               signature_empty=False, reference="x" * 65) == (
        rules.REFERENCE_INVALID,)
    assert rules.link_problems(consent_given=True, identity_verified=True,
                               signature_empty=False, reference="a\nb") == (
        rules.REFERENCE_INVALID,)


@pytest.mark.parametrize(("reason", "problem"), [
    ("", rules.REASON_MISSING), ("   ", rules.REASON_MISSING), ("x" * 501, rules.REASON_INVALID),
    ("two\nlines", rules.REASON_INVALID), ("patient asked", None), ("x" * 500, None),
])
def test_reason_problem(reason, problem):
    assert rules.reason_problem(reason) == problem


def test_link_body_sends_the_signature_image_and_hash_in_utc():
    body = link_body(identity_verified=True, consent_text=" text ", signature_png=PNG,
                     signed_at=SIGNED, payment_method_type="alipay",
                     payment_method_reference=" 138****0000 ")
    assert body == {
        "identity_verified": True,
        "consent": {"text": "text",
                    "signature_png_base64": base64.b64encode(PNG).decode(),
                    "signature_sha256": hashlib.sha256(PNG).hexdigest(),
                    "signed_at": "2026-11-23T08:15:30Z"},
        "payment_method": {"type": "alipay", "reference": "138****0000"},
    }


@pytest.mark.parametrize("change", [
    {"identity_verified": False}, {"signature_png": b""}, {"consent_text": " "},
    {"signature_png": b"GIF89a"}, {"signature_png": PNG + b"\0" * 512 * 1024},
    {"consent_text": "x" * 10_001}, {"payment_method_type": "cash"},
    {"payment_method_reference": ""}, {"signed_at": datetime(2026, 1, 1)},
])
def test_link_body_refuses_what_the_backend_would(change):
    args = dict(identity_verified=True, consent_text="text", signature_png=PNG,
                signed_at=SIGNED, payment_method_type="bank_card",
                payment_method_reference="6222")
    args.update(change)
    with pytest.raises(ValueError):
        link_body(**args)


def test_other_bodies():
    assert reason_body(" moved away ") == {"reason": "moved away"}
    with pytest.raises(ValueError):
        reason_body("a\x00b")
    assert debt_payment_body("cash", 38650) == {"channel": "cash", "amount_fen": 38650}
    for channel, amount in (("cheque", 1), ("cash", 0), ("cash", 1.5), ("cash", True)):
        with pytest.raises(ValueError):
            debt_payment_body(channel, amount)  # type: ignore[arg-type]
    assert counter_settle_body(12000, 4000) == {
        "expected_medfee_sumamt_fen": 12000, "expected_psn_cash_pay_fen": 4000,
        "channel": "counter"}
    card = CardRecord("990101194807020045", "陈建国", None, None, "A02345678", "990101", None,
                      None, "3.00", "1")
    assert create_patient_body(card, "390")["card"]["ssn"] == "990101194807020045"
    with pytest.raises(ValueError):
        create_patient_body(card, "999")


def test_consent_document_names_its_version_and_holds_both_languages():
    doc = consent.consent_document()
    assert doc.startswith(f"[consent {consent.CONSENT_VERSION}]")
    text = consent.consent_text()
    assert text.zh in doc and text.en in doc
    assert consent.consent_for_display("en").startswith(text.en)
    assert consent.consent_for_display("zh_CN").startswith(text.zh)
    with pytest.raises(KeyError):
        consent.consent_text("CL-1999.1")


VIEW = {
    "patient": {"patient_id": 3, "ssn": "990101197001010052", "name": "王志明",
                "gender": "male", "birth_date": "1970-01-01", "card_number": "A03456789",
                "region_code": "990101", "insurance_type": "310",
                "card_expiry_date": "2029-08-01"},
    "link": {"status": "linked", "credit_limit_fen": 50000, "payment_method_type": "bank_card",
             "payment_method_ref": "6222****6789", "linked_at": "2026-11-23T08:00:00Z",
             "consent_signed_at": "2026-11-23T08:00:00Z", "status_reason": None},
    "eligibility": {"decision": "not_eligible", "reasons": ["credit_score_low", "overdue_debt"],
                    "patient": {"patient_id": 3, "display_name": "王**",
                                "insurance_type": "310", "region_code": "990101"},
                    "credit_limit_fen": 50000, "available_credit_fen": 11350},
    "debts": [{"debt_id": 1, "settlement_id": None, "amount_fen": 38650,
               "due_date": "2026-10-24", "status": "open", "overdue": True}],
    "open_visits": [],
    "settlements": [{"settlement_id": 4, "visit_id": 7, "patient_id": 3, "status": "completed",
                     "channel": "counter", "split": {"medfee_sumamt_fen": 2500,
                                                     "psn_cash_pay_fen": 500},
                     "payment": None, "debt": None, "created_at": "2026-11-23T08:10:00Z",
                     "completed_at": None, "reversal": None}],
}


def test_parse_patient_view():
    view = parse_patient_view(VIEW)
    assert view.patient.name == "王志明" and "王志明" not in repr(view.patient)
    assert view.open_debts[0].overdue and view.eligibility.reasons[-1] == "overdue_debt"
    assert view.settlements[0].payment_status is None and not view.settlements[0].reversed
    broken = {**VIEW, "debts": [{**VIEW["debts"][0], "amount_fen": 1.5}]}
    with pytest.raises(ResponseShapeError):
        parse_patient_view(broken)


def test_parse_staff_session_hides_the_token():
    session = parse_staff_session({"token": "secret", "role": "clerk", "staff_id": 2,
                                   "expires_at": "2026-11-23T16:00:00Z"})
    assert "secret" not in repr(session) and not session.may_reverse
    assert session.expires_at == datetime(2026, 11, 23, 16, tzinfo=UTC)
    with pytest.raises(ResponseShapeError):
        parse_staff_session({"token": "t", "role": "kiosk", "staff_id": 2,
                             "expires_at": "2026-11-23T16:00:00Z"})
