"""Clinic mode without a widget or a network: the counter session's clinic desk (a staff story),
and the pure decisions of what staff may do and what the patient's screen shows at each step
of the kiosk's patient session (``kiosk.flow.samples`` drives a real session to each one).
"""

from __future__ import annotations

from kiosk.counter import events as ev
from kiosk.counter.clinic_rules import Action, Panel, customer_panel, may_confirm, staff_actions
from kiosk.counter.session import CounterSession, State
from kiosk.flow import samples
from kiosk.flow import session as fs
from tests.counter.test_counter_session import PATIENT, STAFF


def _signed_in(clinic: bool) -> CounterSession:
    s = CounterSession(clinic=clinic)
    s.handle(ev.SignIn("clerk1", "secret"))
    s.handle(ev.SignedIn(0, STAFF))
    s.handle(ev.OpenSettlementsChecked(0))
    return s


def test_clinic_mode_lands_on_the_clinic_desk_and_staff_move_between_the_desks():
    s = _signed_in(clinic=True)
    assert s.state == State.CLINIC and s.view().clinic_mode
    assert s.handle(ev.ReadCard()) == []  # the counter desk's card read is not the clinic's
    assert s.state == State.CLINIC

    s.handle(ev.CloseClinic())
    assert s.state == State.PATIENT  # linking, debts and refunds at the same PC
    assert s.handle(ev.FindPatient("990101197001010052")) == [
        ev.SearchPatient(0, "990101197001010052")]
    s.handle(ev.PatientFound(0, PATIENT))
    s.handle(ev.OpenClinic())
    assert s.state == State.CLINIC

    s.handle(ev.SignOut())
    assert s.state == State.SIGNED_OUT and s.view().patient is None
    s.handle(ev.SignIn("clerk1", "secret"))
    s.handle(ev.SignedIn(1, STAFF))
    assert s.state == State.CLINIC


def test_the_clinic_desk_waits_for_a_running_action():
    s = _signed_in(clinic=True)
    s.handle(ev.CloseClinic())
    s.handle(ev.FindPatient("990101197001010052"))  # running
    s.handle(ev.OpenClinic())
    assert s.state == State.PATIENT and s.view().message == ev.Message("notice", ev.BUSY)


def test_a_counter_without_clinic_mode_has_no_clinic_desk():
    s = _signed_in(clinic=False)
    assert s.state == State.PATIENT and not s.view().clinic_mode
    s.handle(ev.OpenClinic())
    assert s.state == State.PATIENT


def _actions(session: fs.Session, customer_screen: bool = True) -> set[Action]:
    return set(staff_actions(session.view(), customer_screen=customer_screen))


def test_staff_actions_at_each_step_of_the_journey():
    assert _actions(samples.attract()) == {Action.READ_CARD}
    assert _actions(samples.reading()) == set()
    assert _actions(samples.check_in(selected=None)) == {Action.END}
    assert _actions(samples.check_in(selected="INT")) == {Action.CHECK_IN, Action.BACK,
                                                          Action.END}
    assert _actions(samples.ticket()) == {Action.END}
    assert _actions(samples.itinerary()) == {Action.SHOW_BILL, Action.END}
    assert _actions(samples.not_eligible()) == {Action.END}
    assert _actions(samples.first_time()) == {Action.END}
    assert _actions(samples.backend_error()) == {Action.RETRY, Action.END}
    assert _actions(samples.receipt()) == {Action.END}
    assert Action.MORE_TIME in _actions(samples.idle_warning())
    # paying: nobody ends the session or pays again; pending with the card out: next patient
    assert _actions(samples.settling()) == set()
    assert _actions(samples.payment_pending(card_in=True)) == {Action.END}
    assert _actions(samples.payment_pending(card_in=False)) == {Action.READ_CARD}


def test_the_patient_confirms_on_their_screen_or_by_the_staff_tap_never_both():
    bill = samples.bill()
    assert may_confirm(bill.view())
    assert Action.PATIENT_CONFIRMS not in _actions(bill, customer_screen=True)
    assert Action.PATIENT_CONFIRMS in _actions(bill, customer_screen=False)
    assert Action.BACK in _actions(bill)
    for session in (samples.settling(), samples.itinerary(), samples.receipt(),
                    samples.payment_pending()):
        assert not may_confirm(session.view())
        assert Action.PATIENT_CONFIRMS not in _actions(session, customer_screen=False)
    bill.handle(fs.ConfirmPayment(now=1.0))  # the tap: settling, and no second tap
    assert bill.view().state == fs.State.SETTLING and not may_confirm(bill.view())


def test_the_customer_screen_shows_each_step_and_a_wait_while_one_loads():
    panels = {state: customer_panel(view) for state, view in samples.every_screen().items()}
    assert panels[fs.State.ATTRACT] == Panel.WELCOME
    assert panels[fs.State.BILL] == Panel.BILL
    assert panels[fs.State.PAYMENT_PENDING] == Panel.PENDING
    assert panels[fs.State.RECEIPT] == Panel.RECEIPT
    assert panels[fs.State.NOT_ELIGIBLE] == Panel.NOT_ELIGIBLE
    assert panels[fs.State.ERROR] == Panel.WAIT  # staff see the error; the patient waits
    itinerary = samples.itinerary()
    itinerary.handle(fs.ShowBill(now=1.0))  # the bill is being fetched
    assert itinerary.view().busy and customer_panel(itinerary.view()) == Panel.WAIT
