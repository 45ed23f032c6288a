"""Who may do what (401/403 for every endpoint and role) and bad input: always a 4xx in the
error envelope, never a 5xx, and nothing half-applied."""

from __future__ import annotations

import pytest

from .support import card_of

ROLES = ("anon", "bad", "kiosk", "department", "clerk", "supervisor", "admin")

# method, path, body, roles allowed (besides, everything answers 401 to anon/bad tokens)
ENDPOINTS = [
    ("GET", "/v1/departments", None, {"kiosk", "department", "clerk", "supervisor", "admin"}),
    ("PUT", "/v1/departments/INT/queue", {"queue_length": 3}, {"department"}),
    ("POST", "/v1/eligibility", {"card": card_of("eligible")},
     {"kiosk", "clerk", "supervisor", "admin"}),
    ("POST", "/v1/visits", {"patient_id": 1, "department_code": "SUR"},
     {"kiosk", "clerk", "supervisor", "admin"}),
    ("GET", "/v1/visits/1", None, {"kiosk", "department", "clerk", "supervisor", "admin"}),
    ("POST", "/v1/visits/1/charges", {"item_code": "A", "name": "a", "category": "lab",
                                      "insurance_class": "A", "unit_price_fen": 1,
                                      "quantity": 1}, {"department"}),
    ("POST", "/v1/charges/1/performed", None, {"department"}),
    ("GET", "/v1/visits/1/itinerary", None, {"kiosk", "clerk", "supervisor", "admin"}),
    ("GET", "/v1/visits/1/pre-settlement", None, {"kiosk", "clerk", "supervisor", "admin"}),
    ("GET", "/v1/visits/1/settlement", None, {"kiosk", "clerk", "supervisor", "admin"}),
    ("GET", "/v1/settlements/1", None, {"kiosk", "clerk", "supervisor", "admin"}),
    ("GET", "/v1/settlements/by-key/k", None, {"kiosk", "clerk", "supervisor", "admin"}),
    ("POST", "/v1/settlements/1/reversal", {"reason": "r"}, {"supervisor", "admin"}),
    ("POST", "/v1/patients/search", {"ssn": "990101195603140023"},
     {"clerk", "supervisor", "admin"}),
    ("GET", "/v1/patients/1", None, {"clerk", "supervisor", "admin"}),
    ("POST", "/v1/patients/1/suspend", {"reason": "r"}, {"clerk", "supervisor", "admin"}),
    ("POST", "/v1/patients/1/reinstate", {"reason": "r"}, {"supervisor", "admin"}),
    ("POST", "/v1/debts/1/payment", {"channel": "cash", "amount_fen": 1},
     {"clerk", "supervisor", "admin"}),
    ("GET", "/v1/reports/clearing?start=2026-11-01&end=2026-11-30", None,
     {"supervisor", "admin"}),
    ("POST", "/v1/admin/auto-settle", None, {"admin"}),
    ("GET", "/v1/admin/tokens", None, {"admin"}),
    ("GET", "/v1/admin/staff", None, {"admin"}),
    ("PATCH", "/v1/admin/staff/999", {"end_sessions": True}, {"admin"}),
    ("POST", "/v1/admin/tokens/abc/revocation", None, {"admin"}),
    ("DELETE", "/v1/patient-sessions/current", None, {"kiosk"}),
    ("DELETE", "/v1/staff/sessions/current", None, {"clerk", "supervisor", "admin"}),
]


def caller(api, role):  # type: ignore[no-untyped-def]
    from .conftest import Caller

    if role == "anon":
        return api.anon
    if role == "bad":
        return Caller(api.client, "not-a-token")
    if role == "department":
        return api.dept("INT")
    if role == "kiosk":
        return api.session()  # within a patient session (the kiosk token alone: below)
    return api.staff(role)


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_auth_matrix(api, method, path, body, allowed) -> None:
    for role in ROLES:
        c = caller(api, role)
        kwargs = {"json": body} if body is not None else {}
        r = c.client.request(method, path, headers=c._headers(None), **kwargs)
        if role in ("anon", "bad"):
            expected = 401
        elif role in allowed:
            assert r.status_code not in (401, 403), (role, r.text)
            assert r.status_code < 500, (role, r.text)
            continue
        else:
            expected = 403
        assert r.status_code == expected, (role, r.status_code, r.text)
        assert r.json()["error"]["code"] == ("unauthenticated" if expected == 401
                                             else "forbidden")


def test_public_endpoints_and_login(api) -> None:
    from kiosk.server.migrations import LATEST

    health = api.anon.get("/v1/health").json()
    assert health == {"status": "ok", "schema_version": LATEST,
                      "server_time": health["server_time"]}
    r = api.anon.post("/v1/staff/sessions", {"username": "nobody", "password": "x"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    creds = dict(api.credentials["staff"]["clerk"])
    r = api.anon.post("/v1/staff/sessions", {**creds, "password": "wrong"})
    assert r.status_code == 401
    r = api.anon.post("/v1/staff/sessions", creds)
    assert r.status_code == 201 and r.json()["role"] == "clerk"
    token = r.json()["token"]
    from .conftest import Caller

    me = Caller(api.client, token)
    assert me.get("/v1/departments").status_code == 200
    assert me.delete("/v1/staff/sessions/current").status_code == 204
    assert me.get("/v1/departments").status_code == 401  # the session ended


def test_department_sets_only_its_own_queue(api) -> None:
    assert api.dept("LAB").put("/v1/departments/INT/queue", {"queue_length": 1}).status_code \
        == 403
    r = api.dept("LAB").put("/v1/departments/LAB/queue", {"queue_length": 9})
    assert r.status_code == 200 and r.json()["queue_length"] == 9


BAD_BODIES = [
    ("/v1/eligibility", {}),
    ("/v1/eligibility", {"card": {"ssn": "123"}}),
    ("/v1/eligibility", {"card": card_of("eligible"), "extra": 1}),
    ("/v1/eligibility", {"card": card_of("eligible", ssn="99010119560314002\x00")}),
    ("/v1/eligibility", {"card": card_of("eligible", expiry_date="2031-13-40")}),
    ("/v1/eligibility", {"card": card_of("eligible", card_number="A" * 500)}),
    ("/v1/eligibility", {"card": card_of("eligible", name="x\ny")}),
    ("/v1/eligibility", {"card": card_of("eligible", gender="other")}),
    ("/v1/eligibility", []),
    ("/v1/eligibility", "text"),
    ("/v1/visits", {"patient_id": "1", "department_code": "INT"}),
    ("/v1/visits", {"patient_id": 1.0, "department_code": "INT"}),
    ("/v1/visits", {"patient_id": 2**70, "department_code": "INT"}),
    ("/v1/visits", {"patient_id": -1, "department_code": "INT"}),
    ("/v1/visits", {"patient_id": 1, "department_code": "INT", "mode": "cash"}),
    ("/v1/visits", {"patient_id": 1, "department_code": "I N T"}),
    ("/v1/visits", {"patient_id": True, "department_code": "INT"}),
]


@pytest.mark.parametrize(("path", "body"), BAD_BODIES)
def test_malformed_bodies_are_422(api, path, body) -> None:
    r = api.session().post(path, body)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "validation_error"
    assert isinstance(err["details"]["errors"], list) and err["details"]["errors"]


def test_malformed_charges_change_nothing(api) -> None:
    vid = api.check_in()["visit_id"]
    good = {"item_code": "A", "name": "a", "category": "lab", "insurance_class": "A",
            "unit_price_fen": 100, "quantity": 1}
    bad = [dict(good, unit_price_fen=1.5), dict(good, unit_price_fen=-1),
           dict(good, unit_price_fen="100"), dict(good, unit_price_fen=10**15),
           dict(good, quantity=0), dict(good, category="food"), dict(good, insurance_class="D"),
           dict(good, name=""), dict(good, his_order_id="x" * 65), {**good, "price": 1}]
    for body in bad:
        r = api.dept("INT").post(f"/v1/visits/{vid}/charges", body)
        assert r.status_code == 422, (body, r.text)
    assert api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["charges"] == []


def test_raw_garbage_and_unknown_routes(api) -> None:
    r = api.kiosk.post("/v1/eligibility", content=b"{not json",
                       headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    r = api.kiosk.post("/v1/eligibility", content="\udcff".encode("utf-8", "surrogatepass"),
                       headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    r = api.kiosk.get("/v1/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api.kiosk.client.patch("/v1/eligibility")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    for path in ("/v1/visits/0", "/v1/visits/abc", f"/v1/visits/{2**64}"):
        r = api.session().get(path)
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    r = api.supervisor.get("/v1/reports/clearing?start=2026-11-30&end=2026-11-01")
    assert r.status_code == 422
    r = api.supervisor.get("/v1/reports/clearing?start=2026-11-01&end=2026-11-30&period=daily")
    assert r.status_code == 422
    r = api.supervisor.get("/v1/reports/clearing?start=0001-01-01&end=9999-12-31")
    assert r.status_code == 422


def test_request_id_is_echoed_or_made(api) -> None:
    r = api.anon.get("/v1/health", headers={"X-Request-ID": "kiosk-7.abc"})
    assert r.headers["X-Request-ID"] == "kiosk-7.abc"
    r = api.anon.get("/v1/health", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["X-Request-ID"] != "bad id with spaces"


def test_every_answer_says_how_long_the_server_took(api) -> None:
    import re

    for r in (api.anon.get("/v1/health"), api.anon.get("/v1/nowhere"),
              api.anon.post("/v1/eligibility", json={})):
        timing = re.fullmatch(r"app;dur=(\d+\.\d\d)", r.headers["Server-Timing"])
        assert timing is not None, r.headers["Server-Timing"]
        assert 0 <= float(timing.group(1)) < 60_000


def test_logs_carry_no_personal_data(api, caplog) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    card = card_of("eligible")
    api.kiosk.post("/v1/eligibility", {"card": card})
    vid = api.check_in()["visit_id"]
    api.charge(vid)
    api.settle(vid)
    api.clerk.post("/v1/patients/search", {"ssn": card["ssn"]})
    text = caplog.text
    for secret in (card["ssn"], card["name"], card["card_number"]):
        assert secret not in text
    assert "/v1/eligibility" in text  # the access log is there, just without PII


def test_openapi_is_served_with_the_error_envelope(api) -> None:
    r = api.anon.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert "/v1/visits/{visit_id}/settlement" in doc["paths"]
    assert doc["components"]["schemas"]["HTTPValidationError"]["required"] == ["error"]
    assert api.anon.get("/docs").status_code == 200
