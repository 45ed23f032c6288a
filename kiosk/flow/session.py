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

Threads: not thread-safe by design; the GUI thread owns the session and calls ``handle``.
Tests call it from theirs. Time comes in with the events (``Tick.now``, ``now`` arguments),
so idle timeouts are tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.domain.card import CardErrorCode, CardRecord
from kiosk.domain.citizen_id import mask_id, mask_name
from kiosk.domain.reasons import Decision, Reason
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


class State(StrEnum):
    ATTRACT = "attract"  # "insert your card"
    READING = "reading"  # reading the card, then asking the backend
    CHECK_IN = "check_in"  # eligible, nothing open today: choose appointment or department
    TICKET = "ticket"  # queue ticket, room and wait
    ITINERARY = "itinerary"  # returning patient: the next stops, and "pay now"
    BILL = "bill"  # the bill and its split, one tap pays
    SETTLING = "settling"  # paying; if the outcome is unknown: "being confirmed, do not pay again"
    RECEIPT = "receipt"
    FIRST_TIME = "first_time"  # not linked: go to the counter once
    NOT_ELIGIBLE = "not_eligible"  # the traditional pay-first way
    ERROR = "error"  # the one error state: retry or abort
    TAKE_CARD = "take_card"  # "please take your card"


# States in which nobody is waiting on the patient; no idle timeout runs there.
_NO_IDLE = {State.ATTRACT, State.READING, State.SETTLING}
# Errors where reading again cannot help: the patient must take the card and go elsewhere.
_FINAL_CARD_ERRORS = {
    CardErrorCode.UNSUPPORTED_CARD,
    CardErrorCode.SECURE_MODULE_REQUIRED,
    CardErrorCode.INVALID_CARD_DATA,
    CardErrorCode.CARD_EXPIRED,
}


@dataclass(frozen=True, slots=True)
class Timing:
    """Idle timing. WCAG 2.2.1: the warning gives at least 20 s to answer and can be extended."""

    idle_seconds: float = 60.0
    warning_seconds: float = 30.0
    confirm_every_seconds: float = 5.0  # while a payment's outcome is unknown

    def __post_init__(self) -> None:
        if self.warning_seconds < 20:
            raise ValueError("the idle warning must give at least 20 seconds to answer")


# ---------------------------------------------------------------------------------------------
# Events: what happened. Results carry the generation of the effect that produced them.


@dataclass(frozen=True, slots=True)
class CardInserted:
    reader: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CardRemoved:
    reader: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CardReadOk:
    generation: int
    record: CardRecord
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CardReadFailed:
    generation: int
    code: CardErrorCode
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class EligibilityReceived:
    generation: int
    eligibility: EligibilityView
    departments: tuple[DepartmentView, ...] = ()
    kept_receipt: Receipt | None = None  # a settlement finished after the card was pulled
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CheckedIn:
    generation: int
    ticket: Ticket
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ItineraryReceived:
    generation: int
    itinerary: ItineraryView
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class BillReceived:
    generation: int
    bill: BillView
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class SettlementFinished:
    generation: int
    receipt: Receipt
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class SettlementPending:
    """The outcome is not known yet; the runner keeps confirming with the same key."""

    generation: int
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class BackendUnavailable:
    """A backend call failed for want of a backend: ``kind`` is offline, timeout or failure."""

    generation: int
    kind: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class RequestRejected:
    generation: int
    code: str
    details: dict[str, object] = field(default_factory=dict)
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Tick:
    now: float


# Intents: what the patient asked for on a screen.


@dataclass(frozen=True, slots=True)
class ChooseDepartment:
    code: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ChooseAppointment:
    appointment_id: int
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ConfirmCheckIn:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Back:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ShowBill:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ConfirmPayment:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Retry:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Finish:
    """"Done" / "abort": the patient is finished; ask for the card back."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ExtendTime:
    now: float = 0.0


Event = (
    CardInserted | CardRemoved | CardReadOk | CardReadFailed | EligibilityReceived | CheckedIn
    | ItineraryReceived | BillReceived | SettlementFinished | SettlementPending
    | BackendUnavailable | RequestRejected | Tick | ChooseDepartment | ChooseAppointment
    | ConfirmCheckIn | Back | ShowBill | ConfirmPayment | Retry | Finish | ExtendTime
)

# ---------------------------------------------------------------------------------------------
# Effects: what to do. The runner carries them out and answers with events.


@dataclass(frozen=True, slots=True)
class ReadCardAndCheck:
    """Read the card in ``reader``, then ask the backend about it: answered by ``CardReadOk``
    and the eligibility answer, in that order (or ``CardReadFailed`` alone)."""

    generation: int
    reader: str


@dataclass(frozen=True, slots=True)
class CheckEligibility:
    """Ask the backend about a card read earlier (a retry after the backend failed)."""

    generation: int
    record: CardRecord


@dataclass(frozen=True, slots=True)
class CheckIn:
    generation: int
    patient_id: int
    department_code: str


@dataclass(frozen=True, slots=True)
class LoadItinerary:
    generation: int
    visit_id: int


@dataclass(frozen=True, slots=True)
class LoadBill:
    generation: int
    visit_id: int


@dataclass(frozen=True, slots=True)
class Settle:
    """Settle a visit for the amounts the patient saw; the journal writes it down first."""

    generation: int
    patient_id: int
    visit_id: int
    expected_medfee_sumamt_fen: int
    expected_psn_cash_pay_fen: int


@dataclass(frozen=True, slots=True)
class ConfirmSettlement:
    """Ask again what became of the visit's settlement (same idempotency key, never a new one)."""

    generation: int
    visit_id: int


@dataclass(frozen=True, slots=True)
class MarkReceiptShown:
    """The patient has seen the visit's settlement result: the journal stops keeping it."""

    visit_id: int


@dataclass(frozen=True, slots=True)
class EndSession:
    """Forget the session's data. In-flight settlements go on in the journal regardless."""


# The requests the error screen can retry, and the state each retry shows while it runs.
Request = ReadCardAndCheck | CheckEligibility | CheckIn | LoadItinerary | LoadBill
RETRY_STATES: dict[type[Request], State] = {
    ReadCardAndCheck: State.READING,
    CheckEligibility: State.READING,
    CheckIn: State.CHECK_IN,
    LoadItinerary: State.ITINERARY,
    LoadBill: State.BILL,
}

Effect = Request | Settle | ConfirmSettlement | MarkReceiptShown | EndSession

_RESULT_EVENTS = (
    CardReadOk, CardReadFailed, EligibilityReceived, CheckedIn, ItineraryReceived, BillReceived,
    SettlementFinished, SettlementPending, BackendUnavailable, RequestRejected,
)


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionView:
    """Everything a screen may show, and nothing more."""

    state: State
    busy: bool
    patient: PatientView | None
    eligibility: EligibilityView | None
    departments: tuple[DepartmentView, ...]
    selected_department: DepartmentView | None
    ticket: Ticket | None
    itinerary: ItineraryView | None
    bill: BillView | None
    bill_changed: bool
    confirming: bool
    receipt: Receipt | None
    error: ErrorInfo | None
    idle_warning: bool
    seconds_left: float | None


class Session:
    """One kiosk's patient session. See the module docstring for the rules."""

    def __init__(self, timing: Timing | None = None) -> None:
        self.timing = timing or Timing()
        self.generation = 0
        self.state = State.ATTRACT
        self.card_reader: str | None = None
        self._clear()

    # -- public ------------------------------------------------------------------------------

    def handle(self, event: Event) -> list[Effect]:
        if isinstance(event, _RESULT_EVENTS) and event.generation != self.generation:
            return []  # an answer for a session that has ended
        method = getattr(self, f"_on_{type(event).__name__}")
        effects: list[Effect] = method(event)
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
            receipt=self._receipt,
            error=self._error,
            idle_warning=self._warning_at is not None and self._warning_shown,
            seconds_left=self._seconds_left,
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
        self._receipt: Receipt | None = None
        self._error: ErrorInfo | None = None
        self._retry: Request | None = None
        self._pending: Request | None = None
        self._warning_at: float | None = None
        self._expire_at: float | None = None
        self._warning_shown = False
        self._seconds_left: float | None = None

    def _go(self, state: State, now: float, *, busy: bool = False) -> None:
        self.state = state
        self._busy = busy
        self._restart_idle(now)

    def _restart_idle(self, now: float) -> None:
        self._warning_shown = False
        self._seconds_left = None
        if self.state in _NO_IDLE or self._busy:
            self._warning_at = self._expire_at = None
            return
        self._warning_at = now + self.timing.idle_seconds
        self._expire_at = self._warning_at + self.timing.warning_seconds

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
        self._clear()
        self.generation += 1
        self.card_reader = event.reader
        self._go(State.READING, event.now, busy=True)
        return self._request(ReadCardAndCheck(self.generation, event.reader))

    def _on_CardRemoved(self, event: CardRemoved) -> list[Effect]:
        if event.reader != self.card_reader:
            return []
        self.card_reader = None
        self._clear()
        self.generation += 1
        self.state = State.ATTRACT
        return [EndSession()]

    def _on_CardReadOk(self, event: CardReadOk) -> list[Effect]:
        record = event.record
        self._record = record
        self._patient = PatientView(None, mask_name(record.name), mask_id(record.ssn))
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
        if event.kept_receipt is not None:
            self._receipt = event.kept_receipt
            self._go(State.RECEIPT, event.now)
            return [MarkReceiptShown(event.kept_receipt.visit_id)]
        if elig.decision == Decision.NOT_LINKED:
            self._go(State.FIRST_TIME, event.now)
            return []
        if elig.decision == Decision.NOT_ELIGIBLE:
            self._go(State.NOT_ELIGIBLE, event.now)
            return []
        with_charges = [v for v in elig.open_visits if v.unsettled_total_fen > 0]
        if elig.open_visits:
            visit = (with_charges or list(elig.open_visits))[0]
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
        self._go(State.RECEIPT, event.now)
        return [MarkReceiptShown(event.receipt.visit_id)]

    def _on_SettlementPending(self, event: SettlementPending) -> list[Effect]:
        if self.state == State.SETTLING:
            self._confirming = True
            self._next_confirm_at = event.now + self.timing.confirm_every_seconds
        return []

    def _on_BackendUnavailable(self, event: BackendUnavailable) -> list[Effect]:
        if self.state == State.SETTLING:
            # Never a second payment: keep asking about this one, with the same key.
            return self._on_SettlementPending(SettlementPending(event.generation, event.now))
        return self._fail(ErrorInfo("backend", event.kind, True), self._pending, event.now)

    def _on_RequestRejected(self, event: RequestRejected) -> list[Effect]:
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
        if self.state != State.ITINERARY or self._busy or self._itinerary is None:
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
        if self.state == State.SETTLING:
            return []  # the payment must be confirmed first; the screen says so
        return self._finish(event.now)

    def _on_ExtendTime(self, event: ExtendTime) -> list[Effect]:
        if self._warning_at is not None:
            self._restart_idle(event.now)
        return []

    def _on_Tick(self, event: Tick) -> list[Effect]:
        if (self.state == State.SETTLING and self._next_confirm_at is not None
                and event.now >= self._next_confirm_at and self._bill is not None):
            self._next_confirm_at = None  # the answer (pending again or final) sets the next
            return [ConfirmSettlement(self.generation, self._bill.visit_id)]
        if self._expire_at is None or self._warning_at is None:
            return []
        if event.now >= self._expire_at:
            return self._finish(event.now)
        if event.now >= self._warning_at:
            self._warning_shown = True
            self._seconds_left = self._expire_at - event.now
        return []
