"""The receipt's QR code is the backend's signed link to the receipt page (issue 17 item 8): the
code a phone scans, on screen and on paper, decodes (zxing-cpp) to that link; the link verifies
with the backend's published public key and opens the page. The journey runs the real kiosk
against the real backend on loopback, with the virtual card in the PC/SC sandbox."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from escpos.printer import Dummy

from kiosk.flow.models import Receipt, SplitView
from kiosk.printing.printers import EscPosReceiptPrinter
from kiosk.printing.receipt import plain_lines, receipt_document
from kiosk.qt.qr import qr_image
from kiosk.scanner.qimage import codes_in
from kiosk.server.receipts import verify_link

LINK = ("https://his.example.cn/r/4711-12345-1795399205."
        "FkWwDKvMyjjnEiTPa3k-9xLYHzysgrRpDi8XDR9EiNyfpVbAZZCJ4khuCmcN8tg26bfvOAW74wGL3Mo4u_C3AA")
RECEIPT = Receipt(settlement_id=4711, visit_id=12, split=SplitView(12345, 8000, 1000, 3345),
                  payment_status="charged", receipt_reference=LINK)


def test_the_printed_code_holds_the_link_and_no_line_repeats_it() -> None:
    doc = receipt_document(RECEIPT, "zh_CN")
    assert doc.reference == LINK and doc.reference_text == ""
    assert codes_in(qr_image(doc.reference, scale=6)) == [LINK]  # what QtReceiptPrinter prints
    dummy = Dummy()
    EscPosReceiptPrinter(device=dummy, check_paper=False).print_receipt(doc)
    assert LINK.encode() in dummy.output  # stored in the printer's native QR code
    assert dummy.output.count(LINK.encode()) == 1  # and not printed again as text
    assert all(LINK not in line for line in plain_lines(doc))
    plain = receipt_document(Receipt(4711, 12, SplitView(100, 0, 0, 100), "charged",
                                     "KIOSK-RECEIPT:0000004711"))
    assert plain.reference_text == "KIOSK-RECEIPT:0000004711"  # a plain reference is shown


def test_the_receipt_screens_code_is_the_link(qtbot: Any) -> None:
    from kiosk.flow import samples
    from kiosk.flow.session import SettlementFinished
    from kiosk.ui.window import MainWindow

    session = samples.settling()
    session.handle(SettlementFinished(session.generation, RECEIPT))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    window.show_view(session.view())
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.qr.isVisible())
    assert codes_in(screen.qr.pixmap().toImage()) == [LINK]
    assert screen.qr_caption.isVisible() and not screen.reference.isVisible()


@pytest.mark.pcsc
def test_the_kiosks_receipt_code_opens_the_signed_receipt_page(qtbot: Any, kiosk: Any,
                                                                backend: Any,
                                                                virtual_card: Any) -> None:
    from tests.printing.test_printing import _settle_journey

    app = kiosk()
    dummy = Dummy()
    from kiosk.printing.service import ReceiptPrinting

    printing = ReceiptPrinting(EscPosReceiptPrinter(device=dummy, check_paper=False),
                               app.background)
    printing.attach(app.controller)
    _visit_id, receipt = _settle_journey(qtbot, app, backend, virtual_card)
    link = receipt.receipt_reference
    assert urlsplit(link).path.startswith(f"/r/{receipt.settlement_id}-")
    # on screen: the code a phone scans is the link; the link itself is not written out
    screen = app.window.current_screen()
    assert screen.qr.isVisible() and codes_in(screen.qr.pixmap().toImage()) == [link]
    assert not screen.reference.isVisible()
    # on paper: the same link in the printer's QR code
    qtbot.waitUntil(lambda: printing.status.state == "ok", timeout=10_000)
    assert link.encode() in dummy.output
    # anyone with the published key can verify it; the page opens (the link's host is the
    # configured public address; here the backend listens on another port of loopback)
    key = httpx.get(f"{backend.base_url}/v1/receipts/public-key", timeout=10).json()
    claim = verify_link(link, key["public_key"])
    assert claim is not None and claim.settlement_id == receipt.settlement_id
    assert claim.medfee_sumamt_fen == receipt.split.medfee_sumamt_fen
    page = httpx.get(backend.base_url + urlsplit(link).path, timeout=10)
    assert page.status_code == 200 and "门诊电子结算凭条" in page.text
