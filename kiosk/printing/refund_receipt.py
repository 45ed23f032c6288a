"""What a printed refund receipt says: pure data from ``kiosk.domain.refund_split``'s
``RefundReceipt`` (the counter's partial refunds), in the receipt's own format
(``receipt.ReceiptDocument``), so every printer prints it as it prints a settlement receipt.

``refund_receipt_document(receipt, language, printed_at)``: the settlement and refund numbers,
the items returned, the shares going back to the insurance fund, the personal account and the
patient, and how the cash share goes back. No personal data. Wording in both languages, here.
Pure; any thread.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.clock import backend_clock
from kiosk.domain.money import format_yuan
from kiosk.domain.refund_split import RefundReceipt
from kiosk.printing.receipt import ReceiptDocument, is_link

TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "门诊退费凭条",
        "number": "结算单号",
        "refund": "退费单号",
        "time": "时间",
        "items": "退费项目数",
        "total": "退费总额",
        "fund": "退回医保统筹",
        "account": "退回个人账户",
        "cash": "退回个人现金",
        "refunded": "现金部分已原路退回",
        "debt_reduced": "现金部分已从待缴金额中扣减",
        "at_counter": "现金部分请在收费窗口领取",
        "none": "本次退费无现金部分",
        "qr": "扫码查看电子票据",
    },
    "en": {
        "title": "Outpatient refund receipt",
        "number": "Settlement No.",
        "refund": "Refund No.",
        "time": "Time",
        "items": "Items refunded",
        "total": "Refund total",
        "fund": "Back to insurance",
        "account": "Back to personal account",
        "cash": "Back to you",
        "refunded": "The cash part goes back to your payment method",
        "debt_reduced": "The cash part is taken off what you still owe",
        "at_counter": "Collect the cash part at the counter",
        "none": "No cash part in this refund",
        "qr": "Scan for your electronic receipt",
    },
}


def refund_receipt_document(receipt: RefundReceipt, language: str = "zh_CN",
                            printed_at: datetime | None = None) -> ReceiptDocument:
    text = TEXT.get(language, TEXT["zh_CN"])
    when = (printed_at or backend_clock.local_now()).strftime("%Y-%m-%d %H:%M")
    rows = (
        (text["number"], str(receipt.settlement_id)),
        (text["refund"], str(receipt.refund_id)),
        (text["time"], when),
        (text["items"], str(receipt.items)),
        (text["total"], format_yuan(receipt.total_fen)),
        (text["fund"], format_yuan(receipt.fund_fen)),
        (text["account"], format_yuan(receipt.acct_fen)),
        (text["cash"], format_yuan(receipt.cash_fen)),
    )
    status = text.get(receipt.cash_refund_status, text["refunded"])
    return ReceiptDocument(
        settlement_id=receipt.settlement_id, title=text["title"], status=status, rows=rows,
        notes=(), qr_caption=text["qr"], reference=receipt.reference,
        reference_text="" if is_link(receipt.reference) else receipt.reference)
