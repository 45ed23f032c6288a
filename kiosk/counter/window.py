"""The counter's main window: the one place that decides which screen shows.

It connects the screens' intents to ``CounterController`` actions and the controller's answers
to the screens, and switches screens in ``show_screen``. A top bar shows the signed-in staff
member, the language switch and "Sign out"; a message line under it shows refusals and notices
(never personal data from a backend message: texts come from ``kiosk.counter.messages``).

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.models import Bill, Settlement
from kiosk.client.staff import PatientView, StaffSession
from kiosk.counter import consent, rules
from kiosk.counter import messages as cm
from kiosk.counter.controller import CounterController
from kiosk.counter.i18n import current_language, install_language
from kiosk.counter.rules import PendingSettlement
from kiosk.counter.screens import (
    LinkScreen,
    PatientScreen,
    PaymentScreen,
    ReasonScreen,
    SignInScreen,
)
from kiosk.domain.card import CardRecord
from kiosk.domain.money import format_yuan
from kiosk.qt.theme import PALETTE

SCREENS = ("signin", "patient", "link", "payment", "reason")

STYLE = """
QWidget {{ font-size: 15px; color: {text}; }}
QMainWindow, QStackedWidget > QWidget {{ background: {background}; }}
QWidget#topBar {{ background: {topbar}; }}
QWidget#topBar QLabel, QWidget#topBar QPushButton {{ color: {on_topbar}; }}
QWidget#topBar QPushButton {{ background: transparent; border: 1px solid {on_topbar};
    border-radius: 4px; padding: 4px 12px; }}
QLabel[role="title"] {{ font-size: 24px; font-weight: bold; }}
QLabel[role="big"] {{ font-size: 22px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {muted}; }}
QLabel[role="alert"], QLabel#message[kind="error"] {{ background: {alert}; color: {on_alert};
    padding: 6px; }}
QLabel[role="notice"], QLabel#message[kind="notice"] {{ background: {notice};
    color: {on_notice}; padding: 6px; }}
QGroupBox {{ background: {surface}; border: 1px solid {border}; border-radius: 4px;
    margin-top: 14px; padding: 8px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QGroupBox QLabel {{ font-weight: normal; }}
QPushButton {{ background: {surface}; border: 1px solid {border}; border-radius: 4px;
    padding: 4px 14px; }}
QPushButton[role="primary"] {{ background: {primary}; color: {on_primary};
    border-color: {primary}; }}
QPushButton[role="pay"] {{ background: {pay}; color: {on_pay}; border-color: {pay}; }}
QPushButton:disabled {{ background: {disabled}; color: {on_disabled};
    border-color: {disabled}; }}
QPushButton:pressed {{ background: {pressed}; color: {on_primary}; }}
"""


class CounterWindow(QMainWindow):
    def __init__(self, controller: CounterController) -> None:
        super().__init__()
        self.controller = controller
        self.setMinimumSize(1366, 768)
        self.setStyleSheet(STYLE.format(**PALETTE))

        self.top_bar = QWidget()
        self.top_bar.setObjectName("topBar")
        self.app_title = QLabel()
        self.staff_label = QLabel()
        self.staff_label.setObjectName("staffLabel")
        self.language_button = QPushButton()
        self.language_button.setObjectName("language")
        self.sign_out_button = QPushButton()
        self.sign_out_button.setObjectName("signOut")
        bar = QHBoxLayout(self.top_bar)
        bar.addWidget(self.app_title)
        bar.addStretch(1)
        bar.addWidget(self.staff_label)
        bar.addWidget(self.language_button)
        bar.addWidget(self.sign_out_button)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busy")
        self.busy_label.hide()

        self.signin = SignInScreen()
        self.patient = PatientScreen()
        self.link_screen = LinkScreen()
        self.payment = PaymentScreen()
        self.reason = ReasonScreen()
        self.stack = QStackedWidget()
        self.screens = {"signin": self.signin, "patient": self.patient,
                        "link": self.link_screen, "payment": self.payment,
                        "reason": self.reason}
        for screen in self.screens.values():
            self.stack.addWidget(screen)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.top_bar)
        inner = QVBoxLayout()
        inner.setContentsMargins(12, 6, 12, 12)
        inner.addWidget(self.message)
        inner.addWidget(self.busy_label)
        inner.addWidget(self.stack, 1)
        layout.addLayout(inner, 1)
        self.setCentralWidget(central)
        self._connect()
        self.translateUI()
        self.show_screen("signin")

    # --- wiring ----------------------------------------------------------------------------
    def _connect(self) -> None:
        c = self.controller
        self.language_button.clicked.connect(self.toggle_language)
        self.sign_out_button.clicked.connect(lambda: c.sign_out())
        self.signin.sign_in_requested.connect(c.sign_in)
        self.patient.read_card_requested.connect(self._read_card)
        self.patient.find_requested.connect(self._find)
        self.patient.create_requested.connect(self._intent(c.create_patient))
        self.patient.link_requested.connect(self._start_link)
        self.patient.reason_requested.connect(self._start_reason)
        self.patient.pay_debt_requested.connect(self._intent(c.pay_debt))
        self.patient.check_in_requested.connect(self._intent(c.check_in_at_counter))
        self.patient.payment_requested.connect(self._intent(c.load_bill))
        self.link_screen.link_submitted.connect(self._submit_link)
        self.link_screen.cancelled.connect(lambda: self.show_screen("patient"))
        self.payment.pay_requested.connect(self._take_payment)
        self.payment.check_requested.connect(self._check_outcome)
        self.payment.back_requested.connect(self._back_from_payment)
        self.reason.confirmed.connect(self._confirm_reason)
        self.reason.cancelled.connect(lambda: self.show_screen("patient"))

        c.signed_in.connect(self._signed_in)
        c.signed_out.connect(self._signed_out)
        c.failed.connect(self._failed)
        c.notice.connect(lambda text: self.show_message(text, "notice"))
        c.busy_changed.connect(self._busy)
        c.patient_changed.connect(self._patient_changed)
        c.first_time.connect(self._first_time)
        c.linked.connect(self._linked)
        c.departments_loaded.connect(self.patient.show_departments)
        c.bill_loaded.connect(self._bill_loaded)
        c.settled.connect(self._settled)
        c.settlement_unknown.connect(self._settlement_unknown)

    def _intent(self, action):  # type: ignore[no-untyped-def]
        def run(*args: object) -> None:
            self.clear_message()
            action(*args)
        return run

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.screens[name])
        signed_in = self.controller.session is not None
        self.sign_out_button.setVisible(signed_in)
        self.staff_label.setVisible(signed_in)

    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, screen in self.screens.items() if screen is widget)

    def show_message(self, text: str, kind: str = "error") -> None:
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    # --- intents ---------------------------------------------------------------------------
    def _read_card(self) -> None:
        self.clear_message()
        self.controller.read_card()

    def _find(self, ssn: str) -> None:
        self.clear_message()
        self.controller.find_by_ssn(ssn)

    def _start_link(self) -> None:
        view = self.controller.view
        if view is not None:
            self.clear_message()
            self.link_screen.start(view)
            self.show_screen("link")

    def _submit_link(self) -> None:
        s = self.link_screen
        problems = rules.link_problems(
            consent_given=s.consent_box.isChecked(), identity_verified=s.identity_box.isChecked(),
            signature_empty=s.signature.is_empty(), reference=s.reference.text())
        if problems:
            s.show_problems([cm.problem_text(p) for p in problems])
            return
        s.show_problems([])
        self.clear_message()
        self.controller.link(
            consent_text=consent.consent_document(), signature_png=s.signature.to_png(),
            identity_verified=True, payment_method_type=s.method_combo.currentData(),
            payment_method_reference=s.reference.text())

    def _start_reason(self, action: str, target: int) -> None:
        self.clear_message()
        self.reason.start(action, target)
        self.show_screen("reason")

    def _confirm_reason(self, action: str, target: int, reason: str) -> None:
        problem = rules.reason_problem(reason)
        if problem:
            self.reason.show_problem(cm.problem_text(problem))
            return
        self.clear_message()
        started = (self.controller.refund(target, reason) if action == "refund"
                   else self.controller.change_link(action, reason))
        if started:
            self.show_screen("patient")

    def _take_payment(self) -> None:
        if self.payment.bill is not None:
            self.clear_message()
            self.controller.take_payment(self.payment.bill)

    def _check_outcome(self) -> None:
        if self.payment.bill is not None:
            self.clear_message()
            self.controller.check_outcome(self.payment.bill.visit_id)

    def _back_from_payment(self) -> None:
        self.show_screen("patient")
        self.controller.reload()

    # --- answers ---------------------------------------------------------------------------
    def _signed_in(self, session: StaffSession) -> None:
        self.clear_message()
        self.patient.clear()
        self.patient.show_session(session)
        self.translateUI()
        self.show_screen("patient")

    def _signed_out(self, why: str) -> None:
        for screen in (self.link_screen, self.payment):
            screen.setEnabled(True)
        self.link_screen.signature.clear()
        self.payment.bill = self.payment.settlement = None
        self.patient.clear()
        self.patient.show_session(None)
        self.clear_message()
        self.signin.reset(why)
        self.show_screen("signin")

    def _failed(self, text: str) -> None:
        if self.current_screen() == "signin":
            self.signin.show_error(text)
        else:
            self.show_message(text, "error")

    def _busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.stack.setEnabled(not busy)

    def _patient_changed(self, view: PatientView | None) -> None:
        self.patient.show_patient(view, self.controller.card)

    def _first_time(self, card: CardRecord) -> None:
        self.patient.show_patient(None, card)
        self.show_screen("patient")
        self.show_message(self.tr(
            "First visit: create the patient record, then link the card."), "notice")

    def _linked(self, view: PatientView) -> None:
        e = view.eligibility
        limit = view.link.credit_limit_fen if view.link else 0
        self.show_screen("patient")
        self.show_message(self.tr(
            "Card linked. Decision: {decision}. Credit limit: {limit}.").format(
                decision=self.patient._decision(e.decision.value), limit=format_yuan(limit)),
            "notice")

    def _bill_loaded(self, bill: Bill) -> None:
        self.payment.show_bill(bill)
        if bill.visit_id in self.controller.pending:
            self.payment.show_unknown()
        self.show_screen("payment")

    def _settled(self, settlement: Settlement) -> None:
        if self.current_screen() == "payment":
            self.payment.show_settlement(settlement)

    def _settlement_unknown(self, _pending: PendingSettlement) -> None:
        self.payment.show_unknown()

    # --- language --------------------------------------------------------------------------
    def toggle_language(self) -> None:
        app = QApplication.instance()
        install_language(app, "en" if current_language() == "zh_CN" else "zh_CN")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Payment counter"))
        self.app_title.setText(self.tr("Payment counter · see the doctor first, pay later"))
        self.language_button.setText("English" if current_language() == "zh_CN" else "中文")
        self.sign_out_button.setText(self.tr("Sign out"))
        self.busy_label.setText(self.tr("Working…"))
        session = self.controller.session
        if session is not None:
            role = {"clerk": self.tr("clerk"), "supervisor": self.tr("supervisor"),
                    "admin": self.tr("admin")}.get(session.role, session.role)
            self.staff_label.setText(self.tr("Staff {id} ({role})").format(
                id=session.staff_id, role=role))
