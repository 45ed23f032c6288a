"""The kiosk process killed during a settlement, then restarted: exactly one settlement.

The kiosk side runs in a child process (``tests/app/kiosk_child.py``: the app's runner and
journal) and is SIGKILLed (a) after the outbox entry is written while the backend is stopped,
(b) while the settlement request is held before it reaches the backend, (c) after the backend
settled but before the kiosk heard the answer. Then a fresh kiosk (the real window and
controller) starts on the same journal, finishes the open entry with the same key, and the
patient inserting the card again sees the receipt. The backend's own database must then hold
exactly one settlement and one payment charge for the visit.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from kiosk.client import BackendClient, BackendConfig, DepartmentClient
from kiosk.demo.cards import authenticated_demo_record
from kiosk.demo.fixtures import post_demo_charges
from kiosk.flow.session import State
from tests.app.screens import current_state, receipt_screen_shows
from tests.app.support import ROOT, BackendProcess, HoldingProxy

pytestmark = pytest.mark.pcsc


def open_visit_with_charges(backend: BackendProcess) -> tuple[int, int, int, int]:
    """Check the eligible demo patient in and post charges: (patient, visit, total, cash)."""
    config = BackendConfig(base_url=backend.base_url, token=backend.kiosk_token)
    with BackendClient(config) as client:
        answer = client.eligibility(authenticated_demo_record(client, "eligible"))
        patient, session = answer.patient, answer.session_token
        assert patient is not None
        visit = client.check_in(patient.patient_id, "INT", session=session).visit
        post_demo_charges(config, backend.department_tokens, visit_id=visit.visit_id)
        # more than the personal account holds, so the linked payment method is charged
        ct = BackendConfig(base_url=backend.base_url, token=backend.department_tokens["INT"])
        with DepartmentClient(ct) as department:
            department.post_charge(visit.visit_id, item_code="IMG-CT", name="胸部CT平扫",
                                   category="imaging", insurance_class="A",
                                   unit_price_fen=200_000, performing_department_code="RAD")
        split = client.bill(visit.visit_id, session=session).split
    assert split.psn_cash_pay_fen > 0
    return patient.patient_id, visit.visit_id, split.medfee_sumamt_fen, split.psn_cash_pay_fen


def journal_states(path: Path) -> list[str]:
    if not path.exists():
        return []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            return [row[0] for row in db.execute("SELECT state FROM outbox")]
        except sqlite3.OperationalError:
            return []


def start_child(journal: Path, url: str, token: str, args: tuple[int, int, int, int],
                log: Path) -> subprocess.Popen[str]:
    patient, visit, total, cash = args
    return subprocess.Popen(
        [sys.executable, "-m", "tests.app.kiosk_child", str(journal), url, token,
         str(patient), str(visit), str(total), str(cash)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=log.open("w"), text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL


def restart_and_check(qtbot: Any, kiosk: Any, backend: BackendProcess, virtual_card: Any,
                      journal: Path, visit_id: int) -> None:
    app = kiosk(journal_path=journal)  # start() finishes the open entry
    qtbot.waitUntil(lambda: journal_states(journal) == ["done"], timeout=30000)
    assert backend.counts(visit_id) == {"settlements": 1, "charges": 1}
    virtual_card("eligible", wait=False)
    qtbot.waitUntil(lambda: current_state(app) == State.RECEIPT, timeout=15000)
    view = app.controller.session.view()
    assert view.receipt is not None and view.receipt.visit_id == visit_id
    assert view.receipt.from_earlier_session
    assert view.receipt.payment_status == "charged"
    receipt_screen_shows(app.window, view.receipt)
    assert backend.counts(visit_id) == {"settlements": 1, "charges": 1}


def test_killed_after_the_outbox_entry_while_the_backend_is_down(
        qtbot, kiosk, backend, virtual_card, tmp_path) -> None:
    args = open_visit_with_charges(backend)
    journal = tmp_path / "kiosk-journal.sqlite3"
    backend.stop()
    child = start_child(journal, backend.base_url, backend.kiosk_token, args,
                        tmp_path / "child.log")
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        assert child.stdout.readline().strip() == "SettlementPending"
        assert journal_states(journal) == ["pending"]
        kill(child)
    finally:
        if child.poll() is None:
            child.kill()
    assert backend.counts(args[1]) == {"settlements": 0, "charges": 0}
    backend.start()
    restart_and_check(qtbot, kiosk, backend, virtual_card, journal, args[1])


@pytest.mark.parametrize("hold", ["request", "response"])
def test_killed_while_the_settlement_is_in_flight(
        qtbot, kiosk, backend, virtual_card, tmp_path, hold) -> None:
    args = open_visit_with_charges(backend)
    journal = tmp_path / "kiosk-journal.sqlite3"
    proxy = HoldingProxy(backend.port, hold=hold)
    child = start_child(journal, proxy.base_url, backend.kiosk_token, args,
                        tmp_path / "child.log")
    try:
        assert proxy.held.wait(30), "the settlement request never reached the proxy"
        assert journal_states(journal) == ["sending"]
        kill(child)
    finally:
        if child.poll() is None:
            child.kill()
        proxy.close()
    expected = 1 if hold == "response" else 0
    assert backend.counts(args[1]) == {"settlements": expected, "charges": expected}
    restart_and_check(qtbot, kiosk, backend, virtual_card, journal, args[1])
