"""A real backend process that stops dead at a chosen point of a settlement, so a test can
SIGKILL it there: ``python -m tests.server.crashable_server DB_URL PORT POINT MARKER``.

``POINT`` is ``before_settlement`` (the idempotency key is claimed, the settlement not yet
written: the registry's balance call hangs) or ``after_completion`` (the settlement is
completed and charged, the key not yet marked done: ``Settlements._collect`` hangs after it
returns). On reaching the point the process writes ``MARKER`` and sleeps until killed.
Test-only: the production code has no such hook. Everything else is the real app
(``create_app``), served by uvicorn on 127.0.0.1 without the periodic task.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import uvicorn

from kiosk.server.adapters import reference_adapters
from kiosk.server.app import create_app
from kiosk.server.config import Settings
from kiosk.server.db import Database
from kiosk.server.settlement import Settlements


def _hang(marker: Path) -> None:
    marker.write_text("reached")
    while True:
        time.sleep(60)


def main(db_url: str, port: int, point: str, marker: Path) -> None:
    settings = Settings(database_url=db_url, auto_settle_interval_seconds=0)
    adapters = reference_adapters(Database(db_url, pool_size=2), settings.default_credit_score)
    if point == "before_settlement":
        registry = adapters.registry
        real_balance = registry.account_balance_fen

        def balance(ssn: str) -> int:
            if (marker.parent / "arm").exists():  # armed after the bill was read
                _hang(marker)
            return real_balance(ssn)

        registry.account_balance_fen = balance  # type: ignore[method-assign]
    elif point == "after_completion":
        real_collect = Settlements._collect

        def collect(self: Settlements, principal, settlement_id: int) -> None:  # type: ignore[no-untyped-def]
            real_collect(self, principal, settlement_id)
            _hang(marker)

        Settlements._collect = collect  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown point {point!r}")
    app = create_app(settings, adapters=adapters)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
