"""The supervisors' finance window at the counter, end to end on the real backend (a demo
server, so the reference gateway plays rehearsal faults): a charge whose outcome is unknown is
listed, "resolve" asks the gateway and the list empties; a day's reconciliation shows a
settlement whose gateway record was removed. Also the pure finance desk (one action at a time,
the list read again after a resolution) and the words chosen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.client.finance import Finding, Resolution, UnresolvedItem
from kiosk.counter import finance_desk as fd
from kiosk.counter.finance_view import finding_text, outcome_text, state_text
from tests.support import server_proc as sp
from tests.support.rehearsal import DEMO_CONFIG, HttpJourney

from .conftest import close_counter, open_counter

ITEM = UnresolvedItem("settlement", 7, 7, "charge_unknown", 1_500, None, "settlement-7")


def test_the_desk_runs_one_action_at_a_time_and_reloads_after_resolving() -> None:
    desk = fd.FinanceDesk()
    assert desk.handle(fd.Refresh()) == [fd.LoadUnresolved()]
    assert desk.handle(fd.Refresh()) == []  # busy
    assert desk.handle(fd.Loaded((ITEM,))) == []
    assert desk.handle(fd.ResolveItem("settlement", 8)) == []  # not listed
    assert desk.handle(fd.ResolveItem("settlement", 7)) == [fd.SendResolution("settlement", 7)]
    assert desk.handle(fd.RunReconcile(date(2026, 11, 23))) == []  # busy
    done = Resolution("settlement", 7, "charge_unknown", "charged")
    assert desk.handle(fd.Resolved(done)) == [fd.LoadUnresolved()]
    assert desk.view().last_resolution == done and desk.view().busy
    desk.handle(fd.Loaded(()))
    assert desk.view() == fd.FinanceView((), False, done, None, None)


def test_a_failed_resolution_says_so_and_reads_the_list_again() -> None:
    desk = fd.FinanceDesk()
    desk.handle(fd.Refresh())
    desk.handle(fd.Loaded((ITEM,)))
    [send] = desk.handle(fd.ResolveItem("settlement", 7))
    assert desk.handle(fd.Failed(send, "settlement_in_progress")) == [fd.LoadUnresolved()]
    desk.handle(fd.Loaded((ITEM,)))
    assert desk.view().problem == fd.Failed(send, "settlement_in_progress")


def test_words(qapp) -> None:  # type: ignore[no-untyped-def]
    assert state_text("charge_unknown") == "charge outcome unknown"
    assert "debt stands" in outcome_text("not_charged")
    assert "give that back" in outcome_text("paid_twice")
    assert finding_text(Finding("gateway", "missing_here", "x", (), (("amount_fen", 1),))) == \
        "at the payment gateway, not recorded here"
    assert finding_text(Finding("insurer", "amount_mismatch", "7", (), (), True)) == \
        "amounts differ from the insurer (its outcome is unknown: resolve it first)"


@pytest.fixture
def demo_backend(tmp_path: Path, backend_template) -> Iterator[sp.Backend]:  # type: ignore[no-untyped-def]
    server = sp.Backend(tmp_path / "backend", template=backend_template,
                        config=sp.write_config(tmp_path, DEMO_CONFIG))
    server.start()
    yield server
    server.stop()


def test_a_supervisor_resolves_an_unknown_charge_and_reconciles_the_day(
        qtbot, demo_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    journey = HttpJourney(demo_backend.base_url, demo_backend.credentials,
                          demo_backend.staff_token("supervisor"))
    journey.fault(target="gateway", operation="charge", fault="unknown")
    unknown = journey.settle()
    assert unknown["payment"]["status"] == "failed"
    counter = open_counter(qtbot, demo_backend, tmp_path / "counter")
    try:
        counter.sign_in("supervisor")
        supervision = counter.window.supervision
        assert supervision.finance_button.isVisible()
        counter.click(supervision.finance_button)
        window = supervision.finance_window
        counter.wait(lambda: bool(window.desk.view().items) and not window.desk.view().busy)
        assert window.items.rowCount() == 1
        assert window.items.item(0, 0).text() == str(unknown["settlement_id"])
        assert window.items.item(0, 1).text() == "charge outcome unknown"
        assert not window.resolve_button.isEnabled()  # nothing selected yet
        window.items.selectRow(0)
        counter.click(window.resolve_button)
        counter.wait(lambda: not window.desk.view().busy and window.desk.view().items == ())
        assert window.status.text() == outcome_text("charged")
        assert journey.unresolved() == []

        # the day: a settlement whose gateway record went missing
        other = journey.settle()
        with sqlite3.connect(demo_backend.db_path) as db:
            db.execute("DELETE FROM gateway_transactions WHERE reference = ?",
                       (f"settlement-{other['settlement_id']}",))
        window.reconcile_day(sp.backend_today())
        counter.wait(lambda: window.desk.view().reconciliation is not None)
        assert window.findings.rowCount() == 1
        assert window.findings.item(0, 0).text() == f"settlement-{other['settlement_id']}"
        assert window.findings.item(0, 1).text() == "recorded here, missing at the payment gateway"
        assert "1 disagreements" in window.recon_summary.text()
    finally:
        close_counter(counter)


def test_a_clerk_has_no_finance_button(qtbot, live_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, live_backend, tmp_path / "counter")
    try:
        counter.sign_in("clerk")
        assert not counter.window.supervision.finance_button.isVisible()
    finally:
        close_counter(counter)
