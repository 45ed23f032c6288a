"""The debt confirmation: before a debt is marked paid, staff see whose debt it is (the name
and ID number masked, as the patient across the counter may see the screen), the debt, its
amount and how the patient pays; "money received: mark paid" confirms, "cancel" goes back and
sends nothing. It shows the ``DebtToConfirm`` it is given and emits what staff asked for.

The confirm button sits in the middle of the screen, far from "pay selected debt in full" on
the patient screen, so the second click of a double click never lands on it.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.client.staff import StaffPatientView
from kiosk.counter import messages as cm
from kiosk.counter.screen_kit import CounterScreen, button, label
from kiosk.counter.session import DebtToConfirm
from kiosk.domain.citizen_id import mask_id, mask_name
from kiosk.domain.money import format_yuan


class DebtConfirmScreen(CounterScreen):
    confirmed = Signal()
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.asked: DebtToConfirm | None = None
        self.patient: StaffPatientView | None = None
        self.title = label("debtConfirmTitle", role="title")
        self.patient_line = label("debtConfirmPatient")
        self.debt_line = label("debtConfirmDebt")
        self.amount = label("debtConfirmAmount", role="big")
        self.channel = label("debtConfirmChannel")
        self.explain = label("debtConfirmExplain", role="muted")
        self.confirm_button = button("confirmDebt", "pay")
        self.cancel_button = button("cancelDebt")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        box = QWidget()
        box.setFixedWidth(640)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.patient_line, self.debt_line, self.amount,
                       self.channel, self.explain):
            inner.addWidget(widget)
        inner.addSpacing(12)
        inner.addLayout(buttons)
        row = QHBoxLayout()  # centred by stretches, not alignment: the wrapped texts keep
        row.addStretch(1)    # their full height (heightForWidth)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.confirm_button.clicked.connect(self.confirmed)
        self.cancel_button.clicked.connect(self.cancelled)
        self.translateUI()

    def show_debt(self, asked: DebtToConfirm | None, patient: StaffPatientView | None) -> None:
        if (asked, patient) != (self.asked, self.patient):
            self.asked, self.patient = asked, patient
            self.translateUI()

    def translateUI(self) -> None:
        self.title.setText(self.tr("Mark this debt as paid?"))
        self.confirm_button.setText(self.tr("Money received: mark paid"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.explain.setText(self.tr(
            "Confirm only once the money has been received. The debt is then marked paid "
            "and the patient's credit is checked again."))
        asked, patient = self.asked, self.patient
        if asked is None or patient is None:
            for widget in (self.patient_line, self.debt_line, self.amount, self.channel):
                widget.clear()
            return
        p = patient.patient
        self.patient_line.setText(self.tr("Patient: {name}  ID {ssn}").format(
            name=mask_name(p.name), ssn=mask_id(p.ssn)))
        debt = asked.debt
        due = self.tr("Debt {number}, due {date}").format(number=debt.debt_id,
                                                          date=debt.due_date.isoformat())
        self.debt_line.setText(due + (self.tr(" (overdue)") if debt.overdue else ""))
        self.amount.setText(self.tr("Amount: {amount}").format(
            amount=format_yuan(debt.amount_fen)))
        self.channel.setText(self.tr("Paid by: {channel}").format(
            channel=cm.channel_text(asked.channel)))
