"""Auto-settle, the clearing report, the audit log, migrations and the ``kiosk server`` CLI."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from kiosk.server import schema
from kiosk.server.cli import main as cli_main
from kiosk.server.db import Database
from kiosk.server.migrations import LATEST, MIGRATIONS, current_version, migrate

from .support import HttpCaller, authenticated, card_of, count_gateway


def test_auto_settle_settles_old_visits_the_same_way(api, clock) -> None:
    old = api.check_in("eligible", "INT")["visit_id"]
    api.charge(old, price=30_000, klass="C")  # class C: cash, so the gateway is charged
    empty = api.check_in("rare_name", "INT")["visit_id"]
    clock.advance(minutes=api.service.context.settings.auto_settle_after_minutes - 5)
    young = api.check_in("eligible", "SUR")["visit_id"]
    api.charge(young, "SUR", price=1_000)
    clock.advance(minutes=10)
    r = api.admin.post("/v1/admin/auto-settle")
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["closed"] == [empty] and result["failed"] == [] and result["resumed"] == []
    assert len(result["settled"]) == 1
    s = api.kiosk_for(old).get(f"/v1/visits/{old}/settlement").json()
    assert s["settlement_id"] == result["settled"][0]
    assert s["channel"] == "auto" and s["payment"]["status"] == "charged"
    assert api.admin.get(f"/v1/settlements/by-key/auto-visit-{old}").json() == s
    assert api.kiosk_for(young).get(f"/v1/visits/{young}").json()["visit"]["status"] == "open"
    # running again changes nothing and charges nothing more
    assert api.admin.post("/v1/admin/auto-settle").json() == {
        "settled": [], "closed": [], "failed": [], "resumed": []}
    assert count_gateway(api.service) == 1


def test_a_settlement_interrupted_mid_charge_is_resumed(api, clock) -> None:
    """A crash between writing the settlement and charging: the periodic task finishes it
    with the same gateway reference, and the waiting idempotency key gets its answer."""
    from kiosk.server.auth import Principal
    from kiosk.server.models import SettleIn

    vid = api.check_in()["visit_id"]
    api.charge(vid, price=30_000, klass="C")
    bill = api.bill(vid)
    svc = api.service
    settlements = svc.settlements
    original = settlements._collect
    settlements._collect = lambda principal, sid: None  # the process "dies" before charging
    kiosk = Principal("kiosk", "kiosk:t", patient_id=api.patient_id("eligible"),
                      patient_proven=True)
    _status, answer = settlements.settle(kiosk, vid, "crash-key", SettleIn(
        expected_medfee_sumamt_fen=bill["medfee_sumamt_fen"],
        expected_psn_cash_pay_fen=bill["psn_cash_pay_fen"], channel="linked_method"))
    settlements._collect = original
    assert answer["status"] == "charging"
    with svc.context.db.write() as conn:  # as if the answer never got stored
        conn.execute(schema.idempotency_keys.update().values(status="in_progress",
                                                             response_body=None))
    assert api.admin.get("/v1/settlements/by-key/crash-key").status_code == 409
    clock.advance(minutes=5)
    assert settlements.auto_settle()["resumed"] == [answer["settlement_id"]]
    done = api.admin.get("/v1/settlements/by-key/crash-key").json()
    assert done["status"] == "completed" and done["payment"]["status"] == "charged"
    assert count_gateway(svc) == 1


def test_clearing_report_per_period_and_insurance_type(api, clock) -> None:
    a = api.check_in("eligible", "INT")["visit_id"]  # 310
    api.charge(a, price=40_000)
    sa = api.settle(a).json()
    b = api.check_in("rare_name", "INT")["visit_id"]  # 390
    api.charge(b, price=30_000)
    sb = api.settle(b).json()
    clock.advance(days=10)  # next month (2026-12-03)
    c = api.check_in("eligible", "SUR")["visit_id"]
    api.charge(c, "SUR", price=10_000)
    sc = api.settle(c).json()
    api._staff.clear()
    r = api.supervisor.get("/v1/reports/clearing?period=monthly&start=2026-11-01&end=2026-12-31")
    assert r.status_code == 200
    report = r.json()
    rows = [(x["period_start"], x["insurance_type"], x["settlements"], x["fund_pay_sumamt_fen"])
            for x in report["rows"]]
    assert rows == [
        ("2026-11-01", "310", 1, sa["split"]["fund_pay_sumamt_fen"]),
        ("2026-11-01", "390", 1, sb["split"]["fund_pay_sumamt_fen"]),
        ("2026-12-01", "310", 1, sc["split"]["fund_pay_sumamt_fen"]),
    ]
    assert report["rows"][0]["period_end"] == "2026-11-30"
    assert report["totals"]["hifp_pay_fen"] == sum(
        s["split"]["hifp_pay_fen"] for s in (sa, sb, sc))
    weekly = api.supervisor.get(
        "/v1/reports/clearing?period=weekly&start=2026-11-01&end=2026-12-31").json()
    assert [x["period_start"] for x in weekly["rows"]] == ["2026-11-23", "2026-11-23",
                                                           "2026-11-30"]
    # a reversed settlement is not owed by the insurer
    api.supervisor.post(f"/v1/settlements/{sc['settlement_id']}/reversal", {"reason": "x"})
    again = api.supervisor.get(
        "/v1/reports/clearing?period=monthly&start=2026-12-01&end=2026-12-31").json()
    assert again["rows"] == [] and again["totals"]["settlements"] == 0


def test_every_change_is_audited_without_personal_data(api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid)
    api.settle(vid)
    with api.service.context.db.read() as conn:
        rows = conn.execute(select(schema.audit_log)).all()
    actions = {r.action for r in rows}
    assert {"visit.check_in", "charge.post", "settlement.create", "settlement.complete",
            "demo.seed", "token.create", "staff.create"} <= actions
    blob = json.dumps([tuple(map(str, r)) for r in rows], ensure_ascii=False)
    assert "990101195603140023" not in blob and "林秀英" not in blob


def test_migrations_are_idempotent(db_url) -> None:
    db = Database(db_url)
    try:
        assert migrate(db) == [v for v, _name, _fn in MIGRATIONS]
        assert migrate(db) == []
        assert current_version(db) == LATEST
    finally:
        db.dispose()


def test_cli_commands(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert cli_main(["init-db", "--database-url", url]) == 0
    assert f"schema version {LATEST}" in capsys.readouterr().out
    out_file = tmp_path / "creds.json"
    assert cli_main(["--database-url", url, "seed-demo", "--output", str(out_file)]) == 0
    creds = json.loads(capsys.readouterr().out)
    assert json.loads(out_file.read_text()) == creds
    assert out_file.stat().st_mode & 0o077 == 0
    assert set(creds["department_tokens"]) >= {"INT", "LAB"}
    assert cli_main(["seed-demo", "--database-url", url]) == 0  # again: nothing duplicated
    capsys.readouterr()
    db = Database(url)
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.patients)).scalar() == 9
        assert conn.execute(select(func.count()).select_from(schema.debts)).scalar() == 1
    db.dispose()
    assert cli_main(["create-token", "--kiosk", "lobby-2", "--database-url", url]) == 0
    assert len(capsys.readouterr().out.strip()) >= 40
    assert cli_main(["create-token", "--department", "NOPE", "--database-url", url]) == 2
    assert cli_main(["create-staff", "--username", "amy", "--role", "clerk",
                     "--database-url", url]) == 0
    staff = json.loads(capsys.readouterr().out)
    assert staff["role"] == "clerk" and len(staff["password"]) >= 12
    assert cli_main(["auto-settle", "--database-url", url]) == 0
    assert json.loads(capsys.readouterr().out)["settled"] == []
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_setting = 1\n")
    assert cli_main(["init-db", "--config", str(bad), "--database-url", url]) == 2
    bad.write_text('[policies."310"]\nreimbursement_ratio = 0.7\n')  # a float: refused
    assert cli_main(["init-db", "--config", str(bad), "--database-url", url]) == 2


def test_the_server_settles_old_visits_by_itself(settings, clock) -> None:
    """The periodic task of a running app (``auto_settle_interval_seconds``)."""
    import time

    from fastapi.testclient import TestClient

    from kiosk.server.app import create_app
    from kiosk.server.seed import seed_demo

    settings.auto_settle_interval_seconds = 1
    app = create_app(settings, clock=clock)
    service = app.state.service
    creds = seed_demo(service)
    kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
    with TestClient(app) as client:
        body = authenticated(HttpCaller(client, "", kiosk), card_of("eligible"))
        session = client.post("/v1/eligibility", headers=kiosk, json=body).json()[
            "session_token"]
        kiosk["X-Patient-Session"] = session
        r = client.post("/v1/visits", headers=kiosk, json={
            "patient_id": creds["patients"]["eligible"]["patient_id"],
            "department_code": "INT"})
        vid = r.json()["visit_id"]
        clock.advance(minutes=settings.auto_settle_after_minutes + 1)
        deadline = time.monotonic() + 20
        clerk = {"Authorization": "Bearer " + client.post(
            "/v1/staff/sessions", json=creds["staff"]["clerk"]).json()["token"]}
        while client.get(f"/v1/visits/{vid}", headers=clerk).json()["visit"]["status"] == "open":
            assert time.monotonic() < deadline, "the periodic task did not run"
            time.sleep(0.2)
        assert client.get(f"/v1/visits/{vid}", headers=clerk).json()["visit"]["status"] == \
            "closed"
    service.context.db.dispose()
