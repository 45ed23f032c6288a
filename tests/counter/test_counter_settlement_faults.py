"""A counter payment whose answer is lost on the network is resolved, never repeated.

Between the counter and the real backend sits a small loopback proxy (``FaultyProxy``, a real
network fault, not a mock): it forwards every request, but for the first settlement POST it
hangs up either after the backend acted (the answer is lost) or before forwarding (the backend
never saw it); while ``down`` it hangs up on every request. The payment is kept in the
counter's journal (a file in the test's directory), which outlives the counter session that
took it.
"""

from __future__ import annotations

import pytest

from kiosk.client.api import DepartmentClient
from kiosk.client.transport import BackendConfig
from kiosk.journal.outbox import EntryState
from tests.counter.conftest import Counter, close_counter, open_counter


def _open(qtbot, live_backend, proxy, data_dir) -> Counter:
    config = BackendConfig(base_url=proxy.base_url, read_timeout=3, deadline=5)
    return open_counter(qtbot, live_backend, data_dir, config=config)


def _to_payment(counter: Counter) -> int:
    """A counter visit with a charge for the not-eligible patient, on the payment screen."""
    window, backend = counter.window, counter.backend
    counter.sign_in("clerk")
    counter.find("not_eligible")
    screen = window.patient
    screen.department_combo.setCurrentIndex(
        screen.department_combo.findData(backend.department_code))
    counter.click(screen.check_in_button)
    counter.wait(lambda: bool(counter.controller.patient.open_visits))
    counter.idle()
    visit_id = counter.controller.patient.open_visits[0].visit_id
    with DepartmentClient(BackendConfig(base_url=backend.base_url,
                                        token=backend.department_token)) as dept:
        dept.post_charge(visit_id, item_code="DRUG-1", name="阿莫西林", category="drug",
                         insurance_class="B", unit_price_fen=3650, his_order_id="ORD-9")
    counter.click(screen.payment_button)
    counter.wait(lambda: window.current_screen() == "payment")
    counter.idle()
    return visit_id


def _settlements(counter: Counter, visit_id: int) -> list[tuple[str, str]]:
    with counter.db() as db:
        return db.execute("select idempotency_key, channel from settlements where visit_id = ?",
                          (visit_id,)).fetchall()


@pytest.mark.parametrize(("fault", "attempts"), [("after", 1), ("before", 2)])
def test_a_lost_payment_answer_is_resolved_with_the_same_key(qtbot, live_backend, proxy,
                                                             tmp_path, fault, attempts):
    counter = _open(qtbot, live_backend, proxy, tmp_path)
    try:
        visit_id = _to_payment(counter)
        proxy.fault = fault
        counter.click(counter.window.payment.pay_button)
        counter.wait(lambda: counter.window.payment.receipt is not None)
        counter.idle()
        entry = counter.station.journal.entry_for_visit(str(visit_id))
        assert entry.state is EntryState.DONE and entry.attempts == attempts
        # asked by its key (after) or sent again with it (before): one payment, one key
        assert _settlements(counter, visit_id) == [(entry.idempotency_key, "counter")]
        assert not counter.window.payment.pay_button.isEnabled()
    finally:
        close_counter(counter)


def test_a_payment_left_unknown_is_finished_by_the_next_counter_session(qtbot, live_backend,
                                                                       proxy, tmp_path):
    first = _open(qtbot, live_backend, proxy, tmp_path)
    payment = first.window.payment
    try:
        visit_id = _to_payment(first)
        proxy.fault, proxy.down = "after", True  # taken, then the backend is out of reach
        first.click(payment.pay_button)
        first.wait(lambda: payment.unknown)
        first.idle()
        entry = first.station.journal.entry_for_visit(str(visit_id))
        assert entry.state is EntryState.UNKNOWN
        assert payment.check_button.isVisible()
        assert not payment.pay_button.isEnabled()  # no second payment with a new key
        first.click(payment.check_button)  # still out of reach: still unknown
        first.idle()
        assert payment.unknown and payment.receipt is None
    finally:
        close_counter(first)  # the counter goes away with the payment open

    proxy.down = False
    second = _open(qtbot, live_backend, proxy, tmp_path)  # the same journal file
    try:
        journal = second.station.journal
        assert journal.entry_for_visit(str(visit_id)).state is EntryState.UNKNOWN
        second.sign_in("clerk")  # finishing open payments starts with the staff session
        second.wait(lambda: journal.entry_for_visit(str(visit_id)).state is EntryState.DONE)
        second.idle()
        done = journal.entry_for_visit(str(visit_id))
        assert done.idempotency_key == entry.idempotency_key and done.attempts == 1
        assert _settlements(second, visit_id) == [(entry.idempotency_key, "counter")]
        assert journal.open_entries() == []
    finally:
        close_counter(second)
