"""The screens of paying: the bill with its split (and, for a visit from elsewhere, whose policy
it was split under) and ONE pay button, "paying…" (and "being confirmed, do not pay again"),
the receipt with its QR code, and the two honest answers when there is none: "payment
pending" (no answer within a minute, or the card pulled meanwhile) and "not paid yet" (the
card pulled on the bill).

A second tap cannot pay twice: the pay button disables itself on the first tap, and the
session ignores ``ConfirmPayment`` anywhere but on an idle bill.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.money import format_yuan
from kiosk.flow.models import BillLine, BillView, DepartmentView, SplitView
from kiosk.flow.session import Back, ConfirmPayment, Finish, SessionView
from kiosk.qt.qr import QrCode
from kiosk.qt.widgets import Spinner, button, label, panel, set_box_direction
from kiosk.ui import messages
from kiosk.ui.screens.visit import clear_layout, scroll_area
from kiosk.ui.widgets import Screen, department_name

CATEGORY_ORDER = ("consultation", "drug", "lab", "imaging", "procedure")
CATEGORY_NAMES = {
    "consultation": QT_TRANSLATE_NOOP("Bill", "Consultation"),
    "drug": QT_TRANSLATE_NOOP("Bill", "Medicines"),
    "lab": QT_TRANSLATE_NOOP("Bill", "Laboratory tests"),
    "imaging": QT_TRANSLATE_NOOP("Bill", "Imaging"),
    "procedure": QT_TRANSLATE_NOOP("Bill", "Treatment"),
}
OTHER_CATEGORY = QT_TRANSLATE_NOOP("Bill", "Other")
OTHER_DEPARTMENT = QT_TRANSLATE_NOOP("Bill", "Other charges")


def category_name(category: str) -> str:
    return QCoreApplication.translate("Bill", CATEGORY_NAMES.get(category, OTHER_CATEGORY))


def group_bill(lines: tuple[BillLine, ...]) -> list[tuple[str, list[tuple[str, list[BillLine]]]]]:
    """Lines grouped by department (in order of first appearance) and then by category (in
    the usual order of a Chinese settlement slip)."""
    departments: dict[str, dict[str, list[BillLine]]] = {}
    for line in lines:
        departments.setdefault(line.department_code or "", {}).setdefault(
            line.category, []).append(line)

    def category_key(category: str) -> tuple[int, str]:
        order = CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else 99
        return order, category

    return [(code, [(cat, cats[cat]) for cat in sorted(cats, key=category_key)])
            for code, cats in departments.items()]


def known_departments(view: SessionView) -> dict[str, DepartmentView]:
    found: dict[str, DepartmentView] = {d.code: d for d in view.departments}
    if view.itinerary:
        found.update({s.department.code: s.department for s in view.itinerary.stops})
    if view.ticket:
        found[view.ticket.department.code] = view.ticket.department
    if view.eligibility:
        found.update({a.department.code: a.department for a in view.eligibility.appointments})
    return found


def amount_row(text: str, amount: str, role: str = "body", amount_role: str = "amount"):
    row = QHBoxLayout()
    row.setSpacing(16)
    name = label(role)
    name.setText(text)
    value = label(amount_role, wrap=False)
    value.setText(amount)
    value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(name, 1)
    row.addWidget(value, 0)
    return row, name, value


class SplitPanel(QFrame):
    """Who pays what: insurance, the personal account, and the patient."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(32, 24, 32, 24)
        self.box.setSpacing(12)

    def show_split(self, split: SplitView, *, paid: bool | None = None) -> None:
        """``paid``: None on a bill (not paid yet), True once charged, False when the payment
        did not go through (then "you pay" is never shown in the colour of success)."""
        clear_layout(self.box)
        mine = "good" if paid else ("alert" if paid is False else "body")
        rows = [
            (self.tr("Total"), yuan_or_nothing(split.medfee_sumamt_fen), "body", "amount"),
            (self.tr("Insurance pays"), format_yuan(split.fund_pay_sumamt_fen), "body",
             "amount"),
            (self.tr("Personal account pays"), format_yuan(split.acct_pay_fen), "body",
             "amount"),
            (self.tr("You pay"), yuan_or_nothing(split.psn_cash_pay_fen), mine,
             mine if mine != "body" else "amount"),
        ]
        for text, amount, role, amount_role in rows:
            row, _, _ = amount_row(text, amount, role, amount_role)
            self.box.addLayout(row)


def yuan_or_nothing(fen: int) -> str:
    """An amount the patient pays: "nothing more to pay" rather than ¥0.00."""
    if fen <= 0:
        return QCoreApplication.translate("Bill", "Nothing more to pay")
    return format_yuan(fen)


class BillScreen(Screen):
    """The bill by department and category, the split, and ONE "Confirm and pay ¥x" button."""

    def build(self) -> None:
        self.title = label("title")
        self.changed = label("notice")
        self.changed.hide()
        self.content = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.content.setSpacing(24)
        self.area, self.lines_box = scroll_area()
        right = QVBoxLayout()
        right.setSpacing(16)
        self.split = SplitPanel()
        right.addWidget(self.split)
        self.policy_note = label("small")  # a visit from elsewhere: whose policy applied
        self.policy_note.setObjectName("policyNote")
        right.addWidget(self.policy_note)
        right.addStretch(1)
        self.content.addWidget(self.area, 3)
        self.content.addLayout(right, 2)
        self.back = button()
        self.back.clicked.connect(lambda: self.emit_intent(Back()))
        self.pay = button("pay")
        self.pay.setMinimumHeight(120)
        self.pay.clicked.connect(self._pay_clicked)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.changed)
        self.outer.addLayout(self.content, 1)
        self.set_actions(leave=(self.back,), forward=(self.pay,))

    def _pay_clicked(self) -> None:
        self.pay.setEnabled(False)  # one tap pays; the next view decides what shows
        self.emit_intent(ConfirmPayment())

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Your bill"))
        self.changed.setText(self.tr("The bill has changed. Please check the new amount."))
        self.back.setText(self.tr("Back"))
        self.pay.setText(self.tr("Confirm and pay"))

    def reflow(self, portrait: bool) -> None:
        set_box_direction(self.content, portrait)
        self.content.setStretch(0, 1 if portrait else 3)
        self.content.setStretch(1, 0 if portrait else 2)

    def render(self, view: SessionView) -> None:
        self.changed.setVisible(view.bill_changed)
        self.back.setVisible(view.itinerary is not None)
        self.back.setProperty("allowed", view.itinerary is not None)
        clear_layout(self.lines_box)
        bill = view.bill
        if bill is None:
            self.pay.setProperty("allowed", False)
            return
        self.pay.setProperty("allowed", True)
        if bill.split.psn_cash_pay_fen > 0:
            self.pay.setText(self.tr("Confirm and pay {amount}").format(
                amount=format_yuan(bill.split.psn_cash_pay_fen)))
        else:
            self.pay.setText(self.tr("Confirm · nothing more to pay"))
        self.pay.ensurePolished()
        self.pay.setMinimumWidth(self.pay.sizeHint().width())  # the amount is never cut
        self._show_lines(bill, known_departments(view))
        self.split.show_split(bill.split)
        self.policy_note.setVisible(bill.insured_admdvs is not None)
        self.policy_note.setText("" if bill.insured_admdvs is None else self.tr(
            "Settled under the policy of your insured place, {code}.").format(
                code=bill.insured_admdvs))

    def _show_lines(self, bill: BillView, departments: dict[str, DepartmentView]) -> None:
        for code, categories in group_bill(bill.lines):
            dept = departments.get(code)
            name = department_name(dept) if dept else (
                code or QCoreApplication.translate("Bill", OTHER_DEPARTMENT))
            head = label("big")
            head.setText(name)
            self.lines_box.addWidget(head)
            for category, lines in categories:
                total = sum(line.amount_fen for line in lines)
                row, _, _ = amount_row(category_name(category), format_yuan(total))
                self.lines_box.addLayout(row)
                items = label("small")
                items.setText(self.tr(", ").join(
                    line.name if line.quantity == 1 else f"{line.name} ×{line.quantity}"
                    for line in lines))
                items.setContentsMargins(24, 0, 0, 8)
                self.lines_box.addWidget(items)
        self.lines_box.addStretch(1)


class SettlingScreen(Screen):
    """"Paying…"; while the outcome is unknown: "being confirmed, please do not pay again"."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.spinner = Spinner(180)
        self.outer.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = label("title", center=True)
        self.confirming = label("notice", center=True)
        self.hint = label("big", center=True)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.confirming)
        self.outer.addWidget(self.hint)
        self.outer.addStretch(2)

    def render(self, view: SessionView) -> None:
        if view.confirming:
            self.title.setText(self.tr("Confirming your payment…"))
            self.confirming.setText(self.tr("Your payment is being confirmed. "
                                            "Please do not pay again."))
            self.confirming.show()
            self.hint.setText(self.tr("This can take a little while. Please wait here.")
                              if view.by_voucher else
                              self.tr("This can take a little while. Please keep your card "
                                      "in the reader."))
        else:
            self.title.setText(self.tr("Paying…"))
            self.confirming.hide()
            self.hint.setText(self.tr("Please wait here.") if view.by_voucher
                              else self.tr("Please keep your card in the reader."))

    def set_busy(self, busy: bool) -> None:
        super().set_busy(False)  # the spinner and title already say "wait"


class ReceiptScreen(Screen):
    """Settlement number, the split, the receipt QR code, a debt notice if the charge failed."""

    def build(self) -> None:
        self.title = label("title")
        self.earlier = label("notice")
        self.content = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.content.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(16)
        self.number = label("big")
        self.split = SplitPanel()
        self.debt = label("alert")
        left.addWidget(self.number)
        left.addWidget(self.split)
        left.addWidget(self.debt)
        left.addStretch(1)
        right = QGridLayout()
        self.qr = QrCode()
        self.qr_caption = label(center=True)
        self.reference = label("small", center=True)
        right.addWidget(self.qr, 0, 0)
        right.addWidget(self.qr_caption, 1, 0)
        right.addWidget(self.reference, 2, 0)
        right.setRowStretch(3, 1)
        self.content.addLayout(left, 3)
        self.content.addLayout(right, 2)
        self.done = button("primary")
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.earlier)
        self.outer.addLayout(self.content, 1)
        self.set_actions(leave=(self.done,))  # never where "pay" was

    def translate_fixed(self) -> None:
        self.qr_caption.setText(self.tr("Scan for your electronic receipt"))
        self.done.setText(self.tr("Done"))

    def reflow(self, portrait: bool) -> None:
        set_box_direction(self.content, portrait)

    def render(self, view: SessionView) -> None:
        receipt = view.receipt
        if receipt is None:
            return
        status = receipt.payment_status
        if status == "charged":
            self.title.setText(self.tr("Payment complete"))
        elif status == "counter":
            self.title.setText(self.tr("Please pay at the counter"))
        else:
            self.title.setText(self.tr("Your visit is settled, but the payment did not go "
                                       "through"))
        self.earlier.setVisible(receipt.from_earlier_session)
        self.earlier.setText(self.tr("This is the result of the payment you made earlier."))
        self.number.setText(self.tr("Settlement number: {number}").format(
            number=receipt.settlement_id))
        self.split.show_split(receipt.split, paid=status == "charged")
        owed = receipt.debt_fen if receipt.debt_fen > 0 else (
            receipt.split.psn_cash_pay_fen if status in ("declined", "failed", "counter") else 0)
        if owed > 0 and receipt.debt_due_date:
            self.debt.setText(self.tr("Still to pay: {amount}. Please pay it at the payment "
                                      "counter by {date}.").format(
                amount=format_yuan(owed), date=receipt.debt_due_date))
        elif owed > 0:
            self.debt.setText(self.tr("Still to pay: {amount}. Please pay it at the payment "
                                      "counter.").format(amount=format_yuan(owed)))
        self.debt.setVisible(owed > 0)
        # the QR code holds the backend's signed link to the receipt page (a phone opens it);
        # only a plain reference is also written out
        reference = receipt.receipt_reference
        self.qr.set_data(reference)
        is_link = reference.startswith(("https://", "http://"))
        self.reference.setText("" if is_link else reference)
        for widget in (self.qr, self.qr_caption):
            widget.setVisible(bool(reference))
        self.reference.setVisible(bool(reference) and not is_link)


class PaymentPendingScreen(Screen):
    """No answer in time: the payment is being confirmed, never twice, its reference, and
    where to go. With the card out this shows briefly, then the kiosk is ready again."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.title = label("title", center=True)
        self.frame, box = panel()
        self.never_twice = label("big")
        self.amount = label()
        self.reference = label("title")
        self.where = label("big")
        self.slip = label("muted")
        for widget in (self.never_twice, self.amount, self.reference, self.where, self.slip):
            box.addWidget(widget)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addStretch(1)
        self.done = button("primary")
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.set_actions(leave=(self.done,))

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Your payment is being confirmed"))
        self.never_twice.setText(self.tr("You will never be charged twice. Please do not pay "
                                         "again."))
        self.where.setText(messages.tr(messages.GO_TO_COUNTER))
        self.slip.setText(self.tr("Take the printed slip, if there is one. Or insert your "
                                  "card again later to see the result."))
        self.done.setText(self.tr("Done"))

    def render(self, view: SessionView) -> None:
        payment = view.payment
        self.reference.setText(self.tr("Your reference number: {reference}").format(
            reference=payment.reference if payment else ""))
        self.amount.setVisible(payment is not None and payment.psn_cash_pay_fen > 0)
        if payment is not None:
            self.amount.setText(self.tr("Amount: {amount}").format(
                amount=format_yuan(payment.psn_cash_pay_fen)))
        self.done.setText(self.tr("Done") if view.card_in else self.tr("OK"))


class NotPaidScreen(Screen):
    """The card came out on the bill: nothing was paid; insert it again to pay."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.title = label("title", center=True)
        self.frame, box = panel()
        self.message = label("big")
        self.next_step = label()
        box.addWidget(self.message)
        box.addWidget(self.next_step)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addStretch(1)
        self.ok = button("primary")
        self.ok.clicked.connect(lambda: self.emit_intent(Finish()))
        self.set_actions(leave=(self.ok,))

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Not paid yet"))
        self.message.setText(self.tr("Your card was taken out before you paid. Nothing was "
                                     "charged."))
        self.next_step.setText(self.tr("To pay, insert your card again. You can also pay at "
                                       "the payment counter."))
        self.ok.setText(self.tr("OK"))
