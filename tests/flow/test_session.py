"""Whole patient journeys through the session state machine, without a widget or a network.

Results of effects are fed back by hand, the way ``kiosk.flow.runner`` would, so each test
reads as the story of one visit to the kiosk.
"""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.card import CardErrorCode, CardRecord, Gender
from kiosk.domain.reasons import Decision
from kiosk.flow import session as fs
from kiosk.flow.models import (
    AppointmentView,
    BillLine,
    BillView,
    DepartmentView,
    EligibilityView,
    ItineraryView,
    OpenVisit,
    Receipt,
    SplitView,
    Stop,
    Ticket,
)
from kiosk.flow.session import Session, State

RECORD = CardRecord(
    ssn="990101195603140023", name="林秀英", gender=Gender.FEMALE,
    birth_date=date(1956, 3, 14), card_number="A01234567", region_code="990101",
    issue_date=date(2021, 5, 10), expiry_date=date(2031, 5, 10), spec_version="3.00",
    card_type="1",
)
INT = DepartmentView("INT", "内科", "Internal medicine", "A", 2, "A-201", 24)
LAB = DepartmentView("LAB", "检验科", "Laboratory", "B", 1, "B-105", 9)
CLOSED = DepartmentView("DEN", "口腔科", "Dentistry", "C", 3, "C-301", 0, is_open=False)
SPLIT = SplitView(medfee_sumamt_fen=12000, fund_pay_sumamt_fen=8000, acct_pay_fen=0,
                  psn_cash_pay_fen=4000)
BILL = BillView(7, (BillLine("INT", "consultation", "诊查费", 1, 2500),), SPLIT)
RECEIPT = Receipt(4, 7, SPLIT, "charged", "R-4")


def eligible(open_visits=(), appointments=()) -> EligibilityView:
    return EligibilityView(Decision.ELIGIBLE, (), 1, 200000, 200000, tuple(open_visits),
                           tuple(appointments))


INTENTS = (fs.ChooseDepartment, fs.ChooseAppointment, fs.ConfirmCheckIn, fs.Back, fs.ShowBill,
           fs.ConfirmPayment, fs.Retry, fs.Finish, fs.ExtendTime)


class Recorded(Session):
    """A session that keeps every event it was given: taps are counted from the patient's
    intents it received, not by the test."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[fs.Event] = []

    def handle(self, event: fs.Event) -> list[fs.Effect]:
        self.received.append(event)
        return super().handle(event)

    @property
    def taps(self) -> int:
        return sum(isinstance(event, INTENTS) for event in self.received)


def start(session: Session) -> fs.ReadCardAndCheck:
    """Insert the card and read it: one effect reads and asks; the read alone asks nothing
    more (the answer is already on its way)."""
    (read,) = session.handle(fs.CardInserted("Virtual PCD 00 00"))
    assert isinstance(read, fs.ReadCardAndCheck) and session.state == State.READING
    assert session.handle(fs.CardReadOk(read.generation, RECORD)) == []
    assert session.state == State.READING and session.view().busy
    return read


def test_eligible_patient_checks_in_with_two_taps_and_leaves():
    s = Recorded()
    gen = start(s).generation
    assert s.handle(fs.EligibilityReceived(gen, eligible(), (INT, LAB))) == []
    assert s.state == State.CHECK_IN
    view = s.view()
    assert view.patient.masked_name == "林**" and view.patient.masked_id == "9901**********0023"
    assert view.patient.patient_id == 1

    assert s.handle(fs.ChooseDepartment("INT")) == []
    assert s.view().selected_department == INT
    (check_in,) = s.handle(fs.ConfirmCheckIn())
    assert check_in == fs.CheckIn(gen, 1, "INT")
    assert s.view().busy
    assert s.taps == 2
    assert s.handle(fs.ConfirmCheckIn()) == []  # a double tap checks in once
    s.handle(fs.CheckedIn(gen, Ticket(7, 5, INT)))
    assert s.state == State.TICKET and s.view().ticket.ticket_number == 5
    assert s.handle(fs.Finish()) == [fs.EndSession()]
    assert s.taps == 4  # choose, confirm (and its double), done
    assert s.state == State.TAKE_CARD and s.view().patient is None
    s.handle(fs.CardRemoved("Virtual PCD 00 00"))
    assert s.state == State.ATTRACT


def test_todays_appointment_checks_in_with_one_tap():
    s = Session()
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible(appointments=[AppointmentView(3, "09:30", INT)])))
    (check_in,) = s.handle(fs.ChooseAppointment(3))
    assert check_in == fs.CheckIn(gen, 1, "INT")


def test_closed_or_unknown_department_cannot_be_chosen():
    s = Session()
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible(), (INT, CLOSED)))
    s.handle(fs.ChooseDepartment("DEN"))
    s.handle(fs.ChooseDepartment("XYZ"))
    assert s.view().selected_department is None
    assert s.handle(fs.ConfirmCheckIn()) == []


def test_returning_patient_settles_in_two_taps():
    s = Recorded()
    gen = start(s).generation
    (load,) = s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 12000)])))
    assert load == fs.LoadItinerary(gen, 7)
    stop = Stop(LAB, 3, 4, 9, ("血常规",))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (stop,), 13)))
    assert s.state == State.ITINERARY and s.view().itinerary.stops[0].department == LAB

    (load_bill,) = s.handle(fs.ShowBill())
    assert load_bill == fs.LoadBill(gen, 7)
    s.handle(fs.BillReceived(gen, BILL))
    assert s.state == State.BILL and s.view().bill.split.psn_cash_pay_fen == 4000
    (settle,) = s.handle(fs.ConfirmPayment())
    assert settle == fs.Settle(gen, 1, 7, 12000, 4000)
    assert s.taps == 2
    assert s.handle(fs.ConfirmPayment()) == []  # the second tap of a double tap: nothing
    assert s.handle(fs.Finish()) == []  # cannot walk away from a payment in flight
    assert s.state == State.SETTLING
    assert s.handle(fs.SettlementFinished(gen, RECEIPT)) == [fs.MarkReceiptShown(7)]
    assert s.state == State.RECEIPT and s.view().receipt.settlement_id == 4
    assert s.handle(fs.ConfirmPayment()) == []  # a tap after the receipt pays nothing


def test_unknown_outcome_says_confirming_and_never_pays_again():
    s = Session()
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 12000)])))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (), 0)))
    s.handle(fs.ShowBill())
    s.handle(fs.BillReceived(gen, BILL))
    s.handle(fs.ConfirmPayment())
    assert s.handle(fs.BackendUnavailable(gen, "timeout")) == []
    assert s.state == State.SETTLING and s.view().confirming
    assert s.handle(fs.SettlementPending(gen, now=10.0)) == []
    assert s.handle(fs.ConfirmPayment()) == [] and s.handle(fs.Retry()) == []
    assert s.handle(fs.Tick(12.0)) == []
    assert s.handle(fs.Tick(15.0)) == [fs.ConfirmSettlement(gen, 7)]
    assert s.handle(fs.Tick(30.0)) == []  # one question at a time
    s.handle(fs.SettlementFinished(gen, RECEIPT))
    assert s.state == State.RECEIPT and not s.view().confirming


def test_changed_bill_is_reloaded_and_shown_again():
    s = Session()
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 12000)])))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (), 0)))
    s.handle(fs.ShowBill())
    s.handle(fs.BillReceived(gen, BILL))
    s.handle(fs.ConfirmPayment())
    (reload,) = s.handle(fs.RequestRejected(gen, "amount_changed"))
    assert reload == fs.LoadBill(gen, 7)
    assert s.view().bill_changed and s.state == State.BILL


def test_first_time_and_not_eligible_patients_are_sent_on_their_way():
    for decision, state in [(Decision.NOT_LINKED, State.FIRST_TIME),
                            (Decision.NOT_ELIGIBLE, State.NOT_ELIGIBLE)]:
        s = Session()
        gen = start(s).generation
        elig = EligibilityView(decision, ("overdue_debt",), None, None, None)
        s.handle(fs.EligibilityReceived(gen, elig))
        assert s.state == state and s.view().eligibility.reasons == ("overdue_debt",)
        s.handle(fs.Finish())
        assert s.state == State.TAKE_CARD


@pytest.mark.parametrize("code", list(CardErrorCode))
def test_every_card_error_goes_to_the_error_state(code):
    s = Session()
    (read,) = s.handle(fs.CardInserted("R"))
    s.handle(fs.CardReadFailed(read.generation, code))
    view = s.view()
    assert s.state == State.ERROR and view.error.source == "card" and view.error.code == code
    retry = s.handle(fs.Retry())
    if code in (CardErrorCode.UNSUPPORTED_CARD, CardErrorCode.SECURE_MODULE_REQUIRED,
                CardErrorCode.INVALID_CARD_DATA, CardErrorCode.CARD_EXPIRED):
        assert not view.error.can_retry and retry == []
        assert s.handle(fs.Finish()) == [fs.EndSession()] and s.state == State.TAKE_CARD
    else:
        assert view.error.can_retry and retry == [fs.ReadCardAndCheck(s.generation, "R")]
        assert s.state == State.READING


def test_backend_down_offers_retry_of_the_question_without_reading_again():
    s = Session()
    check = start(s)
    s.handle(fs.BackendUnavailable(check.generation, "offline"))
    assert s.state == State.ERROR and s.view().error.code == "offline"
    (again,) = s.handle(fs.Retry())
    assert again == fs.CheckEligibility(check.generation, RECORD)
    assert s.state == State.READING
    s.handle(fs.EligibilityReceived(check.generation, eligible([OpenVisit(7, "INT", 5, 1)])))
    s.handle(fs.BackendUnavailable(check.generation, "timeout"))
    assert s.handle(fs.Retry()) == [fs.LoadItinerary(check.generation, 7)]


def test_pulling_the_card_wipes_the_session_and_drops_late_answers():
    s = Session()
    gen = start(s).generation
    assert s.handle(fs.CardRemoved("Virtual PCD 00 00")) == [fs.EndSession()]
    assert s.state == State.ATTRACT and s.view().patient is None
    assert s.handle(fs.EligibilityReceived(gen, eligible())) == []  # stale answer
    assert s.state == State.ATTRACT and s.view().eligibility is None


def test_a_settlement_finished_after_the_card_was_pulled_is_shown_next_time():
    s = Session()
    gen = start(s).generation
    kept = Receipt(4, 7, SPLIT, "charged", "R-4", from_earlier_session=True)
    effects = s.handle(fs.EligibilityReceived(gen, eligible(), kept_receipt=kept))
    assert effects == [fs.MarkReceiptShown(7)]
    assert s.state == State.RECEIPT and s.view().receipt.from_earlier_session


def test_idle_warning_gives_time_and_can_be_extended_again():
    s = Session(fs.Timing(idle_seconds=60, warning_seconds=30))
    check = start(s)
    s.handle(fs.EligibilityReceived(check.generation, eligible(), (INT,), now=100.0))
    assert s.handle(fs.Tick(159.0)) == [] and not s.view().idle_warning
    s.handle(fs.Tick(161.0))
    assert s.view().idle_warning and s.view().seconds_left == pytest.approx(29.0)
    s.handle(fs.ExtendTime(now=170.0))
    assert not s.view().idle_warning
    s.handle(fs.Tick(231.0))
    assert s.view().idle_warning  # extendable again
    s.handle(fs.ExtendTime(now=232.0))
    s.handle(fs.Tick(292.5))
    assert s.handle(fs.Tick(322.0)) == [fs.EndSession()]
    assert s.state == State.TAKE_CARD and s.view().patient is None


def test_no_idle_timeout_while_paying_or_waiting_for_the_card():
    s = Session(fs.Timing(idle_seconds=60, warning_seconds=30))
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 1)]), now=0.0))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (), 0), now=0.0))
    s.handle(fs.ShowBill(now=0.0))
    s.handle(fs.BillReceived(gen, BILL, now=0.0))
    s.handle(fs.ConfirmPayment(now=1.0))
    assert s.handle(fs.Tick(60.0)) == [] and s.state == State.SETTLING  # bounded: see below


def test_warning_must_leave_at_least_twenty_seconds():
    with pytest.raises(ValueError):
        fs.Timing(warning_seconds=10)


def test_dispatch_tables_are_exhaustive():
    # every event has its handler, every retryable request its state, every effect its runner
    from typing import get_args

    from kiosk.flow.runner import Runner

    assert {cls for cls in get_args(fs.Event) if not hasattr(Session, f"_on_{cls.__name__}")} \
        == set()
    assert set(fs.RETRY_STATES) == set(get_args(fs.Request))
    assert {cls for cls in get_args(fs.Effect) if not hasattr(Runner, f"_run_{cls.__name__}")} \
        == set()


# -- issue 14: the patient is never stuck and never misled ------------------------------------


def at_the_bill(s: Session, now: float = 0.0) -> int:
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 12000)]), now=now))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (), 0), now=now))
    s.handle(fs.ShowBill(now=now))
    s.handle(fs.BillReceived(gen, BILL, now=now))
    return gen


def test_a_payment_without_an_answer_is_pending_after_a_minute_and_still_confirmed():
    # defect 2: "正在确认付款…请不要拔卡" spun for ever with the backend dead
    s = Session()
    gen = at_the_bill(s)
    (settle,) = s.handle(fs.ConfirmPayment(now=100.0))
    assert isinstance(settle, fs.Settle)
    assert s.handle(fs.Tick(159.0)) == [] and s.state == State.SETTLING  # no answer yet
    s.handle(fs.Tick(160.5))
    view = s.view()
    assert s.state == State.PAYMENT_PENDING and not view.busy
    assert view.payment == fs.PendingPayment(7, 4000, "V000007") and view.confirming
    s.handle(fs.BackendUnavailable(gen, "offline", now=200.0))  # the late answer: unknown
    assert s.state == State.PAYMENT_PENDING
    assert s.handle(fs.Tick(205.0)) == [fs.ConfirmSettlement(gen, 7)]  # still asking
    s.handle(fs.SettlementFinished(gen, RECEIPT, now=206.0))
    assert s.state == State.RECEIPT and s.view().payment is None


def test_the_patient_can_leave_a_pending_payment_and_is_asked_for_the_card():
    s = Session()
    at_the_bill(s)
    s.handle(fs.ConfirmPayment(now=0.0))
    s.handle(fs.Tick(61.0))
    assert s.handle(fs.Finish(now=62.0)) == [fs.EndSession()]
    assert s.state == State.TAKE_CARD and s.view().payment is None


@pytest.mark.parametrize("pending_first", [False, True])
def test_pulling_the_card_while_paying_says_the_payment_is_being_confirmed(pending_first):
    # defect 2: pulling the card dropped silently to the attract screen
    s = Session()
    gen = at_the_bill(s)
    s.handle(fs.ConfirmPayment(now=0.0))
    if pending_first:
        s.handle(fs.Tick(61.0))
    assert s.handle(fs.CardRemoved("Virtual PCD 00 00", now=70.0)) == [fs.EndSession()]
    view = s.view()
    assert s.state == State.PAYMENT_PENDING and view.payment.reference == "V000007"
    assert not view.card_in and view.patient is None and view.bill is None
    assert s.handle(fs.SettlementFinished(gen, RECEIPT)) == []  # kept by the journal instead
    assert s.handle(fs.Tick(75.0)) == []  # no confirming without the card: the journal does
    s.handle(fs.Tick(70.0 + fs.Timing().notice_seconds))
    assert s.state == State.ATTRACT and s.view().payment is None  # briefly, then ready


def test_a_new_card_goes_in_during_a_pulled_cards_notice():
    s = Session()
    at_the_bill(s)
    s.handle(fs.CardRemoved("Virtual PCD 00 00", now=1.0))
    assert s.state == State.NOT_PAID
    (read,) = s.handle(fs.CardInserted("Virtual PCD 00 00", now=2.0))
    assert isinstance(read, fs.ReadCardAndCheck) and s.state == State.READING


def test_pulling_the_card_on_the_bill_says_not_paid_yet():
    # defect 6: the card pulled on the bill said nothing about "not paid yet"
    s = Session()
    at_the_bill(s)
    s.handle(fs.CardRemoved("Virtual PCD 00 00", now=5.0))
    assert s.state == State.NOT_PAID and s.view().patient is None
    assert s.view().payment is None and not s.view().card_in
    s.handle(fs.Finish(now=6.0))  # "OK" clears the notice at once
    assert s.state == State.ATTRACT


def test_an_open_payment_is_resolved_first_and_pay_now_is_never_offered():
    # defect 3: the itinerary offered "现在付费" while the saved payment was completing
    s = Session()
    gen = start(s).generation
    pending = fs.PendingPayment(7, 4000, "V000007")
    effects = s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 5, 12000)]),
                                              open_payment=pending, now=10.0))
    assert effects == [] and s.state == State.PAYMENT_PENDING
    assert s.view().payment == pending and s.view().itinerary is None
    assert s.handle(fs.ShowBill()) == [] and s.handle(fs.ConfirmPayment()) == []
    assert s.handle(fs.Tick(15.0)) == [fs.ConfirmSettlement(gen, 7)]
    s.handle(fs.SettlementFinished(gen, RECEIPT))
    assert s.state == State.RECEIPT


def test_out_of_service_is_shown_before_a_card_goes_in_and_clears_by_itself():
    # defect 9: the kiosk accepted cards while the backend was down, and only then said so
    s = Session()
    s.handle(fs.BackendStatus(reachable=False))
    assert s.state == State.ATTRACT and s.view().out_of_service
    gen = start(s).generation
    s.handle(fs.EligibilityReceived(gen, eligible()))
    s.handle(fs.CardRemoved("Virtual PCD 00 00"))
    assert s.view().out_of_service  # the kiosk's state, not the patient's
    s.handle(fs.BackendStatus(reachable=True))
    assert not s.view().out_of_service
