"""Issue 14 journeys through the real window, the real backend and the virtual card on pcscd:
a payment that finds no backend ends on an honest "pending" screen within the bound, a card
pulled then says the same, the saved payment is resolved first at the next insertion (never
"pay now" again), and the attract screen says "out of service" before a card goes in."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.flow.session import State, Timing
from tests.app.screens import Taps, texts, wait_screen
from tests.app.test_journeys import to_the_bill

pytestmark = pytest.mark.pcsc


def test_a_payment_without_a_backend_is_pending_then_resolved_first_on_reinsert(
        qtbot: Any, kiosk: Any, backend: Any, virtual_card: Any) -> None:
    # defects 2 and 3: "正在确认付款" spun for ever; on re-insert "现在付费" was offered
    app = kiosk(timing=Timing(payment_patience_seconds=1.0, notice_seconds=30.0))
    visit_id, bill = to_the_bill(qtbot, app, backend, virtual_card)
    backend.stop()
    Taps(qtbot).tap(bill.pay)
    pending = wait_screen(qtbot, app, State.PAYMENT_PENDING, timeout=30000)
    shown = texts(pending)
    assert f"V{visit_id:06d}" in shown and "绝不会重复扣费" in shown
    app.card.remove()  # the patient pulls the card instead of tapping "done"
    qtbot.waitUntil(lambda: not app.controller.session.view().card_in, timeout=5000)
    assert app.controller.session.state == State.PAYMENT_PENDING  # said again, briefly
    backend.start()
    virtual_card("eligible", wait=False)
    receipt = wait_screen(qtbot, app, State.RECEIPT, timeout=30000)
    view = app.controller.session.view()
    assert view.receipt is not None and view.receipt.visit_id == visit_id
    assert view.itinerary is None  # "pay now" was never offered
    assert texts(receipt).strip()
    assert backend.counts(visit_id)["settlements"] == 1


def test_out_of_service_shows_before_a_card_and_comes_back_by_itself(
        qtbot: Any, kiosk: Any, backend: Any) -> None:
    # defect 9: the kiosk accepted cards while the backend was down, and only then said so
    backend.stop()
    app = kiosk(tick_seconds=0.05, finish_every=0.5)  # checks the backend twice a second
    attract = wait_screen(qtbot, app, State.ATTRACT)
    qtbot.waitUntil(lambda: app.controller.session.view().out_of_service, timeout=20000)
    qtbot.waitUntil(lambda: "暂停服务" in texts(attract), timeout=5000)
    backend.start()
    qtbot.waitUntil(lambda: not app.controller.session.view().out_of_service, timeout=30000)
    qtbot.waitUntil(lambda: "请插入您的医保卡" in texts(attract), timeout=5000)
