"""The patient screen: read the card or search by ID number; the FULL identity (staff only, to
check against the photo ID); link status, eligibility decision and reasons, and where the
patient is insured (the place, local / in-province / cross-province, the filing); open debts with
due dates and overdue marks; open visits; settlements; and the actions on each. It shows the
patient it is given and emits what staff asked for; it never calls the backend.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.models import Department, RegionInfo
from kiosk.client.staff import StaffPatientView, StaffSession
from kiosk.counter import messages as cm
from kiosk.counter.i18n import current_language
from kiosk.counter.screen_kit import (
    CounterScreen,
    button,
    date_text,
    department_name,
    fill,
    label,
    selected_id,
    table,
)
from kiosk.domain.card import CardRecord
from kiosk.domain.money import format_yuan

INSURANCE_TYPES = ("310", "390")


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
        self.view: StaffPatientView | None = None
        self.card: CardRecord | None = None
        self.session: StaffSession | None = None
        self.departments: tuple[Department, ...] = ()

        self.read_card_button = button("readCard", "primary")
        self.ssn_edit = QLineEdit()
        self.ssn_edit.setObjectName("ssnSearch")
        self.ssn_edit.setMaxLength(18)
        self.find_button = button("findPatient")
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
            name_label, value = QLabel(), label(f"identity_{key}")
            self.identity_names[key], self.identity_values[key] = name_label, value
            self.identity_form.addRow(name_label, value)
        self.first_time_label = label("firstTimeNotice", role="notice")
        self.insurance_combo = QComboBox()
        self.insurance_combo.setObjectName("insuranceType")
        self.create_button = button("createPatient", "primary")
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
        self.link_status = label("linkStatus")
        self.decision = label("decision")
        self.region = label("region")
        self.reasons = label("reasons")
        self.link_button = button("link", "primary")
        self.suspend_button = button("suspend")
        self.unlink_button = button("unlink")
        self.reinstate_button = button("reinstate")
        buttons = QGridLayout()
        buttons.addWidget(self.link_button, 0, 0)
        buttons.addWidget(self.suspend_button, 0, 1)
        buttons.addWidget(self.unlink_button, 1, 0)
        buttons.addWidget(self.reinstate_button, 1, 1)
        for widget in (self.link_status, self.decision, self.region, self.reasons):
            link_layout.addWidget(widget)
        link_layout.addStretch(1)
        link_layout.addLayout(buttons)

        # debts
        self.debts_box = QGroupBox()
        debts_layout = QVBoxLayout(self.debts_box)
        self.debts_table = table("debts", 5)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("debtChannel")
        self.pay_debt_button = button("payDebt", "pay")
        debt_row = QHBoxLayout()
        debt_row.addWidget(self.channel_combo, 1)
        debt_row.addWidget(self.pay_debt_button)
        debts_layout.addWidget(self.debts_table)
        debts_layout.addLayout(debt_row)

        # visits
        self.visits_box = QGroupBox()
        visits_layout = QVBoxLayout(self.visits_box)
        self.visits_table = table("visits", 5)
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("department")
        self.check_in_button = button("checkIn")
        self.payment_button = button("takePayment", "pay")
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.department_combo, 1)
        visit_row.addWidget(self.check_in_button)
        visit_row.addWidget(self.payment_button)
        visits_layout.addWidget(self.visits_table)
        visits_layout.addLayout(visit_row)

        # settlements
        self.settlements_box = QGroupBox()
        settlements_layout = QVBoxLayout(self.settlements_box)
        self.settlements_table = table("settlements", 6)
        self.refund_button = button("refund")
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

    def show_patient(self, view: StaffPatientView | None, card: CardRecord | None) -> None:
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
                          birth_date=date_text(p.birth_date), card_number=p.card_number,
                          insurance_type=self._insurance(p.insurance_type),
                          card_expiry_date=date_text(p.card_expiry_date))
        elif card is not None:
            values.update(name=card.name, ssn=card.ssn,
                          gender=self._gender(card.gender.value if card.gender else None),
                          birth_date=date_text(card.birth_date), card_number=card.card_number,
                          card_expiry_date=date_text(card.expiry_date))
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
            self.region.clear()
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
                decision=self.decision_text(e.decision.value)) + ("\n" + available if available
                                                              else ""))
            self.region.setText(self.region_text(e.region))
            self.reasons.setText("\n".join("• " + cm.reason_text(r) for r in e.reasons))
        self.link_button.setEnabled(has and status in (None, "unlinked"))
        self.suspend_button.setEnabled(has and status == "linked")
        self.unlink_button.setEnabled(has and status in ("linked", "suspended"))
        # supervisor-only actions stay offered to every role: the backend decides, and a
        # clerk who tries gets the clear "ask a supervisor" message
        self.reinstate_button.setEnabled(has and status == "suspended")

        debts = view.debts if view else ()
        fill(self.debts_table, [
            (d.debt_id, [str(d.debt_id), format_yuan(d.amount_fen), d.due_date.isoformat(),
                         self._debt_status(d.status),
                         self.tr("OVERDUE") if d.overdue else ""])
            for d in debts])
        self.pay_debt_button.setEnabled(any(d.is_open for d in debts))

        visits = view.open_visits if view else ()
        fill(self.visits_table, [
            (v.visit_id, [str(v.visit_id), department_name(self.departments, v.department_code),
                          self._mode(v.mode),
                          self._visit_status(v.status), format_yuan(v.unsettled_total_fen)])
            for v in visits])
        self.check_in_button.setEnabled(has)
        self.payment_button.setEnabled(any(v.mode == "counter" for v in visits))

        settlements = view.settlements if view else ()
        fill(self.settlements_table, [
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

    def decision_text(self, value: str) -> str:
        return {"eligible": self.tr("eligible (pay later)"),
                "not_linked": self.tr("not linked"),
                "not_eligible": self.tr("not eligible (pays at the counter)")}.get(value, value)

    def region_text(self, region: RegionInfo | None) -> str:
        """The insured place, its class and (cross-province) the filing, for staff."""
        if region is None:
            return ""
        cls = {"local": self.tr("this city"),
               "in_province": self.tr("another city of this province"),
               "cross_province": self.tr("another province")}.get(region.cls, region.cls)
        text = self.tr("Insured at: {place} ({cls})").format(place=region.insured_admdvs,
                                                            cls=cls)
        if region.filed is not None:
            text += "\n" + (self.tr("Filed for direct settlement here: yes") if region.filed
                            else self.tr("Filed for direct settlement here: no"))
        return text

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
        for code in cm.DEBT_CHANNELS:
            self.channel_combo.addItem(cm.channel_text(code), code)
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
            self.department_combo.addItem(d.name_en if en else d.name_zh, d.code)
        self.department_combo.setCurrentIndex(max(current, 0))
        self.check_in_button.setText(self.tr("Check in (pays at counter)"))
        self.payment_button.setText(self.tr("Take payment…"))
        self.settlements_box.setTitle(self.tr("Settlements"))
        self.settlements_table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Visit"), self.tr("Time"), self.tr("Total"),
             self.tr("Patient share"), self.tr("Channel")])
        self.refund_button.setText(self.tr("Refund selected…"))
        self.render()
