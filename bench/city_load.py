"""A city's kiosks at patients' pace (issue 18 item 5): ``--kiosks`` simulated kiosks (2,000:
50 hospitals of 40), each taking one step every ``--step-seconds`` (10: a patient needs
seconds per screen), against the backend the cluster's HAProxy serves (``tools/cluster up``;
its addresses from ``tools/cluster env``) or any ``--base-url``.

A kiosk's journey, one step each: eligibility (the card), check-in, two charges posted by the
department, the bill (pre-settlement), the settlement (one tap, ``Idempotency-Key``); then the
next patient. The kiosks stand in ``--hospitals`` hospitals (50), 40 to a hospital at 2,000,
and check patients in to their own hospital's clinics (three each, as the demo's INT, SUR and
PED: ``H01INT`` ...), so check-ins to one clinic come at a hospital's pace, not the city's
(``--hospitals 1`` puts every kiosk on the demo's three clinics: the worst case, a city's
check-ins queueing on three rows). Every kiosk has its own linked patient (created through
the service layer before the run; a cluster keeps them for the next run). Kiosks start
spread over one journey's length (the ramp). It prints per operation the count, p50 and p99
latency and the errors (target: eligibility p99 under 50 ms, no errors), the requests
answered per second against the kiosks' pace, and the kiosk servers' CPU per request over
the steady state, read from each server's own ``/metrics`` (``process_cpu_seconds_total``;
the cluster's servers are named by ``tools/cluster env``, other hosts by
``--server-metrics``): the figure to size real server hosts by; and how busy this machine's
CPUs were meanwhile (``/proc/stat``): with the whole cluster on one box, a share near 100 %
says the miss is the machine's, not one part's.

    tools/cluster up --servers 2
    .venv/bin/python bench/city_load.py [--kiosks 2000] [--step-seconds 10] [--duration 180]
    tools/cluster down

(The simulated kiosks send no card cryptogram, so the servers must not require one: the
cluster's lab settings say so, ``tools/cluster``. Latencies include the wait for one of the
``--connections`` shared connections: a server that falls behind shows as queueing there.)

The load generator is one asyncio loop with a lean HTTP/1.1 client of its own
(``LeanClient``: a shared pool of kept connections, requests written and answers read with
asyncio streams): 2,000 kiosks at one step per 10 s are 200 requests/s, which one Python
thread sends and times while leaving the servers most of the 2 cores. (``httpx``'s async
client took about 70 % of a core for that rate on this machine, more than both kiosk servers
together: the generator, not the backend, was the limit.) ``run_city`` is the same with
smaller numbers for ``tests/server/test_city_load.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.backend_load import (  # noqa: E402
    CHARGES,
    DEPARTMENTS,
    add_patients,
    bench_card,
    make_service,
)

OPS = ("eligibility", "check_in", "charge", "pre_settlement", "settlement")
JOURNEY_STEPS = 6  # the operations above, the charge twice
TARGET_ELIGIBILITY_P99_MS = 50.0
LATE_SECONDS = 1.0  # a step started later than this after its time counts as late


KEEP_IDLE = 5.0  # seconds a kept connection may idle before it is closed (httpx's default)


class HttpError(Exception):
    """A request that got no HTTP answer (connection refused, reset, or closed mid-answer)."""


@dataclass
class Answer:
    status_code: int
    body: bytes
    server_ms: float | None = None  # the server's own time (its ``Server-Timing: app;dur=``)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


class LeanClient:
    """Just enough HTTP/1.1 for the simulated kiosks: requests with a JSON body or none,
    answers with a ``Content-Length`` (the server's) or chunked, connections kept and shared
    through a pool of at most ``connections``. As HTTP clients do (httpx's keep-alive expiry,
    RFC 9110 9.3.1's retry of a request on a kept connection closed before any answer), a
    connection idle for over ``KEEP_IDLE`` seconds is closed rather than reused, and a request
    that a kept connection answered with nothing at all is sent once more on a new one (every
    write of the journey is safe to repeat: the settlement by its ``Idempotency-Key``, the
    charges by their order ids, a check-in by its one open visit). Any other failure is an
    error, as a kiosk would see it."""

    def __init__(self, base_url: str, connections: int, timeout: float = 60.0) -> None:
        parsed = urlsplit(base_url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError("LeanClient speaks plain http to a loopback address")
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.timeout = timeout
        self._idle: list[tuple[float, tuple[asyncio.StreamReader, asyncio.StreamWriter]]] = []
        self._slots = asyncio.Semaphore(connections)

    async def request(self, method: str, path: str, *, headers: dict[str, str],
                      json: Any = None) -> Answer:
        body = b"" if json is None else _json_bytes(json)
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                f"Content-Length: {len(body)}"]
        if json is not None:
            head.append("Content-Type: application/json")
        head.extend(f"{k}: {v}" for k, v in headers.items())
        message = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        async with self._slots:
            conn = self._kept()
            for fresh in (conn is None, True):
                try:
                    if conn is None:
                        conn = await asyncio.wait_for(
                            asyncio.open_connection(self.host, self.port), self.timeout)
                    answer, keep = await asyncio.wait_for(self._exchange(conn, message),
                                                          self.timeout)
                    break
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    if conn is not None:
                        conn[1].close()
                    conn = None
                    unanswered = (isinstance(exc, asyncio.IncompleteReadError)
                                  and not exc.partial) or isinstance(exc, ConnectionResetError)
                    if fresh or not unanswered:
                        raise HttpError(f"{type(exc).__name__}: {exc}") from exc
            if keep:
                self._idle.append((time.monotonic(), conn))
            else:
                conn[1].close()
            return answer

    def _kept(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """The most recently used kept connection not idle too long (older ones are closed)."""
        while self._idle:
            since, conn = self._idle.pop()
            if time.monotonic() - since <= KEEP_IDLE:
                return conn
            conn[1].close()
        return None

    @staticmethod
    async def _exchange(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter],
                        message: bytes) -> tuple[Answer, bool]:
        reader, writer = conn
        writer.write(message)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if fields.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                parts.append(await reader.readexactly(size + 2))
            body = b"".join(part[:-2] for part in parts)
        else:
            body = await reader.readexactly(int(fields.get("content-length", "0")))
        timing = fields.get("server-timing", "")
        server_ms = float(timing.split("dur=", 1)[1]) if "dur=" in timing else None
        return (Answer(status, body, server_ms),
                fields.get("connection", "").lower() != "close")

    async def aclose(self) -> None:
        for _since, (_reader, writer) in self._idle:
            writer.close()
        self._idle.clear()


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class CityResult:
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    journeys: int = 0
    wall: float = 0.0
    # steps that started over a second after their time, two ways: the kiosk was still waiting
    # for its previous answer when the step fell due (the backend did not keep pace), or the
    # generator woke late (it lagged)
    late_answers: int = 0
    late_steps: int = 0
    # the kiosks start spread over one journey's length (a morning's ramp) and start no new
    # journey after ``until`` (the run then drains): what started in between, every kiosk
    # under way, is the steady state the target is read on
    t0: float = 0.0
    ramp: float = 0.0
    until: float = float("inf")
    # every answered request: (its start since t0, operation, seconds measured, the server's
    # own ms from Server-Timing: what the kiosks measured beyond it waited in HAProxy, the
    # network or for the CPU); every figure is read from these
    samples: list[tuple[float, str, float, float | None]] = field(default_factory=list)
    # the kiosk servers' CPU seconds (their ``process_cpu_seconds_total``, summed) spent over
    # the steady state, and its length: None where no server's metrics could be read
    server_cpu: tuple[float, float] | None = None
    # this machine's CPUs over the steady state: (the busy share, 0-1, and how many CPUs);
    # None where /proc/stat cannot be read. On one box with the whole cluster (tools/cluster)
    # it tells a saturated machine from a slow server: what the servers do not take went to
    # the database, its standbys, HAProxy and this generator
    machine_busy: tuple[float, int] | None = None

    def record(self, op: str, started: float, elapsed: float,
               server_ms: float | None = None) -> None:
        self.samples.append((started - self.t0, op, elapsed, server_ms))

    def values(self, op: str, steady: bool = False, server: bool = False) -> list[float]:
        """``op``'s times in seconds: all of them, the steady state's, or the server's own
        in the steady state."""
        if server:
            return [ms / 1000 for at, o, _took, ms in self.samples
                    if o == op and ms is not None and self.ramp <= at < self.until]
        return [took for at, o, took, _ms in self.samples
                if o == op and (not steady or self.ramp <= at < self.until)]

    def pct(self, op: str, q: float, steady: bool = False, server: bool = False) -> float:
        values = sorted(self.values(op, steady, server))
        if not values:
            return float("nan")
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000

    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def report(self, kiosks: int, step_seconds: float) -> None:
        print(f"\n== {kiosks} kiosks, one step every {step_seconds:g} s, {self.wall:.0f} s "
              f"(kiosks starting over the first {self.ramp:.0f} s): {self.journeys} journeys "
              f"settled ==")
        steady_wall = max(min(self.wall, self.until) - self.ramp, 1e-9)
        for steady, title, wall in ((False, "whole run", self.wall),
                                    (True, f"steady state, {self.ramp:.0f}-"
                                           f"{min(self.wall, self.until):.0f} s",
                                     steady_wall)):
            print(f"{title:<34}{'count':>7}{'ops/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
                  + ("" if steady else f"{'errors':>8}"))
            for op in OPS:
                n = len(self.values(op, steady))
                print(f"  {op:<32}{n:>7}{n / wall if wall else 0:>8.1f}"
                      f"{self.pct(op, 0.5, steady):>9.1f}{self.pct(op, 0.99, steady):>9.1f}"
                      + ("" if steady else f"{len(self.errors[op]):>8}"))
        print(f"{'  the server own time (steady)':<34}{'':>7}{'':>8}{'p50 ms':>9}{'p99 ms':>9}")
        for op in OPS:
            if self.values(op, server=True):
                print(f"  {op:<32}{'':>7}{'':>8}{self.pct(op, 0.5, server=True):>9.1f}"
                      f"{self.pct(op, 0.99, server=True):>9.1f}")
        for op, errs in self.errors.items():
            if errs:
                print(f"   {op} errors, e.g. {errs[0]}")
        answered = sum(len(self.values(op, True)) for op in OPS)
        print(f"   steady state: {answered / steady_wall:.1f} requests/s answered, the kiosks' "
              f"pace {kiosks / step_seconds:.1f}/s")
        if self.server_cpu is not None:
            cpu, seconds = self.server_cpu
            print(f"   the kiosk servers' CPU: {cpu / seconds:.2f} cores, "
                  f"{cpu / answered * 1000 if answered else float('nan'):.1f} ms per request "
                  f"answered")
        if self.machine_busy is not None:
            share, cpus = self.machine_busy
            print(f"   this machine over the steady state: {share * cpus:.2f} of {cpus} CPUs "
                  f"busy ({share:.0%})")
        if self.late_answers:
            print(f"   {self.late_answers} steps started over {LATE_SECONDS:g} s late because "
                  f"their kiosk was still waiting for its previous answer (the backend did not "
                  f"keep pace)")
        if self.late_steps:
            print(f"   {self.late_steps} steps started over {LATE_SECONDS:g} s late although "
                  f"their kiosk was ready (the load generator lagged)")
        p99 = self.pct("eligibility", 0.99, steady=bool(self.values("eligibility", True)))
        ok = p99 < TARGET_ELIGIBILITY_P99_MS and not self.error_count()
        print(f"-> eligibility p99 in the steady state {p99:.1f} ms (whole run "
              f"{self.pct('eligibility', 0.99):.1f}; target < {TARGET_ELIGIBILITY_P99_MS:.0f}), "
              f"{self.error_count()} errors (target 0): {'MET' if ok else 'NOT MET'}")


@dataclass
class Pace:
    """A kiosk's step clock: a step every ``step_seconds`` (0.8-1.2 of it at random, as
    patients differ) after the one before. A step whose time passed while the kiosk waited for
    its previous answer starts at once, and the next one a step later: a patient does not tap
    faster to make up for a slow screen, so the kiosks' pace drops to what the backend
    answers instead of piling up steps owed."""

    due: float
    step_seconds: float
    rng: random.Random
    clock: Any = time.perf_counter
    sleep: Any = asyncio.sleep

    async def next(self, result: CityResult) -> None:
        self.due += self.step_seconds * self.rng.uniform(0.8, 1.2)
        behind = self.clock() - self.due
        if behind > LATE_SECONDS:
            result.late_answers += 1
        if behind > 0:
            self.due += behind
            return
        await self.sleep(-behind)
        if self.clock() - self.due > LATE_SECONDS:
            result.late_steps += 1


def cpu_seconds(exposition: str) -> float | None:
    """A process's CPU seconds from its Prometheus text (``process_cpu_seconds_total``,
    which prometheus_client exports for its own process on Linux), or None."""
    for line in exposition.splitlines():
        name, _, value = line.partition(" ")
        if name == "process_cpu_seconds_total":
            try:
                return float(value)
            except ValueError:
                return None
    return None


def servers_cpu(urls: list[str]) -> float | None:
    """The kiosk servers' CPU seconds, summed over ``urls`` (each server's own address: its
    ``/metrics``, which only ``metrics_networks`` may read); None unless every one
    answered, since a sum with a server missing would read low."""
    total = 0.0
    for url in urls:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/metrics", timeout=5) as answer:
                seconds = cpu_seconds(answer.read().decode("utf-8", "replace"))
        except OSError:
            return None
        if seconds is None:
            return None
        total += seconds
    return total


def machine_ticks(stat: str) -> tuple[int, int] | None:
    """(busy, all) clock ticks of every CPU together from the text of ``/proc/stat`` (its
    ``cpu`` line: user nice system idle iowait irq softirq steal ...); busy is all but idle
    and iowait. None if the line is missing or malformed."""
    for line in stat.splitlines():
        fields = line.split()
        if fields[:1] == ["cpu"]:
            try:
                ticks = [int(v) for v in fields[1:]]
            except ValueError:
                return None
            if len(ticks) < 5:
                return None
            total = sum(ticks[:8])  # guest time is already counted in user time
            return total - ticks[3] - ticks[4], total
    return None


def read_machine_ticks() -> tuple[int, int] | None:
    try:
        return machine_ticks(Path("/proc/stat").read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        return None


def busy_share(first: tuple[int, int] | None, last: tuple[int, int] | None) -> float | None:
    """The busy share of the ticks between two ``machine_ticks`` readings, or None."""
    if first is None or last is None or last[1] <= first[1]:
        return None
    return max(0.0, min(1.0, (last[0] - first[0]) / (last[1] - first[1])))


async def _watch_cpu(urls: list[str], result: CityResult, started: float) -> None:
    """Reads the servers' CPU (if ``urls``) and this machine's when the steady state starts
    and when it ends."""
    await asyncio.sleep(max(0.0, started + result.ramp - time.perf_counter()))
    first = await asyncio.to_thread(servers_cpu, urls) if urls else None
    machine = read_machine_ticks()
    since = time.perf_counter()
    await asyncio.sleep(max(0.0, started + result.until - since))
    share = busy_share(machine, read_machine_ticks())
    if share is not None:
        result.machine_busy = (share, os.cpu_count() or 1)
    last = await asyncio.to_thread(servers_cpu, urls) if urls else None
    if first is not None and last is not None:
        result.server_cpu = (last - first, time.perf_counter() - since)


class CityKiosk:
    """One simulated kiosk: its patient, its tokens, and the journey as a list of steps."""

    def __init__(self, client: LeanClient, index: int, patient_id: int,
                 kiosk_token: str, dept_tokens: dict[str, str], result: CityResult,
                 clinics: tuple[str, ...] = DEPARTMENTS) -> None:
        self.client, self.index, self.patient_id = client, index, patient_id
        self.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        self.dept_tokens = dept_tokens
        self.clinics = clinics
        self.result = result
        self.n = 0

    async def _call(self, op: str, method: str, path: str, headers: dict[str, str],
                    body: Any, ok: int) -> Any:
        started = time.perf_counter()
        try:
            r = await self.client.request(method, path, headers=headers, json=body)
        except HttpError as exc:
            self.result.errors[op].append(f"{type(exc).__name__}: {str(exc)[:120]}")
            return None
        elapsed = time.perf_counter() - started
        if r.status_code != ok:
            self.result.errors[op].append(f"{r.status_code} {r.text[:160]}")
            return None
        self.result.record(op, started, elapsed, r.server_ms)
        return r.json()

    async def journey(self, step: Any) -> None:
        """One patient's journey; ``step()`` waits for the kiosk's next step time."""
        card = bench_card(self.index)
        dept = self.clinics[(self.index + self.n) % len(self.clinics)]
        self.n += 1
        out = await self._call("eligibility", "POST", "/v1/eligibility", self.kiosk,
                               {"card": card}, 200)
        if out is None or out["decision"] != "eligible":
            if out is not None:
                self.result.errors["eligibility"].append(f"decision {out['reasons']}")
            return
        headers = {**self.kiosk, "X-Patient-Session": out["session_token"]}
        await step()
        visit = await self._call("check_in", "POST", "/v1/visits", headers,
                                 {"patient_id": self.patient_id, "department_code": dept}, 201)
        if visit is None:
            return
        vid = visit["visit_id"]
        for j, (code, category, klass, price) in enumerate(CHARGES):
            await step()
            body = {"item_code": f"{code}-{j}", "name": "检查", "category": category,
                    "insurance_class": klass, "unit_price_fen": price, "quantity": 1,
                    "performing_department_code": code, "his_order_id": f"C-{vid}-{j}"}
            if await self._call("charge", "POST", f"/v1/visits/{vid}/charges",
                                {"Authorization": f"Bearer {self.dept_tokens[dept]}"},
                                body, 201) is None:
                return
        await step()
        bill = await self._call("pre_settlement", "GET", f"/v1/visits/{vid}/pre-settlement",
                                headers, None, 200)
        if bill is None:
            return
        await step()
        split = bill["split"]
        if await self._call("settlement", "POST", f"/v1/visits/{vid}/settlement",
                            {**headers, "Idempotency-Key": uuid.uuid4().hex},
                            {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
                             "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"]},
                            201) is not None:
            self.result.journeys += 1


async def _drive(base_url: str, credentials: dict[str, Any], patients: list[int], first: int,
                 step_seconds: float, duration: float, connections: int,
                 server_urls: list[str]) -> CityResult:
    ramp = JOURNEY_STEPS * step_seconds  # the kiosks' starts are spread over a journey
    client = LeanClient(base_url, connections)
    try:
        started = time.perf_counter()
        result = CityResult(t0=started, ramp=ramp, until=duration)
        stop = started + duration

        async def run_kiosk(i: int, patient_id: int) -> None:
            hospitals = credentials.get("clinics") or [DEPARTMENTS]
            kiosk = CityKiosk(client, first + i, patient_id, credentials["kiosk_token"],
                              credentials["department_tokens"], result,
                              tuple(hospitals[i * len(hospitals) // len(patients)]))
            rng = random.Random(i)
            # kiosks start at random over a journey's length, as patients come: from then on
            # every step of the journey is under way at once, a city's steady mix
            pace = Pace(started + rng.uniform(0, ramp), step_seconds, rng)

            async def step() -> None:
                await pace.next(result)

            await asyncio.sleep(max(0.0, pace.due - time.perf_counter()))
            while time.perf_counter() < stop:
                await kiosk.journey(step)
                await step()

        await asyncio.gather(*(run_kiosk(i, pid) for i, pid in enumerate(patients)),
                             *([_watch_cpu(server_urls, result, started)]
                               if duration > ramp else []))
        result.wall = time.perf_counter() - started
    finally:
        await client.aclose()
    return result


def add_clinics(service: Any, hospitals: int) -> dict[str, Any]:
    """Each hospital's own copies of the demo's clinics (``H01INT`` ...; kept for the next
    run) and a department token for each: ``{"clinics": [[code, ...] per hospital],
    "department_tokens": {code: token}}``."""
    from sqlalchemy import select

    from kiosk.server import schema as t
    from kiosk.server.statuses import Role

    db = service.context.db
    clinics = [[f"H{h:02d}{code}" for code in DEPARTMENTS] for h in range(1, hospitals + 1)]
    with db.write() as conn:
        have = set(conn.execute(select(t.departments.c.code)).scalars())
        demo = {row.code: row for row in conn.execute(select(t.departments).where(
            t.departments.c.code.in_(DEPARTMENTS)))}
        for codes in clinics:
            for code, template in zip(codes, DEPARTMENTS, strict=True):
                if code not in have:
                    values = dict(demo[template]._mapping)
                    conn.execute(t.departments.insert().values({**values, "code": code}))
    stamp = uuid.uuid4().hex[:8]
    tokens = {code: service.auth.create_token(Role.DEPARTMENT, f"city-{code}-{stamp}", code)
              for codes in clinics for code in codes}
    return {"clinics": clinics, "department_tokens": tokens}


def prepare(database_url: str, kiosks: int, hospitals: int = 1
            ) -> tuple[dict[str, Any], list[int], int]:
    """Seed the demo data (idempotent), each hospital's clinics (``add_clinics``; with one
    hospital, the demo's own three) and one new linked patient per kiosk; returns the
    credentials, the patients and the index of the first (runs may repeat on a cluster)."""
    from sqlalchemy import text

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "credentials.json"
        subprocess.run([sys.executable, "-m", "kiosk", "server", "seed-demo",
                        "--database-url", database_url, "--output", str(out)],
                       check=True, capture_output=True, timeout=300, cwd=REPO)
        credentials = json.loads(out.read_text(encoding="utf-8"))
    service = make_service(database_url, pool_size=2)
    try:
        with service.context.db.engine.connect() as conn:
            first = int(conn.execute(text("SELECT count(*) FROM patients")).scalar_one())
        patients = add_patients(service, kiosks, start=first)
        if hospitals > 1:
            city = add_clinics(service, hospitals)
            credentials["clinics"] = city["clinics"]
            credentials["department_tokens"].update(city["department_tokens"])
    finally:
        service.context.db.dispose()
    return credentials, patients, first


def run_city(base_url: str, credentials: dict[str, Any], patients: list[int], first: int, *,
             step_seconds: float, duration: float, connections: int = 200,
             server_urls: list[str] | None = None) -> CityResult:
    return asyncio.run(_drive(base_url, credentials, patients, first, step_seconds, duration,
                              connections, server_urls or []))


def cluster_env() -> dict[str, str]:
    done = subprocess.run([str(REPO / "tools" / "cluster"), "env"], capture_output=True,
                          text=True, timeout=60, check=True)
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=2000)
    parser.add_argument("--hospitals", type=int, default=50,
                        help="hospitals the kiosks stand in, each with its own three clinics")
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=180.0,
                        help="seconds; the first journey's length (60 s) is the ramp")
    parser.add_argument("--connections", type=int, default=200,
                        help="kept HTTP connections the simulated kiosks share")
    parser.add_argument("--base-url", help="default: the cluster's (tools/cluster env)")
    parser.add_argument("--database-url", help="default: the cluster's (tools/cluster env)")
    parser.add_argument("--server-metrics", metavar="URLS",
                        help="the kiosk servers' own addresses, comma-separated, whose "
                             "/metrics give their CPU (default: the cluster's servers "
                             "when --base-url is not given)")
    parser.add_argument("--samples", type=Path,
                        help="also write every request (start s, operation, ms, server ms) "
                             "to this CSV file, to see when the tail happened")
    args = parser.parse_args(argv)
    if (not 1 <= args.kiosks <= 5000 or not 10 <= args.duration <= 1800
            or not 1 <= args.hospitals <= min(99, args.kiosks)):
        parser.error("--kiosks 1..5000, --duration 10..1800, --hospitals 1..99 (<= kiosks)")
    if not (args.base_url and args.database_url):
        env = cluster_env()
        if not args.base_url and args.server_metrics is None:
            args.server_metrics = env.get("KIOSK_CLUSTER_SERVERS")
        args.base_url = args.base_url or env["KIOSK_CLUSTER_HTTP"]
        args.database_url = args.database_url or env["KIOSK_CLUSTER_DATABASE_URL"]
    server_urls = [u for u in (args.server_metrics or "").split(",") if u]
    started = time.perf_counter()
    credentials, patients, first = prepare(args.database_url, args.kiosks, args.hospitals)
    print(f"city load: {args.kiosks} kiosks in {args.hospitals} hospitals against "
          f"{args.base_url}; patients ready in "
          f"{time.perf_counter() - started:.0f} s")
    result = run_city(args.base_url, credentials, patients, first,
                      step_seconds=args.step_seconds, duration=args.duration,
                      connections=args.connections, server_urls=server_urls)
    result.report(args.kiosks, args.step_seconds)
    if args.samples:
        with args.samples.open("w", encoding="utf-8") as out:
            out.write("start_s,operation,ms,server_ms\n")
            for at, op, took, server_ms in result.samples:
                out.write(f"{at:.3f},{op},{took * 1000:.2f},"
                          f"{'' if server_ms is None else f'{server_ms:.2f}'}\n")
    return 0 if not result.error_count() else 1


if __name__ == "__main__":
    raise SystemExit(main())
