"""Receipts: ESC/POS bytes to a loopback printer, Qt print support to PDF, and printer faults
(offline, no paper) that never block or undo a settlement."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from escpos.printer import Dummy

from kiosk.flow.models import Receipt, SplitView
from kiosk.flow.session import State
from kiosk.printing.printers import (
    EscPosReceiptPrinter,
    PrinterFault,
    QtReceiptPrinter,
    make_printer,
)
from kiosk.printing.receipt import receipt_document
from kiosk.printing.service import ReceiptPrinting
from kiosk.qt.background import Background

RECEIPT = Receipt(settlement_id=4711, visit_id=12, split=SplitView(12345, 8000, 1000, 3345),
                  payment_status="charged", receipt_reference="RCPT-4711-ABC")


class LoopbackPrinter:
    """A network thermal printer on 127.0.0.1: records what it is sent and answers the paper
    status query (DLE EOT 4) with ``paper`` (0x12 paper present, 0x72 paper out)."""

    def __init__(self, paper: int = 0x12) -> None:
        self.paper = paper
        self.received = bytearray()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            conn, _ = self.server.accept()
            with conn:
                while chunk := conn.recv(4096):
                    self.received += chunk
                    if b"\x10\x04\x04" in chunk:
                        conn.sendall(bytes([self.paper]))
        self.done.set()

    def close(self) -> None:
        self.server.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_receipt_says_the_split_and_no_personal_data() -> None:
    doc = receipt_document(RECEIPT, "zh_CN")
    assert ("结算单号", "4711") in doc.rows
    assert ("个人现金支付", "¥33.45") in doc.rows
    assert doc.reference == "RCPT-4711-ABC"
    english = receipt_document(RECEIPT, "en")
    assert ("You pay", "¥33.45") in english.rows


def test_escpos_to_a_loopback_network_printer() -> None:
    printer = LoopbackPrinter()
    try:
        make_printer(f"escpos:127.0.0.1:{printer.port}").print_receipt(
            receipt_document(RECEIPT))
        assert printer.done.wait(5)
    finally:
        printer.close()
    data = bytes(printer.received)
    assert data.startswith(b"\x10\x04\x04")  # asked for paper first
    assert "门诊结算凭条".encode("gb18030") in data
    assert b"RCPT-4711-ABC" in data and b"\x1dV" in data  # the QR text and the cut


def test_escpos_dummy_device_records_the_receipt() -> None:
    dummy = Dummy()
    EscPosReceiptPrinter(device=dummy, check_paper=False).print_receipt(
        receipt_document(RECEIPT, "en"))
    assert b"Settlement No." in dummy.output and b"$33.45" not in dummy.output
    assert "¥33.45".encode("gb18030") in dummy.output


def test_no_paper_and_offline_are_faults_with_codes() -> None:
    empty = LoopbackPrinter(paper=0x72)
    try:
        with pytest.raises(PrinterFault) as err:
            make_printer(f"escpos:127.0.0.1:{empty.port}").print_receipt(
                receipt_document(RECEIPT))
        assert err.value.code == "no_paper"
    finally:
        empty.close()
    with pytest.raises(PrinterFault) as err:
        EscPosReceiptPrinter("127.0.0.1", closed_port(), timeout=2).print_receipt(
            receipt_document(RECEIPT))
    assert err.value.code == "offline"


def test_qt_print_support_prints_to_pdf(qapp, tmp_path: Path) -> None:
    pdf = tmp_path / "receipt.pdf"
    QtReceiptPrinter(pdf_path=str(pdf)).print_receipt(receipt_document(RECEIPT))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    with pytest.raises(PrinterFault) as err:
        QtReceiptPrinter(printer_name="no such printer").print_receipt(
            receipt_document(RECEIPT))
    assert err.value.code == "offline"


def test_printing_runs_off_the_gui_thread_once_per_settlement(qtbot, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pool = Background()
    printing = ReceiptPrinting(QtReceiptPrinter(pdf_path=str(pdf)), pool)
    with qtbot.waitSignal(printing.printed, timeout=10000):
        assert printing.print_receipt(RECEIPT)
    assert not printing.print_receipt(RECEIPT)  # shown again: not printed again
    assert printing.status.state == "ok" and pdf.exists()
    pool.shutdown(5)


def _settle_journey(qtbot: Any, app: Any, backend: Any, virtual_card: Any) -> Any:
    from tests.app.screens import Taps, receipt_screen_shows, wait_screen
    from tests.app.test_journeys import to_the_bill

    visit_id, bill = to_the_bill(qtbot, app, backend, virtual_card)
    Taps(qtbot).tap(bill.pay)
    wait_screen(qtbot, app, State.RECEIPT)
    receipt = app.controller.session.view().receipt
    receipt_screen_shows(app.window, receipt)
    return visit_id, receipt


@pytest.mark.pcsc
def test_a_printer_fault_neither_blocks_nor_undoes_the_settlement(qtbot, kiosk, backend,
                                                                  virtual_card) -> None:
    app = kiosk()
    printing = ReceiptPrinting(make_printer(f"escpos:127.0.0.1:{closed_port()}"),
                               app.background)
    printing.attach(app.controller)
    visit_id, receipt = _settle_journey(qtbot, app, backend, virtual_card)
    qtbot.waitUntil(lambda: printing.status.state == "fault", timeout=10000)
    assert printing.status.fault == "offline"
    assert printing.status.last_settlement == receipt.settlement_id
    # The receipt stays on screen with its QR code; the visit is settled exactly once.
    assert app.controller.session.state == State.RECEIPT
    from tests.app.screens import receipt_screen_shows

    receipt_screen_shows(app.window, receipt)
    counts = backend.counts(visit_id)
    assert counts["settlements"] == 1 and counts["charges"] <= 1  # never charged twice
    assert app.journal.open_entries() == []


def test_a_payment_not_confirmed_in_time_prints_its_slip_once(qtbot, tmp_path: Path) -> None:
    # issue 14: the pending screen promises a printed slip where a printer is fitted
    from kiosk.flow import samples
    from kiosk.printing.receipt import pending_slip_document, plain_lines

    view = samples.payment_pending().view()
    assert view.payment is not None and view.card_in
    slip = pending_slip_document(view.payment, "zh_CN")
    lines = "\n".join(plain_lines(slip))
    assert view.payment.reference in lines and "绝不会重复扣款" in lines
    assert "收费窗口" in lines and "¥" in lines
    pdf = tmp_path / "slip.pdf"
    pool = Background()
    printing = ReceiptPrinting(QtReceiptPrinter(pdf_path=str(pdf)), pool)
    printing.on_view(view)
    qtbot.waitUntil(lambda: printing.status.state == "ok", timeout=10000)
    assert pdf.exists()
    pdf.unlink()
    printing.on_view(view)  # shown again: not printed again
    printing.on_view(samples.payment_pending(card_in=False).view())  # card out: no slip
    pool.shutdown(5)
    assert not pdf.exists()
