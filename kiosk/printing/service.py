"""Prints the receipt after a settlement, off the GUI thread, and remembers printer faults.

``ReceiptPrinting(printer, background)`` (``background``: the app's one ``Background``)
watches the views the controller shows (``attach(controller)`` connects
``KioskController.view_shown``): when the receipt screen shows a receipt it has not printed
yet, it renders the receipt document and hands ``printer.print_receipt`` to the background
helper. When a payment's outcome is not known in time (the pending screen, the card still in),
it prints the pending slip once: the reference the counter looks it up by and where to go.
Success or failure only update ``status`` (and emit ``status_changed``): the settlement is
already done and recorded (or being confirmed), what is on screen stays, and nothing here can
move the session. Each settlement prints once (a re-shown receipt screen
does not print again).

``status``: ``PrinterStatus(printer, state, fault, at)`` with ``state`` ``idle``, ``printing``,
``ok`` or ``fault`` and ``fault`` a ``PrinterFault`` code - what admin mode shows. Times
(``at``, the time printed on receipts and slips) are by the backend's clock (``clock``,
``kiosk.domain.clock.backend_clock`` by default), not the PC's, which may drift.

Threads: GUI thread, except ``printer.print_receipt`` (a pool thread).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.domain.clock import BackendClock, backend_clock
from kiosk.flow.session import SessionView, State
from kiosk.printing.printers import PrinterFault, ReceiptPrinter
from kiosk.printing.receipt import pending_slip_document, receipt_document
from kiosk.qt.background import Background

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    printer: str
    state: str = "idle"
    fault: str | None = None
    at: str | None = None
    last_settlement: int | None = None


class ReceiptPrinting(QObject):
    status_changed = Signal(object)  # PrinterStatus
    printed = Signal(int)  # settlement id

    def __init__(self, printer: ReceiptPrinter, background: Background,
                 language: Any = None, clock: BackendClock = backend_clock) -> None:
        super().__init__()
        self.printer = printer
        self.background = background
        self.clock = clock
        self._language = language or (lambda: "zh_CN")
        self._done: set[int] = set()
        self._slips: set[str] = set()  # pending payments whose slip was printed
        self.status = PrinterStatus(printer.name)

    def attach(self, controller: Any) -> None:
        controller.view_shown.connect(self.on_view)

    def on_view(self, view: SessionView) -> None:
        if view.state == State.PAYMENT_PENDING and view.payment is not None and view.card_in:
            self.print_pending_slip(view.payment)
        if view.state != State.RECEIPT or view.receipt is None:
            return
        self.print_receipt(view.receipt)

    def print_pending_slip(self, payment: Any) -> bool:
        """Print the slip of a payment not confirmed in time, once. Returns whether it did."""
        if self.printer.name == "none" or payment.reference in self._slips:
            return False
        self._slips.add(payment.reference)
        doc = pending_slip_document(payment, self._language(), self.clock.local_now())
        printer = self.printer
        self._set(state="printing", fault=None)
        self.background.run(lambda: printer.print_receipt(doc),
                            lambda _: self._slip_ok(), self._failed)
        return True

    def print_receipt(self, receipt: Any) -> bool:
        """Start printing ``receipt`` unless it was printed already. Returns whether it did."""
        if self.printer.name == "none" or receipt.settlement_id in self._done:
            return False
        self._done.add(receipt.settlement_id)
        doc = receipt_document(receipt, self._language(), self.clock.local_now())
        printer = self.printer
        self._set(state="printing", fault=None, last_settlement=receipt.settlement_id)
        self.background.run(lambda: printer.print_receipt(doc),
                            lambda _: self._ok(receipt.settlement_id), self._failed)
        return True

    def _set(self, **changes: Any) -> None:
        values = {"printer": self.status.printer, "state": self.status.state,
                  "fault": self.status.fault, "at": self.status.at,
                  "last_settlement": self.status.last_settlement}
        values.update(changes)
        values["at"] = self.clock.now().isoformat(timespec="seconds")
        self.status = PrinterStatus(**values)
        self.status_changed.emit(self.status)

    def _ok(self, settlement_id: int) -> None:
        self._set(state="ok", fault=None)
        log.info("receipt printed settlement=%d", settlement_id)
        self.printed.emit(settlement_id)

    def _slip_ok(self) -> None:
        self._set(state="ok", fault=None)
        log.info("pending payment slip printed")

    def _failed(self, error: BaseException) -> None:
        code = error.code if isinstance(error, PrinterFault) else "failed"
        self._set(state="fault", fault=code)
        log.warning("receipt printer fault code=%s settlement=%s", code,
                    self.status.last_settlement)
