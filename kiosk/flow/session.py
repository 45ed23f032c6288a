"""The patient session as a state machine that knows no UI and does no I/O.

``Session.handle(event)`` is the only way the session changes: it takes one event (a card
event, a result of earlier work, a patient's intent, a clock tick), moves to the next state
and returns the effects to carry out (read the card, ask the backend, settle...). Something
else carries them out (``kiosk.flow.runner``) and feeds the outcome back as another event.
Screens attach to states by name and only show ``Session.view()``; they never switch each
other. This is Electrum's UI-agnostic wizard plus Photobooth's single error state: every
failure goes to ``State.ERROR``, which offers retry (where it can help) and abort.

Every effect carries the session generation it was issued in; results that come back for an
older generation (the card was pulled meanwhile) are dropped, except settlements, which the
journal finishes on its own and keeps for the next insertion of that card.

The vocabulary (``State``, the events, the effects, ``SessionView``) lives in
``kiosk.flow.events`` and is re-exported here, so callers keep one import. Every wait is
bounded: a payment with no answer within ``Timing.payment_patience_seconds`` moves to
``PAYMENT_PENDING`` (its reference, "never charged twice", where to go) while confirming goes
on; a card pulled while paying, or on the bill, leaves a brief notice of what became of the
money (``PAYMENT_PENDING`` or ``NOT_PAID``) for ``Timing.notice_seconds``. A payment still
open in the journal at the next insertion comes in with the eligibility answer and is shown
as pending: "pay now" is never offered while one is open. ``BackendStatus`` keeps the
kiosk's "out of service" flag, which outlives every patient session; ``LinkSpeed`` likewise
keeps whether the backend answers slowly (``SessionView.link_slow``, never while out of
service).

Care mode (``SetCareMode``) and voice guidance (``SetVoice``) are the patient's choices: they
may be made on the attract screen before the card goes in, hold through the visit, and end
when the attract screen comes back. In care mode no countdown is shorter than two minutes
(``Timing.care_idle_seconds``, ``Timing.care_warning_seconds``). A card whose patient is 65
or more (``CardReadOk.today``) has care mode offered once, on the first screen that waits on
the patient; any other screen drops the offer. ``CallForHelp`` asks for staff
(``RequestHelp``: the screen's name, nothing about the patient); what the kiosk then tells
(``SessionView.help``) follows ``kiosk.flow.help`` and outlives the patient session.

Threads: not thread-safe by design; the GUI thread owns the session and calls ``handle``.
Tests call it from theirs. Time comes in with the events (``Tick.now``, ``now`` arguments),
so idle timeouts are tested without waiting.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.domain.card import CardErrorCode, CardRecord
from kiosk.domain.citizen_id import mask_id, mask_name
from kiosk.domain.reasons import Decision, Reason
from kiosk.flow import help as help_call
from kiosk.flow.care import offers_care
from kiosk.flow.events import (
    RESULT_EVENTS,
    RETRY_STATES,
    Back,
    BackendStatus,
    BackendUnavailable,
    BillReceived,
    CallForHelp,
    CardInserted,
    CardReadFailed,
    CardReadOk,
    CardRemoved,
    CheckedIn,
    CheckEligibility,
    CheckIn,
    CheckVoucher,
    ChooseAppointment,
    ChooseDepartment,
    ConfirmCheckIn,
    ConfirmPayment,
    ConfirmSettlement,
    Effect,
    EligibilityReceived,
    EndSession,
    Event,
    ExtendTime,
    Finish,
    HelpAnswered,
    HelpFailed,
    ItineraryReceived,
    LinkSpeed,
    LoadBill,
    LoadItinerary,
    MarkReceiptShown,
    PendingPayment,
    ReadCardAndCheck,
    Request,
    RequestHelp,
    RequestRejected,
    Retry,
    ScannerState,
    ScannerStatus,
    ScanUnreadable,
    SessionView,
    SetCareMode,
    Settle,
    SettlementFinished,
    SettlementPending,
    SetVoice,
    ShowBill,
    State,
    Tick,
    Timing,
    VoucherScanned,
)
from kiosk.flow.models import (
    BillView,
    DepartmentView,
    EligibilityView,
    ErrorInfo,
    ItineraryView,
    PatientView,
    Receipt,
    Ticket,
)
from kiosk.flow.voucher import SCAN_SOURCE, UNREADABLE, accepts_scan, card_ignored

# States in which nobody is waiting on the patient; no idle timeout runs there.
_NO_IDLE = {State.ATTRACT, State.READING, State.SETTLING, State.NOT_PAID}
# Errors where reading again cannot help: the patient must take the card and go elsewhere.
_FINAL_CARD_ERRORS = {
    CardErrorCode.UNSUPPORTED_CARD,
    CardErrorCode.SECURE_MODULE_REQUIRED,
    CardErrorCode.INVALID_CARD_DATA,
    CardErrorCode.CARD_EXPIRED,
}
# The names the rest of the kiosk uses through this module (the types live in events.py).
__all__ = [
    "RESULT_EVENTS", "RETRY_STATES", "Back", "BackendStatus", "BackendUnavailable",
    "BillReceived", "CallForHelp", "CardInserted", "CardReadFailed", "CardReadOk", "CardRemoved",
    "CheckEligibility", "CheckIn", "CheckVoucher", "CheckedIn", "ChooseAppointment",
    "ChooseDepartment",
    "ConfirmCheckIn", "ConfirmPayment", "ConfirmSettlement", "Effect", "EligibilityReceived",
    "EndSession", "Event", "ExtendTime", "Finish", "ItineraryReceived", "LinkSpeed", "LoadBill",
    "LoadItinerary", "MarkReceiptShown", "PendingPayment", "ReadCardAndCheck", "Request",
    "RequestHelp", "RequestRejected", "Retry", "ScanUnreadable", "ScannerState",
    "ScannerStatus", "Session", "SessionView", "SetCareMode",
    "SetVoice", "Settle", "SettlementFinished",
    "SettlementPending", "ShowBill", "State", "Tick", "Timing", "VoucherScanned",
]


class Session:
    """One kiosk's patient session. See the module docstring for the rules."""

    def __init__(self, timing: Timing | None = None) -> None:
        self.timing = timing or Timing()
        self.generation = 0
        self.state = State.ATTRACT
        self.card_reader: str | None = None
        self._out_of_service = False  # the kiosk's, not the patient's: survives every session
        self._link_slow = False  # the kiosk's too
        self._help = help_call.HelpState()  # the kiosk's call for help: outlives the patient
        self._scanner = ScannerState.NONE  # the kiosk's too (kiosk.flow.voucher)
        self._clear()
        self._clear_choices()

    # -- public ------------------------------------------------------------------------------

    def handle(self, event: Event) -> list[Effect]:
        if isinstance(event, RESULT_EVENTS) and event.generation != self.generation:
            return []  # an answer for a session that has ended
        before = self.state
        method = getattr(self, f"_on_{type(event).__name__}")
        effects: list[Effect] = method(event)
        if isinstance(event, Tick):
            self._help, helping = help_call.tick(self._help, event.now)
            effects += helping
        if self.state == State.ATTRACT and before != State.ATTRACT:
            self._clear_choices()  # the patient has gone: the next one starts fresh
        return effects

    def view(self) -> SessionView:
        return SessionView(
            state=self.state,
            busy=self._busy,
            patient=self._patient,
            eligibility=self._eligibility,
            departments=self._departments,
            selected_department=self._selected,
            ticket=self._ticket,
            itinerary=self._itinerary,
            bill=self._bill,
            bill_changed=self._bill_changed,
            confirming=self._confirming,
            payment=self._payment,
            card_in=self.card_reader is not None,
            out_of_service=self._out_of_service,
            link_slow=self._link_slow and not self._out_of_service,
            receipt=self._receipt,
            error=self._error,
            idle_warning=self._warning_at is not None and self._warning_shown,
            seconds_left=self._seconds_left,
            care=self._care,
            voice=self._voice,
            care_offer=(self._offer_on == self.state and not self._care and not self._busy),
            by_voucher=self._by_voucher,
            scanner=self._scanner,
            help=self._help.stage,
        )

    # -- internals ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self._busy = False
        self._patient: PatientView | None = None
        self._record: CardRecord | None = None
        self._eligibility: EligibilityView | None = None
        self._departments: tuple[DepartmentView, ...] = ()
        self._selected: DepartmentView | None = None
        self._ticket: Ticket | None = None
        self._itinerary: ItineraryView | None = None
        self._bill: BillView | None = None
        self._bill_changed = False
        self._confirming = False
        self._next_confirm_at: float | None = None
        self._payment: PendingPayment | None = None
        self._patience_until: float | None = None  # SETTLING's bound
        self._notice_until: float | None = None  # a pulled card's notice
        self._receipt: Receipt | None = None
        self._error: ErrorInfo | None = None
        self._retry: Request | None = None
        self._pending: Request | None = None
        self._warning_at: float | None = None
        self._expire_at: float | None = None
        self._warning_shown = False
        self._seconds_left: float | None = None
        self._by_voucher = False  # the patient came in by the QR voucher: no card to pull

    def _clear_choices(self) -> None:
        """The patient's own choices: care mode, voice, and the care-mode offer."""
        self._care = False
        self._voice = False
        self._offer_pending = False
        self._offer_on: State | None = None

    def _go(self, state: State, now: float, *, busy: bool = False) -> None:
        if self._offer_on is not None and state != self._offer_on:
            self._offer_on = None  # offered once: gone with the screen it was made on
        if self._offer_pending and not busy and state not in _NO_IDLE:
            self._offer_pending, self._offer_on = False, state
        self.state = state
        self._busy = busy
        self._restart_idle(now)

    def _restart_idle(self, now: float) -> None:
        self._warning_shown = False
        self._seconds_left = None
        if self.state in _NO_IDLE or self._busy:
            self._warning_at = self._expire_at = None
            return
        idle, warning = self.timing.idle_seconds, self.timing.warning_seconds
        if self._care:
            idle = max(idle, self.timing.care_idle_seconds)
            warning = max(warning, self.timing.care_warning_seconds)
        self._warning_at = now + idle
        self._expire_at = self._warning_at + warning

    def _request(self, effect: Request) -> list[Effect]:
        """Issue a backend or card request, remembered so the error screen can retry it."""
        self._pending = effect
        return [effect]

    def _fail(self, info: ErrorInfo, retry: Request | None, now: float) -> list[Effect]:
        self._error = info
        self._retry = retry if info.can_retry else None
        self._go(State.ERROR, now)
        return []

    def _finish(self, now: float) -> list[Effect]:
        """The patient is done (or walked away): wipe the session, ask for the card back."""
        self._clear()
        self.generation += 1
        if self.card_reader is None:
            self.state = State.ATTRACT
        else:
            self._go(State.TAKE_CARD, now)
            self._warning_at = self._expire_at = None  # wait for the card, however long
        return [EndSession()]

    # card events

    def _on_CardInserted(self, event: CardInserted) -> list[Effect]:
        if self.card_reader is not None and self.state not in (State.ATTRACT, State.TAKE_CARD):
            return []  # a second card in another reader while serving someone: ignore it
        if card_ignored(by_voucher=self._by_voucher, busy=self._busy,
                        identified=self._eligibility is not None):
            return []  # a voucher patient is being served: never an identity change
        # A pulled card's notice (payment pending, not paid) gives way to the next card.
        if self.state != State.ATTRACT:
            self._clear_choices()  # someone else's card: the choices made were not theirs
        self._clear()
        self.generation += 1
        self.card_reader = event.reader
        self._go(State.READING, event.now, busy=True)
        return self._request(ReadCardAndCheck(self.generation, event.reader))

    def _on_CardRemoved(self, event: CardRemoved) -> list[Effect]:
        if event.reader != self.card_reader:
            return []
        payment = self._payment if self.state in (State.SETTLING, State.PAYMENT_PENDING) else None
        unpaid = self.state == State.BILL
        self.card_reader = None
        self._clear()
        self.generation += 1
        self.state = State.ATTRACT
        if payment is not None or unpaid:
            # Say briefly what became of the money: "being confirmed" or "not paid yet".
            self._payment = payment
            self._confirming = payment is not None
            self.state = State.PAYMENT_PENDING if payment is not None else State.NOT_PAID
            self._notice_until = event.now + self.timing.notice_seconds
        return [EndSession()]

    def _on_CardReadOk(self, event: CardReadOk) -> list[Effect]:
        record = event.record
        self._record = record
        self._patient = PatientView(None, mask_name(record.name), mask_id(record.ssn))
        self._offer_pending = not self._care and offers_care(record.birth_date, event.today)
        # The answer is already on its way (``ReadCardAndCheck``); a retry asks again.
        self._pending = CheckEligibility(self.generation, record)
        return []

    def _on_CardReadFailed(self, event: CardReadFailed) -> list[Effect]:
        can_retry = event.code not in _FINAL_CARD_ERRORS and self.card_reader is not None
        info = ErrorInfo("card", event.code.value, can_retry)
        return self._fail(info, self._pending, event.now)

    # backend answers

    def _on_EligibilityReceived(self, event: EligibilityReceived) -> list[Effect]:
        elig = event.eligibility
        self._eligibility = elig
        self._departments = event.departments
        if self._patient is not None:
            self._patient = replace(self._patient, patient_id=elig.patient_id)
        elif self._by_voucher and elig.patient_id is not None:  # no card: the backend's
            self._patient = PatientView(elig.patient_id, elig.masked_name, "")
        if event.kept_receipt is not None:
            self._receipt = event.kept_receipt
            self._go(State.RECEIPT, event.now)
            return [MarkReceiptShown(event.kept_receipt.visit_id)]
        if event.open_payment is not None:
            # A payment saved earlier is still being confirmed: never offer to pay again.
            self._payment = event.open_payment
            self._confirming = True
            self._next_confirm_at = event.now + self.timing.confirm_every_seconds
            self._go(State.PAYMENT_PENDING, event.now)
            return []
        if elig.decision == Decision.NOT_LINKED:
            self._go(State.FIRST_TIME, event.now)
            return []
        if elig.decision == Decision.NOT_ELIGIBLE:
            self._go(State.NOT_ELIGIBLE, event.now)
            return []
        with_charges = [v for v in elig.open_visits if v.unsettled_total_fen > 0]
        if elig.open_visits:
            visit = (with_charges or list(elig.open_visits))[0]
            if event.itinerary is not None and event.itinerary.visit_id == visit.visit_id:
                self._itinerary = event.itinerary  # came with the answer: no second request
                self._go(State.ITINERARY, event.now)
                return []
            self._go(State.ITINERARY, event.now, busy=True)
            return self._request(LoadItinerary(self.generation, visit.visit_id))
        self._go(State.CHECK_IN, event.now)
        return []

    def _on_CheckedIn(self, event: CheckedIn) -> list[Effect]:
        self._ticket = event.ticket
        self._go(State.TICKET, event.now)
        return []

    def _on_ItineraryReceived(self, event: ItineraryReceived) -> list[Effect]:
        self._itinerary = event.itinerary
        self._go(State.ITINERARY, event.now)
        return []

    def _on_BillReceived(self, event: BillReceived) -> list[Effect]:
        self._bill = event.bill
        self._go(State.BILL, event.now)
        return []

    def _on_SettlementFinished(self, event: SettlementFinished) -> list[Effect]:
        self._receipt = event.receipt
        self._confirming = False
        self._payment = None
        self._go(State.RECEIPT, event.now)
        return [MarkReceiptShown(event.receipt.visit_id)]

    def _on_SettlementPending(self, event: SettlementPending) -> list[Effect]:
        if self.state in (State.SETTLING, State.PAYMENT_PENDING):
            self._confirming = True
            self._next_confirm_at = event.now + self.timing.confirm_every_seconds
        return []

    def _on_BackendUnavailable(self, event: BackendUnavailable) -> list[Effect]:
        if self.state in (State.SETTLING, State.PAYMENT_PENDING):
            # Never a second payment: keep asking about this one, with the same key.
            return self._on_SettlementPending(SettlementPending(event.generation, now=event.now))
        return self._fail(ErrorInfo("backend", event.kind, True), self._pending, event.now)

    def _on_BackendStatus(self, event: BackendStatus) -> list[Effect]:
        self._out_of_service = not event.reachable
        return []

    def _on_LinkSpeed(self, event: LinkSpeed) -> list[Effect]:
        self._link_slow = event.slow
        return []

    def _on_RequestRejected(self, event: RequestRejected) -> list[Effect]:
        paying = self.state in (State.SETTLING, State.PAYMENT_PENDING)
        if paying and event.code == Reason.SETTLEMENT_IN_PROGRESS:
            return self._on_SettlementPending(SettlementPending(event.generation, now=event.now))
        self._payment = None  # a refusal is an answer: nothing is on its way
        if self.state == State.SETTLING and event.code == Reason.AMOUNT_CHANGED and self._bill:
            self._bill_changed = True
            self._go(State.BILL, event.now, busy=True)
            return self._request(LoadBill(self.generation, self._bill.visit_id))
        info = ErrorInfo("rejected", event.code, False, dict(event.details))
        return self._fail(info, None, event.now)

    # intents

    def _on_ChooseDepartment(self, event: ChooseDepartment) -> list[Effect]:
        if self.state != State.CHECK_IN or self._busy:
            return []
        for dept in self._departments:
            if dept.code == event.code and dept.is_open:
                self._selected = dept
                self._restart_idle(event.now)
        return []

    def _on_ChooseAppointment(self, event: ChooseAppointment) -> list[Effect]:
        if self.state != State.CHECK_IN or self._busy or self._eligibility is None:
            return []
        for appt in self._eligibility.appointments:
            if appt.appointment_id == event.appointment_id:
                self._selected = appt.department
                return self._on_ConfirmCheckIn(ConfirmCheckIn(event.now))
        return []

    def _on_ConfirmCheckIn(self, event: ConfirmCheckIn) -> list[Effect]:
        if self.state != State.CHECK_IN or self._busy or self._selected is None:
            return []
        patient_id = self._patient.patient_id if self._patient else None
        if patient_id is None:
            return []
        self._go(State.CHECK_IN, event.now, busy=True)
        return self._request(CheckIn(self.generation, patient_id, self._selected.code))

    def _on_Back(self, event: Back) -> list[Effect]:
        if self.state == State.CHECK_IN and not self._busy:
            self._selected = None
            self._restart_idle(event.now)
        elif self.state == State.BILL and not self._busy and self._itinerary is not None:
            self._go(State.ITINERARY, event.now)
        return []

    def _on_ShowBill(self, event: ShowBill) -> list[Effect]:
        if (self.state != State.ITINERARY or self._busy or self._itinerary is None
                or self._payment is not None):
            return []
        self._bill_changed = False
        self._go(State.BILL, event.now, busy=True)
        return self._request(LoadBill(self.generation, self._itinerary.visit_id))

    def _on_ConfirmPayment(self, event: ConfirmPayment) -> list[Effect]:
        # Only from a shown, idle bill: a second tap, a double tap, or a tap after a timeout
        # finds the session elsewhere and does nothing.
        if self.state != State.BILL or self._busy or self._bill is None or self._patient is None:
            return []
        patient_id = self._patient.patient_id
        if patient_id is None:
            return []
        bill = self._bill
        self._payment = PendingPayment(bill.visit_id, bill.split.psn_cash_pay_fen,
                                       PendingPayment.reference_for(bill.visit_id))
        self._patience_until = event.now + self.timing.payment_patience_seconds
        self._go(State.SETTLING, event.now, busy=True)
        return [Settle(self.generation, patient_id, bill.visit_id, bill.split.medfee_sumamt_fen,
                       bill.split.psn_cash_pay_fen)]

    def _on_Retry(self, event: Retry) -> list[Effect]:
        if self.state != State.ERROR or self._retry is None:
            return []
        retry, self._retry, self._error = self._retry, None, None
        retry = replace(retry, generation=self.generation)
        self._go(RETRY_STATES[type(retry)], event.now, busy=True)
        return self._request(retry)

    def _on_Finish(self, event: Finish) -> list[Effect]:
        if self.state in (State.ATTRACT, State.READING, State.TAKE_CARD):
            return []
        if self.card_reader is None and not self._by_voucher:  # a pulled card's notice
            self._clear()
            self.state = State.ATTRACT
            return []
        if self.state == State.SETTLING:
            return []  # the payment must be confirmed first; the screen says so
        return self._finish(event.now)

    def _on_ExtendTime(self, event: ExtendTime) -> list[Effect]:
        if self._warning_at is not None:
            self._restart_idle(event.now)
        return []

    def _on_SetCareMode(self, event: SetCareMode) -> list[Effect]:
        self._care = self._voice = event.on
        self._offer_pending, self._offer_on = False, None
        if self._warning_at is not None:
            self._restart_idle(event.now)  # the longer (or usual) time limits from now
        return []

    def _on_SetVoice(self, event: SetVoice) -> list[Effect]:
        self._voice = event.on
        return []

    def _on_CallForHelp(self, event: CallForHelp) -> list[Effect]:
        self._help, effects = help_call.call(self._help, self.state.value)
        return list(effects)

    def _on_HelpAnswered(self, event: HelpAnswered) -> list[Effect]:
        self._help = help_call.answered(self._help, event.help_id, event.acknowledged, event.now)
        return []

    def _on_HelpFailed(self, event: HelpFailed) -> list[Effect]:
        self._help = help_call.failed(self._help, event.help_id, event.now)
        return []

    # the QR voucher (kiosk.flow.voucher)

    def _begin_scan(self) -> bool:
        """A new voucher session for a scan taken here (``accepts_scan``); False: ignored,
        someone is being served (a code is never an identity change)."""
        if not accepts_scan(self.state, card_in=self.card_reader is not None,
                            by_voucher=self._by_voucher,
                            identified=self._eligibility is not None,
                            notice=self._notice_until is not None):
            return False
        if self.state not in (State.ATTRACT, State.ERROR):
            self._clear_choices()  # a pulled card's notice: the next patient's choices
        self._clear()
        self.generation += 1
        self._by_voucher = True  # no card to pull; "scan again" is taken on its error screen
        return True

    def _on_VoucherScanned(self, event: VoucherScanned) -> list[Effect]:
        if not self._begin_scan():
            return []
        self._go(State.READING, event.now, busy=True)
        return self._request(CheckVoucher(self.generation, event.voucher))

    def _on_ScanUnreadable(self, event: ScanUnreadable) -> list[Effect]:
        if not self._begin_scan():
            return []
        return self._fail(ErrorInfo(SCAN_SOURCE, UNREADABLE, False), None, event.now)

    def _on_ScannerStatus(self, event: ScannerStatus) -> list[Effect]:
        self._scanner = event.status  # a patient being served carries on, code or card
        return []

    def _on_Tick(self, event: Tick) -> list[Effect]:
        if self._notice_until is not None and event.now >= self._notice_until:
            self._clear()  # the pulled card's notice has been seen: ready for the next patient
            self.state = State.ATTRACT
            return []
        if (self.state == State.SETTLING and self._patience_until is not None
                and event.now >= self._patience_until):
            # A bounded wait: no answer in time is said honestly, and confirming goes on.
            self._patience_until = None
            self._confirming = True
            self._go(State.PAYMENT_PENDING, event.now)  # confirming resumes on the answer
        if (self.state in (State.SETTLING, State.PAYMENT_PENDING)
                and (self.card_reader or self._by_voucher)
                and self._next_confirm_at is not None and event.now >= self._next_confirm_at
                and self._payment is not None):
            self._next_confirm_at = None  # the answer (pending again or final) sets the next
            return [ConfirmSettlement(self.generation, self._payment.visit_id)]
        if self._expire_at is None or self._warning_at is None:
            return []
        if event.now >= self._expire_at:
            return self._finish(event.now)
        if event.now >= self._warning_at:
            self._warning_shown = True
            self._seconds_left = self._expire_at - event.now
        return []
