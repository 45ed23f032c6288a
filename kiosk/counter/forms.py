"""The counter's forms: sign-in (username and password); the credit link (consent text,
versioned, Chinese and English; the patient's consent box; the signature pad; the
identity-checked box; the payment method; then "Link"); the reason for an unlink, suspend,
reinstate or refund. They show what they are given and emit what staff asked for.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.staff import StaffPatientView
from kiosk.counter import consent
from kiosk.counter.i18n import current_language
from kiosk.counter.screen_kit import CounterScreen, button, label
from kiosk.counter.signature import SignaturePad

# --- sign in -----------------------------------------------------------------------------


class SignInScreen(CounterScreen):
    sign_in_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = label("signInTitle", role="title")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in_button = button("signIn", "primary")
        self.message = label("signInMessage", role="alert")
        self.username_label, self.password_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        box = QWidget()
        box.setFixedWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.sign_in_button)
        inner.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.sign_in_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self._reason = ""
        self.translateUI()
        self.message.hide()

    def _submit(self) -> None:
        self.message.clear()
        self.message.hide()
        self.sign_in_requested.emit(self.username.text().strip(), self.password.text())

    def reset(self, reason: str = "") -> None:
        """Back to an empty form; ``reason`` ``expired`` says why staff must sign in again."""
        self.password.clear()
        self._reason = reason
        self.translateUI()
        self.message.setVisible(bool(reason))

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def translateUI(self) -> None:
        self.title.setText(self.tr("Counter sign-in"))
        self.username_label.setText(self.tr("Username"))
        self.password_label.setText(self.tr("Password"))
        self.sign_in_button.setText(self.tr("Sign in"))
        if self._reason == "expired":
            self.message.setText(self.tr(
                "Your session ended after a period of inactivity. Please sign in again."))
        elif self._reason == "signed_out":
            self.message.setText(self.tr("You have signed out."))



# --- linking -----------------------------------------------------------------------------


PAYMENT_METHODS = ("bank_card", "wechat", "alipay")


class LinkScreen(CounterScreen):
    link_submitted = Signal()
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = label("linkTitle", role="title")
        self.patient_line = label("linkPatient")
        self.version = label("consentVersion", role="muted")
        self.consent_view = QPlainTextEdit()
        self.consent_view.setObjectName("consentText")
        self.consent_view.setReadOnly(True)
        self.consent_box = QCheckBox()
        self.consent_box.setObjectName("consentGiven")
        self.signature_label = QLabel()
        self.signature = SignaturePad()
        self.clear_button = button("clearSignature")
        self.identity_box = QCheckBox()
        self.identity_box.setObjectName("identityVerified")
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("paymentMethod")
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.setMaxLength(64)
        self.problems = label("linkProblems", role="alert")
        self.submit_button = button("submitLink", "primary")
        self.cancel_button = button("cancelLink")

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.patient_line)
        left.addWidget(self.version)
        left.addWidget(self.consent_view, 1)
        left.addWidget(self.consent_box)
        right = QVBoxLayout()
        sig_row = QHBoxLayout()
        sig_row.addWidget(self.signature_label, 1)
        sig_row.addWidget(self.clear_button)
        right.addLayout(sig_row)
        right.addWidget(self.signature, 1)
        right.addWidget(self.identity_box)
        self.method_label, self.reference_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.method_label, self.method_combo)
        form.addRow(self.reference_label, self.reference)
        right.addLayout(form)
        right.addWidget(self.problems)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self.clear_button.clicked.connect(self.signature.clear)
        self.submit_button.clicked.connect(self.link_submitted)
        self.cancel_button.clicked.connect(self.cancelled)
        self._view: StaffPatientView | None = None
        self.translateUI()
        self.problems.hide()

    def start(self, view: StaffPatientView) -> None:
        """A fresh form for this patient."""
        self._view = view
        self.consent_box.setChecked(False)
        self.identity_box.setChecked(False)
        self.signature.clear()
        self.reference.clear()
        self.method_combo.setCurrentIndex(0)
        self.show_problems([])
        self.translateUI()

    def show_problems(self, texts: list[str]) -> None:
        self.problems.setText("\n".join(texts))
        self.problems.setVisible(bool(texts))

    def translateUI(self) -> None:
        self.title.setText(self.tr("Link the card to pay-later"))
        if self._view is not None:
            p = self._view.patient
            self.patient_line.setText(f"{p.name}  {p.ssn}  {p.card_number}")
        self.version.setText(self.tr("Consent text version {version}").format(
            version=consent.CONSENT_VERSION))
        self.consent_view.setPlainText(consent.consent_for_display(current_language()))
        self.consent_box.setText(self.tr("The patient has read the consent and agrees"))
        self.signature_label.setText(self.tr("Patient's signature:"))
        self.clear_button.setText(self.tr("Clear"))
        self.identity_box.setText(self.tr(
            "I checked the card holder's identity against the photo ID"))
        self.method_label.setText(self.tr("Payment method"))
        self.reference_label.setText(self.tr("Reference"))
        self.reference.setPlaceholderText(self.tr("e.g. 6222****1234"))
        current = self.method_combo.currentIndex()
        self.method_combo.clear()
        for code, text in zip(PAYMENT_METHODS, (self.tr("bank card"), self.tr("WeChat Pay"),
                                                self.tr("Alipay")), strict=True):
            self.method_combo.addItem(text, code)
        self.method_combo.setCurrentIndex(max(current, 0))
        self.submit_button.setText(self.tr("Link"))
        self.cancel_button.setText(self.tr("Cancel"))



# --- a reason for a link change or a refund ------------------------------------------------


class ReasonScreen(CounterScreen):
    confirmed = Signal(str, int, str)  # action, target id, reason
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.target = 0
        self.title = label("reasonTitle", role="title")
        self.explain = label("reasonExplain")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(500)
        self.problem = label("reasonProblem", role="alert")
        self.confirm_button = button("confirmReason", "primary")
        self.cancel_button = button("cancelReason")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        box = QWidget()
        box.setFixedWidth(760)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.explain)
        inner.addWidget(self.reason)
        inner.addWidget(self.problem)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.confirm_button.clicked.connect(
            lambda: self.confirmed.emit(self.action, self.target, self.reason.text()))
        self.cancel_button.clicked.connect(self.cancelled)
        self.translateUI()
        self.problem.hide()

    def start(self, action: str, target: int) -> None:
        self.action, self.target = action, target
        self.reason.clear()
        self.show_problem("")
        self.translateUI()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def translateUI(self) -> None:
        titles = {
            "unlink": self.tr("Unlink the card"),
            "suspend": self.tr("Suspend pay-later"),
            "reinstate": self.tr("Reinstate pay-later (supervisor)"),
            "refund": self.tr("Refund settlement {number} (supervisor)").format(
                number=self.target),
        }
        self.title.setText(titles.get(self.action, ""))
        self.explain.setText(self.tr(
            "Enter the reason. It is kept in the audit log with your staff id."))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.confirm_button.setText(self.tr("Confirm"))
        self.cancel_button.setText(self.tr("Cancel"))
