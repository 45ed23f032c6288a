"""The supervisor's partial-refund window at the counter (issue 17 item 3): a settlement's items
with a tick box each, the reason, "refund the ticked items", and the refund's receipt.

``RefundWindow`` is a window of its own, like the finance window, for supervisors and admins;
it shows ``kiosk.counter.refund_desk.RefundDesk``'s view and carries out its effects on the
counter's one background helper. The receipt is shown on screen; ``print_receipt`` (given by
whoever composes the station with a printer) prints it. ``problem_text``, ``cash_text`` and
``receipt_of`` are the pure choices of words and data.

Threads: construct and call on the GUI thread; only the backend calls run on a pool thread.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.errors import FailureKind, classify
from kiosk.client.staff import RefundedSettlement, StaffClient
from kiosk.counter import refund_desk as rd
from kiosk.domain.money import format_yuan
from kiosk.domain.refund_split import RefundReceipt
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

PROBLEMS = {
    rd.NO_ANSWER: QT_TRANSLATE_NOOP(
        "RefundWindow", "No answer from the backend: press “Refund” again; the same refund is "
                        "sent, never a second one."),
    "settlement_in_progress": QT_TRANSLATE_NOOP(
        "RefundWindow", "The refund is still running (the payment gateway has not answered): "
                        "press “Refund” again later."),
    "settlement_not_found": QT_TRANSLATE_NOOP("RefundWindow", "No settlement has this number."),
    "reversal_not_allowed": QT_TRANSLATE_NOOP(
        "RefundWindow", "Not refunded: the settlement is reversed, the items went back "
                        "already, or the gateway declined. It is shown as it is now."),
    "forbidden": QT_TRANSLATE_NOOP("RefundWindow", "Only a supervisor may refund."),
    "other": QT_TRANSLATE_NOOP("RefundWindow", "That did not work: try again."),
}
CASH = {
    "refunded": QT_TRANSLATE_NOOP(
        "RefundWindow", "The cash part goes back to the patient's payment method."),
    "debt_reduced": QT_TRANSLATE_NOOP(
        "RefundWindow", "The cash part is taken off the patient's open debt."),
    "at_counter": QT_TRANSLATE_NOOP("RefundWindow", "Give the cash part back at the counter."),
    "none": QT_TRANSLATE_NOOP("RefundWindow", "No cash part to give back."),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("RefundWindow", text)


def problem_text(problem: rd.Failed) -> str:
    code = "settlement_not_found" if problem.code == "not_found" else problem.code
    return _t(PROBLEMS.get(code, PROBLEMS["other"]))


def cash_text(how: str | None) -> str:
    return _t(CASH[how]) if how in CASH else ""


def receipt_of(done: RefundedSettlement) -> RefundReceipt | None:
    """The receipt of the refund just made (its QR code: the settlement's signed receipt
    link, which shows later refunds, else a plain reference)."""
    refund = done.refund
    if refund is None:
        return None
    settlement = done.settlement
    return RefundReceipt(
        settlement_id=settlement.settlement_id, refund_id=refund.refund_id,
        items=len(refund.charge_ids), fund_fen=refund.fund_fen, acct_fen=refund.acct_fen,
        cash_fen=refund.cash_fen, cash_refund_status=refund.cash_refund_status or "none",
        reference=settlement.receipt_url
        or f"KIOSK-REFUND:{settlement.settlement_id}-{refund.refund_id}")


class RefundWindow(QWidget):
    """Partial refunds. ``find(settlement_id)`` loads; tick items, give a reason, refund."""

    COLUMNS = 4

    def __init__(self, client_of: Callable[[], StaffClient | None], background: Background,
                 print_receipt: Callable[[RefundReceipt], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundWindow")
        self.resize(900, 640)
        self._client_of = client_of
        self._background = background
        self._print = print_receipt
        self.desk = rd.RefundDesk()
        self.results = 0  # answers shown (tests wait on it)
        self._showing = False
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.number = QLineEdit()
        self.number.setObjectName("refundSettlementId")
        self.number.returnPressed.connect(self.find_typed)
        self.find_button = QPushButton()
        self.find_button.setObjectName("refundFind")
        self.find_button.clicked.connect(self.find_typed)
        self.summary = QLabel()
        self.summary.setObjectName("refundSummary")
        self.summary.setWordWrap(True)
        self.items = QTableWidget(0, self.COLUMNS)
        self.items.setObjectName("refundItems")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.itemChanged.connect(self._ticked)
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason.setObjectName("refundReason")
        self.reason.setMaxLength(500)
        self.reason.textChanged.connect(lambda _text: self._enable())
        self.refund_button = QPushButton()
        self.refund_button.setObjectName("refundSend")
        self.refund_button.setProperty("role", "primary")
        self.refund_button.clicked.connect(self.refund)
        self.status = QLabel()
        self.status.setObjectName("refundStatus")
        self.status.setWordWrap(True)
        self.receipt = QLabel()
        self.receipt.setObjectName("refundReceipt")
        self.receipt.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("refundPrint")
        self.print_button.clicked.connect(self.print_receipt)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.number)
        head.addWidget(self.find_button)
        reason = QHBoxLayout()
        reason.addWidget(self.reason_label)
        reason.addWidget(self.reason, 1)
        reason.addWidget(self.refund_button)
        done = QHBoxLayout()
        done.addWidget(self.receipt, 1)
        done.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.items, 1)
        layout.addLayout(reason)
        layout.addWidget(self.status)
        layout.addLayout(done)
        self.translateUI()

    # --- intents -----------------------------------------------------------------------------
    def find_typed(self) -> None:
        text = self.number.text().strip()
        if text.isdigit() and 0 < int(text) <= 2**53:
            self.find(int(text))
        else:
            self.status.setText(self.tr("Type the settlement number from the receipt."))

    def find(self, settlement_id: int) -> None:
        self._dispatch(rd.Find(settlement_id))

    def refund(self) -> None:
        self._dispatch(rd.Confirm(self.reason.text(), uuid.uuid4().hex))

    def print_receipt(self) -> None:
        done = self.desk.view().done
        receipt = receipt_of(done) if done is not None else None
        if receipt is not None and self._print is not None:
            self._print(receipt)

    def _ticked(self, item: QTableWidgetItem) -> None:
        if self._showing or item.column() != 0:
            return
        charge_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(charge_id, int):
            self._dispatch(rd.Tick(charge_id, item.checkState() == Qt.CheckState.Checked))

    # --- the desk's effects -----------------------------------------------------------------
    def _dispatch(self, event: rd.Event) -> None:
        for effect in self.desk.handle(event):
            self._run(effect)
        self._show()

    def _run(self, effect: rd.Effect) -> None:
        client = self._client_of()
        if client is None:
            self._dispatch(rd.Failed(effect, "unauthenticated"))
            return

        def work() -> rd.Event:
            if isinstance(effect, rd.LoadSettlement):
                settled = client.refunded_settlement(effect.settlement_id)
                charges = client.visit(settled.settlement.visit_id).charges
                return rd.Loaded(settled, charges)
            return rd.Refunded(client.refund_items(effect.settlement_id, effect.charge_ids,
                                                   effect.reason, effect.idempotency_key))

        def failed(error: BaseException) -> None:
            failure = classify(error)
            log.info("refund %s failed: %s %s", type(effect).__name__, failure.kind,
                     failure.code)
            code = failure.code if failure.kind == FailureKind.REJECTED else rd.NO_ANSWER
            self._done(rd.Failed(effect, code))

        self._background.run(work, self._done, failed)

    def _done(self, event: rd.Event) -> None:
        self.results += 1
        self._dispatch(event)

    # --- showing ------------------------------------------------------------------------------
    def _enable(self) -> None:
        view = self.desk.view()
        self.refund_button.setEnabled(view.can_refund and bool(self.reason.text().strip()))
        self.find_button.setEnabled(not view.busy)
        self.print_button.setVisible(self._print is not None and view.done is not None)

    def _show(self) -> None:
        view = self.desk.view()
        refunded = view.settled.refunded_charge_ids if view.settled else frozenset()
        self._showing = True
        self.items.setRowCount(len(view.charges))
        for i, charge in enumerate(view.charges):
            tick = QTableWidgetItem(charge.name)
            tick.setData(Qt.ItemDataRole.UserRole, charge.charge_id)
            flags = Qt.ItemFlag.ItemIsUserCheckable
            if charge.charge_id in view.refundable:
                flags |= Qt.ItemFlag.ItemIsEnabled
            tick.setFlags(flags)
            tick.setCheckState(Qt.CheckState.Checked if charge.charge_id in view.ticked
                               else Qt.CheckState.Unchecked)
            state = (self.tr("refunded") if charge.charge_id in refunded
                     else self.tr("paid") if charge.charge_id in view.refundable else "")
            for j, cell in enumerate((tick, QTableWidgetItem(f"×{charge.quantity}"),
                                      QTableWidgetItem(format_yuan(charge.amount_fen)),
                                      QTableWidgetItem(state))):
                self.items.setItem(i, j, cell)
        self._showing = False
        self._texts(view)
        self._enable()

    def _texts(self, view: rd.RefundView) -> None:
        settled = view.settled
        if settled is None:
            self.summary.setText(self.tr("Find a settlement by its number."))
        else:
            s = settled.settlement
            self.summary.setText(self.tr(
                "Settlement {n}: {total}, {status}; {k} refunds so far.").format(
                n=s.settlement_id, total=format_yuan(s.split.medfee_sumamt_fen),
                status=self.tr("completed") if s.status == "completed" else self.tr(
                    "not refundable ({status})").format(status=s.status),
                k=len(settled.refunds)))
        if view.busy:
            self.status.setText(self.tr("Working…"))
        elif view.problem is not None:
            self.status.setText(problem_text(view.problem))
        elif settled is not None and not view.refundable:
            self.status.setText(self.tr("Nothing of this settlement can be refunded."))
        elif settled is not None:
            self.status.setText(self.tr("Tick the items going back and give the reason."))
        receipt = receipt_of(view.done) if view.done is not None else None
        if receipt is None:
            self.receipt.setText("")
            return
        self.receipt.setText(self.tr(
            "Refund {r} of settlement {n}: {total} back ({fund} to insurance, {acct} to the "
            "personal account, {cash} to the patient). {how}").format(
            r=receipt.refund_id, n=receipt.settlement_id, total=format_yuan(receipt.total_fen),
            fund=format_yuan(receipt.fund_fen), acct=format_yuan(receipt.acct_fen),
            cash=format_yuan(receipt.cash_fen), how=cash_text(receipt.cash_refund_status)))

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Refund items"))
        self.title.setText(self.tr("Refund items of a settled visit"))
        self.number.setPlaceholderText(self.tr("Settlement number"))
        self.find_button.setText(self.tr("Find"))
        self.reason_label.setText(self.tr("Reason"))
        self.refund_button.setText(self.tr("Refund"))
        self.print_button.setText(self.tr("Print receipt"))
        self.items.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Quantity"), self.tr("Amount"), self.tr("State")])
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
