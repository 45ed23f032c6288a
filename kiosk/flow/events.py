"""The patient session's vocabulary: its states, the events it takes, the effects it asks
for, and the view it shows (``kiosk.flow.session.Session`` is the machine that uses them).

Events say what happened (a card event, a result of earlier work, a patient's intent, a
clock tick); results carry the generation of the effect that produced them. Effects say what
to do; ``kiosk.flow.runner`` carries them out. ``SessionView`` is everything a screen may
show. All are frozen data: pure, any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kiosk.domain.card import CardErrorCode, CardRecord
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
    PAYMENT_PENDING = "payment_pending"  # no answer in time: reference, never twice, the counter
    NOT_PAID = "not_paid"  # the card came out before paying: "you have not paid yet" (briefly)
    RECEIPT = "receipt"
    FIRST_TIME = "first_time"  # not linked: go to the counter once
    NOT_ELIGIBLE = "not_eligible"  # the traditional pay-first way
    ERROR = "error"  # the one error state: retry or abort
    TAKE_CARD = "take_card"  # "please take your card"


@dataclass(frozen=True, slots=True)
class Timing:
    """Idle timing. WCAG 2.2.1: the warning gives at least 20 s to answer and can be extended."""

    idle_seconds: float = 60.0
    warning_seconds: float = 30.0
    confirm_every_seconds: float = 5.0  # while a payment's outcome is unknown
    payment_patience_seconds: float = 60.0  # then the honest "payment pending" screen
    notice_seconds: float = 12.0  # what a pulled card leaves on screen before "insert card"
    # Care mode: no countdown shorter than two minutes, and a long time to answer the warning.
    care_idle_seconds: float = 120.0
    care_warning_seconds: float = 120.0

    def __post_init__(self) -> None:
        if self.warning_seconds < 20:
            raise ValueError("the idle warning must give at least 20 seconds to answer")
        if min(self.care_idle_seconds, self.care_warning_seconds) < 120:
            raise ValueError("care mode gives at least two minutes for everything")


# ---------------------------------------------------------------------------------------------
# Events: what happened. Results carry the generation of the effect that produced them.


@dataclass(frozen=True, slots=True)
class PendingPayment:
    """A payment whose outcome is not known yet, as the patient may see it: the visit, the
    amount the patient agreed to, and the reference the counter looks it up by."""

    visit_id: int
    psn_cash_pay_fen: int
    reference: str

    @staticmethod
    def reference_for(visit_id: int) -> str:
        """The reference before the journal names one: the visit number the counter knows."""
        return f"V{visit_id:06d}"


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
    """The card was read. ``today`` (the kiosk's local date) lets the session work out the
    patient's age for the care-mode offer; the age itself is never kept or shown."""

    generation: int
    record: CardRecord
    now: float = 0.0
    today: date | None = None


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
    open_payment: PendingPayment | None = None  # one still unconfirmed after trying again
    # the itinerary of the visit a returning patient sees first, when the answer carried it
    itinerary: ItineraryView | None = None
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
class BackendStatus:
    """Whether the backend answers at all (the controller's periodic check and every call):
    while it does not, the attract screen says so before a card goes in."""

    reachable: bool
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class LinkSpeed:
    """Whether the link to the backend is slow (``kiosk.flow.link.link_is_slow`` over the
    last calls' round trips): while it is, the attract screen says each step may take
    longer."""

    slow: bool
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Tick:
    now: float


class ScannerState(StrEnum):
    """The QR scanner as the attract screen tells it (``kiosk.flow.voucher``)."""

    NONE = "none"  # none fitted: the kiosk takes cards only, and says nothing of a scanner
    READY = "ready"
    MISSING = "missing"  # configured, but not there or cannot be opened
    REMOVED = "removed"  # unplugged while running; picked up again when plugged back


@dataclass(frozen=True, slots=True)
class VoucherScanned:
    """A code was scanned: the e-insurance voucher's token (opaque, short-lived, never
    logged, never the identity). Taken only where no patient is being served
    (``kiosk.flow.voucher.accepts_scan``)."""

    voucher: str = field(repr=False)
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ScanUnreadable:
    """Something was scanned, but it is not a usable code."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ScannerStatus:
    """The QR scanner came, went or cannot be opened (the kiosk's, outlives sessions)."""

    status: ScannerState
    now: float = 0.0


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


@dataclass(frozen=True, slots=True)
class SetCareMode:
    """Care mode (长辈模式) on or off: larger everything, voice on, long time limits."""

    on: bool
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class SetVoice:
    """Voice guidance on or off (any screen)."""

    on: bool
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CallForHelp:
    """The patient asks for a member of staff (answered by the ``RequestHelp`` effect)."""

    now: float = 0.0


class HelpStage(StrEnum):
    """What the kiosk tells the patient about a call for help (``kiosk.flow.help``)."""

    SENDING = "sending"
    COMING = "coming"  # the backend has it: someone is coming
    ON_THE_WAY = "on_the_way"  # staff acknowledged it
    FAILED = "failed"  # it could not be sent: go to the counter


@dataclass(frozen=True, slots=True)
class HelpAnswered:
    """The backend has the kiosk's call for help (``RequestHelp``, ``CheckHelp``)."""

    help_id: int
    acknowledged: bool
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class HelpFailed:
    """A call about help did not get through: the request itself (``help_id`` None) or a
    check of the open request ``help_id``."""

    help_id: int | None = None
    now: float = 0.0


Event = (
    CardInserted | CardRemoved | CardReadOk | CardReadFailed | EligibilityReceived | CheckedIn
    | ItineraryReceived | BillReceived | SettlementFinished | SettlementPending
    | BackendUnavailable | RequestRejected | BackendStatus | LinkSpeed | Tick | ChooseDepartment
    | ChooseAppointment | ConfirmCheckIn | Back | ShowBill | ConfirmPayment | Retry | Finish
    | ExtendTime | SetCareMode | SetVoice | CallForHelp | HelpAnswered | HelpFailed
    | VoucherScanned | ScanUnreadable
    | ScannerStatus
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
class CheckVoucher:
    """Ask the backend about a scanned voucher (``POST /v1/eligibility/voucher``): answered
    like ``CheckEligibility``. The token is opaque and never logged."""

    generation: int
    voucher: str = field(repr=False)


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
class RequestHelp:
    """Ask for staff to come to this kiosk. Carries the screen the patient is on and nothing
    about the patient (the kiosk's name and place are the runner's to add)."""

    screen: str


@dataclass(frozen=True, slots=True)
class CheckHelp:
    """Ask whether staff have acknowledged the kiosk's open call for help."""

    help_id: int


@dataclass(frozen=True, slots=True)
class EndSession:
    """Forget the session's data. In-flight settlements go on in the journal regardless."""


# The requests the error screen can retry, and the state each retry shows while it runs.
Request = ReadCardAndCheck | CheckEligibility | CheckVoucher | CheckIn | LoadItinerary | LoadBill
RETRY_STATES: dict[type[Request], State] = {
    ReadCardAndCheck: State.READING,
    CheckEligibility: State.READING,
    CheckVoucher: State.READING,
    CheckIn: State.CHECK_IN,
    LoadItinerary: State.ITINERARY,
    LoadBill: State.BILL,
}

Effect = (Request | Settle | ConfirmSettlement | MarkReceiptShown | EndSession | RequestHelp
          | CheckHelp)

RESULT_EVENTS = (
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
    payment: PendingPayment | None  # while a payment is unconfirmed (SETTLING, PAYMENT_PENDING)
    card_in: bool
    out_of_service: bool
    receipt: Receipt | None
    error: ErrorInfo | None
    idle_warning: bool
    seconds_left: float | None
    care: bool = False  # care mode (长辈模式): the patient's choice, ends with the session
    voice: bool = False  # voice guidance: on with care mode, or switched on alone
    care_offer: bool = False  # the card's patient is 65 or more: offer care mode, once
    link_slow: bool = False  # the backend answers, slowly: steps may take longer
    by_voucher: bool = False  # this patient came in by the e-insurance QR code, not a card
    scanner: ScannerState = ScannerState.NONE  # the QR scanner, as the attract screen says
    help: HelpStage | None = None  # a call for help, as the kiosk tells it (kiosk.flow.help)
