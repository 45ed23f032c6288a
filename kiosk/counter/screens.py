"""The counter's screens. They only show what they are given and emit what staff asked for;
they never call the backend or the card reader and never switch screens (``window`` does).

- ``SignInScreen``: username and password;
- ``PatientScreen``: read the card or search by ID number; the FULL identity (staff only, to
  check against the photo ID); link status, eligibility decision and reasons; open debts with
  due dates and overdue marks; visits; settlements; and the actions on each;
- ``LinkScreen``: consent text (versioned, Chinese and English), the patient's consent box,
  the signature pad, the identity-checked box, the payment method, then "Link";
- ``PaymentScreen``: a visit paid at the counter: the bill, the cash share, "record payment",
  and "check outcome" while a payment's outcome is unknown;
- ``ReasonScreen``: the reason for unlink, suspend, reinstate or refund.

Every screen sets its texts in ``translateUI()``, which runs again on ``LanguageChange``.
Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.models import Bill, Department, Settlement
from kiosk.client.staff import PatientView, StaffSession
from kiosk.counter import consent
from kiosk.counter import messages as cm
from kiosk.counter.i18n import current_language
from kiosk.domain.card import CardRecord
from kiosk.domain.money import format_yuan
from kiosk.ui import messages as patient_messages


def _label(name: str = "", *, wrap: bool = True, role: str = "") -> QLabel:
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        widget.setObjectName(name)
    if role:
        widget.setProperty("role", role)
    return widget


def _button(name: str, role: str = "") -> QPushButton:
    widget = QPushButton()
    widget.setObjectName(name)
    widget.setMinimumHeight(34)
    if role:
        widget.setProperty("role", role)
    return widget


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    """Rows of (id, cells); the id rides in the first cell's user data."""
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, row_id)
            table.setItem(r, c, item)
    if rows:
        table.selectRow(0)


def selected_id(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def _date(value: object) -> str:
    return value.isoformat() if value is not None else "—"  # type: ignore[attr-defined]


class CounterScreen(QWidget):
    """Base: ``translateUI`` on language change."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def translateUI(self) -> None:
        raise NotImplementedError


# --- sign in -----------------------------------------------------------------------------


class SignInScreen(CounterScreen):
    sign_in_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = _label("signInTitle", role="title")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in_button = _button("signIn", "primary")
        self.message = _label("signInMessage", role="alert")
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


# --- the patient -------------------------------------------------------------------------


INSURANCE_TYPES = ("310", "390")
DEBT_CHANNELS = ("cash", "card", "wechat", "alipay")


class PatientScreen(CounterScreen):
    read_card_requested = Signal()
    find_requested = Signal(str)
    create_requested = Signal(str)  # insurance type
    link_requested = Signal()
    reason_requested = Signal(str, int)  # action (unlink|suspend|reinstate|refund), target id
    pay_debt_requested = Signal(int, str)  # debt id, channel
    check_in_requested = Signal(str)  # department code
    payment_requested = Signal(int)  # visit id

    def __init__(self) -> None:
        super().__init__()
        self.view: PatientView | None = None
        self.card: CardRecord | None = None
        self.session: StaffSession | None = None
        self.departments: tuple[Department, ...] = ()

        self.read_card_button = _button("readCard", "primary")
        self.ssn_edit = QLineEdit()
        self.ssn_edit.setObjectName("ssnSearch")
        self.ssn_edit.setMaxLength(18)
        self.find_button = _button("findPatient")
        top = QHBoxLayout()
        top.addWidget(self.read_card_button)
        top.addSpacing(24)
        self.ssn_label = QLabel()
        top.addWidget(self.ssn_label)
        top.addWidget(self.ssn_edit, 1)
        top.addWidget(self.find_button)

        # identity
        self.identity_box = QGroupBox()
        self.identity_form = QFormLayout(self.identity_box)
        self.identity_values: dict[str, QLabel] = {}
        self.identity_names: dict[str, QLabel] = {}
        for key in ("name", "ssn", "gender", "birth_date", "card_number", "insurance_type",
                    "card_expiry_date"):
            name_label, value = QLabel(), _label(f"identity_{key}")
            self.identity_names[key], self.identity_values[key] = name_label, value
            self.identity_form.addRow(name_label, value)
        self.first_time_label = _label("firstTimeNotice", role="notice")
        self.insurance_combo = QComboBox()
        self.insurance_combo.setObjectName("insuranceType")
        self.create_button = _button("createPatient", "primary")
        first_row = QHBoxLayout()
        first_row.addWidget(self.insurance_combo, 1)
        first_row.addWidget(self.create_button)
        self.first_time_panel = QWidget()
        first_layout = QVBoxLayout(self.first_time_panel)
        first_layout.setContentsMargins(0, 0, 0, 0)
        first_layout.addWidget(self.first_time_label)
        first_layout.addLayout(first_row)
        self.identity_form.addRow(self.first_time_panel)

        # link and eligibility
        self.link_box = QGroupBox()
        link_layout = QVBoxLayout(self.link_box)
        self.link_status = _label("linkStatus")
        self.decision = _label("decision")
        self.reasons = _label("reasons")
        self.link_button = _button("link", "primary")
        self.suspend_button = _button("suspend")
        self.unlink_button = _button("unlink")
        self.reinstate_button = _button("reinstate")
        buttons = QGridLayout()
        buttons.addWidget(self.link_button, 0, 0)
        buttons.addWidget(self.suspend_button, 0, 1)
        buttons.addWidget(self.unlink_button, 1, 0)
        buttons.addWidget(self.reinstate_button, 1, 1)
        for widget in (self.link_status, self.decision, self.reasons):
            link_layout.addWidget(widget)
        link_layout.addStretch(1)
        link_layout.addLayout(buttons)

        # debts
        self.debts_box = QGroupBox()
        debts_layout = QVBoxLayout(self.debts_box)
        self.debts_table = _table("debts", 5)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("debtChannel")
        self.pay_debt_button = _button("payDebt", "pay")
        debt_row = QHBoxLayout()
        debt_row.addWidget(self.channel_combo, 1)
        debt_row.addWidget(self.pay_debt_button)
        debts_layout.addWidget(self.debts_table)
        debts_layout.addLayout(debt_row)

        # visits
        self.visits_box = QGroupBox()
        visits_layout = QVBoxLayout(self.visits_box)
        self.visits_table = _table("visits", 5)
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("department")
        self.check_in_button = _button("checkIn")
        self.payment_button = _button("takePayment", "pay")
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.department_combo, 1)
        visit_row.addWidget(self.check_in_button)
        visit_row.addWidget(self.payment_button)
        visits_layout.addWidget(self.visits_table)
        visits_layout.addLayout(visit_row)

        # settlements
        self.settlements_box = QGroupBox()
        settlements_layout = QVBoxLayout(self.settlements_box)
        self.settlements_table = _table("settlements", 6)
        self.refund_button = _button("refund")
        settlements_layout.addWidget(self.settlements_table)
        settlements_layout.addWidget(self.refund_button, 0, Qt.AlignmentFlag.AlignRight)

        grid = QGridLayout()
        grid.addWidget(self.identity_box, 0, 0)
        grid.addWidget(self.link_box, 0, 1)
        grid.addWidget(self.debts_box, 0, 2)
        grid.addWidget(self.visits_box, 1, 0, 1, 2)
        grid.addWidget(self.settlements_box, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

        self.read_card_button.clicked.connect(self.read_card_requested)
        self.find_button.clicked.connect(lambda: self.find_requested.emit(self.ssn_edit.text()))
        self.ssn_edit.returnPressed.connect(lambda: self.find_requested.emit(self.ssn_edit.text()))
        self.create_button.clicked.connect(
            lambda: self.create_requested.emit(self.insurance_combo.currentData()))
        self.link_button.clicked.connect(self.link_requested)
        self.suspend_button.clicked.connect(lambda: self._ask("suspend"))
        self.unlink_button.clicked.connect(lambda: self._ask("unlink"))
        self.reinstate_button.clicked.connect(lambda: self._ask("reinstate"))
        self.pay_debt_button.clicked.connect(self._pay_debt)
        self.check_in_button.clicked.connect(
            lambda: self.check_in_requested.emit(self.department_combo.currentData() or ""))
        self.payment_button.clicked.connect(self._payment)
        self.refund_button.clicked.connect(self._refund)
        self.translateUI()

    # --- intents -------------------------------------------------------------------------
    def _ask(self, action: str) -> None:
        if self.view is not None:
            self.reason_requested.emit(action, self.view.patient.patient_id)

    def _pay_debt(self) -> None:
        debt_id = selected_id(self.debts_table)
        if debt_id is not None:
            self.pay_debt_requested.emit(debt_id, self.channel_combo.currentData())

    def _payment(self) -> None:
        visit_id = selected_id(self.visits_table)
        if visit_id is not None:
            self.payment_requested.emit(visit_id)

    def _refund(self) -> None:
        settlement_id = selected_id(self.settlements_table)
        if settlement_id is not None:
            self.reason_requested.emit("refund", settlement_id)

    # --- showing -------------------------------------------------------------------------
    def show_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.render()

    def show_departments(self, departments: tuple[Department, ...]) -> None:
        self.departments = departments
        self.translateUI()

    def show_patient(self, view: PatientView | None, card: CardRecord | None) -> None:
        self.view, self.card = view, card
        self.render()

    def clear(self) -> None:
        self.ssn_edit.clear()
        self.show_patient(None, None)

    def render(self) -> None:
        view, card = self.view, self.card
        values: dict[str, str] = dict.fromkeys(self.identity_values, "—")
        if view is not None:
            p = view.patient
            values.update(name=p.name, ssn=p.ssn, gender=self._gender(p.gender),
                          birth_date=_date(p.birth_date), card_number=p.card_number,
                          insurance_type=self._insurance(p.insurance_type),
                          card_expiry_date=_date(p.card_expiry_date))
        elif card is not None:
            values.update(name=card.name, ssn=card.ssn,
                          gender=self._gender(card.gender.value if card.gender else None),
                          birth_date=_date(card.birth_date), card_number=card.card_number,
                          card_expiry_date=_date(card.expiry_date))
        for key, text in values.items():
            self.identity_values[key].setText(text)
        first_time = view is None and card is not None
        self.first_time_panel.setVisible(first_time)

        has = view is not None
        link = view.link if view else None
        status = link.status if link else None
        if not has:
            self.link_status.setText(self.tr("No patient loaded.") if not first_time else
                                     self.tr("Not registered yet."))
            self.decision.clear()
            self.reasons.clear()
        else:
            assert view is not None
            if link is None or status == "unlinked":
                self.link_status.setText(self.tr("Link: not linked"))
            else:
                self.link_status.setText(self.tr(
                    "Link: {status}\nCredit limit: {limit}\nPayment method: {method} {ref}"
                ).format(status=self._link_status(status), limit=format_yuan(
                    link.credit_limit_fen), method=self._method(link.payment_method_type),
                    ref=link.payment_method_ref))
            e = view.eligibility
            available = ("" if e.available_credit_fen is None else
                         self.tr("Available credit: {amount}").format(
                             amount=format_yuan(e.available_credit_fen)))
            self.decision.setText(self.tr("Decision: {decision}").format(
                decision=self._decision(e.decision.value)) + ("\n" + available if available
                                                              else ""))
            self.reasons.setText("\n".join(
                "• " + patient_messages.tr(patient_messages.for_reason(r).title) + f" ({r})"
                for r in e.reasons))
        self.link_button.setEnabled(has and status in (None, "unlinked"))
        self.suspend_button.setEnabled(has and status == "linked")
        self.unlink_button.setEnabled(has and status in ("linked", "suspended"))
        # supervisor-only actions stay offered to every role: the backend decides, and a
        # clerk who tries gets the clear "ask a supervisor" message
        self.reinstate_button.setEnabled(has and status == "suspended")

        debts = view.debts if view else ()
        _fill(self.debts_table, [
            (d.debt_id, [str(d.debt_id), format_yuan(d.amount_fen), d.due_date.isoformat(),
                         self._debt_status(d.status),
                         self.tr("OVERDUE") if d.overdue else ""])
            for d in debts])
        self.pay_debt_button.setEnabled(any(d.is_open for d in debts))

        visits = view.open_visits if view else ()
        _fill(self.visits_table, [
            (v.visit_id, [str(v.visit_id), v.department_code, self._mode(v.mode),
                          self._visit_status(v.status), format_yuan(v.unsettled_total_fen)])
            for v in visits])
        self.check_in_button.setEnabled(has)
        self.payment_button.setEnabled(any(v.mode == "counter" for v in visits))

        settlements = view.settlements if view else ()
        _fill(self.settlements_table, [
            (s.settlement_id, [str(s.settlement_id), str(s.visit_id),
                               s.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                               format_yuan(s.medfee_sumamt_fen),
                               format_yuan(s.psn_cash_pay_fen),
                               self.tr("refunded") if s.reversed else self._channel(s.channel)])
            for s in settlements])
        self.refund_button.setEnabled(any(not s.reversed for s in settlements))

    # --- words ---------------------------------------------------------------------------
    def _gender(self, value: str | None) -> str:
        return {"male": self.tr("male"), "female": self.tr("female")}.get(value or "", "—")

    def _insurance(self, value: str) -> str:
        return {"310": self.tr("310 employee"), "390": self.tr("390 resident")}.get(value, value)

    def _link_status(self, value: str | None) -> str:
        return {"linked": self.tr("linked"), "suspended": self.tr("suspended"),
                "unlinked": self.tr("unlinked")}.get(value or "", value or "")

    def _decision(self, value: str) -> str:
        return {"eligible": self.tr("eligible (pay later)"),
                "not_linked": self.tr("not linked"),
                "not_eligible": self.tr("not eligible (pays at the counter)")}.get(value, value)

    def _method(self, value: str) -> str:
        return {"bank_card": self.tr("bank card"), "wechat": self.tr("WeChat Pay"),
                "alipay": self.tr("Alipay")}.get(value, value)

    def _debt_status(self, value: str) -> str:
        return {"open": self.tr("unpaid"), "paid": self.tr("paid"),
                "cancelled": self.tr("cancelled")}.get(value, value)

    def _mode(self, value: str) -> str:
        return {"credit": self.tr("credit"), "counter": self.tr("counter")}.get(value, value)

    def _visit_status(self, value: str) -> str:
        return {"open": self.tr("open"), "settled": self.tr("settled"),
                "closed": self.tr("closed")}.get(value, value)

    def _channel(self, value: str) -> str:
        return {"linked_method": self.tr("linked method"), "counter": self.tr("counter"),
                "auto": self.tr("automatic")}.get(value, value)

    def translateUI(self) -> None:
        self.read_card_button.setText(self.tr("Read card"))
        self.ssn_label.setText(self.tr("ID number"))
        self.ssn_edit.setPlaceholderText(self.tr("18-character citizen ID"))
        self.find_button.setText(self.tr("Find"))
        names = {"name": self.tr("Name"), "ssn": self.tr("ID number"),
                 "gender": self.tr("Gender"), "birth_date": self.tr("Date of birth"),
                 "card_number": self.tr("Card number"),
                 "insurance_type": self.tr("Insurance"),
                 "card_expiry_date": self.tr("Card valid until")}
        for key, text in names.items():
            self.identity_names[key].setText(text)
        self.identity_box.setTitle(self.tr("Identity (check against the photo ID)"))
        self.first_time_label.setText(self.tr(
            "First visit: this card is not registered. Choose the insurance type and create "
            "the patient record, then link the card."))
        current = self.insurance_combo.currentIndex()
        self.insurance_combo.clear()
        for code in INSURANCE_TYPES:
            self.insurance_combo.addItem(self._insurance(code), code)
        self.insurance_combo.setCurrentIndex(max(current, 0))
        self.create_button.setText(self.tr("Create patient record"))
        self.link_box.setTitle(self.tr("Pay-later link and eligibility"))
        self.link_button.setText(self.tr("Link card…"))
        self.suspend_button.setText(self.tr("Suspend…"))
        self.unlink_button.setText(self.tr("Unlink…"))
        self.reinstate_button.setText(self.tr("Reinstate…"))
        self.debts_box.setTitle(self.tr("Debts"))
        self.debts_table.setHorizontalHeaderLabels(
            [self.tr("Debt"), self.tr("Amount"), self.tr("Due date"), self.tr("Status"), ""])
        current = self.channel_combo.currentIndex()
        self.channel_combo.clear()
        for code, text in zip(DEBT_CHANNELS, (self.tr("cash"), self.tr("bank card"),
                                              self.tr("WeChat Pay"), self.tr("Alipay")),
                              strict=True):
            self.channel_combo.addItem(text, code)
        self.channel_combo.setCurrentIndex(max(current, 0))
        self.pay_debt_button.setText(self.tr("Pay selected debt in full"))
        self.visits_box.setTitle(self.tr("Open visits today"))
        self.visits_table.setHorizontalHeaderLabels(
            [self.tr("Visit"), self.tr("Department"), self.tr("Mode"), self.tr("Status"),
             self.tr("Unsettled")])
        current = self.department_combo.currentIndex()
        self.department_combo.clear()
        en = current_language() == "en"
        for d in self.departments:
            self.department_combo.addItem(f"{d.code} {d.name_en if en else d.name_zh}", d.code)
        self.department_combo.setCurrentIndex(max(current, 0))
        self.check_in_button.setText(self.tr("Check in (pays at counter)"))
        self.payment_button.setText(self.tr("Take payment…"))
        self.settlements_box.setTitle(self.tr("Settlements"))
        self.settlements_table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Visit"), self.tr("Time"), self.tr("Total"),
             self.tr("Patient share"), self.tr("Channel")])
        self.refund_button.setText(self.tr("Refund selected…"))
        self.render()


# --- linking -----------------------------------------------------------------------------


PAYMENT_METHODS = ("bank_card", "wechat", "alipay")


class LinkScreen(CounterScreen):
    link_submitted = Signal()
    cancelled = Signal()

    def __init__(self) -> None:
        from kiosk.counter.signature import SignaturePad

        super().__init__()
        self.title = _label("linkTitle", role="title")
        self.patient_line = _label("linkPatient")
        self.version = _label("consentVersion", role="muted")
        self.consent_view = QPlainTextEdit()
        self.consent_view.setObjectName("consentText")
        self.consent_view.setReadOnly(True)
        self.consent_box = QCheckBox()
        self.consent_box.setObjectName("consentGiven")
        self.signature_label = QLabel()
        self.signature = SignaturePad()
        self.clear_button = _button("clearSignature")
        self.identity_box = QCheckBox()
        self.identity_box.setObjectName("identityVerified")
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("paymentMethod")
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.setMaxLength(64)
        self.problems = _label("linkProblems", role="alert")
        self.submit_button = _button("submitLink", "primary")
        self.cancel_button = _button("cancelLink")

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
        self._view: PatientView | None = None
        self.translateUI()
        self.problems.hide()

    def start(self, view: PatientView) -> None:
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


# --- taking payment for a counter visit -----------------------------------------------------


class PaymentScreen(CounterScreen):
    pay_requested = Signal()
    check_requested = Signal()
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.bill: Bill | None = None
        self.settlement: Settlement | None = None
        self.unknown = False
        self.title = _label("paymentTitle", role="title")
        self.charges = _table("charges", 4)
        self.summary = _label("billSummary")
        self.cash = _label("cashDue", role="big")
        self.result = _label("paymentResult", role="notice")
        self.pay_button = _button("recordPayment", "pay")
        self.check_button = _button("checkOutcome")
        self.back_button = _button("paymentBack")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.pay_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.charges, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.cash)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.pay_button.clicked.connect(self.pay_requested)
        self.check_button.clicked.connect(self.check_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.translateUI()

    def show_bill(self, bill: Bill) -> None:
        self.bill, self.settlement, self.unknown = bill, None, False
        self.render()

    def show_settlement(self, settlement: Settlement) -> None:
        self.settlement, self.unknown = settlement, False
        self.render()

    def show_unknown(self) -> None:
        self.unknown = True
        self.render()

    def render(self) -> None:
        bill = self.bill
        _fill(self.charges, [] if bill is None else [
            (c.charge_id, [c.name, c.performing_department_code, str(c.quantity),
                           format_yuan(c.amount_fen)]) for c in bill.charges])
        if bill is None:
            self.summary.clear()
            self.cash.clear()
        else:
            s = bill.split
            self.summary.setText(self.tr(
                "Visit {visit}  Total {total}  Insurance fund {fund}  Personal account "
                "{account}").format(visit=bill.visit_id, total=format_yuan(s.medfee_sumamt_fen),
                                    fund=format_yuan(s.fund_pay_sumamt_fen),
                                    account=format_yuan(s.acct_pay_fen)))
            self.cash.setText(self.tr("To collect from the patient: {amount}").format(
                amount=format_yuan(s.psn_cash_pay_fen)))
        if self.settlement is not None:
            self.result.setText(self.tr("Payment recorded: settlement {number}, {amount}.")
                                .format(number=self.settlement.settlement_id,
                                        amount=format_yuan(self.settlement.split.psn_cash_pay_fen)))
        elif self.unknown:
            self.result.setText(cm.tr(cm.SETTLEMENT_UNKNOWN))
        else:
            self.result.clear()
        self.result.setVisible(bool(self.result.text()))
        done = self.settlement is not None
        self.pay_button.setEnabled(bill is not None and not done and not self.unknown)
        self.check_button.setVisible(self.unknown)

    def translateUI(self) -> None:
        self.title.setText(self.tr("Payment at the counter"))
        self.charges.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Department"), self.tr("Qty"), self.tr("Amount")])
        self.pay_button.setText(self.tr("Money received: record payment"))
        self.check_button.setText(self.tr("Check outcome"))
        self.back_button.setText(self.tr("Back to patient"))
        self.render()


# --- a reason for a link change or a refund ------------------------------------------------


class ReasonScreen(CounterScreen):
    confirmed = Signal(str, int, str)  # action, target id, reason
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.target = 0
        self.title = _label("reasonTitle", role="title")
        self.explain = _label("reasonExplain")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(500)
        self.problem = _label("reasonProblem", role="alert")
        self.confirm_button = _button("confirmReason", "primary")
        self.cancel_button = _button("cancelReason")
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
