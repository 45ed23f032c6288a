"""The kiosk process of the kill tests: the runner and the journal, no widgets.

    python -m tests.app.kiosk_child JOURNAL URL TOKEN PATIENT VISIT TOTAL CASH

Carries out the session's ``Settle`` effect exactly as the app does (``Runner.run``: outbox
entry first, then the request with its idempotency key), prints what came of it, then waits to
be killed. The parent SIGKILLs it at the step under test: after the outbox entry is written
while the backend is stopped, or while the settlement request is held in flight.
"""

from __future__ import annotations

import sys
import threading

from kiosk.client import BackendClient, BackendConfig
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal import Journal


def no_card(reader: str, challenge: bytes | None):  # type: ignore[no-untyped-def]
    raise RuntimeError("the kill tests read no card")


def main() -> None:
    journal_path, url, token, patient, visit, total, cash = sys.argv[1:8]
    journal = Journal.open(journal_path)
    client = BackendClient(BackendConfig(base_url=url, token=token, read_timeout=30,
                                         deadline=60))
    runner = Runner(client, journal, no_card)
    print("ready", flush=True)
    (event,) = runner.run(fs.Settle(1, int(patient), int(visit), int(total), int(cash)))
    print(type(event).__name__, flush=True)
    threading.Event().wait()  # a kiosk keeps running until it is killed


if __name__ == "__main__":
    main()
