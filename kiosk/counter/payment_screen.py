"""The payment screen: a visit paid at the counter. The bill, the cash share, "money received:
record payment", the receipt once recorded, and "check outcome" while a payment's outcome is
not known (the pay button stays off then: the same payment is resumed, never repeated).

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.client.models import Bill, Department
from kiosk.counter import events as ev
from kiosk.counter import messages as cm
from kiosk.counter.screen_kit import (
    CounterScreen,
    button,
    department_name,
    fill,
    label,
    table,
)
from kiosk.domain.money import format_yuan
from kiosk.flow.models import Receipt


class PaymentScreen(CounterScreen):
    pay_requested = Signal()
    check_requested = Signal()
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.bill: Bill | None = None
        self.receipt: Receipt | None = None
        self.unknown = False
        self.departments: tuple[Department, ...] = ()
        self.title = label("paymentTitle", role="title")
        self.charges = table("charges", 4)
        self.summary = label("billSummary")
        self.cash = label("cashDue", role="big")
        self.result = label("paymentResult", role="notice")
        self.pay_button = button("recordPayment", "pay")
        self.check_button = button("checkOutcome")
        self.back_button = button("paymentBack")
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

    def show(self, bill: Bill | None, receipt: Receipt | None, unknown: bool) -> None:
        """The bill, the receipt once the payment is recorded, or that its outcome is not
        known yet."""
        if (bill, receipt, unknown) != (self.bill, self.receipt, self.unknown):
            self.bill, self.receipt, self.unknown = bill, receipt, unknown
            self.render()

    def show_departments(self, departments: tuple[Department, ...]) -> None:
        self.departments = departments
        self.render()

    def render(self) -> None:
        bill = self.bill
        fill(self.charges, [] if bill is None else [
            (c.charge_id, [c.name, department_name(self.departments,
                                                   c.performing_department_code),
                           str(c.quantity),
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
        if self.receipt is not None:
            self.result.setText(self.tr("Payment recorded: settlement {number}, {amount}.")
                                .format(number=self.receipt.settlement_id,
                                        amount=format_yuan(self.receipt.split.psn_cash_pay_fen)))
        elif self.unknown:
            self.result.setText(cm.tr(cm.NOTICES[ev.SETTLEMENT_UNKNOWN]))
        else:
            self.result.clear()
        self.result.setVisible(bool(self.result.text()))
        done = self.receipt is not None
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
