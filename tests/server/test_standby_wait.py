"""Which commits wait for the synchronous standby (PostgreSQL; ``Database.write``).

On the city cluster the requests under load waited on ``COMMIT`` (the synchronous standby's
flush; ``docs/capacity.md``). Two writes need not wait: opening a patient session (the
card's answer waits for it) and the session's last-seen touch. Lost with a primary, the
first makes the patient insert the card again and the second makes a session look idle a
few seconds early. Everything else, money first, still waits; these tests pin both sides by
what each transaction really runs at the server (``SHOW synchronous_commit``) and by the
statements sent.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from kiosk.server.auth import SESSION_TOUCH_SECONDS
from tests.server.conftest import Api
from tests.support.sql_count import count_sql

LOCAL = "SET LOCAL synchronous_commit TO local"


def _sent(api: Api, action: Any) -> list[str]:
    with count_sql(api.service.context.db.engine) as count:
        action()
    return [statement for statement, _parameters in count.sent]


def test_only_the_writes_named_skip_the_standby_wait(api: Api) -> None:
    db = api.service.context.db
    setting = text("SELECT current_setting('synchronous_commit')")
    if db.dialect != "postgresql":  # SQLite has no standby: the option is a plain write
        with db.write(wait_for_standby=False) as conn:
            conn.execute(text("CREATE TABLE standby_probe (n INTEGER)"))
        with db.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM standby_probe")).scalar() == 0
        return
    with db.write(wait_for_standby=False) as conn:
        skipped = conn.execute(setting).scalar()
    with db.write() as conn:
        default = conn.execute(setting).scalar()
    assert (skipped, default) == ("local", "on")
    with db.read() as conn:  # SET LOCAL ends with its transaction: the pool gets it back
        assert conn.execute(setting).scalar() == "on"


def test_a_card_answer_does_not_wait_for_the_standby_and_a_settlement_does(api: Api) -> None:
    postgres = api.service.context.db.dialect == "postgresql"
    caller: list[Any] = []
    sent = _sent(api, lambda: caller.append(api.session("eligible")))
    # the eligibility request's one write, the patient session, is the one that skips it
    assert sent.count(LOCAL) == (1 if postgres else 0), sent
    kiosk = caller[0]
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
    assert sent.count(LOCAL) == (1 if postgres else 0), sent
    assert sum(s.startswith("SET") for s in sent) == sent.count(LOCAL)
