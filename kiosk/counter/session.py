"""The counter's staff session as a state machine that knows no UI and does no I/O.

``CounterSession.handle(event)`` is the only way the session changes: it takes one event (what
staff asked for on a screen, the result of earlier work, a clock tick, input activity), moves
to the next state and returns the effects to carry out, as data. ``kiosk.counter.runner``
carries them out and answers with another event; ``kiosk.counter.controller`` feeds both ways
and shows ``CounterSession.view()``; the window attaches a screen to each ``State``.

The rules the session keeps:

- one staff action at a time: while one runs (``busy``), a new one is refused with a notice, so
  a double click never sends a request twice. Background work (the departments list, finishing
  open settlements, ending a staff session on the backend) does not make the session busy;
- every effect carries the generation it was issued in; signing out (by hand, after
  ``Timing.idle_seconds`` without input, or when the backend says ``unauthenticated``) drops all
  personal data and starts a new generation, so late answers for the old one are dropped;
- a debt is marked paid only after staff confirm it: "pay selected debt" shows the patient
  (masked), the debt, its amount and the channel (``State.CONFIRM_DEBT``, ``DebtToConfirm``);
  only ``ConfirmDebt`` sends it, ``Cancel`` sends nothing;
- every failure arrives as ``Failed`` (the effect and its ``kiosk.client.errors.Failure``): the
  session decides what staff see and what happens next. After a failed change to a patient's
  account the patient view is reloaded, so staff see what really happened;
- a counter payment goes through the counter's journal (the runner's business): its outcome is
  finished, pending (not known yet: "check outcome" asks again with the same key, never a new
  one) or rejected. Open payments are finished on sign-in and whenever the backend answers
  again after it was away (``FinishOpen``);
- in clinic mode (``clinic=True``: a clinic whose one PC is both counter and kiosk) staff land
  on the clinic desk (``State.CLINIC``) after signing in, and move between it and the counter
  desk (``OpenClinic``, ``CloseClinic``). The patient's journey at the clinic desk is the
  kiosk's own patient session (``kiosk.counter.clinic``), not this one.

Threads: not thread-safe by design; the GUI thread owns the session. Tests call it from theirs.
Time comes in with the events (``now``), so the idle timeout is tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.client.errors import Failure, FailureKind
from kiosk.client.models import Bill, Department
from kiosk.client.staff import PatientDebt, StaffPatientView, StaffSession, link_body
from kiosk.counter import events as ev
from kiosk.counter import rules
from kiosk.domain.card import CardRecord
from kiosk.flow.models import Receipt


class State(StrEnum):
    """Which screen shows; the values are the window's screen names."""

    SIGNED_OUT = "signin"
    PATIENT = "patient"  # read a card or search; the patient's account and its actions
    LINK = "link"  # consent, signature, identity check, payment method
    PAYMENT = "payment"  # a visit paid at the counter
    REASON = "reason"  # the reason for unlink, suspend, reinstate or refund
    CONFIRM_DEBT = "confirm_debt"  # the debt, its amount and the patient; staff confirm
    CLINIC = "clinic"  # clinic mode: the patient's whole journey, run by staff


@dataclass(frozen=True, slots=True)
class Timing:
    idle_seconds: float = 600.0


@dataclass(frozen=True, slots=True)
class DebtToConfirm:
    """The debt staff asked to mark paid, and how the patient pays it: shown until confirmed."""

    debt: PatientDebt
    channel: str


@dataclass(frozen=True, slots=True)
class CounterView:
    """Everything a screen may show, and nothing more."""

    state: State
    busy: bool
    staff: StaffSession | None
    signed_out_reason: str  # "", ev.SIGNED_OUT or ev.EXPIRED
    patient: StaffPatientView | None
    card: CardRecord | None
    departments: tuple[Department, ...]
    bill: Bill | None
    receipt: Receipt | None
    outcome_unknown: bool
    reason_action: str
    reason_target: int
    link_problems: tuple[str, ...]
    reason_problem: str | None
    debt_to_confirm: DebtToConfirm | None
    message: ev.Message | None
    clinic_mode: bool = False


class CounterSession:
    """One counter station's staff session. See the module docstring for the rules."""

    def __init__(self, timing: Timing | None = None, *, clinic: bool = False) -> None:
        self.timing = timing or Timing()
        self.clinic = clinic
        self.generation = 0
        self.state = State.SIGNED_OUT
        self._signed_out_reason = ""
        self._message: ev.Message | None = None
        self._backend_away = False
        self._staff: StaffSession | None = None
        self._last_input = 0.0
        self._departments: tuple[Department, ...] = ()
        self._waiting: ev.Effect | None = None
        self._clear_patient()

    # -- public ------------------------------------------------------------------------------

    def handle(self, event: ev.Event) -> list[ev.Effect]:
        if isinstance(event, ev.RESULTS):
            if event.generation != self.generation:
                return []  # an answer for a staff session that has ended
            effects = self._result(event)
            if _answered(event):
                # The backend answers again: finish what was left open while it was away
                # (unless this is the answer of such a run).
                if (self._backend_away and self._staff is not None
                        and not isinstance(event, ev.OpenSettlementsChecked)):
                    effects.append(ev.FinishOpen(self.generation))
                self._backend_away = False
            return effects
        method = getattr(self, f"_on_{type(event).__name__}")
        intent_effects: list[ev.Effect] = method(event)
        return intent_effects

    def view(self) -> CounterView:
        return CounterView(
            state=self.state,
            busy=self._waiting is not None,
            staff=self._staff,
            signed_out_reason=self._signed_out_reason,
            patient=self._patient,
            card=self._card,
            departments=self._departments,
            bill=self._bill,
            receipt=self._receipt,
            outcome_unknown=self._outcome_unknown,
            reason_action=self._reason_action,
            reason_target=self._reason_target,
            link_problems=self._link_problems,
            reason_problem=self._reason_problem,
            debt_to_confirm=self._debt_to_confirm,
            message=self._message,
            clinic_mode=self.clinic,
        )

    # -- internals ---------------------------------------------------------------------------

    def _clear_patient(self) -> None:
        self._patient: StaffPatientView | None = None
        self._card: CardRecord | None = None
        self._bill: Bill | None = None
        self._receipt: Receipt | None = None
        self._outcome_unknown = False
        self._reason_action = ""
        self._reason_target = 0
        self._link_problems: tuple[str, ...] = ()
        self._reason_problem: str | None = None
        self._debt_to_confirm: DebtToConfirm | None = None

    def _action(self, effect: ev.Effect) -> list[ev.Effect]:
        """Start a staff action: the session is busy until its result comes back."""
        self._waiting = effect
        return [effect]

    def _may_act(self, now: float, *, needs_patient: bool = False) -> bool:
        """Whether a staff action may start now; clears the last message if so."""
        if self._staff is None:
            return False
        self._last_input = max(self._last_input, now)
        if self._waiting is not None:
            self._message = ev.Message("notice", ev.BUSY)
            return False
        if needs_patient and self._patient is None:
            return False
        self._message = None
        return True

    def _error(self, code: str) -> None:
        self._message = ev.Message("error", code)

    def _sign_out(self, reason: str) -> list[ev.Effect]:
        ended = self.generation
        was_signed_in = self._staff is not None
        self.generation += 1
        self._staff = None
        self._waiting = None
        self._departments = ()
        self._backend_away = False
        self._clear_patient()
        self.state = State.SIGNED_OUT
        self._signed_out_reason = reason
        self._message = None
        return [ev.EndStaffSession(ended)] if was_signed_in else []

    @property
    def _patient_id(self) -> int:
        assert self._patient is not None
        return self._patient.patient.patient_id

    # intents

    def _on_SignIn(self, event: ev.SignIn) -> list[ev.Effect]:
        if self._staff is not None or self._waiting is not None:
            return []
        self._message = None
        self._signed_out_reason = ""
        self._last_input = event.now
        return self._action(ev.Authenticate(self.generation, event.username, event.password))

    def _on_SignOut(self, event: ev.SignOut) -> list[ev.Effect]:
        if self._staff is None:
            return []
        return self._sign_out(ev.SIGNED_OUT)

    def _on_Activity(self, event: ev.Activity) -> list[ev.Effect]:
        self._last_input = max(self._last_input, event.now)
        return []

    def _on_Tick(self, event: ev.Tick) -> list[ev.Effect]:
        if self._staff is not None and event.now - self._last_input >= self.timing.idle_seconds:
            return self._sign_out(ev.EXPIRED)
        return []

    def _on_ReadCard(self, event: ev.ReadCard) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now):
            return []
        return self._action(ev.ReadPatientCard(self.generation))

    def _on_FindPatient(self, event: ev.FindPatient) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now):
            return []
        return self._action(ev.SearchPatient(self.generation, event.ssn.strip().upper()))

    def _on_CreatePatient(self, event: ev.CreatePatient) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now):
            return []
        if self._card is None:
            self._message = ev.Message("error", failure=Failure(FailureKind.CARD, "no_card"))
            return []
        return self._action(ev.RegisterPatient(self.generation, self._card, event.insurance_type))

    def _on_StartLink(self, event: ev.StartLink) -> list[ev.Effect]:
        if self.state == State.PATIENT and self._may_act(event.now, needs_patient=True):
            self._link_problems = ()
            self.state = State.LINK
        return []

    def _on_SubmitLink(self, event: ev.SubmitLink) -> list[ev.Effect]:
        if self.state != State.LINK or not self._may_act(event.now, needs_patient=True):
            return []
        self._link_problems = rules.link_problems(
            consent_given=event.consent_given, identity_verified=event.identity_verified,
            signature_empty=not event.signature_png, reference=event.payment_method_reference)
        if self._link_problems:
            return []
        try:
            body = link_body(
                identity_verified=event.identity_verified, consent_text=event.consent_text,
                signature_png=event.signature_png, signed_at=event.signed_at,
                payment_method_type=event.payment_method_type,
                payment_method_reference=event.payment_method_reference)
        except ValueError:
            self._message = ev.Message("error", failure=Failure(FailureKind.INPUT))
            return []
        return self._action(ev.SendLink(self.generation, self._patient_id, body))

    def _on_StartReason(self, event: ev.StartReason) -> list[ev.Effect]:
        if event.action not in (*ev.LINK_ACTIONS, ev.REFUND):
            return []
        if self.state == State.PATIENT and self._may_act(event.now, needs_patient=True):
            self._reason_action, self._reason_target = event.action, event.target
            self._reason_problem = None
            self.state = State.REASON
        return []

    def _on_ConfirmReason(self, event: ev.ConfirmReason) -> list[ev.Effect]:
        if self.state != State.REASON or not self._may_act(event.now, needs_patient=True):
            return []
        self._reason_problem = rules.reason_problem(event.reason)
        if self._reason_problem:
            return []
        reason = event.reason.strip()
        self.state = State.PATIENT
        if self._reason_action == ev.REFUND:
            return self._action(ev.Refund(self.generation, self._patient_id, self._reason_target,
                                       reason))
        return self._action(ev.ChangeLink(self.generation, self._patient_id, self._reason_action,
                                       reason))

    def _on_Cancel(self, event: ev.Cancel) -> list[ev.Effect]:
        if (self.state in (State.LINK, State.REASON, State.CONFIRM_DEBT)
                and self._waiting is None):
            self._message = None
            self._debt_to_confirm = None
            self.state = State.PATIENT
        return []

    def _open_debt(self, debt_id: int) -> PatientDebt | None:
        """The patient's debt ``debt_id`` if it is still open; else an error for staff."""
        assert self._patient is not None
        debt = next((d for d in self._patient.debts if d.debt_id == debt_id), None)
        if debt is None or not debt.is_open:
            self._error("debt_not_open")
            return None
        return debt

    def _on_PayDebt(self, event: ev.PayDebt) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now, needs_patient=True):
            return []
        debt = self._open_debt(event.debt_id)
        if debt is not None:
            self._debt_to_confirm = DebtToConfirm(debt, event.channel)
            self.state = State.CONFIRM_DEBT
        return []

    def _on_ConfirmDebt(self, event: ev.ConfirmDebt) -> list[ev.Effect]:
        asked = self._debt_to_confirm
        if (self.state != State.CONFIRM_DEBT or asked is None
                or not self._may_act(event.now, needs_patient=True)):
            return []
        self._debt_to_confirm = None
        self.state = State.PATIENT
        debt = self._open_debt(asked.debt.debt_id)
        if debt is None or debt.amount_fen != asked.debt.amount_fen:
            if debt is not None:
                self._error("amount_changed")
            return []
        return self._action(ev.SettleDebt(self.generation, self._patient_id, debt.debt_id,
                                       asked.channel, debt.amount_fen))

    def _on_CheckIn(self, event: ev.CheckIn) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now, needs_patient=True):
            return []
        return self._action(ev.CounterCheckIn(self.generation, self._patient_id,
                                           event.department_code))

    def _on_OpenPayment(self, event: ev.OpenPayment) -> list[ev.Effect]:
        if self.state != State.PATIENT or not self._may_act(event.now, needs_patient=True):
            return []
        return self._action(ev.LoadBill(self.generation, event.visit_id))

    def _on_TakePayment(self, event: ev.TakePayment) -> list[ev.Effect]:
        # Only from a shown bill, never while a payment of it is open or after it was paid:
        # a second click finds the session elsewhere and does nothing.
        if (self.state != State.PAYMENT or self._bill is None or self._receipt is not None
                or self._outcome_unknown or not self._may_act(event.now, needs_patient=True)):
            return []
        bill = self._bill
        return self._action(ev.Settle(self.generation, self._patient_id, bill.visit_id,
                                   bill.split.medfee_sumamt_fen, bill.split.psn_cash_pay_fen))

    def _on_CheckOutcome(self, event: ev.CheckOutcome) -> list[ev.Effect]:
        if (self.state != State.PAYMENT or self._bill is None or not self._outcome_unknown
                or not self._may_act(event.now)):
            return []
        return self._action(ev.ConfirmSettlement(self.generation, self._bill.visit_id))

    def _on_OpenClinic(self, event: ev.OpenClinic) -> list[ev.Effect]:
        if self.clinic and self.state == State.PATIENT and self._may_act(event.now):
            self.state = State.CLINIC
        return []

    def _on_CloseClinic(self, event: ev.CloseClinic) -> list[ev.Effect]:
        if self.state == State.CLINIC and self._may_act(event.now):
            self.state = State.PATIENT
        return []

    def _on_BackToPatient(self, event: ev.BackToPatient) -> list[ev.Effect]:
        if self.state != State.PAYMENT or not self._may_act(event.now, needs_patient=True):
            return []
        self.state = State.PATIENT
        self._bill, self._receipt, self._outcome_unknown = None, None, False
        return self._action(ev.LoadPatient(self.generation, self._patient_id))

    # results

    def _result(self, event: ev.Result) -> list[ev.Effect]:
        if not isinstance(event, ev.Failed | ev.OpenSettlementsChecked | ev.DepartmentsLoaded):
            self._waiting = None
        method = getattr(self, f"_on_{type(event).__name__}")
        effects: list[ev.Effect] = method(event)
        return effects

    def _on_SignedIn(self, event: ev.SignedIn) -> list[ev.Effect]:
        self._staff = event.staff
        self.state = State.CLINIC if self.clinic else State.PATIENT
        return [ev.LoadDepartments(self.generation), ev.FinishOpen(self.generation)]

    def _on_DepartmentsLoaded(self, event: ev.DepartmentsLoaded) -> list[ev.Effect]:
        self._departments = event.departments
        return []

    def _on_CardIdentified(self, event: ev.CardIdentified) -> list[ev.Effect]:
        self._clear_patient()
        self._card, self._patient = event.card, event.patient
        if event.patient is None:
            self._message = ev.Message("notice", ev.FIRST_TIME)
        return []

    def _on_PatientFound(self, event: ev.PatientFound) -> list[ev.Effect]:
        self._clear_patient()
        self._patient = event.patient
        if event.patient is None:
            self._error("patient_not_found")
        return []

    def _on_PatientLoaded(self, event: ev.PatientLoaded) -> list[ev.Effect]:
        self._patient = event.patient
        if event.notice == ev.LINKED:
            self.state = State.PATIENT
            self._message = ev.Message("notice", ev.LINKED)
        elif event.notice:
            self._message = ev.Message("notice", event.notice)
        return []

    def _on_BillLoaded(self, event: ev.BillLoaded) -> list[ev.Effect]:
        if self.state not in (State.PATIENT, State.PAYMENT):
            return []
        self._bill, self._receipt = event.bill, None
        self._outcome_unknown = event.outcome_unknown
        if event.outcome_unknown:
            self._error(ev.SETTLEMENT_UNKNOWN)
        self.state = State.PAYMENT
        return []

    def _paying(self, visit_id: int) -> bool:
        return self.state == State.PAYMENT and self._bill is not None \
            and self._bill.visit_id == visit_id

    def _on_SettlementFinished(self, event: ev.SettlementFinished) -> list[ev.Effect]:
        if not self._paying(event.visit_id):
            return []
        self._receipt, self._outcome_unknown = event.receipt, False
        return self._action(ev.LoadPatient(self.generation, self._patient_id))

    def _on_SettlementPending(self, event: ev.SettlementPending) -> list[ev.Effect]:
        self._backend_away = True  # the outcome was not heard: finish it when answers come
        if self._paying(event.visit_id):
            self._outcome_unknown = True
            self._error(ev.SETTLEMENT_UNKNOWN)
        return []

    def _on_SettlementRejected(self, event: ev.SettlementRejected) -> list[ev.Effect]:
        if not self._paying(event.visit_id):
            return []
        self._outcome_unknown = False
        if event.code == "settlement_not_found":  # nothing was ever written or sent
            return []
        self._error(event.code)
        if event.code == "amount_changed":
            return self._action(ev.LoadBill(self.generation, event.visit_id))
        if event.code == "already_settled":
            return self._action(ev.LoadPatient(self.generation, self._patient_id))
        return []

    def _on_OpenSettlementsChecked(self, event: ev.OpenSettlementsChecked) -> list[ev.Effect]:
        self._backend_away = self._backend_away or event.backend_away
        if self.state == State.PAYMENT and self._bill is not None and self._receipt is None:
            visit = self._bill.visit_id
            for receipt in event.finished:
                if receipt.visit_id == visit:
                    self._receipt, self._outcome_unknown, self._message = receipt, False, None
            if visit in event.rejected:
                self._outcome_unknown, self._message = False, None
        return []

    def _on_Failed(self, event: ev.Failed) -> list[ev.Effect]:
        effect, failure = event.effect, event.failure
        if failure.kind.backend_unavailable:
            self._backend_away = True
        if isinstance(effect, ev.BACKGROUND):
            return []  # staff were not waiting for it; it runs again later
        self._waiting = None
        if (failure.kind is FailureKind.REJECTED and failure.code == "unauthenticated"
                and self._staff is not None):
            return self._sign_out(ev.EXPIRED)
        self._message = ev.Message("error", failure=failure, request_id=event.request_id)
        if isinstance(effect, ev.Settle | ev.ConfirmSettlement):
            # Whatever went wrong, the payment may have been taken: never offer a new one
            # until "check outcome" has found out (the journal keeps it open meanwhile).
            if self._paying(effect.visit_id):
                self._outcome_unknown = True
                self._message = ev.Message("error", ev.SETTLEMENT_UNKNOWN)
            return []
        if isinstance(effect, ev.ReadPatientCard):
            self._clear_patient()
        if isinstance(effect, ev.ACCOUNT_CHANGES) and self._patient is not None:
            return self._action(ev.LoadPatient(self.generation, self._patient_id))
        return []


def _answered(event: ev.Result) -> bool:
    """Whether ``event`` proves the backend answers (a refusal is an answer too)."""
    if isinstance(event, ev.Failed):
        return event.failure.kind is FailureKind.REJECTED
    if isinstance(event, ev.OpenSettlementsChecked):
        return not event.backend_away
    return not isinstance(event, ev.SettlementPending)
