"""What a printed receipt says: pure data from the flow's ``Receipt``.

``receipt_document(receipt, language, printed_at)`` -> ``ReceiptDocument`` (title, rows of
label and amount, what the QR code holds: the backend's signed link to the receipt page, which
a phone opens and anyone can verify with the backend's public key, or a plain reference from a
backend that signs none). A receipt carries no personal data: the settlement number, the split
and the link or reference, nothing about the patient.
``pending_slip_document(payment, ...)`` is the slip for a payment whose outcome is not known
yet: the reference the counter looks it up by, the amount agreed, that it is never charged
twice, and where to go. ``printed_at`` is by default the local time by the backend's clock
(``kiosk.domain.clock.backend_clock``), not the PC's, which may drift.
Receipt wording lives here, in one place, in both languages. Pure; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.clock import backend_clock
from kiosk.domain.money import format_yuan
from kiosk.flow.events import PendingPayment
from kiosk.flow.models import Receipt

TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "门诊结算凭条",
        "number": "结算单号",
        "time": "时间",
        "total": "医疗费总额",
        "fund": "医保统筹支付",
        "account": "个人账户支付",
        "cash": "个人现金支付",
        "debt": "待缴金额",
        "due": "请于{date}前到收费窗口缴清",
        "charged": "支付成功",
        "counter": "请到收费窗口缴费",
        "failed": "结算完成，扣款未成功",
        "qr": "扫码查看电子票据",
        "pending_title": "付款确认中",
        "pending_status": "您的付款正在确认，绝不会重复扣款",
        "pending_reference": "查询编号",
        "pending_amount": "您同意支付",
        "pending_where": "如需帮助，请持本凭条到一楼大厅收费窗口1号窗口查询",
        "pending_qr": "收费窗口扫码查询",
    },
    "en": {
        "title": "Outpatient settlement receipt",
        "number": "Settlement No.",
        "time": "Time",
        "total": "Total",
        "fund": "Insurance pays",
        "account": "Personal account pays",
        "cash": "You pay",
        "debt": "Still to pay",
        "due": "Please pay at the counter by {date}",
        "charged": "Payment complete",
        "counter": "Please pay at the counter",
        "failed": "Settled; the payment did not go through",
        "qr": "Scan for your electronic receipt",
        "pending_title": "Payment being confirmed",
        "pending_status": "Your payment is being confirmed; you will never be charged twice",
        "pending_reference": "Reference",
        "pending_amount": "Amount you agreed to",
        "pending_where": "For help, bring this slip to the payment counter, window 1, main "
                         "hall, ground floor",
        "pending_qr": "For the counter to look it up",
    },
}


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    settlement_id: int  # 0 on a pending slip: no settlement is known yet
    title: str
    status: str
    rows: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    qr_caption: str
    reference: str  # what the QR code holds
    # the text printed under the QR code: the reference, or nothing for a link (a long line
    # nobody types; the settlement number is on the receipt)
    reference_text: str = ""


def is_link(reference: str) -> bool:
    """Whether a receipt's QR code holds a web link (the signed receipt page's)."""
    return reference.startswith(("https://", "http://"))


def receipt_document(receipt: Receipt, language: str = "zh_CN",
                     printed_at: datetime | None = None) -> ReceiptDocument:
    text = TEXT.get(language, TEXT["zh_CN"])
    when = (printed_at or backend_clock.local_now()).strftime("%Y-%m-%d %H:%M")
    split = receipt.split
    rows = [
        (text["number"], str(receipt.settlement_id)),
        (text["time"], when),
        (text["total"], format_yuan(split.medfee_sumamt_fen)),
        (text["fund"], format_yuan(split.fund_pay_sumamt_fen)),
        (text["account"], format_yuan(split.acct_pay_fen)),
        (text["cash"], format_yuan(split.psn_cash_pay_fen)),
    ]
    status = receipt.payment_status
    owed = receipt.debt_fen if receipt.debt_fen > 0 else (
        split.psn_cash_pay_fen if status in ("declined", "failed", "counter") else 0)
    notes: list[str] = []
    if owed > 0:
        rows.append((text["debt"], format_yuan(owed)))
        if receipt.debt_due_date:
            notes.append(text["due"].format(date=receipt.debt_due_date))
    status_text = text["charged"] if status == "charged" else (
        text["counter"] if status == "counter" else text["failed"])
    return ReceiptDocument(
        settlement_id=receipt.settlement_id, title=text["title"], status=status_text,
        rows=tuple(rows), notes=tuple(notes), qr_caption=text["qr"],
        reference=receipt.receipt_reference,
        reference_text="" if is_link(receipt.receipt_reference) else receipt.receipt_reference)


def pending_slip_document(payment: PendingPayment, language: str = "zh_CN",
                          printed_at: datetime | None = None) -> ReceiptDocument:
    """The slip for a payment whose outcome is not known yet (the pending screen's words)."""
    text = TEXT.get(language, TEXT["zh_CN"])
    when = (printed_at or backend_clock.local_now()).strftime("%Y-%m-%d %H:%M")
    rows = ((text["pending_reference"], payment.reference), (text["time"], when),
            (text["pending_amount"], format_yuan(payment.psn_cash_pay_fen)))
    return ReceiptDocument(
        settlement_id=0, title=text["pending_title"], status=text["pending_status"],
        rows=rows, notes=(text["pending_where"],), qr_caption=text["pending_qr"],
        reference=payment.reference, reference_text=payment.reference)


def plain_lines(doc: ReceiptDocument, width: int = 32) -> list[str]:
    """The receipt as lines of text for a narrow thermal printer (CJK counts double)."""

    def cells(s: str) -> int:
        return sum(2 if ord(c) > 0x2E7F else 1 for c in s)

    lines = [doc.title, doc.status, "-" * width]
    for label, value in doc.rows:
        gap = max(1, width - cells(label) - cells(value))
        lines.append(label + " " * gap + value)
    lines.append("-" * width)
    lines += list(doc.notes)
    return lines
