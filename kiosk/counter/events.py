"""What happens at the counter, as data: staff intents, the effects the session asks for, and
the results those effects end in (``kiosk.counter.session`` decides, ``kiosk.counter.runner``
does). Frozen dataclasses, no behaviour; results carry the generation of the effect that
produced them (``Failed`` the effect itself). The payment effects are the kiosk's own
(``kiosk.flow.session.LoadBill``, ``Settle``, ``ConfirmSettlement``): the same work, on the
counter's journal and channel.

Any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kiosk.client.errors import Failure
from kiosk.client.models import Bill, Department
from kiosk.client.staff import StaffPatientView, StaffSession
from kiosk.domain.card import CardRecord
from kiosk.flow.models import Receipt

# The same payment effects as the kiosk's: the bill of a visit, settling it through the
# journal for the amounts staff saw, and asking again by the same key.
from kiosk.flow.session import ConfirmSettlement, LoadBill, Settle

LINK_ACTIONS = ("unlink", "suspend", "reinstate")
REFUND = "refund"

# Message codes besides the backend's reason codes (the window and ``messages`` word them).
BUSY = "busy"
FIRST_TIME = "first_time"
LINKED = "linked"
REFUNDED = "refunded"
SETTLEMENT_UNKNOWN = "settlement_unknown"
SIGNED_OUT = "signed_out"
EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Message:
    """A line for staff: a code (a reason code or one of the codes above) or a failure."""

    level: str  # "error" | "notice"
    code: str = ""
    failure: Failure | None = None
    request_id: str = ""


# ---------------------------------------------------------------------------------------------
# Intents: what staff asked for on a screen.


@dataclass(frozen=True, slots=True)
class SignIn:
    username: str
    password: str = field(repr=False)
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class SignOut:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ReadCard:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class FindPatient:
    ssn: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CreatePatient:
    insurance_type: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class StartLink:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class SubmitLink:
    consent_given: bool
    identity_verified: bool
    signature_png: bytes = field(repr=False)  # empty: nothing was signed
    payment_method_type: str
    payment_method_reference: str
    consent_text: str = field(repr=False)
    signed_at: datetime
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class StartReason:
    action: str  # unlink | suspend | reinstate | refund
    target: int  # the patient id, or the settlement id for a refund
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ConfirmReason:
    reason: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Cancel:
    """Leave the link or reason form without sending anything."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class PayDebt:
    """Staff asked to mark a debt paid: the session shows it for confirmation first."""

    debt_id: int
    channel: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class ConfirmDebt:
    """Staff confirm the debt shown (``PayDebt`` only shows it): mark it paid now."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CheckIn:
    department_code: str
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class OpenClinic:
    """Clinic mode: go to the clinic desk, where staff run the patient's whole journey."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CloseClinic:
    """Clinic mode: back to the counter desk (linking, debts, refunds)."""

    now: float = 0.0


@dataclass(frozen=True, slots=True)
class OpenPayment:
    visit_id: int
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class TakePayment:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class BackToPatient:
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Activity:
    """Keyboard, mouse, touch or pen input: staff are still there."""

    now: float


@dataclass(frozen=True, slots=True)
class Tick:
    now: float


# ---------------------------------------------------------------------------------------------
# Effects: what to do. The runner carries them out and answers with the events further down.


@dataclass(frozen=True, slots=True)
class Authenticate:
    generation: int
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class EndStaffSession:
    """Tell the backend the staff session is over (best effort); answers nothing."""

    generation: int


@dataclass(frozen=True, slots=True)
class LoadDepartments:
    generation: int


@dataclass(frozen=True, slots=True)
class ReadPatientCard:
    """Read the card in the reader, then find its holder."""

    generation: int


@dataclass(frozen=True, slots=True)
class SearchPatient:
    generation: int
    ssn: str


@dataclass(frozen=True, slots=True)
class RegisterPatient:
    generation: int
    card: CardRecord
    insurance_type: str


@dataclass(frozen=True, slots=True)
class LoadPatient:
    generation: int
    patient_id: int


@dataclass(frozen=True, slots=True)
class SendLink:
    generation: int
    patient_id: int
    body: dict[str, object] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ChangeLink:
    generation: int
    patient_id: int
    action: str  # unlink | suspend | reinstate
    reason: str


@dataclass(frozen=True, slots=True)
class Refund:
    generation: int
    patient_id: int
    settlement_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class SettleDebt:
    generation: int
    patient_id: int
    debt_id: int
    channel: str
    amount_fen: int


@dataclass(frozen=True, slots=True)
class CounterCheckIn:
    generation: int
    patient_id: int
    department_code: str


@dataclass(frozen=True, slots=True)
class FinishOpen:
    """Finish the counter payments left open in the journal (recovery rules of the kiosk)."""

    generation: int


Effect = (
    Authenticate | EndStaffSession | LoadDepartments | ReadPatientCard | SearchPatient
    | RegisterPatient | LoadPatient | SendLink | ChangeLink | Refund | SettleDebt
    | CounterCheckIn | LoadBill | Settle | ConfirmSettlement | FinishOpen
)
# Effects that run in the background while staff go on working.
BACKGROUND = (EndStaffSession, LoadDepartments, FinishOpen)
# Effects that change the patient's account: after a failure, show what really happened.
ACCOUNT_CHANGES = (RegisterPatient, SendLink, ChangeLink, Refund, SettleDebt, CounterCheckIn)


# ---------------------------------------------------------------------------------------------
# Results: what the effects ended in.


@dataclass(frozen=True, slots=True)
class SignedIn:
    generation: int
    staff: StaffSession


@dataclass(frozen=True, slots=True)
class DepartmentsLoaded:
    generation: int
    departments: tuple[Department, ...]


@dataclass(frozen=True, slots=True)
class CardIdentified:
    """The card was read; ``patient`` is None for a card the backend does not know yet."""

    generation: int
    card: CardRecord
    patient: StaffPatientView | None


@dataclass(frozen=True, slots=True)
class PatientFound:
    generation: int
    patient: StaffPatientView | None  # None: no patient with that ID number


@dataclass(frozen=True, slots=True)
class PatientLoaded:
    generation: int
    patient: StaffPatientView
    notice: str = ""  # LINKED or REFUNDED after those actions


@dataclass(frozen=True, slots=True)
class BillLoaded:
    generation: int
    bill: Bill
    outcome_unknown: bool = False  # the journal holds an open payment for this visit


@dataclass(frozen=True, slots=True)
class SettlementFinished:
    generation: int
    visit_id: int
    receipt: Receipt


@dataclass(frozen=True, slots=True)
class SettlementPending:
    """The payment's outcome is not known yet; it stays open in the journal."""

    generation: int
    visit_id: int
    code: str = ""


@dataclass(frozen=True, slots=True)
class SettlementRejected:
    """Nothing was charged under the payment's key; a new tap is a new payment."""

    generation: int
    visit_id: int
    code: str


@dataclass(frozen=True, slots=True)
class OpenSettlementsChecked:
    generation: int
    finished: tuple[Receipt, ...] = ()
    rejected: tuple[int, ...] = ()  # visit ids
    still_open: tuple[int, ...] = ()  # visit ids
    backend_away: bool = False


@dataclass(frozen=True, slots=True)
class Failed:
    """``effect`` ended in ``failure`` (``kiosk.client.errors.classify``)."""

    effect: Effect
    failure: Failure
    request_id: str = ""

    @property
    def generation(self) -> int:
        return self.effect.generation


Result = (
    SignedIn | DepartmentsLoaded | CardIdentified | PatientFound | PatientLoaded | BillLoaded
    | SettlementFinished | SettlementPending | SettlementRejected | OpenSettlementsChecked
    | Failed
)
RESULTS = (
    SignedIn, DepartmentsLoaded, CardIdentified, PatientFound, PatientLoaded, BillLoaded,
    SettlementFinished, SettlementPending, SettlementRejected, OpenSettlementsChecked, Failed,
)
Intent = (
    SignIn | SignOut | ReadCard | FindPatient | CreatePatient | StartLink | SubmitLink
    | StartReason | ConfirmReason | Cancel | PayDebt | ConfirmDebt | CheckIn | OpenPayment
    | TakePayment | CheckOutcome | BackToPatient | OpenClinic | CloseClinic | Activity | Tick
)
Event = Intent | Result


# ---------------------------------------------------------------------------------------------
