"""Which commits wait for the synchronous standby (PostgreSQL; ``NO_STANDBY_WAIT`` with
``Database.write_one``).

On the city cluster the requests under load waited on ``COMMIT`` (the synchronous standby's
flush; ``docs/capacity.md``). Two writes need not wait: opening a patient session (the
card's answer waits for it) and the session's last-seen touch. Lost with a primary, the
first makes the patient insert the card again and the second makes a session look idle a
few seconds early. Each is one statement, a transaction of its own, that sets
``synchronous_commit = local`` for that transaction only. Everything else, money first,
still waits; these tests pin both sides by what a statement really runs under at the server
(``current_setting``) and by the statements sent. (That such a commit returns while the
synchronous standby is stopped was checked on the cluster: ``docs/capacity.md``.)
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, select, text, update

from kiosk.server import schema
from kiosk.server.auth import _OPEN_SESSION, SESSION_TOUCH_SECONDS
from kiosk.server.db import NO_STANDBY_WAIT
from tests.server.conftest import Api, Caller, authenticated
from tests.support.sql_count import count_sql

LOCAL = "set_config('synchronous_commit', 'local', true)"


def _sent(api: Api, action: Any) -> list[str]:
    with count_sql(api.service.context.db.engine) as count:
        action()
    return [statement for statement, _parameters in count.sent]


def test_a_statement_with_the_condition_commits_locally_and_leaves_the_connection_as_it_was(
        api: Api) -> None:
    db = api.service.context.db
    probe = Table("standby_probe", MetaData(), Column("n", Integer, primary_key=True),
                  Column("setting", String(16)))
    probe.create(db.engine)
    with db.write() as conn:
        conn.execute(probe.insert().values(n=1, setting="-"))
    # what the statement's own transaction runs under, written by the statement itself
    record = (update(probe).where(probe.c.n == 1, NO_STANDBY_WAIT)
              .values(setting=text("current_setting('synchronous_commit')")
                      if db.dialect == "postgresql" else "sqlite"))
    setting = text("SELECT current_setting('synchronous_commit')")

    def on_one_connection(conn: Any) -> Any:  # write_one's way, and the connection after it
        conn.execute(record)
        return conn.execute(setting).scalar() if db.dialect == "postgresql" else "on"

    after = db.reads(on_one_connection)
    assert db.write_one(record) == 1
    written = db.query(select(probe.c.setting))[0].setting
    assert (written, after) == (("local", "on") if db.dialect == "postgresql"
                                else ("sqlite", "on"))
    with db.write() as conn:  # any other transaction waits as it always did
        if db.dialect == "postgresql":
            assert conn.execute(setting).scalar() == "on"


def test_a_card_answer_does_not_wait_for_the_standby_and_a_settlement_does(api: Api) -> None:
    postgres = api.service.context.db.dialect == "postgresql"
    card = api.credentials["patients"]["eligible"]
    body = authenticated(api.kiosk, {"ssn": card["ssn"], "card_number": card["card_number"]})
    answer: list[Any] = []
    sent = _sent(api, lambda: answer.append(api.kiosk.post("/v1/eligibility", body)))
    assert answer[0].status_code == 200 and answer[0].json()["session_token"], answer[0].text
    # the eligibility request's one write, the patient session, is the one that skips it,
    # and it is sent alone (no BEGIN; the BEGINs before it are the card's proof's)
    local = [s for s in sent if LOCAL in s]
    assert len(local) == (1 if postgres else 0), sent
    if postgres:
        assert local[0].startswith("INSERT INTO patient_sessions"), local
        at = sent.index(local[0])
        assert sent[at - 1] != "BEGIN", sent
        # and the decision's reads are sent alone too: the standing, then today's appointments
        # (this patient has one; no open visit, so no list of those)
        reads = [i for i, s in enumerate(sent)
                 if s.startswith(("SELECT patients.patient_id", "SELECT appointments."))]
        assert len(reads) == 2 and all(sent[i - 1] != "BEGIN" for i in reads), sent
    kiosk = Caller(api.client, api.credentials["kiosk_token"], answer[0].json()["session_token"])
    vid = kiosk.post("/v1/visits", {"patient_id": api.patient_id("eligible"),
                                    "department_code": "INT"}).json()["visit_id"]
    api.charge(vid, price=2_500, qty=2, klass="C")
    split = api.bill(vid)
    api.clock.advance(seconds=SESSION_TOUCH_SECONDS + 1)  # the next request touches the session
    answers: list[Any] = []
    sent = _sent(api, lambda: answers.append(kiosk.post(
        f"/v1/visits/{vid}/settlement",
        {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
         "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]},
        headers={"Idempotency-Key": uuid.uuid4().hex})))
    assert answers[0].status_code == 201, answers[0].text
    # the touch skips it; the settlement's three commits each wait (nothing else is local)
    local = [s for s in sent if LOCAL in s]
    assert len(local) == (1 if postgres else 0), sent
    if postgres:
        assert local[0].startswith("UPDATE patient_sessions"), local
    assert not any("synchronous_commit" in s and LOCAL not in s for s in sent), sent


def test_the_patient_sessions_insert_sent_twice_opens_one_session(api: Api) -> None:
    """``write_one`` sends a statement again when its connection fails under it, maybe after
    it was carried out: the session's insert must then insert nothing."""
    db = api.service.context.db
    now = api.clock.now
    values = {"session": "s" * 64, "patient_id": api.patient_id("eligible"), "kiosk": "k" * 64,
              "now": now, "card_authenticated": False, "expires_at": now}
    assert [db.write_one(_OPEN_SESSION, values) for _ in range(2)] == [1, 0]
    rows = db.query(select(schema.patient_sessions.c.patient_id).where(
        schema.patient_sessions.c.token_hash == "s" * 64))
    assert [r.patient_id for r in rows] == [api.patient_id("eligible")]
