"""A kiosk whose patient session is over is told so (``401 patient_session_ended``), and only
a bad kiosk token is ``401 unauthenticated`` (SQLite and PostgreSQL).

The kiosk shows "this kiosk is not working" for ``unauthenticated``; for an ended session the
patient only has to insert the card again. ``details.patient_session`` stays ``"required"``
for kiosks that read it.
"""

from __future__ import annotations

import uuid
from typing import Any

from .conftest import Api, Caller

ENDED = {"code": "patient_session_ended", "details": {"patient_session": "required"}}


def _kiosk_calls(vid: int, patient_id: int) -> list[tuple[str, str, Any]]:
    """Every call a kiosk makes within a patient session (``require(..., patient_session)``)."""
    return [("POST", "/v1/visits", {"patient_id": patient_id, "department_code": "SUR"}),
            ("GET", f"/v1/visits/{vid}", None), ("GET", f"/v1/visits/{vid}/itinerary", None),
            ("GET", f"/v1/visits/{vid}/pre-settlement", None),
            ("GET", f"/v1/visits/{vid}/settlement", None), ("GET", "/v1/settlements/1", None)]


CARD_OUT = ("DELETE", "/v1/patient-sessions/current", None)


def _answers(caller: Caller, calls: list[tuple[str, str, Any]]) -> list[tuple[str, int, Any]]:
    out = []
    for method, path, body in calls:
        r = caller.client.request(method, path, json=body, headers=caller._headers(None))
        error = r.json()["error"] if r.status_code >= 400 else None
        out.append((path, r.status_code,
                    error and {"code": error["code"], "details": error["details"]}))
    return out


def _all_ended(calls: list[tuple[str, str, Any]]) -> list[tuple[str, int, Any]]:
    return [(path, 401, ENDED) for _method, path, _body in calls]


def test_an_idle_ended_or_expired_session_is_patient_session_ended(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    calls = _kiosk_calls(vid, api.patient_id("eligible"))
    settings = api.service.context.settings

    idle = api.session("eligible")
    api.clock.advance(seconds=settings.patient_session_idle_seconds + 1)
    assert _answers(idle, calls) == _all_ended(calls)

    card_out = api.session("eligible")
    assert card_out.delete("/v1/patient-sessions/current").status_code == 204
    assert _answers(card_out, calls) == _all_ended(calls)

    capped = api.session("eligible")
    for _ in range(settings.patient_session_max_minutes - 1):  # in use all along, then too old
        api.clock.advance(minutes=1)
        assert capped.get(f"/v1/visits/{vid}").status_code == 200
    api.clock.advance(minutes=1)
    assert _answers(capped, calls) == _all_ended(calls)

    assert _answers(api.kiosk, calls) == _all_ended(calls)  # no session at all
    unknown = Caller(api.client, api.credentials["kiosk_token"], "no-such-session")
    assert _answers(unknown, calls) == _all_ended(calls)


def test_a_bad_kiosk_token_stays_unauthenticated(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    calls = [*_kiosk_calls(vid, api.patient_id("eligible")), CARD_OUT]
    live = api.session("eligible")
    unauthenticated = {"code": "unauthenticated", "details": None}
    stranger = Caller(api.client, "not-a-token", live.session)
    assert _answers(stranger, calls) == [(p, 401, unauthenticated) for _m, p, _b in calls]

    token = api.service.auth.issue_token("kiosk", "lobby-9")
    lobby = Caller(api.client, str(token["token"]))
    assert lobby.get("/v1/departments").status_code == 200
    api.service.auth.revoke_token(str(token["token_id"]))
    assert _answers(lobby, calls) == [(p, 401, unauthenticated) for _m, p, _b in calls]
    with_session = Caller(api.client, str(token["token"]), live.session)
    assert _answers(with_session, calls) == [(p, 401, unauthenticated) for _m, p, _b in calls]


def test_the_card_out_of_a_session_that_has_ended_is_204(api: Api) -> None:
    """The kiosk reports the card out after every journey, and the settlement has usually
    ended the session already: that is what the kiosk asks for, not a refusal (it was
    ``401 patient_session_ended`` on every paid journey, logged by the kiosk as a card out
    the backend did not hear). The answer is the same whatever the session was, so it tells
    nobody whether one was live."""
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_000)
    paid = api.session("eligible")
    assert api.settle(vid, caller=paid).status_code == 201
    calls = _kiosk_calls(vid, api.patient_id("eligible"))
    assert _answers(paid, calls) == _all_ended(calls)  # the settlement ended it
    idle = api.session("eligible")
    api.clock.advance(seconds=api.service.context.settings.patient_session_idle_seconds + 1)
    unknown = Caller(api.client, api.credentials["kiosk_token"], "no-such-session")
    for caller in (paid, idle, unknown, api.kiosk):
        assert _answers(caller, [CARD_OUT]) == [(CARD_OUT[1], 204, None)]
        assert _answers(caller, calls) == _all_ended(calls)  # and nothing came back to life

    live = api.session("eligible")
    assert _answers(live, [CARD_OUT, CARD_OUT]) == [(CARD_OUT[1], 204, None)] * 2
    assert _answers(live, calls) == _all_ended(calls)


def test_a_refused_settlement_without_a_session_charged_nothing(api: Api) -> None:
    """The tap a kiosk makes after the session ended, for a patient it never served: refused
    before its key is claimed, so the bill is unpaid and the same key may still be sent."""
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_000)
    bill = api.bill(vid)
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    other = Caller(api.client, api.service.auth.create_token("kiosk", "lobby-2"))
    key = uuid.uuid4().hex
    r = other.post(f"/v1/visits/{vid}/settlement", body, headers={"Idempotency-Key": key})
    assert r.status_code == 401 and r.json()["error"] == {
        "code": "patient_session_ended", "message": r.json()["error"]["message"],
        "details": {"patient_session": "required"}}
    assert other.get(f"/v1/settlements/by-key/{key}").status_code == 404
    assert api.clerk.get(f"/v1/visits/{vid}/settlement").status_code == 404
    assert api.bill(vid) == bill  # the charges stay on the visit
    assert api.settle(vid, key, bill).status_code == 201
