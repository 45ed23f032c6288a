"""Concurrent duplicate settlements against TWO real server processes sharing one database.

Two ``kiosk server`` processes (uvicorn on loopback) share one PostgreSQL database (and, in
the ``sqlite`` variant, one SQLite file in WAL mode: the default deployment). Each round
checks the eligible resident patient in, posts charges (the same HIS order posted at both
processes at once must become one charge), then fires duplicate settlement taps at both
processes at the same moment:

(a) the same ``Idempotency-Key`` and body many times: every answer is ``201`` with the same
    settlement (the first answer or its replay) or ``409 settlement_in_progress``;
(b) a different key per request for the one visit: exactly one ``201``, every other answer
    ``409 already_settled`` (or ``settlement_in_progress``).

In the last round the linked payment method declines: each visit then ends in exactly one
declined gateway charge and exactly one debt of the cash share.

The database then holds exactly one settlement for the visit and the reference payment
gateway (table ``gateway_transactions``) exactly one charge for it. Nothing answers 5xx.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from kiosk.server import schema
from kiosk.server.db import Database
from tests.support import server_proc as sp

from .support import card_of

ROUNDS = 3
TAPS = 12  # concurrent requests per barrage, split evenly between the two processes
PATIENT = "rare_name"  # eligible, resident insurance (no personal account): cash share > 0
CHARGES = (("LAB", "lab", "A", 2_500, 1), ("RAD", "imaging", "B", 18_000, 1),
           ("PHA", "drug", "C", 3_150, 2))


@dataclass
class Cluster:
    url: str
    servers: list[sp.ServerProcess]
    credentials: dict[str, Any]
    db: Database

    def base(self, i: int) -> str:
        return self.servers[i % len(self.servers)].base_url

    def kiosk(self, patient: str = PATIENT) -> dict[str, str]:
        """The kiosk token and a fresh patient session of the demo ``patient`` (a
        settlement may end the previous one)."""
        headers = {"Authorization": f"Bearer {self.credentials['kiosk_token']}"}
        r = requests.post(f"{self.base(0)}/v1/eligibility", headers=headers,
                          json={"card": card_of(patient)}, timeout=30)
        assert r.status_code == 200 and r.json()["session_token"], r.text
        return {**headers, "X-Patient-Session": r.json()["session_token"]}

    def dept(self, code: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials['department_tokens'][code]}"}

    def logs(self) -> str:
        return "\n".join(f"--- {s.base_url}\n{s.log_tail()}" for s in self.servers)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cluster(request, tmp_path) -> Iterator[Cluster]:
    with _database(request.param, tmp_path) as url:
        # two server processes racing on one database: cards are not what is tested here
        config = sp.write_config(tmp_path, sp.QUIET_CONFIG
                                 + "card_authentication_required = false\n")
        credentials = sp.seed(url, config)
        servers: list[sp.ServerProcess] = []
        db = Database(url, pool_size=2)
        try:
            for name in ("a", "b"):
                servers.append(sp.ServerProcess.start(url, tmp_path, config=config, name=name))
            yield Cluster(url, servers, credentials, db)
        finally:
            for server in servers:
                server.stop()
            db.dispose()


def _database(kind: str, tmp_path):  # type: ignore[no-untyped-def]
    if kind == "sqlite":
        from contextlib import nullcontext

        return nullcontext(sp.sqlite_url(tmp_path))
    dsn = os.environ.get(sp.PG_ENV)
    if not dsn:
        pytest.skip(f"{sp.PG_ENV} is not set (run ./tools/test)")
    return sp.pg_database(dsn)


def _fire(cluster: Cluster, requests_: list[tuple[str, str, dict[str, str], Any]]
          ) -> list[requests.Response]:
    """Send every (method, path, headers, json) at once, alternating between the processes.

    Each thread has its own session, connected beforehand, and all wait on one barrier, so
    the requests really overlap."""
    sessions = [sp.session() for _ in requests_]
    for i, s in enumerate(sessions):
        s.get(f"{cluster.base(i)}/v1/health", timeout=30)
    barrier = threading.Barrier(len(requests_))
    answers: list[requests.Response | BaseException | None] = [None] * len(requests_)

    def one(i: int) -> None:
        method, path, headers, body = requests_[i]
        try:
            barrier.wait(timeout=30)
            answers[i] = sessions[i].request(method, f"{cluster.base(i)}{path}",
                                             headers=headers, json=body, timeout=90)
        except BaseException as exc:  # reported below, with the servers' logs
            answers[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests_))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    for s in sessions:
        s.close()
    failed = [a for a in answers if not isinstance(a, requests.Response)]
    assert not failed, f"requests failed: {failed!r}\n{cluster.logs()}"
    return answers  # type: ignore[return-value]


def _no_server_errors(cluster: Cluster, answers: list[requests.Response]) -> None:
    bad = [(r.status_code, r.text[:300]) for r in answers if r.status_code >= 500]
    assert not bad, f"5xx answers: {bad}\n{cluster.logs()}"


def _code(r: requests.Response) -> str | None:
    try:
        return r.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def _settlements_of(cluster: Cluster, visit_id: int) -> list[Any]:
    with cluster.db.read() as conn:
        return conn.execute(select(schema.settlements).where(
            schema.settlements.c.visit_id == visit_id)).all()


def _gateway_charges(cluster: Cluster, *, reference: str | None = None,
                     patient_id: int | None = None) -> int:
    q = select(func.count()).select_from(schema.gateway_transactions).where(
        schema.gateway_transactions.c.kind == "charge")
    if reference is not None:
        q = q.where(schema.gateway_transactions.c.reference == reference)
    if patient_id is not None:
        q = q.where(schema.gateway_transactions.c.patient_id == patient_id)
    with cluster.db.read() as conn:
        return int(conn.execute(q).scalar_one())


def _open_visit_with_charges(cluster: Cluster, patient_id: int, round_no: int) -> dict[str, Any]:
    s = sp.session()
    r = s.post(f"{cluster.base(round_no)}/v1/eligibility", headers=cluster.kiosk(),
               json={"card": card_of(PATIENT)}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["decision"] == "eligible", r.text
    r = s.post(f"{cluster.base(round_no + 1)}/v1/visits", headers=cluster.kiosk(),
               json={"patient_id": patient_id, "department_code": "INT"}, timeout=30)
    assert r.status_code == 201, r.text
    visit = r.json()
    vid = visit["visit_id"]
    for code, category, klass, price, qty in CHARGES:
        order = f"ORD-{vid}-{code}-{uuid.uuid4().hex[:6]}"
        body = {"item_code": f"{code}-1", "name": "检查", "category": category,
                "insurance_class": klass, "unit_price_fen": price, "quantity": qty,
                "performing_department_code": code, "his_order_id": order}
        # the department's system retries the same order at both processes at once
        answers = _fire(cluster, [("POST", f"/v1/visits/{vid}/charges", cluster.dept("INT"),
                                   body)] * 4)
        _no_server_errors(cluster, answers)
        statuses = Counter(a.status_code for a in answers)
        assert statuses[201] == 1 and statuses[200] == 3, statuses
        assert len({a.json()["charge_id"] for a in answers}) == 1
    r = s.get(f"{cluster.base(round_no)}/v1/visits/{vid}", headers=cluster.kiosk(), timeout=30)
    assert len(r.json()["charges"]) == len(CHARGES), r.text
    return visit


def _bill(cluster: Cluster, visit_id: int) -> dict[str, int]:
    r = sp.session().get(f"{cluster.base(0)}/v1/visits/{visit_id}/pre-settlement",
                         headers=cluster.kiosk(), timeout=30)
    assert r.status_code == 200, r.text
    split = r.json()["split"]
    assert split["psn_cash_pay_fen"] > 0, split  # so the gateway is really charged
    return split


def _set_declines(cluster: Cluster, declines: bool) -> None:
    """Flip the reference payment gateway's answer for the patient (demo data switch)."""
    from sqlalchemy import update

    with cluster.db.write() as conn:
        conn.execute(update(schema.ref_people).where(
            schema.ref_people.c.ssn == card_of(PATIENT)["ssn"]).values(payment_declines=declines))


def _settle_body(split: dict[str, int]) -> dict[str, Any]:
    return {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]}


def _assert_one_settlement(cluster: Cluster, visit_id: int, settlement_id: int,
                           split: dict[str, int], payment: str = "charged") -> None:
    rows = _settlements_of(cluster, visit_id)
    assert [r.settlement_id for r in rows] == [settlement_id]
    assert rows[0].status == "completed" and rows[0].payment_status == payment
    assert _gateway_charges(cluster, reference=f"settlement-{settlement_id}") == 1
    with cluster.db.read() as conn:
        amount = conn.execute(select(schema.gateway_transactions.c.amount_fen).where(
            schema.gateway_transactions.c.reference == f"settlement-{settlement_id}")).scalar()
        debts = conn.execute(select(schema.debts.c.amount_fen).where(
            schema.debts.c.settlement_id == settlement_id)).scalars().all()
    assert amount == split["psn_cash_pay_fen"]
    # a declined charge becomes exactly one debt of the cash share; a paid one none
    assert debts == ([split["psn_cash_pay_fen"]] if payment == "declined" else [])
    # both processes agree on what happened to the visit
    for i in range(2):
        r = sp.session().get(f"{cluster.base(i)}/v1/visits/{visit_id}/settlement",
                             headers=cluster.kiosk(), timeout=30)
        assert r.status_code == 200 and r.json()["settlement_id"] == settlement_id, r.text


def test_duplicate_settlements_at_two_processes_settle_once(cluster: Cluster) -> None:
    patient_id = cluster.credentials["patients"][PATIENT]["patient_id"]
    assert patient_id is not None
    settled = 0
    for round_no in range(ROUNDS):
        # the last round: the linked payment method declines, so each tap ends in a debt
        payment = "declined" if round_no == ROUNDS - 1 else "charged"
        _set_declines(cluster, payment == "declined")
        # (a) one tap, retried many times at both processes with the same key
        visit = _open_visit_with_charges(cluster, patient_id, round_no)
        vid = visit["visit_id"]
        split = _bill(cluster, vid)
        key = f"tap-{uuid.uuid4()}"
        path = f"/v1/visits/{vid}/settlement"
        headers = {**cluster.kiosk(), "Idempotency-Key": key}
        answers = _fire(cluster, [("POST", path, headers, _settle_body(split))] * TAPS)
        _no_server_errors(cluster, answers)
        created = [a for a in answers if a.status_code == 201]
        others = [(a.status_code, _code(a)) for a in answers if a.status_code != 201]
        assert created, f"no 201 among {others}"
        assert {a.content for a in created} == {created[0].content}  # replays are identical
        assert set(others) <= {(409, "settlement_in_progress")}, others
        settlement = created[0].json()
        assert settlement["visit_id"] == vid and settlement["status"] == "completed"
        assert settlement["payment"]["status"] == payment
        assert settlement["split"]["psn_cash_pay_fen"] == split["psn_cash_pay_fen"]
        # after the storm, a retry at either process replays; another body is refused
        for i in range(2):
            again = sp.session().post(f"{cluster.base(i)}{path}", headers=headers,
                                      json=_settle_body(split), timeout=30)
            assert again.status_code == 201 and again.content == created[0].content
            other = sp.session().post(f"{cluster.base(i)}{path}", headers=headers, json={
                **_settle_body(split), "expected_psn_cash_pay_fen": 1}, timeout=30)
            assert (other.status_code, _code(other)) == (422, "idempotency_key_reused")
        r = sp.session().get(f"{cluster.base(1)}/v1/settlements/by-key/{key}",
                             headers=cluster.kiosk(), timeout=30)
        assert r.status_code == 200 and r.json()["settlement_id"] == settlement["settlement_id"]
        _assert_one_settlement(cluster, vid, settlement["settlement_id"], split, payment)
        settled += 1

        # (b) many taps for one visit, each with its own key, at both processes
        visit = _open_visit_with_charges(cluster, patient_id, round_no + 1)
        vid = visit["visit_id"]
        split = _bill(cluster, vid)
        path = f"/v1/visits/{vid}/settlement"
        batch = [("POST", path, {**cluster.kiosk(), "Idempotency-Key": f"k-{uuid.uuid4()}"},
                  _settle_body(split)) for _ in range(TAPS)]
        answers = _fire(cluster, batch)
        _no_server_errors(cluster, answers)
        created = [a for a in answers if a.status_code == 201]
        others = [a for a in answers if a.status_code != 201]
        assert len(created) == 1, [(a.status_code, _code(a)) for a in answers]
        sid = created[0].json()["settlement_id"]
        for a in others:
            assert (a.status_code, _code(a)) in {(409, "already_settled"),
                                                 (409, "settlement_in_progress")}, a.text
            if _code(a) == "already_settled":
                assert a.json()["error"]["details"]["settlement"]["settlement_id"] == sid
        _assert_one_settlement(cluster, vid, sid, split, payment)
        settled += 1

        # the whole history: one gateway charge per settled visit, no more
        assert _gateway_charges(cluster, patient_id=patient_id) == settled
        with cluster.db.read() as conn:
            live = conn.execute(select(func.count()).select_from(schema.settlements).where(
                schema.settlements.c.patient_id == patient_id)).scalar_one()
            unfinished = conn.execute(select(func.count()).select_from(schema.settlements)
                                      .where(schema.settlements.c.status != "completed")
                                      ).scalar_one()
        assert live == settled and unfinished == 0


def test_eligible_patient_check_in_race_opens_one_visit(cluster: Cluster) -> None:
    """The same check-in tapped at both processes at once: one visit, one ticket."""
    patient_id = cluster.credentials["patients"]["eligible"]["patient_id"]
    body = {"patient_id": patient_id, "department_code": "SUR"}
    answers = _fire(cluster, [("POST", "/v1/visits", cluster.kiosk("eligible"), body)] * 8)
    _no_server_errors(cluster, answers)
    created = [a for a in answers if a.status_code == 201]
    assert len(created) == 1, [(a.status_code, a.text[:200]) for a in answers]
    vid = created[0].json()["visit_id"]
    for a in answers:
        if a.status_code != 201:
            assert (a.status_code, _code(a)) == (409, "already_checked_in"), a.text
            assert a.json()["error"]["details"]["visit"]["visit_id"] == vid
    with cluster.db.read() as conn:
        visits = conn.execute(select(func.count()).select_from(schema.visits).where(
            schema.visits.c.patient_id == patient_id,
            schema.visits.c.department_code == "SUR")).scalar_one()
    assert visits == 1


def test_a_burst_of_eligibility_checks_gets_no_server_error(cluster: Cluster) -> None:
    """80 kiosks ask at the same moment (40 per process, as many as uvicorn's thread pool
    runs at once). Regression: each request used to hold one pooled connection while the
    reference adapters took a second one inside it; with 40 requests in flight the pool
    (10 + 20 overflow) ran dry and, after the 30 s pool timeout, requests answered 500."""
    body = {"card": card_of("eligible")}
    answers = _fire(cluster, [("POST", "/v1/eligibility", cluster.kiosk(), body)] * 80)
    _no_server_errors(cluster, answers)
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["decision"] for a in answers} == {"eligible"}


def _citizen_id(i: int) -> str:
    from kiosk.domain.citizen_id import check_digit

    first17 = f"9901011980{(i // 28) % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
    return first17 + check_digit(first17)


def test_simultaneous_check_ins_to_one_department_all_get_a_ticket(cluster: Cluster) -> None:
    """40 different patients checked in to one department at the same moment through both
    processes: every one gets a visit and a distinct ticket number. Regression: tickets
    were ``max + 1`` with a unique constraint and 8 retries; on PostgreSQL the retries ran
    out and a patient who was not checked in was told ``already_checked_in``."""
    base = cluster.base(0)
    token = sp.staff_token(base, cluster.credentials, "clerk")
    staff = {"Authorization": f"Bearer {token}"}
    s = sp.session()
    patient_ids = []
    for i in range(40):
        card = {"ssn": _citizen_id(i), "card_number": f"C{i:08d}", "name": "患者"}
        r = s.post(f"{base}/v1/patients", headers=staff,
                   json={"card": card, "insurance_type": "390"}, timeout=30)
        assert r.status_code == 201, r.text
        patient_ids.append(r.json()["patient"]["patient_id"])
    batch = [("POST", "/v1/visits", staff,
              {"patient_id": pid, "department_code": "LAB", "mode": "counter"})
             for pid in patient_ids]
    answers = _fire(cluster, batch)
    _no_server_errors(cluster, answers)
    refused = [(a.status_code, a.text[:160]) for a in answers if a.status_code != 201]
    assert not refused, refused
    tickets = [a.json()["ticket_number"] for a in answers]
    assert len(set(tickets)) == len(tickets)
