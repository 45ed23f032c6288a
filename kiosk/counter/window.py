"""The counter's main window: shows each ``CounterView`` and sends staff's intents back.

``show_view`` puts up the screen of the view's state (``kiosk.counter.session.State``), the
signed-in staff member, the message line (refusals and notices, worded by
``kiosk.counter.messages``; never text from a backend message) and what each screen shows. The
screens' signals become the session's intents (``kiosk.counter.events``), handed to
``CounterController.dispatch``; the window decides nothing itself. In clinic mode the window
also holds the clinic desk (``kiosk.counter.clinic_screen``), fed by the
``kiosk.counter.clinic.ClinicController``; the top bar's button moves between the clinic and
the counter desk; and the customer-facing window (``kiosk.counter.customer_window``), when one
is attached, shows the same patient session to the patient and sends the patient's confirm
tap to it. Above the screens, the calls for help from kiosks and, for supervisors, the fleet
view's button (``kiosk.counter.supervision``).

Threads: GUI thread only.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent
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

from kiosk.counter import consent
from kiosk.counter import events as ev
from kiosk.counter import messages as cm
from kiosk.counter.clinic import ClinicController
from kiosk.counter.clinic_screen import ClinicScreen
from kiosk.counter.controller import CounterController
from kiosk.counter.customer_window import CustomerWindow
from kiosk.counter.debt_screen import DebtConfirmScreen
from kiosk.counter.forms import LinkScreen, ReasonScreen, SignInScreen
from kiosk.counter.i18n import current_language, install_language
from kiosk.counter.patient_screen import PatientScreen
from kiosk.counter.payment_screen import PaymentScreen
from kiosk.counter.session import CounterView, State
from kiosk.counter.supervision import Supervision
from kiosk.domain.money import format_yuan
from kiosk.qt.theme import PALETTE

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
    def __init__(self, controller: CounterController, *, clinic: ClinicController | None = None,
                 customer: CustomerWindow | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.clinic_controller = clinic
        self.customer = customer
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
        self.desk_button = QPushButton()
        self.desk_button.setObjectName("desk")
        bar = QHBoxLayout(self.top_bar)
        bar.addWidget(self.app_title)
        bar.addStretch(1)
        bar.addWidget(self.desk_button)
        self.supervision = Supervision(controller)  # calls for help, the fleet view
        bar.addWidget(self.supervision.fleet_button)
        bar.addWidget(self.supervision.finance_button)
        bar.addWidget(self.supervision.refunds_button)
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
        self.debt_confirm = DebtConfirmScreen()
        self.clinic = ClinicScreen()
        self.clinic.set_customer_screen(customer is not None)
        self.stack = QStackedWidget()
        self.screens = {"signin": self.signin, "patient": self.patient,
                        "link": self.link_screen, "payment": self.payment,
                        "reason": self.reason, "confirm_debt": self.debt_confirm,
                        "clinic": self.clinic}
        for screen in self.screens.values():
            self.stack.addWidget(screen)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.top_bar)
        inner = QVBoxLayout()
        inner.setContentsMargins(12, 6, 12, 12)
        inner.addWidget(self.supervision.help_alerts)
        inner.addWidget(self.message)
        inner.addWidget(self.busy_label)
        inner.addWidget(self.stack, 1)
        layout.addLayout(inner, 1)
        self.setCentralWidget(central)
        self._view = controller.view()
        self._connect()
        self.translateUI()
        self.show_view(self._view)

    # --- wiring ----------------------------------------------------------------------------
    def _connect(self) -> None:
        send = self.controller.dispatch
        p, link, pay, why = self.patient, self.link_screen, self.payment, self.reason
        self.language_button.clicked.connect(self.toggle_language)
        self.sign_out_button.clicked.connect(lambda: send(ev.SignOut()))
        self.signin.sign_in_requested.connect(lambda user, pw: send(ev.SignIn(user, pw)))
        p.read_card_requested.connect(lambda: send(ev.ReadCard()))
        p.find_requested.connect(lambda ssn: send(ev.FindPatient(ssn)))
        p.create_requested.connect(lambda kind: send(ev.CreatePatient(kind)))
        p.link_requested.connect(lambda: send(ev.StartLink()))
        p.reason_requested.connect(lambda action, target: send(ev.StartReason(action, target)))
        p.pay_debt_requested.connect(lambda debt, channel: send(ev.PayDebt(debt, channel)))
        p.check_in_requested.connect(lambda code: send(ev.CheckIn(code)))
        p.payment_requested.connect(lambda visit: send(ev.OpenPayment(visit)))
        link.link_submitted.connect(self._submit_link)
        link.cancelled.connect(lambda: send(ev.Cancel()))
        pay.pay_requested.connect(lambda: send(ev.TakePayment()))
        pay.check_requested.connect(lambda: send(ev.CheckOutcome()))
        pay.back_requested.connect(lambda: send(ev.BackToPatient()))
        why.confirmed.connect(lambda _action, _target, text: send(ev.ConfirmReason(text)))
        why.cancelled.connect(lambda: send(ev.Cancel()))
        self.debt_confirm.confirmed.connect(lambda: send(ev.ConfirmDebt()))
        self.debt_confirm.cancelled.connect(lambda: send(ev.Cancel()))
        self.controller.view_changed.connect(self.show_view)
        self.desk_button.clicked.connect(
            lambda: send(ev.CloseClinic() if self._view.state == State.CLINIC
                         else ev.OpenClinic()))
        desk = self.clinic_controller
        if desk is not None:
            self.clinic.intent.connect(desk.intent)
            self.clinic.read_card_requested.connect(desk.read_card)
            self.clinic.end_requested.connect(desk.end)
            desk.view_changed.connect(self.clinic.show_view)
            self.clinic.show_view(desk.view())
            if self.customer is not None:
                self.customer.intent.connect(desk.intent)
                desk.view_changed.connect(self.customer.show_view)
                self.customer.show_view(desk.view())

    def _submit_link(self) -> None:
        s = self.link_screen
        self.controller.dispatch(ev.SubmitLink(
            consent_given=s.consent_box.isChecked(), identity_verified=s.identity_box.isChecked(),
            signature_png=b"" if s.signature.is_empty() else s.signature.to_png(),
            payment_method_type=s.method_combo.currentData(),
            payment_method_reference=s.reference.text(),
            consent_text=consent.consent_document(), signed_at=datetime.now(UTC)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.supervision.close()  # no more polling for calls for help, no chime
        super().closeEvent(event)

    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, screen in self.screens.items() if screen is widget)

    # --- showing ---------------------------------------------------------------------------
    def show_view(self, view: CounterView) -> None:
        before, self._view = self._view, view
        if before.staff is not None and view.staff is None:
            self.link_screen.signature.clear()
            self.patient.ssn_edit.clear()
            self.signin.reset(view.signed_out_reason)
        if view.staff != before.staff:
            self.patient.show_session(view.staff)
            self.translateUI()
        if view.departments != before.departments:
            self.patient.show_departments(view.departments)
            self.payment.show_departments(view.departments)
        if (view.patient, view.card) != (before.patient, before.card):
            self.patient.show_patient(view.patient, view.card)
        if view.state == State.LINK and before.state != State.LINK and view.patient:
            self.link_screen.start(view.patient)
        if view.state == State.REASON and before.state != State.REASON:
            self.reason.start(view.reason_action, view.reason_target)
        self.link_screen.show_problems([cm.problem_text(p) for p in view.link_problems])
        self.reason.show_problem(cm.problem_text(view.reason_problem)
                                 if view.reason_problem else "")
        self.payment.show(view.bill, view.receipt, view.outcome_unknown)
        self.debt_confirm.show_debt(view.debt_to_confirm, view.patient)
        self.stack.setCurrentWidget(self.screens[view.state.value])
        signed_in = view.staff is not None
        self.desk_button.setVisible(signed_in and view.clinic_mode)
        self.desk_button.setEnabled(not view.busy)
        self._desk_text()
        self.sign_out_button.setVisible(signed_in)
        self.supervision.follow(view.staff)
        self.staff_label.setVisible(signed_in)
        self.busy_label.setVisible(view.busy)
        self.stack.setEnabled(not view.busy)
        self._show_message(view)

    def _show_message(self, view: CounterView) -> None:
        message = view.message
        text = "" if message is None else self._message_text(message, view)
        if view.state == State.SIGNED_OUT:
            self.message.clear()
            self.message.hide()
            if text:
                self.signin.show_error(text)
            return
        kind = "error" if message is None else message.level
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _message_text(self, message: ev.Message, view: CounterView) -> str:
        if message.code == ev.FIRST_TIME:
            return self.tr("First visit: create the patient record, then link the card.")
        if message.code == ev.LINKED and view.patient is not None:
            link = view.patient.link
            return self.tr("Card linked. Decision: {decision}. Credit limit: {limit}.").format(
                decision=self.patient.decision_text(view.patient.eligibility.decision.value),
                limit=format_yuan(link.credit_limit_fen if link else 0))
        return cm.message_text(message)

    def _desk_text(self) -> None:
        self.desk_button.setText(self.tr("Counter desk") if self._view.state == State.CLINIC
                                 else self.tr("Clinic desk"))

    # --- language --------------------------------------------------------------------------
    def toggle_language(self) -> None:
        app = QApplication.instance()
        install_language(app, "en" if current_language() == "zh_CN" else "zh_CN")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
            self._show_message(self._view)
        super().changeEvent(event)

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Payment counter"))
        self.app_title.setText(self.tr("Payment counter · see the doctor first, pay later"))
        self.language_button.setText("English" if current_language() == "zh_CN" else "中文")
        self.sign_out_button.setText(self.tr("Sign out"))
        self._desk_text()
        self.busy_label.setText(self.tr("Working…"))
        staff = self._view.staff
        if staff is not None:
            role = {"clerk": self.tr("clerk"), "supervisor": self.tr("supervisor"),
                    "admin": self.tr("admin")}.get(staff.role, staff.role)
            self.staff_label.setText(self.tr("Staff {id} ({role})").format(
                id=staff.staff_id, role=role))
