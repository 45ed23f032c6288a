"""The refund receipt: its rows in both languages, how the cash part went back, the QR code's
content (the signed link, printed without its text; a plain reference, printed), and that it
lays out on a narrow thermal printer like a settlement receipt."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.domain.refund_split import RefundReceipt
from kiosk.printing.receipt import plain_lines
from kiosk.printing.refund_receipt import TEXT, refund_receipt_document

AT = datetime(2026, 11, 23, 10, 5)
RECEIPT = RefundReceipt(settlement_id=42, refund_id=7, items=2, fund_fen=6_931, acct_fen=1_324,
                        cash_fen=1_745, cash_refund_status="refunded",
                        reference="REFUND-42-7")


def test_rows_say_what_went_back_where() -> None:
    doc = refund_receipt_document(RECEIPT, "en", AT)
    assert doc.title == "Outpatient refund receipt"
    assert dict(doc.rows) == {
        "Settlement No.": "42", "Refund No.": "7", "Time": "2026-11-23 10:05",
        "Items refunded": "2", "Refund total": "¥100.00", "Back to insurance": "¥69.31",
        "Back to personal account": "¥13.24", "Back to you": "¥17.45"}
    assert doc.status == "The cash part goes back to your payment method"
    assert (doc.reference, doc.reference_text) == ("REFUND-42-7", "REFUND-42-7")


@pytest.mark.parametrize("how", ["refunded", "debt_reduced", "at_counter", "none"])
def test_each_way_the_cash_goes_back_has_words_in_both_languages(how: str) -> None:
    for language in ("zh_CN", "en"):
        receipt = RefundReceipt(42, 7, 1, 0, 0, 100, how, "REFUND-42-7")
        assert refund_receipt_document(receipt, language, AT).status == TEXT[language][how]
    assert TEXT["zh_CN"].keys() == TEXT["en"].keys()


def test_a_signed_link_goes_in_the_qr_code_only_and_the_receipt_fits_a_thermal_printer(
        ) -> None:
    link = "https://hospital.example/r/42?sig=abc"
    doc = refund_receipt_document(
        RefundReceipt(42, 7, 1, 0, 0, 100, "refunded", link), "zh_CN", AT)
    assert (doc.reference, doc.reference_text) == (link, "")
    lines = plain_lines(doc)
    assert lines[0] == "门诊退费凭条" and "退费总额" in "".join(lines)
