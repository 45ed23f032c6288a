"""A refusal that says the patient session is required is ``patient_session_ended`` to the
kiosk, whatever code the backend gave it: the kiosk's token was good, so the patient is told
to insert the card again, never that the kiosk is not working (``kiosk.client.answers``)."""

from __future__ import annotations

import json

import pytest

from kiosk.client.answers import decode_response
from kiosk.client.errors import BackendRejected


def _refusal(status: int, code: str, details: object) -> BackendRejected:
    raw = json.dumps({"error": {"code": code, "message": "m", "details": details}}).encode()
    with pytest.raises(BackendRejected) as info:
        decode_response(status, raw)
    return info.value


@pytest.mark.parametrize("code", ["unauthenticated", "patient_session_ended"])
def test_a_refusal_that_needs_the_patient_session_is_patient_session_ended(code: str) -> None:
    """``unauthenticated`` with the details: a tap without a live session, or a backend from
    before ``patient_session_ended``."""
    err = _refusal(401, code, {"patient_session": "required"})
    assert (err.code, err.http_status) == ("patient_session_ended", 401)
    assert err.details == {"patient_session": "required"} and not err.outcome_unknown


@pytest.mark.parametrize("details", [None, {}, {"patient_session": "other"}])
def test_a_bad_kiosk_token_stays_unauthenticated(details: object) -> None:
    assert _refusal(401, "unauthenticated", details).code == "unauthenticated"
