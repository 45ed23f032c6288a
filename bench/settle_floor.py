"""The settlement's two floors (issue 18 item 4), measured by ``bench/backend_load.py`` in
the same run as its journeys, on a fresh database and a fresh ``kiosk server``:

* **the database's floor**: its raw single-row commit rate (threads each inserting one row
  per transaction through the server's own store, ``Database.write()``), divided by the
  durable commits one tap makes (counted with ``tests.support.sql_count`` on one real tap
  through the app in this process: authentication, the settlement, the patient session's
  end);
* **the server's floor**: the same server's rate for a trivial authenticated request that
  writes nothing (``GET /v1/departments`` with a kiosk token), closed loop;
* and between them **settlements per second over HTTP**: the same kiosks each settling
  their prepared visits back to back (bills ready, patient sessions opened beforehand and
  not timed), closed loop.

Each timed round over HTTP follows an untimed warm-up round of the same kind of requests.

The target is settlements/s >= 1/4 of the trivial rate. Threads: one per simulated kiosk in
the client processes (as ``backend_load``), each with its own ``http.client`` connection.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from kiosk.server import models as m
from kiosk.server.auth import Principal
from kiosk.server.db import Database
from kiosk.server.service import Service
from kiosk.server.statuses import Role
from tests.support import server_proc as sp
from tests.support.sql_count import count_sql

TRIVIAL = ("GET", "/v1/departments")
COMMIT_THREADS, COMMIT_SECONDS = 8, 3.0
TRIVIAL_PER_KIOSK = 60
# Settlements per kiosk in the timed round: long enough (about as long as the trivial round)
# that the first use of each pooled connection does not set the figure; and an untimed round
# before each timed one, so both start with the server's connections open and its statements
# prepared (at 6 per kiosk the timed round lasted about a second and read 0.21-0.24 of the
# trivial rate where 20 per kiosk read 0.31 on the same machine)
SETTLE_PER_KIOSK, WARM_UP_PER_KIOSK = 20, 2
ADMIN = Principal(role=Role.ADMIN, actor="staff:bench", staff_id=None)

# a request: method, path, extra headers, JSON body or None, the status that means success
Request = tuple[str, str, dict[str, str], Any, int]


@dataclass
class Floors:
    commit_rate: float  # single-row commits per second, raw
    commits_per_tap: int  # durable commits of one tap over HTTP
    trivial_rate: float  # trivial authenticated requests per second over HTTP
    settle_rate: float  # settlements per second over HTTP
    errors: dict[str, int]

    def report(self) -> None:
        db_floor = self.commit_rate / max(1, self.commits_per_tap)
        ratio = self.settle_rate / self.trivial_rate if self.trivial_rate else 0.0
        print(f"floors: database {self.commit_rate:.0f} single-row commits/s / "
              f"{self.commits_per_tap} durable commits per tap = {db_floor:.0f} settlements/s; "
              f"trivial authenticated request {self.trivial_rate:.0f}/s")
        print(f"-> settlements over HTTP {self.settle_rate:.1f}/s = {ratio:.2f} of the trivial "
              f"rate (target >= 0.25): {'MET' if ratio >= 0.25 else 'NOT MET'}; "
              f"{self.settle_rate / db_floor:.2f} of the database's floor")
        if any(self.errors.values()):
            print(f"   ERRORS {self.errors}")


def commit_rate(url: str, threads: int = COMMIT_THREADS, seconds: float = COMMIT_SECONDS
                ) -> float:
    """Single-row commits per second through ``Database.write()``, ``threads`` at once."""
    db = Database(url, pool_size=threads)
    with db.write() as conn:
        conn.execute(text("CREATE TABLE bench_commits (n INTEGER NOT NULL)"))
    done = [0] * threads
    stop = time.perf_counter() + seconds

    def writer(i: int) -> None:
        while time.perf_counter() < stop:
            with db.write() as conn:
                conn.execute(text("INSERT INTO bench_commits (n) VALUES (:n)"), {"n": i})
            done[i] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=writer, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - started
    with db.write() as conn:
        conn.execute(text("DROP TABLE bench_commits"))
    db.dispose()
    return sum(done) / wall


def prepared_visits(service: Service, patients: list[int], charges: tuple[Any, ...],
                    departments: tuple[str, ...]) -> list[tuple[int, int, dict[str, int]]]:
    """One open visit with charges per patient, through the service (as the kiosk and the
    departments would): (patient id, visit id, the bill's split)."""
    out = []
    for n, pid in enumerate(patients):
        dept = departments[n % len(departments)]
        kiosk = Principal(role=Role.KIOSK, actor="kiosk:bench", patient_id=pid)
        vid = int(service.visits.check_in(kiosk, pid, dept, "credit")["visit_id"])
        poster = Principal(role=Role.DEPARTMENT, actor=f"department:{dept}",
                           department_code=dept)
        for j, (code, category, klass, price) in enumerate(charges):
            service.visits.post_charge(poster, vid, m.ChargeIn.model_validate({
                "item_code": f"{code}-{j}", "name": "检查", "category": category,
                "insurance_class": klass, "unit_price_fen": price, "quantity": 1,
                "performing_department_code": code, "his_order_id": f"F-{vid}-{j}"}))
        out.append((pid, vid, service.settlements.pre_settlement(ADMIN, vid)["split"]))
    return out


def settle_request(vid: int, split: dict[str, int], session: str) -> Request:
    body = {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]}
    return ("POST", f"/v1/visits/{vid}/settlement",
            {"X-Patient-Session": session, "Idempotency-Key": uuid.uuid4().hex}, body, 201)


def commits_per_tap(settings: Any, card: dict[str, Any], vid: int, split: dict[str, int]
                    ) -> int:
    """The durable commits of one real tap through the app in this process."""
    from fastapi.testclient import TestClient

    from kiosk.server.app import create_app

    app = create_app(settings)
    with TestClient(app) as client:
        service = app.state.service
        token = service.auth.create_token(Role.KIOSK, "bench-count")
        auth = {"Authorization": f"Bearer {token}"}
        session = client.post("/v1/eligibility", json={"card": card},
                              headers=auth).json()["session_token"]
        method, path, headers, body, ok = settle_request(vid, split, session)
        with count_sql(service.context.db.engine) as count:
            r = client.request(method, path, json=body, headers={**auth, **headers})
        assert r.status_code == ok, r.text
        service.context.db.dispose()
    return count.durable


def _run_requests(base_url: str, token: str, plans: list[list[Request]], start_at: float
                  ) -> tuple[int, dict[str, int], float, float]:
    """One client process: a thread per plan, each sending its requests back to back from
    ``start_at``. Returns (successes, errors by kind, the first one's start, the last one's
    end): a process that imported late starts late, and its wait is not counted."""
    host, port = base_url.removeprefix("http://").split(":")
    ok, errors, starts, ends = [0], {}, [], []
    lock = threading.Lock()

    def kiosk(plan: list[Request]) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        time.sleep(max(0.0, start_at - time.time()))
        with lock:
            starts.append(time.time())
        for method, path, headers, body, expect in plan:
            data = None if body is None else json.dumps(body).encode()
            sent = {"Authorization": f"Bearer {token}", **headers,
                    **({"Content-Type": "application/json"} if data else {})}
            try:
                conn.request(method, path, body=data, headers=sent)
                r = conn.getresponse()
                r.read()
                status = r.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                status = type(exc).__name__  # type: ignore[assignment]
            with lock:
                if status == expect:
                    ok[0] += 1
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        with lock:
            ends.append(time.time())

    threads = [threading.Thread(target=kiosk, args=(plan,)) for plan in plans]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return ok[0], errors, min(starts), max(ends)


def closed_loop(base_url: str, token: str, plans: list[list[Request]], processes: int
                ) -> tuple[float, dict[str, int]]:
    """The plans over ``processes`` client processes; (successes per second, errors)."""
    shares = [plans[i::processes] for i in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(len(shares), mp_context=ctx) as pool:
        start_at = time.time() + 3.0  # the processes import first
        results = [f.result(timeout=900) for f in [
            pool.submit(_run_requests, base_url, token, share, start_at)
            for share in shares if share]]
    errors: dict[str, int] = {}
    for _ok, errs, _start, _end in results:
        for k, v in errs.items():
            errors[k] = errors.get(k, 0) + v
    wall = max(r[3] for r in results) - min(r[2] for r in results)
    return sum(r[0] for r in results) / wall, errors


def measure(kind: str, url: str, args: argparse.Namespace, workdir: Path,
            setup: dict[str, Any]) -> Floors:
    """``setup``: ``backend_load``'s helpers (``make_service``, ``add_patients``,
    ``bench_card``, ``CHARGES``, ``DEPARTMENTS``, ``CONFIG``, ``settings``)."""
    rate = commit_rate(url)
    config = sp.write_config(workdir, setup["CONFIG"])
    creds = sp.seed(url, config)
    service = setup["make_service"](url)
    per_kiosk = max(args.journeys, SETTLE_PER_KIOSK) + WARM_UP_PER_KIOSK
    try:
        patients = setup["add_patients"](service, args.kiosks * per_kiosk + 1, start=1000)
        visits = prepared_visits(service, patients, setup["CHARGES"], setup["DEPARTMENTS"])
    finally:
        service.context.db.dispose()
    _pid, vid0, split0 = visits.pop()
    taps = commits_per_tap(setup["settings"](url), setup["bench_card"](1000 + len(visits)),
                           vid0, split0)
    workers = args.sqlite_workers if kind == "sqlite" else args.pg_workers
    token = creds["kiosk_token"]
    with sp.ServerProcess.start(url, workdir / "floor", workers=workers, config=config,
                                name=f"floor-{kind}") as server:
        trivial = [[(*TRIVIAL, {}, None, 200)] * TRIVIAL_PER_KIOSK for _ in range(args.kiosks)]
        warm_errors = closed_loop(server.base_url, token,
                                  [plan[:WARM_UP_PER_KIOSK * 3] for plan in trivial],
                                  args.client_processes)[1]  # warm-up, untimed
        trivial_rate, trivial_errors = closed_loop(server.base_url, token, trivial,
                                                   args.client_processes)
        # the patient sessions, opened beforehand (not timed): a tap needs its patient's
        host, port = server.base_url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        plans: list[list[Request]] = [[] for _ in range(args.kiosks)]
        for n, (_pid, vid, split) in enumerate(visits):
            conn.request("POST", "/v1/eligibility", headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                body=json.dumps({"card": setup["bench_card"](1000 + n)}).encode())
            session = json.loads(conn.getresponse().read())["session_token"]
            plans[n % args.kiosks].append(settle_request(vid, split, session))
        conn.close()
        warm_settle_errors = closed_loop(server.base_url, token,
                                         [plan[:WARM_UP_PER_KIOSK] for plan in plans],
                                         args.client_processes)[1]  # warm-up, untimed
        settle_rate, settle_errors = closed_loop(
            server.base_url, token, [plan[WARM_UP_PER_KIOSK:] for plan in plans],
            args.client_processes)
    return Floors(rate, taps, trivial_rate, settle_rate,
                  {"trivial": sum(trivial_errors.values()) + sum(warm_errors.values()),
                   "settlement": sum(settle_errors.values()) + sum(warm_settle_errors.values())})
