"""Benchmark: the project's card read against the smallest raw pyscard sequence, same card.

Starts its own private pcscd with the vpcd readers (``tests.support.pcsc``), so run it inside
the PC/SC sandbox:

    tools/sandbox .venv/bin/python bench/card_read.py [--rounds-fast 200] [--rounds-slow 15]

For a fast virtual card and a slow one (~45 ms an APDU, like a real T=0 card), each run by
``python -m kiosk.card.virtual`` in its own process, it reads the card
alternately with ``kiosk.card.read_insurance_card`` and with a raw ``smartcard.scard``
sequence (connect, SELECT DF, SELECT EF05, READ RECORD 1-7, SELECT EF06, READ RECORD 1-6,
disconnect; the context established once, outside the timing), and prints the median of each
and their ratio. Targets: <= 1.10x slow, <= 2x fast.

Then the failure paths the tests check for what happens, timed here: a mute card gives up
after the read's own timeout (printed as a ratio of the timeout asked for), a card pulled
mid-read is reported against a whole good read, and the reader watcher stops promptly while
blocked in ``SCardGetStatusChange`` (against a plain thread join). Figures are ratios measured
in the same run; nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smartcard import scard  # noqa: E402

from kiosk.card import apdu as A  # noqa: E402
from kiosk.card import read_insurance_card  # noqa: E402
from tests.support import pcsc  # noqa: E402

RAW_SEQUENCE = (
    [A.select_df(), A.select_ef(A.EF05)]
    + [A.read_record(n) for n in range(1, 8)]
    + [A.select_ef(A.EF06)]
    + [A.read_record(n) for n in range(1, 7)]
)


def raw_read(context: int, reader: str) -> None:
    hr, card, protocol = scard.SCardConnect(
        context, reader, scard.SCARD_SHARE_SHARED,
        scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
    )
    if hr != scard.SCARD_S_SUCCESS:
        raise RuntimeError(f"SCardConnect 0x{hr & 0xFFFFFFFF:08X}")
    pci = scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
    try:
        for command in RAW_SEQUENCE:
            hr, response = scard.SCardTransmit(card, pci, list(command))
            if hr != scard.SCARD_S_SUCCESS or response[-2:] != [0x90, 0x00]:
                raise RuntimeError(f"raw read failed: 0x{hr & 0xFFFFFFFF:08X} {response}")
    finally:
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)


def project_read(reader: str) -> None:
    read_insurance_card(reader, timeout=10)


def measure(mode: str, slow: bool, rounds: int, context: int) -> tuple[float, float]:
    # The card runs in its own process, as a real card would be outside the kiosk's process:
    # in-process, the card's thread would compete with the reader for the GIL.
    command = [sys.executable, "-m", "kiosk.card.virtual", "--demo", "eligible",
               "--port", str(pcsc.PORT_0)] + (["--slow"] if slow else [])
    card = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0), 10, what="card")
        raw_read(context, pcsc.READER_0)  # warm up both paths
        project_read(pcsc.READER_0)
        raw_times, ours = [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            raw_read(context, pcsc.READER_0)
            t1 = time.perf_counter()
            project_read(pcsc.READER_0)
            t2 = time.perf_counter()
            raw_times.append(t1 - t0)
            ours.append(t2 - t1)
    finally:
        card.send_signal(signal.SIGTERM)
        card.wait(timeout=10)
        pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0) is False, what="removal")
    raw_median, our_median = statistics.median(raw_times), statistics.median(ours)
    print(f"{mode:<5} rounds={rounds:<4} raw median {raw_median * 1000:8.2f} ms   "
          f"kiosk.card median {our_median * 1000:8.2f} ms   ratio {our_median / raw_median:5.2f}x"
          f"   ({len(RAW_SEQUENCE)} APDUs a read)")
    return raw_median, our_median


def measure_failures(rounds: int) -> None:
    """The failure paths: mute card, pulled card, watcher stop (the card in this process)."""
    import threading

    from kiosk.card import ReaderWatcher
    from kiosk.card.virtual import CardBehaviour, VirtualCard
    from kiosk.domain.card import CardError

    def timed_failure(behaviour: CardBehaviour, timeout: float) -> tuple[float, str]:
        card = VirtualCard.from_demo("eligible", behaviour, port=pcsc.PORT_0)
        card.insert()
        try:
            pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0), 5, what="card")
            started = time.perf_counter()
            try:
                read_insurance_card(pcsc.READER_0, timeout=timeout)
                code = "read"
            except CardError as error:
                code = error.code.value
            return time.perf_counter() - started, code
        finally:
            card.remove()
            pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0) is False, 10, what="removal")

    timeout = 1.0
    mute = [timed_failure(CardBehaviour(mute_after=0), timeout) for _ in range(3)]
    worst = max(elapsed for elapsed, _ in mute)
    print(f"mute card: gave up ({mute[0][1]}) after at most {worst * 1000:.0f} ms for a "
          f"{timeout * 1000:.0f} ms timeout: {worst / timeout:.2f}x (target within 1.5x)")
    good = statistics.median(timed_failure(CardBehaviour(), 5)[0] for _ in range(rounds))
    pulled = statistics.median(
        timed_failure(CardBehaviour(pull_after=3), 5)[0] for _ in range(rounds))
    print(f"card pulled mid-read: reported in {pulled * 1000:.1f} ms (a whole read takes "
          f"{good * 1000:.1f} ms; pcscd notices a vpcd card gone at its next poll, about every "
          f"400 ms)")

    class Quiet:
        def on_event(self, event: object) -> None:
            pass

    stops, joins = [], []
    for _ in range(rounds):
        watcher = ReaderWatcher(Quiet())
        watcher.start()
        time.sleep(0.2)  # let it block in SCardGetStatusChange: the case being timed
        started = time.perf_counter()
        watcher.stop()
        stops.append(time.perf_counter() - started)
        idle = threading.Thread(target=lambda: None)
        idle.start()
        started = time.perf_counter()
        idle.join()
        joins.append(time.perf_counter() - started)
    stop, join = statistics.median(stops), statistics.median(joins)
    print(f"watcher stop while blocked: {stop * 1000:.1f} ms (a plain thread join "
          f"{join * 1000:.2f} ms; target under 500 ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds-fast", type=int, default=200)
    parser.add_argument("--rounds-slow", type=int, default=15)
    args = parser.parse_args(argv)
    try:
        daemon = pcsc.PrivatePcscd(tempfile.mkdtemp(prefix="kiosk-bench-"))
    except pcsc.SandboxRequired as exc:
        print(exc, file=sys.stderr)
        return 2
    with daemon:
        hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert hr == scard.SCARD_S_SUCCESS
        try:
            fast = measure("fast", False, args.rounds_fast, context)
            slow = measure("slow", True, args.rounds_slow, context)
        finally:
            scard.SCardReleaseContext(context)
        measure_failures(rounds=5)
    print(f"targets: slow <= 1.10x (got {slow[1] / slow[0]:.2f}x), "
          f"fast <= 2x (got {fast[1] / fast[0]:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
