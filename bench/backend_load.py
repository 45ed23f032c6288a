"""Load benchmark of the backend: N simulated kiosks against a real ``kiosk server``.

Each kiosk runs patient journeys back to back: eligibility, check-in, two charges posted by
the department system, pre-settlement, settlement (one tap, ``Idempotency-Key``). Every
kiosk has its own linked resident patient (created through the service layer, as the
counter would), so journeys never collide on one patient; check-ins share three departments,
as in a real morning.

For each database (SQLite always; PostgreSQL with ``--pg-dsn`` or ``$KIOSK_TEST_PG_DSN``) it
runs, each time on a fresh database:

1. ``direct``: the same journeys through the server's own service layer
   (``Service(Context(...))``: the same ``service.<area>.<operation>`` calls and SQLAlchemy
   writes as the routes, the card, charge and settlement bodies validated into their
   ``kiosk.server.models`` models as the routes do) in this process, no HTTP: the baseline
   of the same run;
2. ``http``: the journeys over HTTP against ``kiosk server`` started by the bench (one
   uvicorn process over SQLite, one per CPU over PostgreSQL, as ``docs/server.md`` advises),
   closed loop, no think time (saturation);
3. ``paced``: the same over HTTP, each kiosk waiting ``--think-ms`` between steps (closer to
   real kiosks, where a patient needs seconds per screen); this is where the eligibility
   latency target is read.

Before them, on a fresh database of its own, it measures the settlement's floors
(``bench/settle_floor.py``, issue 18 item 4): the database's single-row commit rate divided
by the durable commits of one tap, the server's rate for a trivial authenticated request, and
settlements per second over HTTP against them (target: >= 1/4 of the trivial rate;
``--floors-only``, ``--no-floors``).

It prints count, throughput and p50/p99 latency per operation and the ratios against the
baseline. Targets (issue 3): eligibility p99 < 20 ms with 50 kiosks on a 2-core machine;
settlement throughput over HTTP >= 1/3 of the direct baseline. The simulated kiosks run on
the same machine and take CPU from the server, so they are kept light: ``http.client``
connections, spread over ``--client-processes`` processes (50 kiosks in one Python process
would queue on its GIL and report that queue as server latency), their own full garbage
collections frozen out. Each answer's ``Server-Timing`` header gives the server's own time,
printed next to what the kiosks measured.

    .venv/bin/python bench/backend_load.py [--kiosks 50] [--journeys 6]
        [--sqlite-workers 1] [--pg-workers <cpus>] [--client-processes 5]
        [--think-ms 1000] [--pg-dsn postgresql://...] [--no-sqlite]
        [--floors-only | --no-floors]

Loopback only; request counts are bounded (kiosks x journeys x 6 per phase).
Threads: one per simulated kiosk (in the client processes for HTTP, in this process for the
direct baseline); each has its own HTTP connection or calls the thread-safe ``Service``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import http.client
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kiosk.domain.citizen_id import check_digit  # noqa: E402
from kiosk.server import models as m  # noqa: E402
from kiosk.server.adapters import reference_adapters  # noqa: E402
from kiosk.server.auth import Principal  # noqa: E402
from kiosk.server.config import Settings  # noqa: E402
from kiosk.server.context import Context  # noqa: E402
from kiosk.server.db import Database  # noqa: E402
from kiosk.server.errors import ApiError  # noqa: E402
from kiosk.server.migrations import migrate  # noqa: E402
from kiosk.server.seed import seed_demo  # noqa: E402
from kiosk.server.service import Service  # noqa: E402
from kiosk.server.statuses import Role  # noqa: E402
from tests.support import server_proc as sp  # noqa: E402

OPS = ("eligibility", "check_in", "charge", "pre_settlement", "settlement")
DEPARTMENTS = ("INT", "SUR", "PED")
CHARGES = (("LAB", "lab", "A", 2_500), ("PHA", "drug", "B", 4_800))
# the simulated kiosks send no card cryptogram: where the server checks cards, not here
CARD_AUTH_OFF = ({"card_authentication_required": False}
                 if "card_authentication_required" in Settings.__dataclass_fields__ else {})
CONFIG = "auto_settle_interval_seconds = 0\n" + "".join(
    f"{name} = false\n" for name in CARD_AUTH_OFF)
SETTLE_SECONDS = 10.0


# ---- patients -----------------------------------------------------------------------------


def bench_ssn(i: int) -> str:
    first17 = f"990101{1950 + i // 900:04d}0101{i % 900 + 100:03d}"[:17]
    return first17 + check_digit(first17)


def bench_card(i: int) -> dict[str, Any]:
    return {"ssn": bench_ssn(i), "card_number": f"K{i:08d}", "name": "测试患者",
            "gender": "female", "birth_date": None, "region_code": "990101",
            "issue_date": "2024-01-01", "expiry_date": "2034-01-01", "spec_version": "3.00",
            "card_type": "1"}


def bench_settings(url: str) -> Settings:
    return Settings(database_url=url, auto_settle_interval_seconds=0, **CARD_AUTH_OFF)


def make_service(url: str, pool_size: int = 5) -> Service:
    settings = bench_settings(url)
    db = Database(url, pool_size=pool_size)
    migrate(db)
    return Service(Context(db, settings,
                           reference_adapters(db, settings.default_credit_score)))


def add_patients(service: Service, count: int, start: int = 0) -> list[int]:
    """Linked resident patients ``bench_card(start)`` onwards, created and linked through the
    service as the counter does."""
    clerk = Principal(role=Role.ADMIN, actor="staff:bench", staff_id=None)
    ids = []
    signed = datetime.now(UTC)
    for i in range(start, start + count):
        view = service.patients.create(clerk, m.PatientCreateIn.model_validate(
            {"card": bench_card(i), "insurance_type": "390"}))
        pid = int(view["patient"]["patient_id"])
        service.patients.link(clerk, pid, m.LinkIn.model_validate({
            "identity_verified": True,
            "consent": {"text": "bench consent", "signed_at": signed,
                        "signature_sha256": hashlib.sha256(str(i).encode()).hexdigest()},
            "payment_method": {"type": "bank_card", "reference": f"6222****{i:04d}"}}))
        ids.append(pid)
    return ids


# ---- the journey, over HTTP or direct -------------------------------------------------------


class Refused(Exception):
    """An answer the journey did not expect (counted as an error)."""

    def __init__(self, message: str, visit: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.visit = visit  # set for ``409 already_checked_in`` with the open visit


@dataclass
class Recorder:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # the server's own time per request (its ``Server-Timing`` header), HTTP phases only
    server: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, op: str, fn: Callable[[], Any], kiosk: Any = None) -> Any:
        started = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:  # a refusal, a 5xx, a dropped connection, a pool timeout
            with self.lock:
                self.errors[op].append(f"{type(exc).__name__}: {str(exc)[:200]}")
            raise Refused(str(exc)) from None
        elapsed = time.perf_counter() - started
        server_ms = getattr(kiosk, "server_ms", None)
        with self.lock:
            self.latencies[op].append(elapsed)
            if server_ms is not None:
                self.server[op].append(server_ms / 1000)
        return result


class HttpKiosk:
    """One simulated kiosk's HTTP client: a keep-alive ``http.client`` connection. Lighter
    than ``requests`` (which the kiosk uses) on purpose: the simulated kiosks share the
    server's two cores, and what they spend is taken from the server being measured."""

    def __init__(self, base_url: str, kiosk_token: str, dept_tokens: dict[str, str]) -> None:
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.bare = {"Authorization": f"Bearer {kiosk_token}"}
        self.kiosk = self.bare  # with the patient session once eligibility gave one
        self.dept = {code: {"Authorization": f"Bearer {token}"}
                     for code, token in dept_tokens.items()}
        self.server_ms: float | None = None  # the last answer's ``Server-Timing: app;dur=``

    def _call(self, method: str, path: str, headers: dict[str, str], body: Any, ok: int) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {**headers, "Content-Type": "application/json"} if data else headers
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            text = r.read().decode()
        except (OSError, http.client.HTTPException):  # the server dropped the connection
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            raise
        timing = r.getheader("server-timing", "")
        self.server_ms = float(timing.split("dur=", 1)[1]) if "dur=" in timing else None
        if r.status != ok:
            visit = None
            if r.status == 409 and "already_checked_in" in text:
                visit = (json.loads(text)["error"].get("details") or {}).get("visit")
            raise Refused(f"{method} {path.split('/')[2]}: {r.status} {text[:120]}", visit)
        return json.loads(text)

    def eligibility(self, card: dict[str, Any]) -> dict[str, Any]:
        out = self._call("POST", "/v1/eligibility", self.bare, {"card": card}, 200)
        self.kiosk = {**self.bare, "X-Patient-Session": out["session_token"] or ""}
        return out

    def check_in(self, patient_id: int, dept: str) -> dict[str, Any]:
        try:
            return self._call("POST", "/v1/visits", self.kiosk,
                              {"patient_id": patient_id, "department_code": dept}, 201)
        except Refused as exc:
            # an earlier journey of this patient stopped half way: carry on with that visit,
            # as the kiosk does
            if exc.visit is None:
                raise
            return exc.visit

    def charge(self, visit_id: int, dept: str, body: dict[str, Any]) -> dict[str, Any]:
        """Posted by the department the patient checked in to (it orders the lab and the
        pharmacy: only a visit's own department refers it to others)."""
        return self._call("POST", f"/v1/visits/{visit_id}/charges", self.dept[dept], body, 201)

    def pre_settlement(self, visit_id: int) -> dict[str, Any]:
        return self._call("GET", f"/v1/visits/{visit_id}/pre-settlement", self.kiosk, None, 200)

    def settle(self, visit_id: int, key: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", f"/v1/visits/{visit_id}/settlement",
                          {**self.kiosk, "Idempotency-Key": key}, body, 201)


class DirectKiosk:
    """The same calls straight into the service layer (what each route does, minus HTTP):
    the body validated into its model, then ``service.<area>.<operation>``."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.kiosk = Principal(role=Role.KIOSK, actor="kiosk:bench")

    @staticmethod
    def _guard(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ApiError as exc:
            raise Refused(f"{exc.status} {exc.code}") from None

    def eligibility(self, card: dict[str, Any]) -> dict[str, Any]:
        # as the route does: validate the body, hand the service the parsed card
        parsed = m.EligibilityIn.model_validate({"card": card}).card
        out, _bound_card = self._guard(lambda: self.service.eligibility.check(parsed))
        # the route opens the patient session here; the principal within it:
        self.kiosk = Principal(role=Role.KIOSK, actor="kiosk:bench",
                               patient_id=out["patient"]["patient_id"] if out["patient"] else None)
        return out

    def check_in(self, patient_id: int, dept: str) -> dict[str, Any]:
        try:
            return self.service.visits.check_in(self.kiosk, patient_id, dept, "credit")
        except ApiError as exc:
            visit = (exc.details or {}).get("visit") if isinstance(exc.details, dict) else None
            if visit is None:
                raise Refused(f"{exc.status} {exc.code}") from None
            return visit

    def charge(self, visit_id: int, dept: str, body: dict[str, Any]) -> dict[str, Any]:
        parsed = m.ChargeIn.model_validate(body)
        poster = Principal(role=Role.DEPARTMENT, actor=f"department:{dept}",
                           department_code=dept)
        status, answer = self._guard(lambda: self.service.visits.post_charge(
            poster, visit_id, parsed))
        if status != 201:
            raise Refused(f"charge answered {status}")
        return answer

    def pre_settlement(self, visit_id: int) -> dict[str, Any]:
        return self._guard(lambda: self.service.settlements.pre_settlement(self.kiosk,
                                                                           visit_id))

    def settle(self, visit_id: int, key: str, body: dict[str, Any]) -> dict[str, Any]:
        parsed = m.SettleIn.model_validate(body)  # channel: linked_method by default
        status, answer = self._guard(lambda: self.service.settlements.settle(
            self.kiosk, visit_id, key, parsed))
        if status != 201:
            raise Refused(f"settlement answered {status} {answer.get('error', {})}")
        return answer


def journey(k: Any, rec: Recorder, index: int, patient_id: int, n: int,
            think: Callable[[], None]) -> None:
    card = bench_card(index)
    dept = DEPARTMENTS[(index + n) % len(DEPARTMENTS)]
    out = rec.timed("eligibility", lambda: k.eligibility(card), k)
    if out["decision"] != "eligible":
        rec.errors["eligibility"].append(f"decision {out['decision']} {out['reasons']}")
        return
    think()
    visit = rec.timed("check_in", lambda: k.check_in(patient_id, dept), k)
    vid = visit["visit_id"]
    for j, (code, category, klass, price) in enumerate(CHARGES):
        think()
        body = {"item_code": f"{code}-{j}", "name": "检查", "category": category,
                "insurance_class": klass, "unit_price_fen": price, "quantity": 1,
                "performing_department_code": code, "his_order_id": f"B-{vid}-{j}"}
        rec.timed("charge", lambda body=body: k.charge(vid, dept, body), k)
    think()
    bill = rec.timed("pre_settlement", lambda: k.pre_settlement(vid), k)["split"]
    think()
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    rec.timed("settlement", lambda: k.settle(vid, uuid.uuid4().hex, body), k)


def drive(make_kiosk: Callable[[], Any], kiosks: list[tuple[int, int]], journeys: int,
          think_ms: float, start_at: float | None = None) -> tuple[Recorder, float]:
    """Runs ``kiosks`` (index, patient id) as threads; ``start_at``: a ``time.time()`` to
    start at (client processes start together)."""
    rec = Recorder()
    barrier = threading.Barrier(len(kiosks) + 1)

    def kiosk_thread(index: int, patient_id: int) -> None:
        k = make_kiosk()
        rng = random.Random(index)

        def think() -> None:
            if think_ms:
                time.sleep(rng.uniform(0.5, 1.5) * think_ms / 1000)

        barrier.wait()
        if think_ms:  # kiosks do not start in lock step
            time.sleep(rng.uniform(0, think_ms / 1000))
        for n in range(journeys):
            with contextlib.suppress(Refused):
                journey(k, rec, index, patient_id, n, think)

    threads = [threading.Thread(target=kiosk_thread, args=kiosk, daemon=True)
               for kiosk in kiosks]
    for th in threads:
        th.start()
    if start_at is not None:
        time.sleep(max(0.0, start_at - time.time()))
    barrier.wait()
    started = time.perf_counter()
    for th in threads:
        th.join(timeout=600)
    return rec, time.perf_counter() - started


def _client_process(base_url: str, kiosk_token: str, dept_tokens: dict[str, str],
                    kiosks: list[tuple[int, int]], journeys: int, think_ms: float,
                    start_at: float) -> dict[str, dict[str, list[Any]]]:
    """One client process: its share of the simulated kiosks, as threads."""
    gc.freeze()  # the client's own full collections must not show up as server latency
    rec, _wall = drive(lambda: HttpKiosk(base_url, kiosk_token, dept_tokens), kiosks,
                       journeys, think_ms, start_at)
    return {"latencies": dict(rec.latencies), "server": dict(rec.server),
            "errors": dict(rec.errors)}


def drive_http(base_url: str, kiosk_token: str, dept_tokens: dict[str, str], patients: list[int],
               journeys: int, think_ms: float, processes: int) -> tuple[Recorder, float]:
    """The simulated kiosks spread over ``processes`` client processes: real kiosks are
    separate machines, and 50 kiosks in one Python process would queue on its GIL and
    count that queue as server latency."""
    kiosks = list(enumerate(patients))
    shares = [kiosks[i::processes] for i in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(len(shares), mp_context=ctx) as pool:
        # the pool starts its processes lazily: give them time to import before the start
        start_at = time.time() + 3.0
        futures = [pool.submit(_client_process, base_url, kiosk_token, dept_tokens, share,
                               journeys, think_ms, start_at) for share in shares if share]
        results = [f.result(timeout=900) for f in futures]
        wall = time.time() - start_at
    rec = Recorder()
    for result in results:
        for name in ("latencies", "server", "errors"):
            for op, values in result[name].items():
                getattr(rec, name)[op].extend(values)
    return rec, wall


# ---- the runs ---------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    rec: Recorder
    wall: float

    def throughput(self, op: str) -> float:
        return len(self.rec.latencies[op]) / self.wall if self.wall else 0.0

    def pct(self, op: str, q: float, *, server: bool = False) -> float:
        values = sorted((self.rec.server if server else self.rec.latencies)[op])
        if not values:
            return float("nan")
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000


@contextlib.contextmanager
def fresh_database(kind: str, pg_dsn: str | None, workdir: Path, tag: str) -> Iterator[str]:
    if kind == "sqlite":
        d = workdir / tag
        d.mkdir()
        yield sp.sqlite_url(d)
    else:
        assert pg_dsn
        with sp.pg_database(pg_dsn) as url:
            yield url


def run_direct(kind: str, args: argparse.Namespace, workdir: Path) -> Phase:
    with fresh_database(kind, args.pg_dsn, workdir, "direct") as url:
        # a generous pool: the baseline must never wait on its own connection pool
        service = make_service(url, pool_size=2 * args.kiosks)
        try:
            seed_demo(service)
            patients = add_patients(service, args.kiosks)
            rec, wall = drive(lambda: DirectKiosk(service), list(enumerate(patients)),
                              args.journeys, 0)
        finally:
            service.context.db.dispose()
    return Phase("direct", rec, wall)


def run_http(kind: str, args: argparse.Namespace, workdir: Path) -> tuple[Phase, Phase]:
    with fresh_database(kind, args.pg_dsn, workdir, "http") as url:
        config = sp.write_config(workdir, CONFIG)
        creds = sp.seed(url, config)
        service = make_service(url)
        try:
            patients = add_patients(service, args.kiosks)
        finally:
            service.context.db.dispose()
        workers = args.sqlite_workers if kind == "sqlite" else args.pg_workers
        with sp.ServerProcess.start(url, workdir, workers=workers, config=config,
                                    name=f"bench-{kind}") as server:
            tokens = (creds["kiosk_token"], creds["department_tokens"])
            rec, wall = drive_http(server.base_url, *tokens, patients, args.journeys, 0,
                                   args.client_processes)
            saturated = Phase("http", rec, wall)
            # let what the saturation left running settle (the database's checkpoint and
            # autovacuum, the server's queues) before measuring at a patient's pace
            time.sleep(SETTLE_SECONDS)
            rec, wall = drive_http(server.base_url, *tokens, patients, args.journeys,
                                   args.think_ms, args.client_processes)
            paced = Phase(f"paced {args.think_ms:.0f}ms", rec, wall)
    return saturated, paced


def run_floors(kind: str, args: argparse.Namespace, workdir: Path) -> Any:
    """The settlement's floors (``bench/settle_floor.py``) on a fresh database."""
    from bench import settle_floor

    with fresh_database(kind, args.pg_dsn, workdir, "floors") as url:
        return settle_floor.measure(kind, url, args, workdir, {
            "make_service": make_service, "add_patients": add_patients,
            "bench_card": bench_card, "CHARGES": CHARGES, "DEPARTMENTS": DEPARTMENTS,
            "CONFIG": CONFIG, "settings": bench_settings})


def report(kind: str, args: argparse.Namespace, direct: Phase, phases: list[Phase]) -> None:
    workers = args.sqlite_workers if kind == "sqlite" else args.pg_workers
    print(f"\n== {kind}: {args.kiosks} kiosks x {args.journeys} journeys, "
          f"{workers} worker(s) ==")
    head = f"{'phase':<14}{'operation':<16}{'count':>6}{'ops/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    print(head + f"{'ops/s vs direct':>17}{'p99 vs direct':>15}{'server p50':>12}"
          f"{'server p99':>12}")
    for phase in [direct, *phases]:
        for op in OPS:
            tp = phase.throughput(op)
            base_tp = direct.throughput(op)
            # a paced phase's throughput is set by its think time: no ratio for it
            ratio_tp = tp / base_tp if base_tp and phase.name in ("direct", "http") \
                else float("nan")
            p99 = phase.pct(op, 0.99)
            ratio_p99 = p99 / direct.pct(op, 0.99) if direct.rec.latencies[op] else float("nan")
            tp_text = "-" if ratio_tp != ratio_tp else f"{ratio_tp:.2f}x"  # nan: no ratio
            server = "" if not phase.rec.server[op] else (
                f"{phase.pct(op, 0.5, server=True):>12.1f}"
                f"{phase.pct(op, 0.99, server=True):>12.1f}")
            print(f"{phase.name:<14}{op:<16}{len(phase.rec.latencies[op]):>6}{tp:>9.1f}"
                  f"{phase.pct(op, 0.5):>9.1f}{p99:>9.1f}{tp_text:>17}{ratio_p99:>14.1f}x"
                  f"{server}")
        errors = {op: len(v) for op, v in phase.rec.errors.items() if v}
        if errors:
            sample = next(v[0] for v in phase.rec.errors.values() if v)
            print(f"{phase.name:<14}ERRORS {errors}  e.g. {sample}")
        print(f"{phase.name:<14}wall {phase.wall:.2f} s")
    http, paced = phases
    ratio = http.throughput("settlement") / direct.throughput("settlement")
    print(f"-> settlements over HTTP at {ratio:.2f}x the direct baseline "
          f"(target >= 0.33): {'MET' if ratio >= 1 / 3 else 'NOT MET'}")
    p99 = paced.pct("eligibility", 0.99)
    print(f"-> eligibility p99 {p99:.1f} ms with {args.kiosks} kiosks at a patient's pace "
          f"'{paced.name}' "
          f"(server's own p99 {paced.pct('eligibility', 0.99, server=True):.1f} ms; "
          f"target < 20 ms): {'MET' if p99 < 20 else 'NOT MET'}")
    print(f"   (at saturation, no pause between steps: p99 {http.pct('eligibility', 0.99):.1f} "
          "ms; no target, the closed loop only measures throughput)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--journeys", type=int, default=6, help="per kiosk and phase")
    parser.add_argument("--sqlite-workers", type=int, default=1,
                        help="uvicorn worker processes over SQLite (one file: one process)")
    parser.add_argument("--pg-workers", type=int, default=os.cpu_count() or 2,
                        help="uvicorn worker processes over PostgreSQL (default: one per CPU, "
                        "as docs/server.md advises)")
    parser.add_argument("--think-ms", type=float, default=1000.0,
                        help="mean pause between a kiosk's steps in the paced phase")
    parser.add_argument("--pg-dsn", default=os.environ.get(sp.PG_ENV),
                        help=f"PostgreSQL server for the second run (default ${sp.PG_ENV})")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-floors", action="store_true",
                        help="skip the settlement's floors (bench/settle_floor.py)")
    parser.add_argument("--floors-only", action="store_true",
                        help="only the settlement's floors")
    parser.add_argument("--client-processes", type=int, default=5,
                        help="processes the simulated kiosks of the HTTP phases run in")
    args = parser.parse_args(argv)
    if not 1 <= args.kiosks <= 500 or not 1 <= args.journeys <= 50 \
            or not 1 <= args.client_processes <= 16:
        parser.error("--kiosks 1..500, --journeys 1..50, --client-processes 1..16")
    kinds = ([] if args.no_sqlite else ["sqlite"]) + (["postgres"] if args.pg_dsn else [])
    print(f"backend load: cpus={os.cpu_count()} python={sys.version.split()[0]} "
          f"databases={kinds or 'none'} load average {os.getloadavg()[0]:.1f}")
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix=f"kiosk-bench-{kind}-") as tmp:
            workdir = Path(tmp)
            floors = None if args.no_floors else run_floors(kind, args, workdir)
            direct = run_direct(kind, args, workdir) if not args.floors_only else None
            if direct is not None:
                http, paced = run_http(kind, args, workdir)
                report(kind, args, direct, [http, paced])
            if floors is not None:
                print(f"\n== {kind}: the settlement's floors ({args.kiosks} kiosks) ==")
                floors.report()
            print(f"load average {os.getloadavg()[0]:.1f} (other work on this machine skews "
                  "latencies; compare the ratios)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
