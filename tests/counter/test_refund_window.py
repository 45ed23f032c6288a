"""The supervisor's partial refund at the counter, against the real backend: find a settled
visit's settlement by its number, tick an item with the mouse, give the reason, refund; the
window shows the refund's receipt and the item as refunded, the backend returned that item's
cash share at the counter, and a second refund of it is not offered. And the staff client's
reversal now sends an Idempotency-Key, the same one on a retry after no answer.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from typing import Any

import pytest
import requests
from PySide6.QtCore import QPoint, Qt

from kiosk.client.staff import StaffClient, sign_in
from kiosk.client.transport import BackendConfig
from kiosk.counter.refund_view import RefundWindow
from kiosk.domain.refund_split import RefundReceipt
from tests.counter.conftest import FaultyProxy

PRICES = (2_500, 4_000)


def _counter_settlement(backend: Any) -> tuple[int, list[int]]:
    """A counter visit with two class C items, paid at the counter: (settlement id, items)."""
    s = requests.Session()
    s.trust_env = False
    base = backend.base_url
    staff = {"Authorization": f"Bearer {backend.staff_token('supervisor')}"}
    dept = {"Authorization": f"Bearer {backend.department_tokens['INT']}"}
    patient = backend.credentials["patients"]["eligible"]["patient_id"]
    r = s.post(f"{base}/v1/visits", headers=staff, timeout=30, json={
        "patient_id": patient, "department_code": "INT", "mode": "counter"})
    assert r.status_code == 201, r.text
    vid = r.json()["visit_id"]
    ids = []
    for price in PRICES:
        r = s.post(f"{base}/v1/visits/{vid}/charges", headers=dept, timeout=30, json={
            "item_code": f"DRUG-{price}", "name": f"药品{price}", "category": "drug",
            "insurance_class": "C", "unit_price_fen": price, "quantity": 1})
        assert r.status_code == 201, r.text
        ids.append(r.json()["charge_id"])
    bill = s.get(f"{base}/v1/visits/{vid}/pre-settlement", headers=staff, timeout=30).json()
    r = s.post(f"{base}/v1/visits/{vid}/settlement", timeout=30, headers={
        **staff, "Idempotency-Key": uuid.uuid4().hex}, json={
        "expected_medfee_sumamt_fen": bill["split"]["medfee_sumamt_fen"],
        "expected_psn_cash_pay_fen": bill["split"]["psn_cash_pay_fen"], "channel": "counter"})
    assert r.status_code == 201, r.text
    return r.json()["settlement_id"], ids


def _client(backend: Any, base_url: str | None = None) -> StaffClient:
    config = BackendConfig(base_url=base_url or backend.base_url)
    login = backend.credentials["staff"]["supervisor"]
    return StaffClient(config, sign_in(config, login["username"], login["password"]))


@pytest.fixture
def supervisor(live_backend) -> Any:
    client = _client(live_backend)
    yield client
    client.close()


def test_a_supervisor_refunds_a_ticked_item_and_gets_its_receipt(
        qtbot, live_backend, background, supervisor, english_ui) -> None:
    sid, ids = _counter_settlement(live_backend)
    printed: list[RefundReceipt] = []
    window = RefundWindow(lambda: supervisor, background, print_receipt=printed.append)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.number, str(sid))
    qtbot.mouseClick(window.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.results == 1 and window.items.rowCount() == 2,
                    timeout=15_000)
    assert not window.refund_button.isEnabled()
    first = window.items.item(0, 0)
    rect = window.items.visualItemRect(first)
    qtbot.mouseClick(window.items.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 12, rect.center().y()))
    assert window.items.item(0, 0).checkState() == Qt.CheckState.Checked
    assert window.desk.view().ticked == {ids[0]}
    qtbot.keyClicks(window.reason, "medicine returned unopened")
    assert window.refund_button.isEnabled()
    qtbot.mouseClick(window.refund_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.results == 2, timeout=30_000)
    assert "Refund 1 of settlement" in window.receipt.text()
    assert "¥25.00" in window.receipt.text()
    assert "at the counter" in window.receipt.text()
    assert window.items.item(0, 3).text() == "refunded"
    assert not window.items.item(0, 0).flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    [receipt] = printed
    assert (receipt.settlement_id, receipt.cash_fen, receipt.cash_refund_status) == (
        sid, PRICES[0], "at_counter")
    with contextlib.closing(sqlite3.connect(live_backend.db_path)) as db:
        rows = db.execute("SELECT status, cash_fen FROM refunds WHERE settlement_id = ?",
                          (sid,)).fetchall()
    assert rows == [("refunded", PRICES[0])]


def test_the_reversal_sends_a_key_and_the_same_one_after_no_answer(
        live_backend, proxy: FaultyProxy) -> None:
    sid, _ids = _counter_settlement(live_backend)
    client = _client(live_backend, proxy.base_url)
    try:
        proxy.down = True
        with pytest.raises(Exception):  # noqa: B017  (no answer: the transport's error)
            client.reverse(sid, "billed twice")
        kept = client.action_keys.key_for(("reversal", sid, "billed twice"))
        proxy.down = False
        assert client.reverse(sid, "billed twice").status == "reversed"
    finally:
        client.close()
    with contextlib.closing(sqlite3.connect(live_backend.db_path)) as db:
        keys = db.execute("SELECT key FROM idempotency_keys WHERE operation = 'reversal'"
                          ).fetchall()
    assert keys == [(kept,)]
