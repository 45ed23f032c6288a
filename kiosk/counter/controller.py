"""The counter's one actor: every card read and backend call, and what it tells the window.

``CounterController`` holds the staff session (``StaffClient``), the patient on screen and the
counter settlements whose outcome is not known yet. Each action runs its blocking work through
``kiosk.qt.background.Background`` (never on the GUI thread) and answers with a signal; the
window decides what to show. While one action runs, new ones are refused (``busy``), so a
double click cannot send a request twice.

The staff session ends on sign-out, after ``idle_timeout_ms`` without keyboard, mouse, touch
or pen input (an application-wide event filter), and when the backend answers
``unauthenticated``; all personal data is then dropped from memory and the screens.

Counter settlement: the idempotency key of a payment is made once and kept
(``PendingSettlement``) until the outcome is known; an unknown outcome is resolved with the
status query and, if the backend never saw it, re-sent with the SAME key, so money taken at the
counter is recorded once. Link, unlink, debt payment and refund are each one request; after a
network failure the patient view is reloaded so staff see what really happened.

Threads: construct and call every method on the GUI thread; the ``op`` closures passed to the
background pool are the only code that runs elsewhere, and they touch no Qt object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kiosk.card import read_insurance_card
from kiosk.client.api import new_idempotency_key
from kiosk.client.errors import BackendError, BackendRejected
from kiosk.client.models import Bill, Settlement, SettlementStatus
from kiosk.client.staff import (
    PatientView,
    StaffClient,
    StaffSession,
    link_body,
    sign_in,
)
from kiosk.client.transport import BackendConfig
from kiosk.counter import messages, rules
from kiosk.counter.rules import PendingSettlement
from kiosk.domain.card import CardRecord
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

DEFAULT_IDLE_MINUTES = 10
CARD_TIMEOUT = 6.0

_ACTIVITY_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})

CardReader = Callable[[], CardRecord]


class CounterController(QObject):
    signed_in = Signal(object)  # StaffSession
    signed_out = Signal(str)  # "signed_out" | "expired"
    busy_changed = Signal(bool)
    failed = Signal(str)  # a sentence for staff
    notice = Signal(str)
    patient_changed = Signal(object)  # PatientView | None
    first_time = Signal(object)  # CardRecord of a patient the backend does not know
    card_read = Signal(object)  # CardRecord
    linked = Signal(object)  # PatientView after a link
    departments_loaded = Signal(object)  # tuple[Department, ...]
    bill_loaded = Signal(object)  # Bill
    settled = Signal(object)  # Settlement
    settlement_unknown = Signal(object)  # PendingSettlement

    def __init__(self, config: BackendConfig, *, idle_timeout_ms: int = DEFAULT_IDLE_MINUTES
                 * 60_000, card_reader: CardReader | None = None,
                 background: Background | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.background = background or Background(threads=2)
        self._card_reader = card_reader or (lambda: read_insurance_card(timeout=CARD_TIMEOUT))
        self.client: StaffClient | None = None
        self.session: StaffSession | None = None
        self.view: PatientView | None = None
        self.card: CardRecord | None = None
        self.pending: dict[int, PendingSettlement] = {}
        self._busy = 0
        self._generation = 0  # bumped on sign-out: late answers of the old session are dropped
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_timeout_ms)
        self.idle_timer.timeout.connect(self._idle_expired)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # --- plumbing --------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy > 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.session is not None and event.type() in _ACTIVITY_EVENTS:
            self.idle_timer.start()
        return False

    def _run(self, op: Callable[[], Any], success: Callable[[Any], None],
             failure: Callable[[BaseException], None] | None = None, *,
             needs_session: bool = True) -> bool:
        if self.busy:
            self.notice.emit(messages.tr(messages.BUSY))
            return False
        if needs_session and self.client is None:
            self.failed.emit(messages.reason_text("unauthenticated"))
            return False
        generation = self._generation
        self._set_busy(+1)

        def ok(result: Any) -> None:
            self._set_busy(-1)
            if generation == self._generation:
                success(result)

        def bad(error: BaseException) -> None:
            self._set_busy(-1)
            if generation != self._generation:
                return
            log.warning("counter action failed: %s %s", *rules.classify(error))
            if rules.ends_session(error) and self.session is not None:
                self.sign_out(expired=True)
                return
            (failure or self._show_error)(error)

        self.background.run(op, ok, bad)
        return True

    def _set_busy(self, delta: int) -> None:
        was = self.busy
        self._busy = max(0, self._busy + delta)
        if was != self.busy:
            self.busy_changed.emit(self.busy)

    def _show_error(self, error: BaseException) -> None:
        self.failed.emit(messages.error_text(error))

    def _show_error_and_reload(self, error: BaseException) -> None:
        """A refusal changed nothing; a network failure may have: show the real state."""
        self._show_error(error)
        if self.view is not None and isinstance(error, BackendError):
            self.reload()

    def shutdown(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.background.shutdown(10.0)
        if self.client is not None:
            self.client.close()

    # --- session ---------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> bool:
        config = self.config

        def op() -> tuple[StaffSession, StaffClient]:
            session = sign_in(config, username, password)
            return session, StaffClient(config, session)

        def ok(result: tuple[StaffSession, StaffClient]) -> None:
            self.session, self.client = result
            log.info("staff %d signed in (%s)", self.session.staff_id, self.session.role)
            self.idle_timer.start()
            self.signed_in.emit(self.session)
            self.load_departments()

        return self._run(op, ok, needs_session=False)

    def sign_out(self, *, expired: bool = False) -> None:
        """End the session now: forget everything personal, tell the backend (best effort)."""
        client = self.client
        self._generation += 1
        self.idle_timer.stop()
        self.client = self.session = self.view = self.card = None
        self.pending.clear()
        self._busy = 0
        self.busy_changed.emit(False)
        self.patient_changed.emit(None)
        self.signed_out.emit("expired" if expired else "signed_out")
        if client is not None:
            def op() -> None:
                try:
                    client.sign_out()
                finally:
                    client.close()

            self.background.run(op, lambda _r: None, lambda _e: None)

    def _idle_expired(self) -> None:
        if self.session is not None:
            log.info("staff session ended after inactivity")
            self.sign_out(expired=True)

    def load_departments(self) -> None:
        client = self.client
        if client is None:
            return
        self.background.run(client.departments, self.departments_loaded.emit,
                            lambda _e: None)

    # --- the patient -----------------------------------------------------------------------
    def _show_view(self, view: PatientView) -> None:
        self.view = view
        self.patient_changed.emit(view)

    def read_card(self) -> bool:
        """Read the card in the reader, then find its holder (None: first-time patient)."""
        client, reader = self.client, self._card_reader

        def op() -> tuple[CardRecord, PatientView | None]:
            card = reader()
            assert client is not None
            return card, client.find_patient(card.ssn)

        def ok(result: tuple[CardRecord, PatientView | None]) -> None:
            card, view = result
            self.card = card
            self.card_read.emit(card)
            if view is None:
                self.view = None
                self.patient_changed.emit(None)
                self.first_time.emit(card)
            else:
                self._show_view(view)

        return self._run(op, ok)

    def find_by_ssn(self, ssn: str) -> bool:
        client = self.client
        ssn = ssn.strip().upper()

        def op() -> PatientView | None:
            assert client is not None
            return client.find_patient(ssn)

        def ok(view: PatientView | None) -> None:
            self.card = None
            if view is None:
                self.view = None
                self.patient_changed.emit(None)
                self.failed.emit(messages.reason_text("patient_not_found"))
            else:
                self._show_view(view)

        return self._run(op, ok)

    def reload(self) -> bool:
        client, view = self.client, self.view
        if view is None:
            return False
        patient_id = view.patient.patient_id
        return self._run(lambda: client.patient(patient_id), self._show_view)  # type: ignore[union-attr]

    def create_patient(self, insurance_type: str) -> bool:
        client, card = self.client, self.card
        if card is None:
            self.failed.emit(messages.card_text("no_card"))
            return False

        def op() -> PatientView:
            assert client is not None
            try:
                return client.create_patient(card, insurance_type)
            except BackendRejected as err:
                if err.code == "patient_exists":  # created meanwhile: show it
                    found = client.find_patient(card.ssn)
                    if found is not None:
                        return found
                raise

        return self._run(op, self._show_view)

    # --- the credit link -------------------------------------------------------------------
    def link(self, *, consent_text: str, signature_png: bytes, identity_verified: bool,
             payment_method_type: str, payment_method_reference: str) -> bool:
        client, view = self.client, self.view
        if view is None:
            return False
        try:
            body = link_body(
                identity_verified=identity_verified, consent_text=consent_text,
                signature_png=signature_png, signed_at=datetime.now(UTC),
                payment_method_type=payment_method_type,
                payment_method_reference=payment_method_reference)
        except ValueError as exc:
            self._show_error(exc)
            return False
        patient_id = view.patient.patient_id

        def ok(new_view: PatientView) -> None:
            self._show_view(new_view)
            self.linked.emit(new_view)

        return self._run(lambda: client.link(patient_id, body), ok,  # type: ignore[union-attr]
                         self._show_error_and_reload)

    def change_link(self, action: str, reason: str) -> bool:
        """``unlink``, ``suspend`` or ``reinstate`` with a reason."""
        client, view = self.client, self.view
        if view is None or action not in ("unlink", "suspend", "reinstate"):
            return False
        problem = rules.reason_problem(reason)
        if problem:
            self.failed.emit(messages.problem_text(problem))
            return False
        patient_id = view.patient.patient_id

        def op() -> PatientView:
            assert client is not None
            return getattr(client, action)(patient_id, reason.strip())

        return self._run(op, self._show_view, self._show_error_and_reload)

    # --- money -----------------------------------------------------------------------------
    def pay_debt(self, debt_id: int, channel: str) -> bool:
        client, view = self.client, self.view
        if view is None:
            return False
        debt = next((d for d in view.debts if d.debt_id == debt_id), None)
        if debt is None or not debt.is_open:
            self.failed.emit(messages.reason_text("debt_not_open"))
            return False
        patient_id, amount = view.patient.patient_id, debt.amount_fen

        def op() -> PatientView:
            assert client is not None
            client.pay_debt(debt_id, channel, amount)
            return client.patient(patient_id)

        return self._run(op, self._show_view, self._show_error_and_reload)

    def check_in_at_counter(self, department_code: str) -> bool:
        client, view = self.client, self.view
        if view is None:
            return False
        patient_id = view.patient.patient_id

        def op() -> PatientView:
            assert client is not None
            client.check_in_at_counter(patient_id, department_code)
            return client.patient(patient_id)

        return self._run(op, self._show_view, self._show_error_and_reload)

    def load_bill(self, visit_id: int) -> bool:
        client = self.client
        return self._run(lambda: client.bill(visit_id), self.bill_loaded.emit)  # type: ignore[union-attr]

    def take_payment(self, bill: Bill) -> bool:
        """Record the patient's payment of ``bill`` at the counter, exactly once."""
        pending = self.pending.get(bill.visit_id)
        if pending is None:
            pending = PendingSettlement(bill.visit_id, new_idempotency_key(),
                                        bill.split.medfee_sumamt_fen, bill.split.psn_cash_pay_fen)
            self.pending[bill.visit_id] = pending
        return self._send_settlement(pending)

    def _send_settlement(self, pending: PendingSettlement) -> bool:
        client = self.client

        def op() -> Settlement:
            assert client is not None
            return client.settle_at_counter(pending.visit_id, pending.key,
                                            pending.expected_medfee_sumamt_fen,
                                            pending.expected_psn_cash_pay_fen)

        def bad(error: BaseException) -> None:
            if rules.keep_key_after(error):
                self.settlement_unknown.emit(pending)
                self.failed.emit(messages.tr(messages.SETTLEMENT_UNKNOWN))
                return
            self.pending.pop(pending.visit_id, None)
            if isinstance(error, BackendRejected) and error.code == "already_settled":
                self.failed.emit(messages.reason_text(error.code))
                self.reload()
                return
            self._show_error(error)
            if isinstance(error, BackendRejected) and error.code == "amount_changed":
                self.load_bill_after_change(pending.visit_id)

        return self._run(op, self._settled, bad)

    def load_bill_after_change(self, visit_id: int) -> None:
        QTimer.singleShot(0, lambda: self.load_bill(visit_id))

    def _settled(self, settlement: Settlement) -> None:
        self.pending.pop(settlement.visit_id, None)
        self.settled.emit(settlement)
        QTimer.singleShot(0, self.reload)

    def check_outcome(self, visit_id: int) -> bool:
        """Resolve a payment whose outcome is unknown, with the same key."""
        pending = self.pending.get(visit_id)
        client = self.client
        if pending is None:
            return False

        def op() -> SettlementStatus:
            assert client is not None
            return client.settlement_status(pending.key)

        def ok(status: SettlementStatus) -> None:
            if status.state == "settled" and status.settlement is not None:
                self._settled(status.settlement)
            elif status.state == "in_progress":
                self.failed.emit(messages.reason_text("settlement_in_progress"))
                self.settlement_unknown.emit(pending)
            else:  # never reached the backend, or ended without a settlement: same key again
                QTimer.singleShot(0, lambda: self._send_settlement(pending))

        def bad(error: BaseException) -> None:
            self._show_error(error)
            self.settlement_unknown.emit(pending)

        return self._run(op, ok, bad)

    def refund(self, settlement_id: int, reason: str) -> bool:
        client = self.client
        problem = rules.reason_problem(reason)
        if problem:
            self.failed.emit(messages.problem_text(problem))
            return False

        def op() -> Settlement:
            assert client is not None
            return client.reverse(settlement_id, reason.strip())

        def ok(settlement: Settlement) -> None:
            self.notice.emit(messages.tr(messages.REFUNDED))
            self.settled.emit(settlement)
            self.reload()

        return self._run(op, ok, self._show_error_and_reload)

