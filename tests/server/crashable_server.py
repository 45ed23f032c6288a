"""A real backend process that stops dead at a chosen point of a settlement, so a test can
SIGKILL it there: ``python -m tests.server.crashable_server DB_URL PORT POINT MARKER``.

``POINT`` is ``before_settlement`` (the idempotency key is claimed, the settlement not yet
written: the registry's balance call hangs) or ``after_charge`` (the settlement is written
and the gateway has charged it, the settlement is not yet completed nor the key's answer
stored: the gateway's answer to the charge never comes back), or a step of a reversal once the
test has touched ``arm`` beside ``MARKER``:
``before_reversing`` (the reversal's key is claimed, the settlement not yet ``reversing``),
``before_refund`` (``reversing``; the gateway's refund call hangs before it refunds),
``after_refund`` (the gateway refunded; its answer never comes back) or ``after_reversed``
(the reversal is finished and its answer stored; the HTTP answer never leaves). The two
refund points hang in the reference gateway, so they need nothing of the reversal's code.
On reaching the point the process writes ``MARKER`` and sleeps until killed.
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


def _hang(marker: Path) -> None:
    marker.write_text("reached")
    while True:
        time.sleep(60)


def main(db_url: str, port: int, point: str, marker: Path) -> None:
    settings = Settings(database_url=db_url, auto_settle_interval_seconds=0,
                        environment="development")  # the test card issuer key
    adapters = reference_adapters(Database(db_url, pool_size=2), settings.default_credit_score)
    if point == "before_settlement":
        registry = adapters.registry
        real_balance = registry.account_balance_fen

        def balance(ssn: str) -> int:
            if (marker.parent / "arm").exists():  # armed after the bill was read
                _hang(marker)
            return real_balance(ssn)

        registry.account_balance_fen = balance  # type: ignore[method-assign]
    elif point == "after_charge":
        real_charge = adapters.gateway.charge

        def charge(**kwargs):  # type: ignore[no-untyped-def]
            result = real_charge(**kwargs)
            if (marker.parent / "arm").exists():
                _hang(marker)
            return result

        adapters.gateway.charge = charge  # type: ignore[method-assign]
    elif point in ("before_refund", "after_refund"):
        gateway = adapters.gateway
        real_refund = gateway.refund

        def refund(**kwargs):  # type: ignore[no-untyped-def]
            if point == "before_refund" and (marker.parent / "arm").exists():
                _hang(marker)
            result = real_refund(**kwargs)
            if (marker.parent / "arm").exists():
                _hang(marker)
            return result

        gateway.refund = refund  # type: ignore[method-assign]
    elif point in ("before_reversing", "after_reversed"):
        from kiosk.server.reversal import Reversals

        name = "_begin" if point == "before_reversing" else "_finish"
        real = getattr(Reversals, name)

        def step(self, *args):  # type: ignore[no-untyped-def]
            if point == "before_reversing" and (marker.parent / "arm").exists():
                _hang(marker)
            result = real(self, *args)
            if (marker.parent / "arm").exists():
                _hang(marker)
            return result

        setattr(Reversals, name, step)
    else:
        raise SystemExit(f"unknown point {point!r}")
    app = create_app(settings, adapters=adapters)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
