"""Sample sessions for screenshots, screen tests and demos: every screen's ``SessionView``,
made by driving a real ``kiosk.flow.session.Session`` with events (no backend, no card).

Pure data and the flow's state machine; no Qt. Any thread may call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from kiosk.domain.card import CardErrorCode, CardRecord, Gender
from kiosk.domain.reasons import Decision, Reason
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
from kiosk.flow.session import Session, SessionView, State

READER = "Virtual PCD 00 00"
TODAY = date(2026, 5, 1)  # the sample patient is 70 on this day
RECORD = CardRecord(
    ssn="990101195603140023", name="林秀英", gender=Gender.FEMALE,
    birth_date=date(1956, 3, 14), card_number="A01234567", region_code="990101",
    issue_date=date(2021, 5, 10), expiry_date=date(2031, 5, 10), spec_version="3.00",
    card_type="1",
)
INT = DepartmentView("INT", "内科", "Internal medicine", "A", 2, "A-201", 24)
SUR = DepartmentView("SUR", "外科", "Surgery", "A", 3, "A-305", 15)
PED = DepartmentView("PED", "儿科", "Paediatrics", "B", 2, "B-210", 32)
OPH = DepartmentView("OPH", "眼科", "Ophthalmology", "C", 1, "C-102", 8)
LAB = DepartmentView("LAB", "检验科", "Laboratory", "B", 1, "B-105", 9)
RAD = DepartmentView("RAD", "放射科", "Radiology", "B", 1, "B-120", 18)
TCM = DepartmentView("TCM", "中医科", "Chinese medicine", "C", 2, "C-203", 0)
DEN = DepartmentView("DEN", "口腔科", "Dentistry", "C", 3, "C-301", 0, is_open=False)
DEPARTMENTS = (INT, SUR, PED, OPH, TCM, DEN)

SPLIT = SplitView(medfee_sumamt_fen=38_650, fund_pay_sumamt_fen=24_120, acct_pay_fen=5_000,
                  psn_cash_pay_fen=9_530)
BILL = BillView(7, (
    BillLine("INT", "consultation", "普通门诊诊查费", 1, 2_500),
    BillLine("INT", "drug", "阿莫西林胶囊", 2, 3_680),
    BillLine("INT", "drug", "复方甘草片", 1, 1_270),
    BillLine("LAB", "lab", "血常规", 1, 2_200),
    BillLine("LAB", "lab", "C反应蛋白", 1, 4_000),
    BillLine("RAD", "imaging", "胸部正位片", 1, 25_000),
), SPLIT)
ITINERARY = ItineraryView(7, (
    Stop(LAB, 3, 4, 9, ("血常规", "C反应蛋白")),
    Stop(RAD, 5, 3, 18, ("胸部正位片",)),
    Stop(INT, 2, 5, 12, ("复诊",)),
), 47)
RECEIPT = Receipt(4021, 7, SPLIT, "charged", "EINV-3501-2026-000004021")
NOTHING_TO_PAY = BillView(7, (BillLine("INT", "consultation", "普通门诊诊查费", 1, 2_500),),
                          SplitView(2_500, 2_500, 0, 0))
DECLINED = Receipt(4022, 7, SPLIT, "declined", "EINV-3501-2026-000004022",
                   debt_fen=9_530, debt_due_date="2026-06-30")


def eligible(open_visits: Iterable[OpenVisit] = (),
             appointments: Iterable[AppointmentView] = ()) -> EligibilityView:
    return EligibilityView(Decision.ELIGIBLE, (), 1, 200_000, 200_000, tuple(open_visits),
                           tuple(appointments))


def _read(session: Session) -> int:
    session.handle(fs.CardInserted(READER))
    session.handle(fs.CardReadOk(session.generation, RECORD))
    return session.generation


def attract() -> Session:
    return Session()


def reading(after_read: bool = False) -> Session:
    s = Session()
    s.handle(fs.CardInserted(READER))
    if after_read:
        s.handle(fs.CardReadOk(s.generation, RECORD))
    return s


def check_in(*, appointment: bool = True, selected: str | None = None) -> Session:
    s = Session()
    gen = _read(s)
    appointments = [AppointmentView(3, "09:30", INT)] if appointment else []
    s.handle(fs.EligibilityReceived(gen, eligible(appointments=appointments), DEPARTMENTS))
    if selected:
        s.handle(fs.ChooseDepartment(selected))
    return s


def ticket(already: bool = False) -> Session:
    s = check_in(selected="INT")
    s.handle(fs.ConfirmCheckIn())
    s.handle(fs.CheckedIn(s.generation, Ticket(7, 15, INT, already_checked_in=already)))
    return s


def itinerary(empty: bool = False) -> Session:
    s = Session()
    gen = _read(s)
    s.handle(fs.EligibilityReceived(gen, eligible([OpenVisit(7, "INT", 15, 38_650)])))
    s.handle(fs.ItineraryReceived(gen, ItineraryView(7, (), 0) if empty else ITINERARY))
    return s


def bill(changed: bool = False) -> Session:
    s = itinerary()
    s.handle(fs.ShowBill())
    s.handle(fs.BillReceived(s.generation, BILL))
    if changed:
        s.handle(fs.ConfirmPayment())
        s.handle(fs.RequestRejected(s.generation, "amount_changed"))
        s.handle(fs.BillReceived(s.generation, BILL))
    return s


def settling(confirming: bool = False) -> Session:
    s = bill()
    s.handle(fs.ConfirmPayment())
    if confirming:
        s.handle(fs.BackendUnavailable(s.generation, "timeout"))
    return s


def receipt(declined: bool = False) -> Session:
    s = settling()
    s.handle(fs.SettlementFinished(s.generation, DECLINED if declined else RECEIPT))
    return s


def first_time() -> Session:
    s = Session()
    gen = _read(s)
    s.handle(fs.EligibilityReceived(
        gen, EligibilityView(Decision.NOT_LINKED, ("not_linked",), None, None, None)))
    return s


def not_eligible() -> Session:
    s = Session()
    gen = _read(s)
    s.handle(fs.EligibilityReceived(gen, EligibilityView(
        Decision.NOT_ELIGIBLE, ("credit_score_low", "overdue_debt"), 3, None, None,
        overdue_debt_fen=38_650)))
    return s


def card_error(code: CardErrorCode = CardErrorCode.CARD_UNRESPONSIVE) -> Session:
    s = Session()
    s.handle(fs.CardInserted(READER))
    s.handle(fs.CardReadFailed(s.generation, code))
    return s


def backend_error(kind: str = "offline") -> Session:
    s = Session()
    gen = _read(s)
    s.handle(fs.BackendUnavailable(gen, kind))
    return s


def session_ended() -> Session:
    """The backend refused a request: the patient session ended there (idle too long)."""
    s = Session()
    gen = _read(s)
    s.handle(fs.RequestRejected(gen, Reason.PATIENT_SESSION_ENDED))
    return s


def payment_pending(card_in: bool = True) -> Session:
    """No answer for a minute: "being confirmed, never twice", with or without the card."""
    s = bill()
    s.handle(fs.ConfirmPayment(now=0.0))
    s.handle(fs.BackendUnavailable(s.generation, "timeout", now=5.0))
    s.handle(fs.Tick(fs.Timing().payment_patience_seconds + 1))
    if not card_in:
        s.handle(fs.CardRemoved(READER, now=70.0))
    return s


def not_paid() -> Session:
    s = bill()
    s.handle(fs.CardRemoved(READER))
    return s


def out_of_service() -> Session:
    s = Session()
    s.handle(fs.BackendStatus(reachable=False))
    return s


def nothing_to_pay() -> Session:
    s = itinerary()
    s.handle(fs.ShowBill())
    s.handle(fs.BillReceived(s.generation, NOTHING_TO_PAY))
    return s


def take_card() -> Session:
    s = ticket()
    s.handle(fs.Finish())
    return s


def idle_warning() -> Session:
    s = Session(fs.Timing(idle_seconds=60, warning_seconds=30))
    s.handle(fs.CardInserted(READER, now=0.0))
    s.handle(fs.CardReadOk(s.generation, RECORD, now=0.0))
    s.handle(fs.EligibilityReceived(s.generation, eligible(), DEPARTMENTS, now=0.0))
    s.handle(fs.Tick(64.2))
    return s


def care_offered() -> Session:
    """A patient of 65 or more: the check-in screen offers care mode once."""
    s = Session()
    s.handle(fs.CardInserted(READER))
    s.handle(fs.CardReadOk(s.generation, RECORD, today=TODAY))
    s.handle(fs.EligibilityReceived(s.generation, eligible(), DEPARTMENTS))
    return s


def in_care(view: SessionView) -> SessionView:
    """The same view in care mode, voice on (as ``SetCareMode(True)`` leaves it)."""
    return replace(view, care=True, voice=True, care_offer=False)


def every_screen() -> dict[State, SessionView]:
    """One representative view per state (the screenshots' set)."""
    views = {
        State.ATTRACT: attract(),
        State.READING: reading(after_read=True),
        State.CHECK_IN: check_in(),
        State.TICKET: ticket(),
        State.ITINERARY: itinerary(),
        State.BILL: bill(),
        State.SETTLING: settling(confirming=True),
        State.PAYMENT_PENDING: payment_pending(),
        State.NOT_PAID: not_paid(),
        State.RECEIPT: receipt(),
        State.FIRST_TIME: first_time(),
        State.NOT_ELIGIBLE: not_eligible(),
        State.ERROR: card_error(),
        State.TAKE_CARD: take_card(),
    }
    out = {state: session.view() for state, session in views.items()}
    for state, view in out.items():
        assert view.state == state, (state, view.state)
    return out


def extra_screens() -> dict[str, SessionView]:
    """Variants worth a screenshot of their own."""
    from kiosk.flow import voucher_samples

    return {
        "check_in_confirm": check_in(selected="INT").view(),
        "bill_changed": bill(changed=True).view(),
        "settling_paying": settling().view(),
        "receipt_declined": receipt(declined=True).view(),
        "error_secure_module": card_error(CardErrorCode.SECURE_MODULE_REQUIRED).view(),
        "error_offline": backend_error("offline").view(),
        "error_session_ended": session_ended().view(),
        "idle_warning": idle_warning().view(),
        "reading_card": reading().view(),
        "payment_pending_card_out": payment_pending(card_in=False).view(),
        "attract_out_of_service": out_of_service().view(),
        "bill_nothing_to_pay": nothing_to_pay().view(),
        "care_offer": care_offered().view(),
        **voucher_samples.extra_screens(),  # the QR voucher's screens
        **help_screens(),
    }


def help_screens() -> dict[str, SessionView]:
    """A call for help's banner (``kiosk.flow.help``) at each stage, on a screen or two."""
    from kiosk.flow.events import HelpStage

    return {
        "check_in_help_coming": replace(check_in().view(), help=HelpStage.COMING),
        "bill_help_on_the_way": replace(bill().view(), help=HelpStage.ON_THE_WAY),
        "attract_help_failed": replace(attract().view(), help=HelpStage.FAILED),
    }
