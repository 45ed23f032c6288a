"""Issue 12 items 2-5: each caller reaches only what it must (SQLite and PostgreSQL).

A kiosk within one patient's session reaches that patient's visits only (another patient's
visit answers 404, as one that does not exist); a kiosk token alone reaches health,
departments and eligibility (and its own settlements by key); a department posts only to its
visits and those referred to it; tokens and staff accounts have a lifecycle, and a revocation
holds at the next request in every server process; logins are throttled without hashing.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from kiosk.server import schema
from kiosk.server import throttle as th
from tests.support import server_proc as sp

from .conftest import Api, Caller
from .support import card_of


def _audit(api: Api, action: str) -> list[str]:
    with api.service.context.db.read() as conn:
        return list(conn.execute(select(schema.audit_log.c.object_id).where(
            schema.audit_log.c.action == action)).scalars())


# ---- item 2: the patient session ----------------------------------------------------------

def test_a_kiosk_session_cannot_reach_another_patients_visit(api: Api) -> None:
    mine = api.check_in("eligible", "INT")["visit_id"]
    theirs = api.check_in("rare_name", "INT")["visit_id"]
    api.charge(theirs, price=3_000)
    settled = api.settle(theirs).json()
    kiosk = api.session("eligible")
    assert kiosk.get(f"/v1/visits/{mine}").status_code == 200
    for path in (f"/v1/visits/{theirs}", f"/v1/visits/{theirs}/itinerary",
                 f"/v1/visits/{theirs}/pre-settlement", f"/v1/visits/{theirs}/settlement"):
        r = kiosk.get(path)
        nowhere = kiosk.get(path.replace(str(theirs), "987654"))
        assert (r.status_code, r.json()) == (nowhere.status_code, nowhere.json()), path
        assert r.status_code == 404
    r = kiosk.get(f"/v1/settlements/{settled['settlement_id']}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "settlement_not_found"
    r = kiosk.post(f"/v1/visits/{theirs}/settlement", {"expected_medfee_sumamt_fen": 1,
                                                       "expected_psn_cash_pay_fen": 0},
                   headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 404 and r.json()["error"]["code"] == "visit_not_found"
    r = kiosk.post("/v1/visits", {"patient_id": api.patient_id("rare_name"),
                                  "department_code": "SUR"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "patient_not_found"


def test_a_kiosk_token_alone_reaches_only_the_public_kiosk_calls(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    bare = api.kiosk
    assert bare.get("/v1/health").status_code == 200
    assert bare.get("/v1/departments").status_code == 200
    assert bare.post("/v1/eligibility", {"card": card_of("eligible")}).status_code == 200
    for method, path, body in (
            ("POST", "/v1/visits", {"patient_id": api.patient_id("eligible"),
                                    "department_code": "SUR"}),
            ("GET", f"/v1/visits/{vid}", None), ("GET", f"/v1/visits/{vid}/itinerary", None),
            ("GET", f"/v1/visits/{vid}/pre-settlement", None),
            ("GET", f"/v1/visits/{vid}/settlement", None), ("GET", "/v1/settlements/1", None)):
        r = bare.client.request(method, path, json=body, headers={
            **bare._headers(None), "Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 401, (path, r.text)
        assert r.json()["error"]["code"] == "patient_session_ended"


def test_a_session_belongs_to_the_kiosk_token_that_opened_it(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    session = api.session("eligible").session
    other_kiosk = api.service.auth.create_token("kiosk", "lobby-2")
    stolen = Caller(api.client, other_kiosk, session)
    assert stolen.get(f"/v1/visits/{vid}").status_code == 401
    r = Caller(api.client, api.credentials["department_tokens"]["INT"], session).get(
        f"/v1/visits/{vid}")
    assert r.status_code == 401  # a department presenting a session: nobody


def test_a_session_ends_when_idle_at_card_out_and_after_the_last_settlement(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    kiosk = api.session("eligible")
    idle = api.service.context.settings.patient_session_idle_seconds
    api.clock.advance(seconds=idle - 20)
    assert kiosk.get(f"/v1/visits/{vid}").status_code == 200  # a request keeps it alive
    api.clock.advance(seconds=idle - 20)
    assert kiosk.get(f"/v1/visits/{vid}").status_code == 200
    api.clock.advance(seconds=idle + 1)
    r = kiosk.get(f"/v1/visits/{vid}")
    assert r.status_code == 401 and r.json()["error"]["details"] == {
        "patient_session": "required"}

    kiosk = api.session("eligible")
    assert kiosk.delete("/v1/patient-sessions/current").status_code == 204  # card out
    assert kiosk.get(f"/v1/visits/{vid}").status_code == 401

    other = api.check_in("eligible", "SUR")["visit_id"]
    api.charge(vid, price=1_000)
    api.charge(other, "SUR", price=1_000)
    kiosk = api.session("eligible")
    assert api.settle(vid, caller=kiosk).status_code == 201
    assert kiosk.get(f"/v1/visits/{other}").status_code == 200  # another visit to pay
    assert api.settle(other, caller=kiosk).status_code == 201
    assert kiosk.get(f"/v1/visits/{other}").status_code == 401  # nothing left: ended


def test_the_outbox_reads_its_settlement_by_key_without_a_session(api: Api) -> None:
    """After a restart the kiosk has no session: status by key answers the kiosk token that
    claimed the key (and a replay of it), and no other caller but staff."""
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_000)
    bill = api.bill(vid)
    first = api.settle(vid, "tap-outbox-1", bill)
    assert first.status_code == 201
    assert api.kiosk.get("/v1/settlements/by-key/tap-outbox-1").json() == first.json()
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    replay = api.kiosk.post(f"/v1/visits/{vid}/settlement", body,
                            headers={"Idempotency-Key": "tap-outbox-1"})
    assert (replay.status_code, replay.json()) == (201, first.json())
    other = Caller(api.client, api.service.auth.create_token("kiosk", "lobby-2"))
    assert other.get("/v1/settlements/by-key/tap-outbox-1").status_code == 404
    assert other.post(f"/v1/visits/{vid}/settlement", body,
                      headers={"Idempotency-Key": "tap-outbox-1"}).status_code == 401
    assert api.clerk.get("/v1/settlements/by-key/tap-outbox-1").status_code == 200


def test_a_kiosk_alone_settles_only_a_patient_it_served_lately(api: Api) -> None:
    """Its outbox after a restart: a tap the backend never heard is sent without a session;
    the backend takes it for a patient this kiosk token served within the grace hours."""
    vid = api.check_in()["visit_id"]  # a session of this kiosk token: served
    api.charge(vid, price=2_000)
    bill = api.bill(vid)
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    other = Caller(api.client, api.service.auth.create_token("kiosk", "lobby-2"))
    r = other.post(f"/v1/visits/{vid}/settlement", body, headers={"Idempotency-Key": "k-1"})
    assert r.status_code == 401
    grace = api.service.context.settings.patient_session_settle_grace_hours
    api.clock.advance(hours=grace + 1)
    r = api.kiosk.post(f"/v1/visits/{vid}/settlement", body, headers={"Idempotency-Key": "k-2"})
    assert r.status_code == 401
    api.clock.advance(hours=-(grace + 1))
    r = api.kiosk.post(f"/v1/visits/{vid}/settlement", body, headers={"Idempotency-Key": "k-3"})
    assert r.status_code == 201 and r.json()["status"] == "completed"
    assert api.kiosk.get(f"/v1/visits/{vid}").status_code == 401  # still no reading


# ---- item 3: departments ------------------------------------------------------------------

def test_a_department_posts_only_to_its_visits_and_referrals(api: Api) -> None:
    vid = api.check_in("eligible", "INT")["visit_id"]
    r = api.dept("SUR").post(f"/v1/visits/{vid}/charges", {
        "item_code": "X", "name": "手术", "category": "procedure", "insurance_class": "A",
        "unit_price_fen": 100, "quantity": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "visit_not_found"
    assert api.dept("LAB").get(f"/v1/visits/{vid}").status_code == 404
    api.charge(vid, "INT", performing="LAB", price=500, order="REF-1")  # INT orders a lab test
    assert api.dept("LAB").get(f"/v1/visits/{vid}").status_code == 200
    api.charge(vid, "LAB", price=700, order="LAB-2")  # the lab adds what it performs
    r = api.dept("LAB").post(f"/v1/visits/{vid}/charges", {
        "item_code": "X", "name": "片", "category": "imaging", "insurance_class": "A",
        "unit_price_fen": 100, "quantity": 1, "performing_department_code": "RAD"})
    assert r.status_code == 403  # only the visit's own department refers onwards
    assert api.dept("SUR").get(f"/v1/visits/{vid}").status_code == 404
    charges = api.clerk.get(f"/v1/visits/{vid}").json()["charges"]
    assert [c["his_order_id"] for c in charges] == ["REF-1", "LAB-2"]


# ---- item 4: lifecycle ---------------------------------------------------------------------

def test_tokens_are_listed_created_with_expiry_rotated_and_revoked(api: Api) -> None:
    r = api.admin.post("/v1/admin/tokens", {"role": "kiosk", "name": "lobby-9",
                                            "expires_days": 30})
    assert r.status_code == 201, r.text
    made = r.json()
    kiosk = Caller(api.client, made["token"])
    assert kiosk.get("/v1/departments").status_code == 200
    listed = {t["token_id"]: t for t in api.admin.get("/v1/admin/tokens").json()["tokens"]}
    assert listed[made["token_id"]]["expires_at"] is not None
    assert "token" not in listed[made["token_id"]]  # shown once, stored as a hash
    rotated = api.admin.post(f"/v1/admin/tokens/{made['token_id']}/rotation", {}).json()
    assert kiosk.get("/v1/departments").status_code == 401
    fresh = Caller(api.client, rotated["token"])
    assert fresh.get("/v1/departments").status_code == 200 and rotated["name"] == "lobby-9"
    r = api.admin.post(f"/v1/admin/tokens/{rotated['token_id']}/revocation")
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert fresh.get("/v1/departments").status_code == 401
    api.clock.advance(days=31)
    api._staff.clear()  # the admin's own session expired meanwhile: log in again
    expiring = api.admin.post("/v1/admin/tokens", {"role": "department", "name": "lab-2",
                                                   "department_code": "LAB",
                                                   "expires_days": 1}).json()
    api.clock.advance(days=1, seconds=1)
    assert Caller(api.client, expiring["token"]).get("/v1/departments").status_code == 401
    assert set(_audit(api, "token.revoke")) == {rotated["token_id"]}
    assert set(_audit(api, "token.rotate")) == {made["token_id"]}


def test_staff_disabled_password_reset_role_changed_sessions_ended(api: Api) -> None:
    clerk = api.clerk
    staff = {s["username"]: s for s in api.admin.get("/v1/admin/staff").json()["staff"]}
    clerk_id = staff[api.credentials["staff"]["clerk"]["username"]]["staff_id"]
    admin = api.admin
    assert admin.patch(f"/v1/admin/staff/{clerk_id}", {"end_sessions": True}).status_code == 200
    assert clerk.get("/v1/departments").status_code == 401
    creds = dict(api.credentials["staff"]["clerk"])
    r = admin.patch(f"/v1/admin/staff/{clerk_id}", {"password": "a new long password"})
    assert r.status_code == 200
    assert api.anon.post("/v1/staff/sessions", creds).status_code == 401
    creds["password"] = "a new long password"
    assert api.anon.post("/v1/staff/sessions", creds).status_code == 201
    assert admin.patch(f"/v1/admin/staff/{clerk_id}", {"role": "supervisor"}).json()[
        "role"] == "supervisor"
    assert admin.patch(f"/v1/admin/staff/{clerk_id}", {"active": False}).json()[
        "active"] is False
    assert api.anon.post("/v1/staff/sessions", creds).status_code == 401
    assert _audit(api, "staff.role") == [str(clerk_id)]
    assert _audit(api, "staff.disable") == [str(clerk_id)]


def test_lifecycle_from_the_command_line(tmp_path, capsys) -> None:
    import json

    from kiosk.server.cli import main

    url = sp.sqlite_url(tmp_path)
    assert main(["--database-url", url, "seed-demo"]) == 0
    capsys.readouterr()
    assert main(["--database-url", url, "tokens", "create", "--kiosk", "lobby-3",
                 "--expires-days", "7"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["token"] and made["expires_at"]
    assert main(["tokens", "list", "--database-url", url]) == 0
    assert made["token_id"] in capsys.readouterr().out
    assert main(["--database-url", url, "tokens", "rotate", made["token_id"]]) == 0
    rotated = json.loads(capsys.readouterr().out)
    assert main(["--database-url", url, "tokens", "revoke", rotated["token_id"]]) == 0
    assert json.loads(capsys.readouterr().out)["revoked_at"]
    assert main(["--database-url", url, "tokens", "revoke", rotated["token_id"]]) == 2
    assert main(["--database-url", url, "staff", "list"]) == 0
    staff = json.loads(capsys.readouterr().out)["staff"]
    first = staff[0]["staff_id"]
    assert main(["--database-url", url, "staff", "reset-password", str(first)]) == 0
    assert json.loads(capsys.readouterr().out)["password"]
    for action in (["disable"], ["enable"], ["end-sessions"], ["set-role"]):
        extra = ["clerk"] if action == ["set-role"] else []
        assert main(["--database-url", url, "staff", *action, str(first), *extra]) == 0
    capsys.readouterr()


def test_a_revoked_token_fails_at_once_on_every_server_process(tmp_path) -> None:
    """Two uvicorn worker processes; each has answered the token (the old cache kept it for
    10 s per process); after the revocation every request, on either worker, is refused."""
    url = sp.sqlite_url(tmp_path)
    creds = sp.seed(url)
    with sp.ServerProcess.start(url, tmp_path, workers=2,
                                config=sp.write_config(tmp_path)) as server:
        kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}", "Connection": "close"}
        import requests

        def ask() -> int:
            return requests.get(f"{server.base_url}/v1/departments", headers=kiosk,
                                timeout=30).status_code

        assert {ask() for _ in range(30)} == {200}  # fresh connections: both workers
        admin = sp.staff_token(server.base_url, creds)
        tokens = requests.get(f"{server.base_url}/v1/admin/tokens", timeout=30,
                              headers={"Authorization": f"Bearer {admin}"}).json()["tokens"]
        kiosk_id = next(t["token_id"] for t in tokens if t["role"] == "kiosk")
        r = requests.post(f"{server.base_url}/v1/admin/tokens/{kiosk_id}/revocation",
                          headers={"Authorization": f"Bearer {admin}"}, timeout=30)
        assert r.status_code == 200, r.text
        assert {ask() for _ in range(30)} == {401}


# ---- item 5: login throttling ---------------------------------------------------------------

class CountingHasher(PasswordHasher):
    """argon2's own hasher, counting how often a password is checked."""

    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        CountingHasher.verified += 1
        return super().verify(hash, password)


def test_the_eleventh_wrong_password_is_refused_without_hashing(api: Api) -> None:
    api.service.auth.hasher = CountingHasher()
    CountingHasher.verified = 0
    creds = dict(api.credentials["staff"]["clerk"])
    wrong = {**creds, "password": "wrong password"}
    answers = []
    for _ in range(10):
        r = api.anon.post("/v1/staff/sessions", wrong)
        if r.status_code == 429:  # backing off: wait as told, then try again
            api.clock.advance(seconds=int(r.headers["Retry-After"]))
            r = api.anon.post("/v1/staff/sessions", wrong)
        answers.append(r.status_code)
    assert answers == [401] * 10 and CountingHasher.verified == 10
    r = api.anon.post("/v1/staff/sessions", creds)  # the eleventh: even the right one
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 60
    assert CountingHasher.verified == 10
    assert len(_audit(api, "login.fail")) == 10
    assert len(_audit(api, "login.lockout")) == 1
    api.clock.advance(minutes=16)
    assert api.anon.post("/v1/staff/sessions", creds).status_code == 201


def test_one_address_is_throttled_across_accounts(api: Api) -> None:
    for i in range(th.ADDRESS_LIMIT.lock_after):
        api.clock.advance(seconds=th.ACCOUNT_LIMIT.max_backoff_seconds + 1)
        r = api.anon.post("/v1/staff/sessions", {"username": f"guess-{i}", "password": "x"})
        assert r.status_code in (401, 429)
    r = api.anon.post("/v1/staff/sessions", dict(api.credentials["staff"]["admin"]))
    assert r.status_code == 429


@pytest.mark.parametrize(("failures", "ago", "wait"), [
    (4, 0, 0), (5, 0, 1), (6, 0, 2), (6, 2, 0), (9, 0, 16), (9, 16, 0),
    (30, 0, 60), (9, 15 * 60 + 1, 0),
])
def test_backoff_doubles_then_is_forgotten(failures: int, ago: int, wait: int) -> None:
    from datetime import datetime

    now = datetime(2026, 1, 1, 12, 0)
    memory = th.Memory(failures, now - timedelta(seconds=ago))
    assert th.wait_seconds(th.ACCOUNT_LIMIT, memory, now) == wait


def test_the_tenth_failure_locks_and_an_old_one_starts_afresh() -> None:
    from datetime import datetime

    now = datetime(2026, 1, 1, 12, 0)
    locked = th.after_failure(th.ACCOUNT_LIMIT, th.Memory(9, now), now)
    assert locked.failures == 10 and locked.locked_until == now + timedelta(minutes=15)
    assert th.wait_seconds(th.ACCOUNT_LIMIT, locked, now) == 15 * 60
    old = th.Memory(9, now - timedelta(hours=1))
    assert th.after_failure(th.ACCOUNT_LIMIT, old, now) == th.Memory(1, now)
    assert th.wait_seconds(th.ACCOUNT_LIMIT, None, now) == 0
