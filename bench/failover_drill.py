"""Failover drill: simulated kiosks settle continuously while the primary database host dies.

    tools/cluster up --servers 2
    .venv/bin/python bench/failover_drill.py [--kiosks 8] [--kills 2] [--interval 25]
    tools/cluster down

Runs against the cluster of ``tools/cluster`` (its addresses come from ``tools/cluster env``):
kiosks talk HTTP to HAProxy's kiosk address, which spreads them over the stateless
``kiosk server`` processes; the servers reach PostgreSQL through HAProxy's primary address,
which follows Patroni's leader. Each simulated kiosk is the kiosk's own code with no screen: a
``Runner`` with its ``BackendClient`` and a settlement journal of its own, carrying out the
session's effects one journey after another (read the card and ask, check in, the department
posts the demo charges, load the bill, settle with the journal's idempotency key), retrying a
step that failed as a patient pressing "retry" would, and asking again about a settlement
whose outcome it did not hear, with the same key, as the kiosk does.

Every ``--interval`` seconds the primary's host dies (``tools/cluster kill-primary``: SIGKILL
of its Patroni and its PostgreSQL at once); the killed member is started again before the next
kill and rejoins as a replica. Afterwards the kiosks finish what they left open, and the drill
checks, in the database: every settlement any kiosk was told succeeded exists exactly once,
completed; no visit has two live settlements; no payment was charged twice (one succeeded
gateway charge per charged settlement, and each settlement's charge exists); no idempotency
key is left in progress; no kiosk journal holds an open entry. It prints, per kill, the time
without an acknowledged settlement (from the last one before the kill to the first one after)
and what kiosks saw meanwhile (failed steps and their kinds, the longest step). Target: under
15 s without writes for a dead primary host.

``run_drill`` is the same drill with smaller numbers for ``tests/cluster``. Loopback only; the
kiosks' requests are bounded by the drill's duration.
Threads: one per simulated kiosk; ``run_drill`` blocks.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from backend_load import add_patients, bench_card, make_service  # noqa: E402
from sqlalchemy import text  # noqa: E402

from kiosk.client import BackendClient, BackendConfig  # noqa: E402
from kiosk.client.api import DepartmentClient  # noqa: E402
from kiosk.demo.fixtures import DEMO_CHARGES  # noqa: E402
from kiosk.domain.card import CardRecord, Gender  # noqa: E402
from kiosk.flow import session as fs  # noqa: E402
from kiosk.flow.runner import Runner  # noqa: E402
from kiosk.journal import Journal  # noqa: E402

CLUSTER = REPO / "tools" / "cluster"
STEP_RETRY_SECONDS = 0.25
DEPARTMENT = "INT"


def cluster(*args: str) -> str:
    done = subprocess.run([str(CLUSTER), *args], capture_output=True, text=True, timeout=300,
                          check=True)
    return done.stdout


def cluster_env() -> dict[str, str]:
    return dict(line.split("=", 1) for line in cluster("env").splitlines() if "=" in line)


def card_record(index: int) -> CardRecord:
    card = bench_card(index)
    return CardRecord(ssn=card["ssn"], name=card["name"], gender=Gender.FEMALE,
                      birth_date=date(1950, 1, 1), card_number=card["card_number"],
                      region_code=card["region_code"], issue_date=date(2024, 1, 1),
                      expiry_date=date(2034, 1, 1), spec_version="3.00", card_type="1")


@dataclass
class KioskLog:
    """What one simulated kiosk saw."""

    acknowledged: list[tuple[float, int]] = field(default_factory=list)  # (time, settlement)
    failures: list[tuple[float, str]] = field(default_factory=list)  # (time, kind)
    longest_step: float = 0.0


class SimulatedKiosk:
    """The kiosk's runner, client and journal without a screen, for one linked patient."""

    def __init__(self, index: int, base_url: str, token: str, dept_tokens: dict[str, str],
                 journal_path: Path) -> None:
        self.index = index
        self.config = BackendConfig(base_url=base_url, token=token, read_timeout=10,
                                    deadline=20)
        self.dept_tokens = dept_tokens
        self.client = BackendClient(self.config)
        self.journal = Journal.open(journal_path)
        record = card_record(index)
        self.runner = Runner(self.client, self.journal, lambda _reader, _challenge: record)
        self.log = KioskLog()
        self.generation = 0

    def step(self, effect: fs.Effect, until: float) -> fs.Event | None:
        """Run one effect until it answers with something other than "the backend is not
        there" (a patient pressing retry), or the drill ends."""
        while time.monotonic() < until:
            started = time.monotonic()
            events = self.runner.run(effect)
            self.log.longest_step = max(self.log.longest_step, time.monotonic() - started)
            last = events[-1] if events else None
            if isinstance(last, fs.BackendUnavailable):
                self.log.failures.append((time.monotonic(), last.kind))
                time.sleep(STEP_RETRY_SECONDS)
                continue
            return last
        return None

    def journey(self, until: float) -> None:
        self.generation += 1
        gen = self.generation
        answer = self.step(fs.ReadCardAndCheck(gen, "drill"), until)
        if not isinstance(answer, fs.EligibilityReceived):
            self._failed(answer)
            return
        elig = answer.eligibility
        assert elig.patient_id is not None
        if elig.open_visits:  # a journey cut off earlier: settle that visit first
            visit_id = elig.open_visits[0].visit_id
        else:
            checked = self.step(fs.CheckIn(gen, elig.patient_id, DEPARTMENT), until)
            if not isinstance(checked, fs.CheckedIn):
                self._failed(checked)
                return
            visit_id = checked.ticket.visit_id
        try:
            self.post_charges(visit_id)
        except Exception as error:  # a department system retries later: so does the drill
            self.log.failures.append((time.monotonic(), f"charges:{type(error).__name__}"))
            time.sleep(STEP_RETRY_SECONDS)
            return
        bill = self.step(fs.LoadBill(gen, visit_id), until)
        if not isinstance(bill, fs.BillReceived):
            self._failed(bill)
            return
        split = bill.bill.split
        result = self.step(fs.Settle(gen, elig.patient_id, visit_id, split.medfee_sumamt_fen,
                                     split.psn_cash_pay_fen), until)
        while isinstance(result, fs.SettlementPending) and time.monotonic() < until:
            self.log.failures.append((time.monotonic(), "settlement_pending"))
            time.sleep(STEP_RETRY_SECONDS)
            result = self.step(fs.ConfirmSettlement(gen, visit_id), until)
        if isinstance(result, fs.SettlementFinished):
            self.log.acknowledged.append((time.monotonic(), result.receipt.settlement_id))
        else:
            self._failed(result)

    def post_charges(self, visit_id: int) -> None:
        """The department (the drill checks in at ``DEPARTMENT``) posts the demo charges, each
        with its HIS order id, so a repeat after a failure posts nothing twice."""
        config = BackendConfig(base_url=self.config.base_url,
                               token=self.dept_tokens[DEPARTMENT], read_timeout=10, deadline=20)
        with DepartmentClient(config) as department:
            for item, name, category, klass, price, performer in DEMO_CHARGES:
                department.post_charge(visit_id, item_code=item, name=name, category=category,
                                       insurance_class=klass, unit_price_fen=price,
                                       performing_department_code=performer,
                                       his_order_id=f"DRILL-{visit_id}-{item}")

    def _failed(self, event: fs.Event | None) -> None:
        if event is not None:
            code = getattr(event, "code", type(event).__name__)
            self.log.failures.append((time.monotonic(), f"refused:{code}"))

    def finish(self, give_up: float) -> int:
        """Finish what the journal holds open, as the kiosk does when the backend is back;
        the number still open."""
        while time.monotonic() < give_up:
            self.runner.finish_open()
            still = len(self.journal.open_entries())
            if still == 0:
                return 0
            time.sleep(0.5)
        return len(self.journal.open_entries())

    def close(self) -> None:
        self.client.close()
        self.journal.close()


@dataclass
class DrillResult:
    kills: list[float]  # when each primary died (monotonic)
    outages: list[float]  # per kill: seconds without an acknowledged settlement
    acknowledged: int
    failures: Counter[str]
    longest_step: float
    left_open: int
    problems: list[str]  # broken invariants; empty when the drill passed


def seed_cluster(database_url: str, kiosks: int, workdir: Path) -> tuple[dict[str, Any], int]:
    """The demo data (departments, tokens) and one new linked patient per kiosk; returns the
    credentials and the index of the first patient (drills may run again on one cluster)."""
    credentials_path = workdir / "credentials.json"
    subprocess.run([sys.executable, "-m", "kiosk", "server", "seed-demo", "--database-url",
                    database_url, "--output", str(credentials_path)], check=True,
                   capture_output=True, timeout=300, cwd=REPO)
    service = make_service(database_url, pool_size=2)
    try:
        with service.context.db.engine.connect() as conn:
            first = int(conn.execute(text("SELECT count(*) FROM patients")).scalar_one())
        add_patients(service, kiosks, start=first)
    finally:
        service.context.db.dispose()
    return dict(json.loads(credentials_path.read_text(encoding="utf-8"))), first


def check_invariants(database_url: str, acknowledged: list[int]) -> list[str]:
    problems: list[str] = []
    service = make_service(database_url, pool_size=1)
    try:
        with service.context.db.engine.connect() as conn:
            def one(sql: str, **params: Any) -> Any:
                return conn.execute(text(sql), params).all()

            for settlement_id in acknowledged:
                rows = one("SELECT status FROM settlements WHERE settlement_id = :i",
                           i=settlement_id)
                if [tuple(r) for r in rows] != [("completed",)]:
                    problems.append(f"settlement {settlement_id} acknowledged but is {rows}")
            if len(set(acknowledged)) != len(acknowledged):
                problems.append("one settlement acknowledged for two journeys")
            for row in one("SELECT visit_id, count(*) FROM settlements "
                           "WHERE status <> 'reversed' GROUP BY visit_id HAVING count(*) > 1"):
                problems.append(f"visit {row[0]} has {row[1]} live settlements")
            charged = one("SELECT gateway_reference FROM settlements "
                          "WHERE payment_status = 'charged'")
            gateway = Counter(r[0] for r in one(
                "SELECT reference FROM gateway_transactions "
                "WHERE kind = 'charge' AND status = 'succeeded'"))
            for (reference,) in charged:
                if gateway.get(reference, 0) != 1:
                    problems.append(f"charge {reference}: {gateway.get(reference, 0)} gateway "
                                    "charges")
            if sum(gateway.values()) != len(charged):
                problems.append(f"{sum(gateway.values())} gateway charges for "
                                f"{len(charged)} charged settlements")
            stuck = one("SELECT count(*) FROM idempotency_keys WHERE status = 'in_progress'")
            if stuck[0][0]:
                problems.append(f"{stuck[0][0]} idempotency keys left in progress")
    finally:
        service.context.db.dispose()
    return problems


def longest_gap(times: list[float], start: float, stop: float) -> float:
    """The longest stretch without an acknowledged settlement around one kill: between
    consecutive acknowledgements from the last one before ``start`` to the first after
    ``stop`` (settlements already committed answer just after a kill, so the gap, not the time
    to the next answer, is what the kiosks lived through). Infinite when none came after."""
    before = [t for t in times if t <= start]
    inside = [t for t in times if start < t <= stop]
    points = ([before[-1]] if before else [start]) + inside
    if not inside:
        return float("inf")
    return max(b - a for a, b in pairwise(points))


def run_drill(*, kiosks: int, kills: int, interval: float, settle_after: float = 20.0,
              workdir: Path | None = None, report: bool = False) -> DrillResult:
    """Kiosks settle for ``interval`` seconds, then the primary dies, ``kills`` times; then
    ``settle_after`` seconds more. The cluster must be up (``tools/cluster up``)."""
    env = cluster_env()
    workdir = workdir or Path(tempfile.mkdtemp(prefix="kiosk-drill-"))
    credentials, first = seed_cluster(env["KIOSK_CLUSTER_DATABASE_URL"], kiosks, workdir)
    fleet = [SimulatedKiosk(i, env["KIOSK_CLUSTER_HTTP"], credentials["kiosk_token"],
                            credentials["department_tokens"], workdir / f"journal-{i}.sqlite3")
             for i in range(first, first + kiosks)]
    end = time.monotonic() + interval * kills + settle_after + interval

    def drive(kiosk: SimulatedKiosk) -> None:
        while time.monotonic() < end:
            kiosk.journey(end)

    threads = [threading.Thread(target=drive, args=(k,), daemon=True) for k in fleet]
    for thread in threads:
        thread.start()
    kill_times: list[float] = []
    try:
        for _ in range(kills):
            time.sleep(interval)
            cluster("rejoin")  # the member killed last time is back, as a replica
            kill_times.append(time.monotonic())
            victim = cluster("kill-primary").strip()
            if report:
                print(f"  killed the primary ({victim}) at t={kill_times[-1] - kill_times[0]:.1f}s",
                      flush=True)
        for thread in threads:
            thread.join(timeout=max(0.0, end - time.monotonic()) + 60)
        cluster("rejoin")
        left_open = sum(kiosk.finish(time.monotonic() + 90) for kiosk in fleet)
    finally:
        for kiosk in fleet:
            kiosk.close()
    acks = sorted(t for k in fleet for t, _ in k.log.acknowledged)
    outages = [longest_gap(acks, killed, bound)
               for killed, bound in zip(kill_times, [*kill_times[1:], end], strict=True)]
    acknowledged_ids = [sid for k in fleet for _, sid in k.log.acknowledged]
    problems = check_invariants(env["KIOSK_CLUSTER_DATABASE_URL"], acknowledged_ids)
    if left_open:
        problems.append(f"{left_open} settlements left open in kiosk journals")
    return DrillResult(kill_times, outages, len(acknowledged_ids),
                       Counter(kind for k in fleet for _, kind in k.log.failures),
                       max(k.log.longest_step for k in fleet), left_open, problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--interval", type=float, default=25.0,
                        help="seconds of settling before each kill")
    args = parser.parse_args(argv)
    print(f"failover drill: {args.kiosks} kiosks, {args.kills} dead primary hosts, one every "
          f"{args.interval:.0f} s", flush=True)
    result = run_drill(kiosks=args.kiosks, kills=args.kills, interval=args.interval,
                       report=True)
    print(f"  settlements acknowledged: {result.acknowledged}")
    for n, outage in enumerate(result.outages, 1):
        print(f"  kill {n}: {outage:.1f} s without an acknowledged settlement "
              f"(target < 15 s)")
    print(f"  what the kiosks saw: {dict(result.failures) or 'no failed step'}; "
          f"longest step {result.longest_step:.1f} s (the client's deadline bounds it)")
    print(f"  left open in kiosk journals after finishing: {result.left_open}")
    print("  invariants: " + ("all hold" if not result.problems else "; ".join(result.problems)))
    return 0 if not result.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
