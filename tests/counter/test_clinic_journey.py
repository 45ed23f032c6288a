"""Clinic mode: the patient's whole journey at the clinic's one PC, against the real backend on
loopback, with the virtual card on the private pcscd. Staff click the clinic desk's buttons;
the patient reads and confirms on the customer-facing window (a second top-level window), or,
without one, staff tap the patient's confirmation. The settlement goes through the clinic's
journal by the kiosk's outbox and recovery rules.
"""

from __future__ import annotations

import pytest

from kiosk.client.api import DepartmentClient
from kiosk.client.transport import BackendConfig
from kiosk.counter import messages as cm
from kiosk.counter.clinic_rules import Action, Panel
from kiosk.counter.customer_window import HEADLINES, TEXTS
from kiosk.domain.citizen_id import mask_name
from kiosk.domain.demo import demo_patient
from kiosk.domain.money import format_yuan
from kiosk.flow import events as fe
from kiosk.flow.events import State
from kiosk.journal.outbox import EntryState
from tests.counter.conftest import Counter, FaultyProxy, close_counter, open_counter

pytestmark = pytest.mark.pcsc


def _state(counter: Counter) -> State:
    return counter.clinic.view().state


def _wait_state(counter: Counter, state: State) -> None:
    counter.wait(lambda: _state(counter) == state and not counter.clinic.view().busy)


def _press(counter: Counter, action: Action) -> None:
    widget = counter.window.clinic.buttons[action]
    assert widget.isVisible(), f"{action} is not offered"
    counter.click(widget)


def _post_charge(counter: Counter, visit_id: int, order: str) -> None:
    backend = counter.backend
    with DepartmentClient(BackendConfig(base_url=backend.base_url,
                                        token=backend.department_token)) as dept:
        dept.post_charge(visit_id, item_code="CONS-1", name="门诊诊查费",
                         category="consultation", insurance_class="A",
                         unit_price_fen=2500, his_order_id=order)


def _settlements(counter: Counter, visit_id: int) -> list[tuple[str, str]]:
    with counter.db() as db:
        return db.execute("select idempotency_key, channel from settlements where visit_id = ?",
                          (visit_id,)).fetchall()


def _to_bill(counter: Counter) -> int:
    """Sign in, read the card of a patient whose open visit has a charge, show the bill."""
    _press(counter, Action.READ_CARD)
    _wait_state(counter, State.ITINERARY)
    _press(counter, Action.SHOW_BILL)
    _wait_state(counter, State.BILL)
    bill = counter.clinic.view().bill
    assert bill is not None
    return bill.visit_id


def test_an_eligible_patient_is_checked_in_and_settles_on_the_customer_screen(
        make_counter, virtual_card):
    counter = make_counter(clinic=True, customer=True)
    customer, desk = counter.customer, counter.window.clinic
    assert customer is not None and customer.language == "zh_CN"
    virtual_card("eligible")
    counter.sign_in("clerk")
    assert counter.window.current_screen() == "clinic"  # clinic mode lands on the clinic desk

    _press(counter, Action.READ_CARD)
    _wait_state(counter, State.CHECK_IN)
    patient = demo_patient("eligible")
    assert customer.patient.text().endswith(mask_name(patient.name))  # masked, never in full
    assert patient.name not in customer.patient.text() + desk.patient_line.text()
    assert customer.headline.text() == customer.t(HEADLINES[Panel.CHECK_IN])
    assert not customer.confirm_button.isVisible()

    # staff choose the department with the patient and check in
    codes = [d.code for d in counter.clinic.view().departments if d.is_open]
    desk.departments.selectRow(codes.index(counter.backend.department_code))
    _press(counter, Action.CHECK_IN)
    _wait_state(counter, State.TICKET)
    ticket = counter.clinic.view().ticket
    assert ticket is not None and str(ticket.ticket_number) in customer.details.text()

    # the doctor's charge, then the patient comes back to pay
    _post_charge(counter, ticket.visit_id, "ORD-CLINIC-1")
    _press(counter, Action.END)
    _wait_state(counter, State.ATTRACT)
    assert customer.headline.text() == customer.t(HEADLINES[Panel.WELCOME])
    visit_id = _to_bill(counter)
    assert visit_id == ticket.visit_id
    share = counter.clinic.view().bill.split.psn_cash_pay_fen
    # the patient confirms: staff have no pay button while the customer screen is attached
    assert not desk.buttons[Action.PATIENT_CONFIRMS].isVisible()
    assert desk.customer_note.isVisible()
    customer.toggle_language()  # the patient reads English; the staff screen stays as it is
    assert customer.share.text() == f"Your share: {format_yuan(share)}"
    assert customer.confirm_button.text() == f"Confirm and pay {format_yuan(share)}"
    counter.click(customer.confirm_button)
    _wait_state(counter, State.RECEIPT)

    receipt = counter.clinic.view().receipt
    assert receipt is not None and receipt.visit_id == visit_id
    assert customer.headline.text() == HEADLINES[Panel.RECEIPT]
    assert TEXTS["receipt"].format(number=receipt.settlement_id) in customer.details.text()
    entry = counter.station.clinic_journal.entry_for_visit(str(visit_id))
    assert entry.state is EntryState.DONE and entry.attempts == 1
    assert _settlements(counter, visit_id) == [(entry.idempotency_key, "linked_method")]
    assert counter.station.journal.entry_for_visit(str(visit_id)) is None  # not the counter's

    _press(counter, Action.END)  # the next patient starts in Chinese on the customer screen
    _wait_state(counter, State.ATTRACT)
    assert customer.language == "zh_CN"


def test_a_not_eligible_patient_is_told_so_on_both_screens(make_counter, virtual_card):
    counter = make_counter(clinic=True, customer=True)
    customer, desk = counter.customer, counter.window.clinic
    virtual_card("not_eligible")
    counter.sign_in("clerk")
    _press(counter, Action.READ_CARD)
    _wait_state(counter, State.NOT_ELIGIBLE)

    reasons = counter.clinic.view().eligibility.reasons
    assert reasons
    for reason in reasons:  # every reason, in staff's words
        assert cm.reason_text(reason) in desk.details.text()
    assert customer.headline.text() == customer.t(HEADLINES[Panel.NOT_ELIGIBLE])
    assert not customer.confirm_button.isVisible()
    offered = {a for a, w in desk.buttons.items() if w.isVisible()}
    assert offered == {Action.END}  # no check-in, no bill: only "patient leaves"

    counter.click(counter.window.sign_out_button)  # staff leave: the patient goes with them
    counter.wait(lambda: counter.window.current_screen() == "signin")
    assert _state(counter) == State.ATTRACT and counter.clinic.view().patient is None
    assert customer.headline.text() == customer.t(HEADLINES[Panel.WELCOME])
    assert customer.patient.text() == ""


def test_a_backend_outage_while_paying_is_resolved_once_by_the_journal(
        qtbot, live_backend, proxy: FaultyProxy, tmp_path, virtual_card):
    """No customer screen: staff tap the patient's confirmation. The settlement reaches the
    backend, its answer is lost and the backend goes out of reach; the patient sees the payment
    pending with its reference, and when the link is back the same key finishes it: one
    settlement, no second payment."""
    config = BackendConfig(base_url=proxy.base_url, read_timeout=3, deadline=5)
    timing = fe.Timing(payment_patience_seconds=1.0, confirm_every_seconds=0.5)
    counter = open_counter(qtbot, live_backend, tmp_path, config=config, clinic=True,
                           clinic_timing=timing)
    try:
        virtual_card("eligible")
        counter.sign_in("clerk")
        _press(counter, Action.READ_CARD)
        _wait_state(counter, State.CHECK_IN)
        codes = [d.code for d in counter.clinic.view().departments if d.is_open]
        counter.window.clinic.departments.selectRow(codes.index(live_backend.department_code))
        _press(counter, Action.CHECK_IN)
        _wait_state(counter, State.TICKET)
        _post_charge(counter, counter.clinic.view().ticket.visit_id, "ORD-CLINIC-2")
        _press(counter, Action.END)
        _wait_state(counter, State.ATTRACT)
        visit_id = _to_bill(counter)

        proxy.fault, proxy.down = "after", True  # taken, then the backend is out of reach
        _press(counter, Action.PATIENT_CONFIRMS)
        _wait_state(counter, State.PAYMENT_PENDING)
        desk = counter.window.clinic
        journal = counter.station.clinic_journal
        entry = journal.entry_for_visit(str(visit_id))
        assert entry.is_open
        view = counter.clinic.view()
        assert view.payment is not None and view.payment.reference in desk.details.text()
        offered = {a for a, w in desk.buttons.items() if w.isVisible()}
        assert Action.PATIENT_CONFIRMS not in offered and Action.SHOW_BILL not in offered

        proxy.down = False  # the link is back: the session's own confirming finishes it
        _wait_state(counter, State.RECEIPT)
        done = journal.entry_for_visit(str(visit_id))
        assert done.state is EntryState.DONE
        assert done.idempotency_key == entry.idempotency_key and done.attempts == 1
        assert _settlements(counter, visit_id) == [(entry.idempotency_key, "linked_method")]
        assert journal.open_entries() == []
    finally:
        close_counter(counter)
