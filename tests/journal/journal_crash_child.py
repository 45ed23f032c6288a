"""The kiosk side of the crash tests: starts a settlement, then dies by SIGKILL at a given step.

    python journal_crash_child.py JOURNAL URL STEP VISIT TOTAL CASH

Prints the entry's idempotency key on the first line, then works on. STEP is one of
``after_insert`` (die right after the outbox entry is committed), ``mid_send`` (send and wait:
the parent kills us while the server holds the request), ``after_response`` (die as soon as
the backend's answer arrives, before it is recorded), ``after_done`` (die after recording).
"""

from __future__ import annotations

import os
import signal
import sys

from journal_doubles import HttpBackend, classify_fake

from kiosk.journal import Journal, settle_entry


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class DiesOnAnswer(HttpBackend):
    def settle(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().settle(*args, **kwargs)
        die()


def main() -> None:
    path, url, step, visit, total, cash = sys.argv[1:7]
    journal = Journal.open(path)
    entry = journal.begin_settlement(visit, "patient-1", int(total), int(cash))
    print(entry.idempotency_key, flush=True)
    if step == "after_insert":
        die()
    backend = DiesOnAnswer(url) if step == "after_response" else HttpBackend(url, timeout=60)
    settle_entry(journal, backend, entry, classify=classify_fake)
    if step == "after_done":
        die()
    print("survived", flush=True)


if __name__ == "__main__":
    main()
