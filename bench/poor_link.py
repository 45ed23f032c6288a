"""Poor-link benchmark: whole journeys through the link emulator at a village clinic's link.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/poor_link.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/poor_link.py --soak 1000

The kiosk is its own controller, runner, client and pool (``tests.poorlink.drive``) against the
reference backend on loopback, behind ``tests.support.link.Link`` at ``BENCH_RTT`` round trip
(default 300 ms) and ``BENCH_KBPS`` (default 256 kbit/s). The card read is the injected
boundary (a demo patient's record, no reader): its time is printed apart, and a real card
adds ``bench/card_read.py``'s figure to the card steps. The patient reads each screen for
``BENCH_THINK`` seconds (default 6, longer than uvicorn's default 5 s keep-alive; the reference
server keeps an idle connection 75 s, longer than the kiosk's 60 s heartbeat) before tapping;
a card comes after such a pause too. A new connection costs ``BENCH_SETUP_RTTS`` round trips
(default 2: TCP and a TLS 1.3 handshake, which the emulator adds since the backend here speaks
plain HTTP; the issue measured HTTPS).

For each step: the time from the tap (or the card) to the next screen, as a multiple of the
round trip (target: at most 1.5x, plus the card read where the card is read), and the
patient's requests on it. Per journey: the patient's requests, the kiosk's own (departments
refresh, keep-warm pings), and the connections opened. Run twice: as the kiosk is, and with
connection reuse off (``keep_alive=0``: a new connection per request, as before issue 19).

``--soak N``: N journeys straight to the backend (no emulator, no pauses), printing this
process's descriptors, sockets and sockets in CLOSE_WAIT every N/10 journeys.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RTT = float(os.environ.get("BENCH_RTT", "0.3"))
KBPS = int(os.environ.get("BENCH_KBPS", "256"))
THINK = float(os.environ.get("BENCH_THINK", "6"))
JOURNEYS = int(os.environ.get("BENCH_JOURNEYS", "2"))
# What a new connection costs: TCP's handshake and a TLS 1.3 one (the issue measured HTTPS;
# the backend here speaks plain HTTP, so the emulator adds the round trips TLS would take).
SETUP_ROUND_TRIPS = float(os.environ.get("BENCH_SETUP_RTTS", "2"))


def run_journeys(backend: Any, work: Path, config: dict[str, Any]) -> dict[str, Any]:
    from tests.poorlink.drive import BACKGROUND_OPS, KioskRig, charges_poster, pause
    from tests.support.link import Link, Shape

    link = Link(backend.port, Shape(latency=RTT, rate_bps=KBPS * 1000, seed=1,
                                    setup_round_trips=SETUP_ROUND_TRIPS))
    work.mkdir(parents=True, exist_ok=True)
    rig = KioskRig(link.base_url, backend.kiosk_token, work, config=config)
    post = charges_poster(backend.base_url, backend.kiosk_token, backend.department_tokens)
    steps: dict[str, list[Any]] = {}
    per_journey: list[dict[str, int]] = []
    try:
        for _ in range(JOURNEYS):
            pause(THINK)  # the kiosk idle before the patient comes
            connections, down = link.stats.connections, link.stats.bytes_down
            ops_before = len(rig.requests.ops)
            for step in rig.journey(post, think=THINK):
                steps.setdefault(step.name, []).append(step)
            ops = rig.requests.ops[ops_before:]
            per_journey.append({
                "patient": sum(op not in BACKGROUND_OPS for op in ops),
                "background": sum(op in BACKGROUND_OPS for op in ops),
                "connections": link.stats.connections - connections,
                "bytes_down": link.stats.bytes_down - down,
            })
    finally:
        rig.close()
        link.close()
    return {"steps": steps, "journeys": per_journey}


def report(title: str, result: dict[str, Any]) -> None:
    print(f"  {title}")
    for name, runs in result["steps"].items():
        seconds = statistics.median(step.seconds for step in runs)
        requests = sorted({", ".join(step.patient_requests) for step in runs})
        card = " + card read" if name.startswith("card") else ""
        print(f"    {name:24s} {seconds * 1000:6.0f} ms = {seconds / RTT:4.2f}x RTT{card:12s}"
              f" requests: {' | '.join(requests)}")
    journeys = result["journeys"]
    for key, label in (("patient", "patient's requests"), ("background", "kiosk's own requests"),
                       ("connections", "connections opened"), ("bytes_down", "bytes received")):
        values = [j[key] for j in journeys]
        print(f"    per journey: {label:22s} {statistics.median(values):8.0f}  (each: {values})")


def soak(count: int) -> None:
    from tests.poorlink.drive import (
        KioskRig,
        charges_poster,
        close_wait_sockets,
        open_descriptors,
        open_sockets,
        pause,
    )
    from tests.support.server_proc import Backend

    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    backend = Backend(work / "backend")
    backend.start()
    rig = KioskRig(backend.base_url, backend.kiosk_token, work)
    post = charges_poster(backend.base_url, backend.kiosk_token, backend.department_tokens)
    print(f"soak: {count} whole journeys through Background + runner + controller, loopback")
    print("   journeys  requests  descriptors  sockets  CLOSE_WAIT")
    try:
        for done in range(1, count + 1):
            rig.journey(post)
            if done == 1 or done % max(1, count // 10) == 0:
                print(f"   {done:8d}  {len(rig.requests.ops):8d}  {open_descriptors():11d}"
                      f"  {open_sockets():7d}  {close_wait_sockets():10d}", flush=True)
        pause(6)  # past the server's keep-alive: its idle ends close
        print(f"   6 s later {len(rig.requests.ops):8d}  {open_descriptors():11d}"
              f"  {open_sockets():7d}  {close_wait_sockets():10d}")
    finally:
        rig.close()
        backend.stop()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from tests.support.server_proc import Backend

    _app = QApplication.instance() or QApplication([])
    if len(sys.argv) > 2 and sys.argv[1] == "--soak":
        soak(int(sys.argv[2]))
        return
    work = Path(tempfile.mkdtemp(prefix="kiosk-poorlink-"))
    backend = Backend(work / "backend")
    backend.start()
    try:
        kept = run_journeys(backend, work / "kept", {})
        fresh = run_journeys(backend, work / "fresh", {"keep_alive": 0})
    finally:
        backend.stop()
    print(f"poor-link benchmark: {JOURNEYS} whole journeys each way through the link emulator at"
          f" {RTT * 1000:.0f} ms round trip and {KBPS} kbit/s, a new connection costing"
          f" {SETUP_ROUND_TRIPS:g} round trips (TCP + TLS 1.3), {THINK:.0f} s on each screen;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("  card read: the injected demo record, 0 ms here (a real card: bench/card_read.py)")
    report("as the kiosk is (connections kept, and kept warm while a patient is there):", kept)
    report("connection reuse off (keep_alive=0: a new connection per request, as before):",
           fresh)


if __name__ == "__main__":
    main()
