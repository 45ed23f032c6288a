"""Crash safety with real processes: the kiosk side is SIGKILLed at each step of a settlement,
then a fresh Journal on the same file finishes it. Exactly one settlement, always one key.

The backend double (``HttpLedger``) lives in the test process and outlives the killed child,
so what the backend received before the kill is still there when recovery asks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from journal_doubles import HttpBackend, HttpLedger, LedgerBackend, classify_fake

from kiosk.journal import EntryState, Journal, finish_open_entries

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
BILL = (12_000, 3_000)


def run_child(journal_path: Path, server: HttpLedger, step: str) -> tuple[str, int]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]))
    child = subprocess.Popen(
        [sys.executable, str(HERE / "journal_crash_child.py"), str(journal_path), server.url,
         step, "visit-1", str(BILL[0]), str(BILL[1])],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert child.stdout is not None
    key = child.stdout.readline().strip()
    if step.startswith("mid_send"):
        assert server.settle_arrived.wait(30), "the settle request never arrived"
        child.send_signal(signal.SIGKILL)
    returncode = child.wait(60)
    child.stdout.close()
    server.release.set()
    return key, returncode


@pytest.mark.parametrize(
    ("step", "hold", "left_state", "calls_after"),
    [
        # killed right after the entry was committed: nothing was sent; recovery sends it
        ("after_insert", None, EntryState.PENDING, ["settle"]),
        # killed mid-send before the backend acted: status says not found; same key again
        ("mid_send", "before_commit", EntryState.SENDING, ["status", "settle"]),
        # killed mid-send after the backend acted: status finds it
        ("mid_send", "after_commit", EntryState.SENDING, ["status"]),
        # killed with the answer in hand, before recording it: status finds it
        ("after_response", None, EntryState.SENDING, ["status"]),
        # killed after recording done: nothing left to do, the result waits for the patient
        ("after_done", None, EntryState.DONE, []),
    ],
)
def test_killed_at_each_step_ends_in_exactly_one_settlement(
    journal_path: Path,
    step: str,
    hold: str | None,
    left_state: EntryState,
    calls_after: list[str],
) -> None:
    ledger = LedgerBackend({"visit-1": BILL})
    with HttpLedger(ledger) as server:
        server.hold_settle = hold
        key, returncode = run_child(journal_path, server, step)
        assert returncode == -signal.SIGKILL
        calls_before = len(ledger.calls)

        with Journal.open(journal_path) as journal:
            left = journal.entry_for_visit("visit-1")
            assert left is not None and left.idempotency_key == key
            assert left.state is left_state
            # a tap after the restart finds the same entry: no second settlement is possible
            assert journal.begin_settlement("visit-1", "patient-1", *BILL) == left

            results = finish_open_entries(journal, HttpBackend(server.url), classify=classify_fake)
            assert [r.state for r in results] == ([] if left_state is EntryState.DONE
                                                  else [EntryState.DONE])  # fmt: skip
            assert journal.open_entries() == []
            finished = journal.entry(left.id)
            assert finished is not None and finished.state is EntryState.DONE
            assert finished.response == ledger.by_key[key]

            # the patient, inserting the card again, is shown that result once
            shown = journal.result_for_patient("patient-1")
            assert shown is not None and shown.idempotency_key == key
            assert journal.result_for_patient("patient-1") is None

            # and a later recovery run does nothing at all
            again = finish_open_entries(journal, HttpBackend(server.url), classify=classify_fake)
            assert again == []

    assert [method for method, _ in ledger.calls[calls_before:]] == calls_after
    assert {k for _, k in ledger.calls} <= {key}
    assert len(ledger.settlements_for("visit-1")) == 1


def test_the_child_survives_when_nothing_goes_wrong(journal_path: Path) -> None:
    """Control run: the same child without a kill ends done, proving the harness works."""
    ledger = LedgerBackend({"visit-1": BILL})
    with HttpLedger(ledger) as server:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]))
        out = subprocess.run(
            [sys.executable, str(HERE / "journal_crash_child.py"), str(journal_path),
             server.url, "normal", "visit-1", str(BILL[0]), str(BILL[1])],
            capture_output=True, text=True, env=env, timeout=60, check=True,
        )  # fmt: skip
    key, status = out.stdout.split()
    assert status == "survived"
    with Journal.open(journal_path) as journal:
        entry = journal.entry_for_key(key)
        assert entry is not None and entry.state is EntryState.DONE
    assert len(ledger.settlements_for("visit-1")) == 1
