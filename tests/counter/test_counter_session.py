"""Whole staff stories through the counter session, without a widget or a network.

Results of effects are fed back by hand, the way ``kiosk.counter.runner`` would, so each test
reads as the story of one stretch of work at the counter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from kiosk.client.errors import Failure, FailureKind
from kiosk.client.models import Bill, BillSplit
from kiosk.client.staff import StaffSession, parse_patient_view
from kiosk.counter import events as ev
from kiosk.counter import rules
from kiosk.counter.session import CounterSession, DebtToConfirm, State, Timing
from kiosk.domain.card import CardRecord, Gender
from kiosk.domain.reasons import Decision
from kiosk.flow.models import Receipt, SplitView
from tests.counter.test_counter_rules import VIEW

STAFF = StaffSession("token", "clerk", 2, datetime(2026, 11, 23, 16, tzinfo=UTC))
PATIENT = parse_patient_view(VIEW)  # patient 3, linked, not eligible, one overdue debt
UNLINKED = parse_patient_view({**VIEW, "link": None, "eligibility": {
    **VIEW["eligibility"], "decision": "not_linked", "reasons": ["not_linked"]}})
LINKED = parse_patient_view({**VIEW, "eligibility": {
    **VIEW["eligibility"], "decision": "eligible", "reasons": []}})
PAID = parse_patient_view({**VIEW, "debts": [{**VIEW["debts"][0], "status": "paid"}]})
CARD = CardRecord("990101197001010052", "王志明", Gender.MALE, date(1970, 1, 1), "A03456789",
                  "990101", date(2019, 8, 1), date(2029, 8, 1), "3.00", "1")
BILL = Bill(7, "310", (), BillSplit(12000, 0, 0, 0, 0, 8000, 8000, 0, 4000))
RECEIPT = Receipt(4, 7, SplitView(12000, 8000, 0, 4000), "counter", "KIOSK-RECEIPT:0000000004")
PNG = b"\x89PNG\r\n\x1a\n" + b"signature"
OFFLINE = Failure(FailureKind.OFFLINE)


def signed_in(timing: Timing | None = None) -> CounterSession:
    s = CounterSession(timing)
    (auth,) = s.handle(ev.SignIn("clerk1", "secret"))
    assert auth == ev.Authenticate(0, "clerk1", "secret") and s.view().busy
    assert "secret" not in repr(auth)
    assert s.handle(ev.SignedIn(0, STAFF)) == [ev.LoadDepartments(0), ev.FinishOpen(0)]
    assert s.state == State.PATIENT and not s.view().busy
    s.handle(ev.OpenSettlementsChecked(0))
    return s


def with_patient(view=PATIENT) -> CounterSession:
    s = signed_in()
    (search,) = s.handle(ev.FindPatient(" 990101197001010052 "))
    assert search == ev.SearchPatient(0, "990101197001010052")
    s.handle(ev.PatientFound(0, view))
    assert s.view().patient == view
    return s


def at_payment() -> CounterSession:
    s = with_patient()
    (load,) = s.handle(ev.OpenPayment(7))
    assert load == ev.LoadBill(0, 7) and s.state == State.PATIENT
    s.handle(ev.BillLoaded(0, BILL))
    assert s.state == State.PAYMENT and s.view().bill == BILL
    return s


def link_form(**change: object) -> ev.SubmitLink:
    values: dict[str, object] = dict(
        consent_given=True, identity_verified=True, signature_png=PNG,
        payment_method_type="wechat", payment_method_reference="wx-0046",
        consent_text="[consent CL-2026.1] text", signed_at=datetime(2026, 11, 23, tzinfo=UTC))
    values.update(change)
    return ev.SubmitLink(**values)  # type: ignore[arg-type]


def test_a_first_time_card_is_registered_and_linked():
    s = signed_in()
    (read,) = s.handle(ev.ReadCard())
    assert read == ev.ReadPatientCard(0)
    s.handle(ev.CardIdentified(0, CARD, None))
    view = s.view()
    assert view.card == CARD and view.patient is None
    assert view.message == ev.Message("notice", ev.FIRST_TIME)

    (create,) = s.handle(ev.CreatePatient("390"))
    assert create == ev.RegisterPatient(0, CARD, "390") and s.view().message is None
    s.handle(ev.PatientLoaded(0, UNLINKED))
    s.handle(ev.StartLink())
    assert s.state == State.LINK

    assert s.handle(link_form(consent_given=False, signature_png=b"")) == []
    assert s.view().link_problems == (rules.CONSENT_MISSING, rules.SIGNATURE_EMPTY)
    (link,) = s.handle(link_form())
    assert isinstance(link, ev.SendLink) and link.patient_id == 3
    assert link.body["payment_method"] == {"type": "wechat", "reference": "wx-0046"}
    assert s.view().link_problems == () and s.view().busy
    s.handle(ev.PatientLoaded(0, LINKED, ev.LINKED))
    assert s.state == State.PATIENT and s.view().message == ev.Message("notice", ev.LINKED)


def test_a_wrong_password_stays_on_sign_in_with_the_refusal():
    s = CounterSession()
    (auth,) = s.handle(ev.SignIn("clerk1", "wrong"))
    refused = Failure(FailureKind.REJECTED, "unauthenticated", http_status=401)
    assert s.handle(ev.Failed(auth, refused)) == []
    view = s.view()
    assert view.state == State.SIGNED_OUT and view.staff is None and not view.busy
    assert view.message.failure == refused
    assert s.handle(ev.FindPatient("x")) == []  # nothing without a staff session


def test_one_action_at_a_time():
    s = with_patient()
    assert s.handle(ev.PayDebt(1, "cash")) == []  # shown for confirmation first
    (pay,) = s.handle(ev.ConfirmDebt())
    assert pay == ev.SettleDebt(0, 3, 1, "cash", 38650)
    assert s.handle(ev.PayDebt(1, "cash")) == []  # the second click of a double click
    assert s.view().message == ev.Message("notice", ev.BUSY)
    assert s.handle(ev.ConfirmDebt()) == [] and s.state == State.PATIENT
    s.handle(ev.PatientLoaded(0, PAID))
    assert not s.view().busy and s.view().patient == PAID
    assert s.handle(ev.PayDebt(1, "cash")) == []  # paid now: refused before asking
    assert s.view().message == ev.Message("error", "debt_not_open")
    assert s.state == State.PATIENT and s.view().debt_to_confirm is None


def test_a_debt_is_marked_paid_only_after_staff_confirm_what_is_shown():
    s = with_patient()
    (debt,) = PATIENT.open_debts
    assert s.handle(ev.PayDebt(debt.debt_id, "wechat")) == []  # nothing sent on one click
    view = s.view()
    assert view.state == State.CONFIRM_DEBT and not view.busy
    assert view.debt_to_confirm == DebtToConfirm(debt, "wechat")
    assert view.patient == PATIENT  # the screen shows whose debt it is
    assert s.handle(ev.Cancel()) == []  # changed their mind: nothing sent
    assert s.state == State.PATIENT and s.view().debt_to_confirm is None
    assert s.handle(ev.ConfirmDebt()) == []  # a stray confirm after cancelling sends nothing

    s.handle(ev.PayDebt(debt.debt_id, "cash"))
    (pay,) = s.handle(ev.ConfirmDebt())
    assert pay == ev.SettleDebt(0, 3, debt.debt_id, "cash", debt.amount_fen)
    assert s.state == State.PATIENT and s.view().busy and s.view().debt_to_confirm is None
    assert s.handle(ev.ConfirmDebt()) == []  # the second click of a double click


def test_signing_out_while_a_debt_awaits_confirmation_forgets_it():
    s = with_patient()
    s.handle(ev.PayDebt(1, "cash"))
    assert s.handle(ev.SignOut()) == [ev.EndStaffSession(0)]
    view = s.view()
    assert view.state == State.SIGNED_OUT and view.debt_to_confirm is None
    assert s.handle(ev.ConfirmDebt()) == []


def test_a_change_that_fails_on_the_network_reloads_the_patient():
    s = with_patient()
    s.handle(ev.StartReason("suspend", 3))
    assert s.handle(ev.ConfirmReason("  ")) == []
    assert s.view().reason_problem == rules.REASON_MISSING and s.state == State.REASON
    (suspend,) = s.handle(ev.ConfirmReason(" card lost "))
    assert suspend == ev.ChangeLink(0, 3, "suspend", "card lost") and s.state == State.PATIENT

    (reload,) = s.handle(ev.Failed(suspend, OFFLINE, "rid-1"))
    assert reload == ev.LoadPatient(0, 3)  # it may have been done: show what is true
    assert s.view().message == ev.Message("error", failure=OFFLINE, request_id="rid-1")
    # the backend answers again: the payments left open meanwhile are finished
    assert s.handle(ev.PatientLoaded(0, PATIENT)) == [ev.FinishOpen(0)]
    assert s.view().message.failure == OFFLINE  # the reload does not hide what went wrong


def test_a_refund_with_its_reason():
    s = with_patient()
    s.handle(ev.StartReason("refund", 4))
    (refund,) = s.handle(ev.ConfirmReason("paid twice"))
    assert refund == ev.Refund(0, 3, 4, "paid twice")
    s.handle(ev.PatientLoaded(0, PATIENT, ev.REFUNDED))
    assert s.view().message == ev.Message("notice", ev.REFUNDED)


def test_a_card_that_cannot_be_read_clears_the_patient():
    s = with_patient()
    (read,) = s.handle(ev.ReadCard())
    s.handle(ev.Failed(read, Failure(FailureKind.CARD, "unsupported_card")))
    assert s.view().patient is None and s.view().card is None
    assert s.view().message.failure.code == "unsupported_card"


def test_a_counter_payment_is_taken_once():
    s = at_payment()
    (settle,) = s.handle(ev.TakePayment())
    assert settle == ev.Settle(0, 3, 7, 12000, 4000)
    assert s.handle(ev.TakePayment()) == []  # a double click sends one payment
    (reload,) = s.handle(ev.SettlementFinished(0, 7, RECEIPT))
    assert reload == ev.LoadPatient(0, 3) and s.view().receipt == RECEIPT
    s.handle(ev.PatientLoaded(0, PATIENT))
    assert s.handle(ev.TakePayment()) == []  # paid: no second payment from this screen
    (back,) = s.handle(ev.BackToPatient())
    assert back == ev.LoadPatient(0, 3) and s.state == State.PATIENT


def test_an_unknown_outcome_is_never_paid_again_and_is_finished_when_the_backend_answers():
    s = at_payment()
    assert s.handle(ev.TakePayment()) == [ev.Settle(0, 3, 7, 12000, 4000)]
    assert s.handle(ev.SettlementPending(0, 7, "offline")) == []
    view = s.view()
    assert view.outcome_unknown and view.message == ev.Message("error", ev.SETTLEMENT_UNKNOWN)
    assert s.handle(ev.TakePayment()) == []  # never a second payment with a new key
    (confirm,) = s.handle(ev.CheckOutcome())
    assert confirm == ev.ConfirmSettlement(0, 7)
    assert s.handle(ev.SettlementPending(0, 7, "offline")) == []  # still out of reach
    # the next answer from the backend finishes what is open; the result shows here
    assert s.handle(ev.DepartmentsLoaded(0, ())) == [ev.FinishOpen(0)]
    s.handle(ev.OpenSettlementsChecked(0, finished=(RECEIPT,)))
    view = s.view()
    assert view.receipt == RECEIPT and not view.outcome_unknown and view.message is None


def test_a_payment_that_fails_unexpectedly_counts_as_unknown():
    s = at_payment()
    (settle,) = s.handle(ev.TakePayment())
    s.handle(ev.Failed(settle, Failure(FailureKind.BUG, "JournalError", True)))
    assert s.view().outcome_unknown and s.handle(ev.TakePayment()) == []
    assert s.handle(ev.CheckOutcome()) == [ev.ConfirmSettlement(0, 7)]
    s.handle(ev.SettlementRejected(0, 7, "settlement_not_found"))  # nothing was written
    assert not s.view().outcome_unknown
    assert s.handle(ev.TakePayment()) == [settle]


def test_refused_payments():
    s = at_payment()
    s.handle(ev.TakePayment())
    (load,) = s.handle(ev.SettlementRejected(0, 7, "amount_changed"))
    assert load == ev.LoadBill(0, 7)
    assert s.view().message == ev.Message("error", "amount_changed")
    changed = replace(BILL, split=BillSplit(13000, 0, 0, 0, 0, 8000, 8000, 0, 5000))
    s.handle(ev.BillLoaded(0, changed))
    assert s.handle(ev.TakePayment()) == [ev.Settle(0, 3, 7, 13000, 5000)]
    assert s.handle(ev.SettlementRejected(0, 7, "already_settled")) == [ev.LoadPatient(0, 3)]


def test_signing_out_mid_payment_drops_everything_and_late_answers():
    s = at_payment()
    s.handle(ev.TakePayment())
    assert s.handle(ev.SignOut()) == [ev.EndStaffSession(0)]
    view = s.view()
    assert view.state == State.SIGNED_OUT and view.signed_out_reason == ev.SIGNED_OUT
    assert (view.staff, view.patient, view.bill, view.busy) == (None, None, None, False)
    assert s.handle(ev.SettlementFinished(0, 7, RECEIPT)) == []  # for the old session
    assert s.view().receipt is None
    (auth,) = s.handle(ev.SignIn("clerk1", "secret"))
    assert auth.generation == 1
    # the journal finished the payment meanwhile, or finishes it now
    assert ev.FinishOpen(1) in s.handle(ev.SignedIn(1, STAFF))


def test_the_session_ends_after_inactivity_and_when_the_backend_says_so():
    s = signed_in(Timing(idle_seconds=60))
    assert s.handle(ev.Tick(50)) == []
    s.handle(ev.Activity(40))
    assert s.handle(ev.Tick(99)) == []
    assert s.handle(ev.Tick(100)) == [ev.EndStaffSession(0)]
    assert s.view().signed_out_reason == ev.EXPIRED

    s = with_patient()
    (read,) = s.handle(ev.ReadCard())
    ended = Failure(FailureKind.REJECTED, "unauthenticated", http_status=401)
    assert s.handle(ev.Failed(read, ended)) == [ev.EndStaffSession(0)]
    assert s.view().signed_out_reason == ev.EXPIRED and s.view().patient is None


def test_background_failures_do_not_disturb_staff():
    s = with_patient()
    assert s.handle(ev.ReadCard()) == [ev.ReadPatientCard(0)]
    assert s.handle(ev.Failed(ev.LoadDepartments(0), OFFLINE)) == []
    assert s.view().busy and s.view().message is None
    s.handle(ev.Failed(ev.FinishOpen(0), OFFLINE))
    assert s.handle(ev.CardIdentified(0, CARD, PATIENT)) == [ev.FinishOpen(0)]
    assert s.view().patient.eligibility.decision is Decision.NOT_ELIGIBLE


def test_the_station_locks_after_the_idle_time_and_needs_the_password_again():
    s = signed_in(Timing(idle_seconds=120))
    s.handle(ev.FindPatient("990101197001010052", now=10))
    s.handle(ev.PatientFound(0, PATIENT))
    s.handle(ev.PayDebt(1, "cash", now=20))  # staff walk away with the confirmation open
    assert s.handle(ev.Tick(139)) == []
    assert s.handle(ev.Tick(140)) == [ev.EndStaffSession(0)]
    view = s.view()
    assert view.state == State.SIGNED_OUT and view.signed_out_reason == ev.EXPIRED
    assert (view.staff, view.patient, view.debt_to_confirm) == (None, None, None)
    assert s.handle(ev.ConfirmDebt(now=141)) == []  # nothing acts on the locked station
    assert s.handle(ev.FindPatient("990101197001010052", now=141)) == []
    (auth,) = s.handle(ev.SignIn("clerk1", "secret", now=150))
    assert auth == ev.Authenticate(1, "clerk1", "secret")
    s.handle(ev.SignedIn(1, STAFF))
    assert s.handle(ev.Tick(269)) == []  # the idle time counts again from the new sign-in
    assert s.handle(ev.Tick(270)) == [ev.EndStaffSession(1)]
