"""Renders the supervisors' finance window at the counter in both languages (issue 17 items 5
and 6): ``counter-finance-<lang>.png``: one charge whose outcome is unknown (the reference
gateway rehearsed losing its answer) and today's reconciliation finding a settlement whose
gateway record is missing and a gateway record without a settlement. Starts the reference
backend in its demo environment on loopback (``tests.support.server_proc``), pays visits over
HTTP (``tests.support.rehearsal``) and drives the real counter window.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/counter_finance_screenshots.py [DIR]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from counter_screenshots import wait_until  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.client import BackendConfig  # noqa: E402
from kiosk.counter import events as ev  # noqa: E402
from kiosk.counter.app import build_station  # noqa: E402
from kiosk.counter.i18n import install_language  # noqa: E402
from kiosk.counter.window import CounterWindow  # noqa: E402
from kiosk.qt.theme import load_fonts  # noqa: E402
from tests.support import server_proc as sp  # noqa: E402
from tests.support.rehearsal import DEMO_CONFIG, HttpJourney  # noqa: E402


def main(out: Path) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="counter-finance-shots-"))
    backend = sp.Backend(tmp / "backend", config=sp.write_config(tmp, DEMO_CONFIG))
    backend.start()
    try:
        journey = HttpJourney(backend.base_url, backend.credentials,
                              backend.staff_token("supervisor"))
        journey.settle()
        journey.fault(target="gateway", operation="charge", fault="unknown")
        journey.settle()
        lost = journey.settle()
        with sqlite3.connect(backend.db_path) as db:
            db.execute("DELETE FROM gateway_transactions WHERE reference = ?",
                       (f"settlement-{lost['settlement_id']}",))
            db.execute("INSERT INTO gateway_transactions (reference, kind, patient_id, "
                       "amount_fen, status, created_at) VALUES (?, 'charge', ?, 4200, "
                       "'succeeded', ?)", ("settlement-9001", lost["patient_id"],
                                           datetime.now(UTC).replace(tzinfo=None).isoformat(" ")))
        return shoot(out, backend, tmp)
    finally:
        backend.stop()


def shoot(out: Path, backend: sp.Backend, tmp: Path) -> int:
    app = QApplication([sys.argv[0]])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    station = build_station(BackendConfig(base_url=backend.base_url), tmp / "counter")
    window = CounterWindow(station.controller)
    window.show()
    login = backend.credentials["staff"]["supervisor"]
    supervision = window.supervision
    written = 0
    for lang in ("zh_CN", "en"):
        install_language(app, lang)
        station.controller.dispatch(ev.SignIn(login["username"], login["password"]))
        wait_until(lambda: supervision.finance_button.isVisible())
        supervision.open_finance()
        finance = supervision.finance_window
        wait_until(lambda: bool(finance.desk.view().items) and not finance.desk.view().busy)  # noqa: B023
        finance.items.selectRow(0)
        finance.reconcile_day(sp.backend_today())
        wait_until(lambda: finance.desk.view().reconciliation is not None  # noqa: B023
                   and not finance.desk.view().busy)  # noqa: B023
        finance.findings.resizeColumnsToContents()
        finance.items.resizeColumnsToContents()
        finance.grab().save(str(out / f"counter-finance-{lang}.png"))
        finance.hide()
        finance.desk.reconciliation = None
        station.controller.dispatch(ev.SignOut())
        wait_until(lambda: window.current_screen() == "signin")
        written += 1
    station.close()
    print(f"wrote {written} screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")))
