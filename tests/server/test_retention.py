"""Retention on the backend (``kiosk.server.retention``, ``kiosk server prune``): the pure
decisions row by row, then rows of several ages in SQLite and PostgreSQL showing what goes,
what stays, and that a dry run deletes nothing; then the command line.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace as Row

import pytest
from sqlalchemy import func, or_, select

from kiosk.domain.files import remove_logging
from kiosk.server import retention as r
from kiosk.server import schema as t
from kiosk.server.cli import main as cli_main
from kiosk.server.logs import LOG_DIR_ENV, LOG_LEVEL_ENV

NOW = datetime(2026, 11, 23, 2, 0)  # the conftest clock's start, naive UTC
C = r.cutoffs(NOW, 90, 3650, 24)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


# ---- the pure decisions ----------------------------------------------------------------

def test_cutoffs_refuse_ages_that_would_delete_what_is_in_use() -> None:
    assert C.general == ago(90) and C.money == ago(3650)
    assert C.session_grace == NOW - timedelta(hours=24)
    with pytest.raises(ValueError):
        r.cutoffs(NOW, 0, 3650, 24)
    with pytest.raises(ValueError):
        r.cutoffs(NOW, 90, 30, 24)  # money kept for less than the rest


def test_audit_rows_about_money_are_kept_for_the_money_age() -> None:
    nothing = r.Protected()

    def audit(action: str, days: float, object_type: str = "staff", oid: str = "1") -> Row:
        return Row(action=action, at=ago(days), object_type=object_type, object_id=oid)

    assert r.audit_may_go(audit("session.create", 91), C, nothing)
    assert not r.audit_may_go(audit("session.create", 89), C, nothing)
    for action in ("settlement.complete", "settlement.reverse", "debt.pay", "debt.create",
                   "charge.post", "link.create", "idempotency.free_stale"):
        assert r.is_money_action(action)
        assert not r.audit_may_go(audit(action, 91), C, nothing), action
        assert not r.audit_may_go(audit(action, 3649), C, nothing), action
        assert r.audit_may_go(audit(action, 3651), C, nothing), action
    assert not r.is_money_action("login.fail")


def test_audit_rows_about_open_or_unsettled_things_stay_whatever_their_age() -> None:
    p = r.Protected(open_visits=frozenset({7}), unsettled_settlements=frozenset({8}),
                    open_debts=frozenset({9}), open_visit_charges=frozenset({10}),
                    open_visit_patients=frozenset({11}), in_progress_keys=frozenset({"k"}))
    old = ago(4000)
    cases = [("visit.check_in", "visit", "7"), ("settlement.create", "settlement", "8"),
             ("debt.create", "debt", "9"), ("charge.post", "charge", "10"),
             ("patient.create", "patient", "11"), ("idempotency.free_stale",
                                                   "idempotency_key", "k")]
    for action, object_type, oid in cases:
        row = Row(action=action, at=old, object_type=object_type, object_id=oid)
        assert not r.audit_may_go(row, C, p), object_type
        assert r.audit_may_go(Row(action=action, at=old, object_type=object_type,
                                  object_id="99"), C, p), object_type


def test_patient_sessions_go_once_ended_long_ago_unless_the_patient_has_an_open_visit() -> None:
    def session(ended: float | None, expires: float, seen: float, patient: int = 1) -> Row:
        return Row(ended_at=None if ended is None else ago(ended), expires_at=ago(expires),
                   last_seen_at=ago(seen), created_at=ago(seen), patient_id=patient)

    nothing = r.Protected()
    assert r.session_may_go(session(100, 100, 100), C, nothing)
    assert r.session_may_go(session(None, 95, 95), C, nothing)  # expired, never ended
    assert not r.session_may_go(session(80, 80, 80), C, nothing)
    assert not r.session_may_go(session(None, 80, 95), C, nothing)
    assert not r.session_may_go(session(100, 100, 100, patient=5), C,
                                r.Protected(open_visit_patients=frozenset({5})))
    # an age under the settle grace never takes a session a kiosk's outbox may still use
    short = r.cutoffs(NOW, 1, 3650, 72)
    assert not r.session_may_go(session(2, 2, 2), short, nothing)


def test_staff_sessions_go_once_revoked_or_expired_long_ago() -> None:
    assert r.staff_session_may_go(Row(expires_at=ago(91), revoked_at=None), C)
    assert r.staff_session_may_go(Row(expires_at=ago(10), revoked_at=ago(91)), C)
    assert not r.staff_session_may_go(Row(expires_at=ago(89), revoked_at=None), C)
    assert not r.staff_session_may_go(Row(expires_at=NOW + timedelta(hours=1),
                                          revoked_at=None), C)


def test_calls_for_help_go_once_acknowledged_long_ago_an_open_one_stays() -> None:
    assert r.help_request_may_go(Row(acknowledged_at=ago(91)), C)
    assert not r.help_request_may_go(Row(acknowledged_at=ago(89)), C)
    assert not r.help_request_may_go(Row(acknowledged_at=None), C)  # open, however old


def test_login_failures_go_when_old_and_no_lockout_runs() -> None:
    assert r.login_failure_may_go(Row(last_failure_at=ago(91), locked_until=None), C)
    assert r.login_failure_may_go(Row(last_failure_at=ago(91), locked_until=ago(90)), C)
    assert not r.login_failure_may_go(Row(last_failure_at=ago(89), locked_until=None), C)
    assert not r.login_failure_may_go(
        Row(last_failure_at=ago(91), locked_until=NOW + timedelta(days=1)), C)


def test_idempotency_keys_go_when_done_and_their_settlement_is_not_in_flight() -> None:
    p = r.Protected(unsettled_settlements=frozenset({3}),
                    unsettled_reversal_keys=frozenset({"rev"}))

    def key(status: str, days: float, settlement: int | None = None, name: str = "k") -> Row:
        return Row(key=name, status=status, updated_at=ago(days), settlement_id=settlement)

    assert r.key_may_go(key("done", 91), C, p)
    assert r.key_may_go(key("done", 91, settlement=4), C, p)
    assert not r.key_may_go(key("done", 89), C, p)
    assert not r.key_may_go(key("in_progress", 400), C, p)
    assert not r.key_may_go(key("done", 91, settlement=3), C, p)
    assert not r.key_may_go(key("done", 91, name="rev"), C, p)


def test_money_rows_go_only_after_the_money_age_and_when_final() -> None:
    def settlement(status: str, days: float, sid: int = 1) -> Row:
        return Row(settlement_id=sid, status=status, created_at=ago(days),
                   completed_at=ago(days), reversed_at=None, reversal_started_at=None)

    assert r.settlement_may_go(settlement("completed", 3651), C, frozenset())
    assert r.settlement_may_go(settlement("reversed", 3651), C, frozenset())
    assert not r.settlement_may_go(settlement("completed", 3649), C, frozenset())
    assert not r.settlement_may_go(settlement("charging", 4000), C, frozenset())
    assert not r.settlement_may_go(settlement("reversing", 4000), C, frozenset())
    assert not r.settlement_may_go(settlement("completed", 4000), C, frozenset({1}))
    late = settlement("reversed", 4000)
    late.reversed_at = ago(100)  # reversed recently: its dispute may still come
    assert not r.settlement_may_go(late, C, frozenset())

    def debt(status: str, days: float) -> Row:
        return Row(status=status, created_at=ago(days),
                   closed_at=None if status == "open" else ago(days))

    assert r.debt_may_go(debt("paid", 3651), C) and r.debt_may_go(debt("cancelled", 3651), C)
    assert not r.debt_may_go(debt("paid", 3649), C)
    assert not r.debt_may_go(debt("open", 5000), C)

    assert r.gateway_settlement_id("settlement-12") == 12
    assert r.gateway_settlement_id("refund-12") == 12
    assert r.gateway_settlement_id("other") is None
    old_tx = Row(reference="refund-12", created_at=ago(3651))
    assert r.gateway_may_go(old_tx, C, frozenset())
    assert not r.gateway_may_go(old_tx, C, frozenset({12}))
    assert not r.gateway_may_go(Row(reference="x", created_at=ago(3649)), C, frozenset())


def test_plan_keeps_a_settlement_whose_debt_stays() -> None:
    old = ago(4000)
    s = r.Snapshot(
        protected=r.Protected(),
        debts=[Row(debt_id=1, status="open", created_at=old, closed_at=None),
               Row(debt_id=2, status="paid", created_at=old, closed_at=old)],
        settlements=[Row(settlement_id=sid, status="completed", created_at=old,
                         completed_at=old, reversed_at=None, reversal_started_at=None)
                     for sid in (10, 20)],
        gateway_transactions=[Row(transaction_id=n, reference=f"settlement-{sid}",
                                  created_at=old) for n, sid in ((100, 10), (200, 20))],
        referenced_settlements=frozenset({10, 20}), debt_settlements={1: 10, 2: 20})
    going = r.plan(s, C)
    assert going["debts"] == [2] and going["settlements"] == [20]
    assert going["gateway_transactions"] == [200]


def test_only_old_rotated_log_files_go(tmp_path) -> None:
    old, young = ago(100), ago(10)
    assert r.log_file_may_go(tmp_path / "server.log.3", old, C, "server.log")
    assert not r.log_file_may_go(tmp_path / "server.log.3", young, C, "server.log")
    assert not r.log_file_may_go(tmp_path / "server.log", old, C, "server.log")
    assert not r.log_file_may_go(tmp_path / "notes.txt", old, C, "server.log")
    assert not r.log_file_may_go(tmp_path / "server.log.bak", old, C, "server.log")


# ---- rows of several ages in a real database -------------------------------------------

def _touch(path: Path, when: datetime) -> None:
    path.write_text("x\n")
    stamp = when.replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))


def _populate(api, tmp_path: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Rows that must go and rows that must stay; returns the ids to look for."""
    db = api.service.context.db
    eligible, other = api.patient_id("eligible"), api.patient_id("third_generation")
    ids: dict[str, object] = {}
    amounts = {c.name: 1000 for c in t.settlements.columns if c.name.endswith("_fen")
               and c.name not in ("refunded_fen",)}
    with db.write() as conn:
        def visit(patient: int, days: float, status: str, ticket: int) -> int:
            return int(conn.execute(t.visits.insert().values(
                patient_id=patient, department_code="INT",
                visit_date=date(2000, 1, 1) + timedelta(days=ticket), mode="credit",
                status=status, ticket_number=ticket, opened_at=ago(days),
                closed_at=None if status == "open" else ago(days))).inserted_primary_key[0])

        def settlement(visit_id: int, patient: int, status: str, days: float, key: str) -> int:
            return int(conn.execute(t.settlements.insert().values(
                visit_id=visit_id, patient_id=patient, idempotency_key=key, channel="auto",
                status=status, insurance_type="310", created_at=ago(days),
                completed_at=None if status == "charging" else ago(days),
                **amounts)).inserted_primary_key[0])

        def debt(patient: int, sid: int, status: str, days: float) -> int:
            return int(conn.execute(t.debts.insert().values(
                patient_id=patient, settlement_id=sid, amount_fen=500, due_date=date(2016, 1, 1),
                status=status, created_at=ago(days),
                closed_at=None if status == "open" else ago(days))).inserted_primary_key[0])

        def gateway(ref: str, days: float) -> None:
            conn.execute(t.gateway_transactions.insert().values(
                reference=ref, kind="charge", patient_id=eligible, amount_fen=1000,
                status="succeeded", created_at=ago(days)))

        open_visit = visit(eligible, 100, "open", 1)
        # eleven years old, final, debt paid: all of it goes
        gone_s = settlement(visit(other, 4000, "settled", 2), other, "completed", 4000, "g1")
        ids["gone_debt"] = debt(other, gone_s, "paid", 4000)
        gateway(f"settlement-{gone_s}", 4000)
        # as old, but its debt is still open: settlement, debt and charge stay
        owed_s = settlement(visit(other, 4000, "settled", 3), other, "completed", 4000, "g2")
        ids["open_debt"] = debt(other, owed_s, "open", 4000)
        gateway(f"settlement-{owed_s}", 4000)
        # as old, never finished charging: stays, with its charge and its in-flight key
        charging_s = settlement(visit(other, 4000, "settled", 4), other, "charging", 4000,
                                "g3")
        gateway(f"settlement-{charging_s}", 4000)
        # a hundred days old: money, kept
        recent_s = settlement(visit(other, 100, "settled", 5), other, "completed", 100, "g4")
        ids.update(gone=gone_s, owed=owed_s, charging=charging_s, recent=recent_s,
                   open_visit=open_visit)

        def audit(action: str, days: float, object_type: str, oid: object) -> None:
            conn.execute(t.audit_log.insert().values(
                at=ago(days), actor="system", action=action, object_type=object_type,
                object_id=str(oid)))

        audit("session.create", 100, "staff", 1)  # goes
        audit("session.create", 10, "staff", 1)  # stays: young
        audit("settlement.complete", 100, "settlement", recent_s)  # stays: money
        audit("settlement.complete", 4000, "settlement", gone_s)  # goes: past the money age
        audit("settlement.create", 4000, "settlement", charging_s)  # stays: unsettled
        audit("visit.check_in", 100, "visit", open_visit)  # stays: the visit is open

        def session(name: str, patient: int, days: float) -> None:
            conn.execute(t.patient_sessions.insert().values(
                token_hash=name, patient_id=patient, kiosk_token_hash="k",
                created_at=ago(days), last_seen_at=ago(days), expires_at=ago(days),
                ended_at=ago(days), end_reason="card_out"))

        session("old-other", other, 100)  # goes
        session("young-other", other, 10)  # stays
        session("old-eligible", eligible, 100)  # stays: the patient has an open visit

        staff_id = conn.execute(select(t.staff.c.staff_id).limit(1)).scalar()
        for name, days in (("staff-old", 100), ("staff-young", 10)):  # goes, stays
            conn.execute(t.staff_sessions.insert().values(
                token_hash=name, staff_id=staff_id, created_at=ago(days + 1),
                expires_at=ago(days), revoked_at=None))

        def failure(key: str, days: float, locked: datetime | None = None) -> None:
            conn.execute(t.login_failures.insert().values(
                key=key, failures=3, last_failure_at=ago(days), locked_until=locked))

        failure("account:old", 100)  # goes
        failure("account:young", 10)  # stays
        failure("account:locked", 100, NOW + timedelta(days=1))  # stays: locked out

        def key(name: str, status: str, days: float, sid: int | None) -> None:
            conn.execute(t.idempotency_keys.insert().values(
                key=name, request_hash="h", status=status, settlement_id=sid,
                created_at=ago(days), updated_at=ago(days)))

        key("k-old", "done", 100, gone_s)  # goes
        key("k-young", "done", 10, recent_s)  # stays
        key("k-flight", "in_progress", 4000, charging_s)  # stays
        key("k-charging", "done", 4000, charging_s)  # stays: its settlement is in flight

        def help_call(kiosk: str, days: float, acknowledged: float | None) -> None:
            conn.execute(t.help_requests.insert().values(
                kiosk=kiosk, open_kiosk=kiosk if acknowledged is None else None,
                location="hall", screen="bill", requested_at=ago(days),
                acknowledged_at=None if acknowledged is None else ago(acknowledged),
                acknowledged_by=None if acknowledged is None else "clerk"))

        help_call("kiosk-old", 100, 100)  # goes
        help_call("kiosk-open", 100, None)  # stays: nobody has come yet
        help_call("kiosk-young", 100, 10)  # stays

    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    _touch(log_dir / "server.log", ago(100))  # the live file: stays
    _touch(log_dir / "server.log.1", ago(100))  # goes
    _touch(log_dir / "server.log.2", ago(10))  # stays
    _touch(log_dir / "notes.txt", ago(100))  # not ours: stays
    ids["log_dir"] = log_dir
    return ids


def _contents(db) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    with db.read() as conn:
        return {
            # the rows _populate wrote (all older than a day) and the prune's own
            "audit_log": sorted(conn.execute(select(t.audit_log.c.action, t.audit_log.c.at)
                                             .where(or_(t.audit_log.c.at < ago(1),
                                                        t.audit_log.c.action
                                                        == "retention.prune"))).all()),
            "patient_sessions": sorted(conn.execute(
                select(t.patient_sessions.c.token_hash)).scalars()),
            "staff_sessions": sorted(conn.execute(select(t.staff_sessions.c.token_hash))
                                     .scalars()),
            "login_failures": sorted(conn.execute(select(t.login_failures.c.key)).scalars()),
            "idempotency_keys": sorted(conn.execute(
                select(t.idempotency_keys.c.key)).scalars()),
            "debts": sorted(conn.execute(select(t.debts.c.debt_id)).scalars()),
            "settlements": sorted(conn.execute(select(t.settlements.c.settlement_id))
                                  .scalars()),
            "gateway_transactions": sorted(conn.execute(
                select(t.gateway_transactions.c.reference)).scalars()),
            "help_requests": sorted(conn.execute(select(t.help_requests.c.kiosk)).scalars()),
        }


EXPECTED = {"audit_log": 2, "patient_sessions": 1, "staff_sessions": 1, "login_failures": 1,
            "idempotency_keys": 1, "debts": 1, "settlements": 1, "gateway_transactions": 1,
            "help_requests": 1, "log_files": 1}


def test_prune_deletes_the_old_and_keeps_what_money_and_open_things_need(api, tmp_path) -> None:
    ctx = api.service.context
    ids = _populate(api, tmp_path)
    log_dir = ids["log_dir"]
    assert isinstance(log_dir, Path)
    before = _contents(ctx.db)

    dry = r.prune_backend(ctx, log_dir=log_dir, dry_run=True)
    assert dry["would_delete"] == EXPECTED
    assert _contents(ctx.db) == before  # a dry run deletes nothing
    assert (log_dir / "server.log.1").exists()

    done = r.prune_backend(ctx, log_dir=log_dir)
    assert done["deleted"] == EXPECTED
    after = _contents(ctx.db)
    assert [a for a, _ in after["audit_log"]] == sorted(
        ["retention.prune", "session.create", "settlement.complete", "settlement.create",
         "visit.check_in"])
    assert after["patient_sessions"] == ["old-eligible", "young-other"]
    assert "staff-old" not in after["staff_sessions"]
    assert after["staff_sessions"] == [x for x in before["staff_sessions"] if x != "staff-old"]
    assert after["login_failures"] == ["account:locked", "account:young"]
    assert after["idempotency_keys"] == ["k-charging", "k-flight", "k-young"]
    assert ids["open_debt"] in after["debts"]
    assert after["debts"] == [d for d in before["debts"] if d != ids["gone_debt"]]
    assert {ids["owed"], ids["charging"], ids["recent"]} <= set(after["settlements"])
    assert after["settlements"] == [x for x in before["settlements"] if x != ids["gone"]]
    assert {f"settlement-{ids['owed']}", f"settlement-{ids['charging']}"} <= set(
        after["gateway_transactions"])
    assert after["gateway_transactions"] == [
        x for x in before["gateway_transactions"] if x != f"settlement-{ids['gone']}"]
    assert after["help_requests"] == ["kiosk-open", "kiosk-young"]
    assert sorted(p.name for p in log_dir.iterdir()) == ["notes.txt", "server.log",
                                                         "server.log.2"]
    # no personal data in the report
    text = json.dumps(done, ensure_ascii=False)
    for person in api.credentials["patients"].values():
        assert person["ssn"] not in text and person["card_number"] not in text

    again = r.prune_backend(ctx, log_dir=log_dir)  # nothing left to take
    assert set(again["deleted"].values()) == {0}


def test_prune_command_line(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    monkeypatch.setenv(LOG_LEVEL_ENV, "INFO")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    log_dir = str(tmp_path / "logs")
    try:
        assert cli_main(["--log-dir", log_dir, "init-db", "--database-url", url]) == 0
        from kiosk.server.db import Database

        db = Database(url)
        now = datetime.now(UTC).replace(tzinfo=None)
        with db.write() as conn:
            for days in (200, 30):
                conn.execute(t.audit_log.insert().values(
                    at=now - timedelta(days=days), actor="system", action="token.create",
                    object_type="api_token", object_id="x"))
        capsys.readouterr()
        common = ["--database-url", url, "--log-dir", log_dir]
        assert cli_main(["prune", "--dry-run", *common]) == 0
        assert json.loads(capsys.readouterr().out)["would_delete"]["audit_log"] == 1
        assert cli_main(["prune", "--older-than", "20", "--dry-run", *common]) == 0
        assert json.loads(capsys.readouterr().out)["would_delete"]["audit_log"] == 2
        assert cli_main(["prune", *common]) == 0
        assert json.loads(capsys.readouterr().out)["deleted"]["audit_log"] == 1
        assert cli_main(["prune", "--older-than", "0", *common]) == 2
        assert "at least 1 day" in capsys.readouterr().err
        with db.read() as conn:
            assert conn.execute(select(func.count()).select_from(t.audit_log).where(
                t.audit_log.c.action == "token.create")).scalar() == 1
        db.dispose()
    finally:
        remove_logging()
