"""Receipts, pending slips and the printer status are dated by the backend's clock, not a
drifting PC's (issue 19 item 6): the PC reads 02:30 on 1 December while the backend's clock
says 23:30 on 30 November (``tests.support.clocks``)."""

from __future__ import annotations

from datetime import UTC

from escpos.printer import Dummy

from kiosk.flow import samples
from kiosk.flow.models import Receipt, SplitView
from kiosk.printing.printers import EscPosReceiptPrinter
from kiosk.printing.service import ReceiptPrinting
from kiosk.qt.background import Background
from tests.support.clocks import PC_LOCAL, backend_local, pc_clock_fast

RECEIPT = Receipt(settlement_id=4712, visit_id=13, split=SplitView(12345, 8000, 1000, 3345),
                  payment_status="charged", receipt_reference="RCPT-4712-ABC")
BACKEND_TIME = backend_local(3).strftime("%Y-%m-%d %H:%M").encode()  # 2026-11-30 23:30
PC_TIME = PC_LOCAL.strftime("%Y-%m-%d %H:%M").encode()


def test_the_receipt_slip_and_status_carry_the_backends_time(qtbot) -> None:
    dummy = Dummy()
    pool = Background()
    printing = ReceiptPrinting(EscPosReceiptPrinter(device=dummy, check_paper=False), pool,
                               clock=pc_clock_fast(3))
    try:
        assert printing.print_receipt(RECEIPT)
        qtbot.waitUntil(lambda: printing.status.state == "ok", timeout=10_000)
        assert BACKEND_TIME in dummy.output and PC_TIME not in dummy.output
        assert printing.status.at == backend_local(3).astimezone(UTC).isoformat(
            timespec="seconds")
        dummy.clear()
        payment = samples.payment_pending().view().payment
        assert payment is not None and printing.print_pending_slip(payment)
        qtbot.waitUntil(lambda: BACKEND_TIME in dummy.output, timeout=10_000)
        assert PC_TIME not in dummy.output
    finally:
        pool.shutdown(5)
