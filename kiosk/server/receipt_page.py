"""The e-receipt page a patient's phone opens from the receipt's QR code, as HTML (pure).

``receipt_page(receipt, language)`` renders a ``ReceiptPage`` (what the settlement says:
the masked name, the items, the shares, the payment, later refunds and a reversal);
``not_found_page(language)`` is the one answer for a forged, altered, malformed or unknown
link (it tells nothing about any settlement). ``page_language(lang, accept_language)`` picks
the language: ``?lang=`` first, then the ``Accept-Language`` header, Simplified Chinese by
default.

The page is plain HTML with its style inline: no scripts, no external assets, a viewport
meta for phones. Every value is escaped. Pure; any thread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from kiosk.domain.money import format_yuan

LANGUAGES = ("zh_CN", "en")

TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "html_lang": "zh-CN",
        "title": "门诊电子结算凭条",
        "genuine": "本凭条由医院签名，真实有效",
        "number": "结算单号",
        "time": "结算时间",
        "patient": "患者",
        "items": "费用明细",
        "item": "项目",
        "quantity": "数量",
        "amount": "金额",
        "total": "医疗费总额",
        "fund": "医保统筹支付",
        "account": "个人账户支付",
        "cash": "个人现金支付",
        "payment": "付款状态",
        "charged": "支付成功",
        "counter": "在收费窗口缴费",
        "declined": "扣款未成功，请到收费窗口缴费",
        "failed": "扣款未成功，请到收费窗口缴费",
        "pending": "处理中",
        "refunds": "退费",
        "refund_line": "{time} 退费 {amount}（其中个人现金 {cash}）：{items}",
        "refund_pending": "（处理中）",
        "reversed": "本次结算已于 {time} 冲正（全部撤销）",
        "reversed_refund": "退还个人现金 {amount}",
        "refund_status": "退款状态：{status}",
        "refund_refunded": "已退回原支付账户",
        "refund_failed": "退款未成功，请到收费窗口办理",
        "refund_at_counter": "请到收费窗口领取退款",
        "refund_none": "无需退款",
        "other_language": "English",
        "not_found_title": "未找到凭条",
        "not_found": "此链接无效或已被修改，无法显示凭条。请扫描纸质凭条上的二维码，"
                     "或到收费窗口咨询。",
    },
    "en": {
        "html_lang": "en",
        "title": "Outpatient e-receipt",
        "genuine": "Signed by the hospital: this receipt is genuine",
        "number": "Settlement No.",
        "time": "Settled at",
        "patient": "Patient",
        "items": "Items",
        "item": "Item",
        "quantity": "Qty",
        "amount": "Amount",
        "total": "Total",
        "fund": "Insurance fund pays",
        "account": "Personal account pays",
        "cash": "You pay",
        "payment": "Payment",
        "charged": "Paid",
        "counter": "Paid at the counter",
        "declined": "Not charged: please pay at the counter",
        "failed": "Not charged: please pay at the counter",
        "pending": "Being processed",
        "refunds": "Refunds",
        "refund_line": "{time}: {amount} refunded ({cash} of it cash): {items}",
        "refund_pending": " (being processed)",
        "reversed": "This settlement was reversed (cancelled in full) on {time}",
        "reversed_refund": "Cash share refunded: {amount}",
        "refund_status": "Refund status: {status}",
        "refund_refunded": "returned to the account you paid from",
        "refund_failed": "did not go through: please ask at the payment counter",
        "refund_at_counter": "please collect it at the payment counter",
        "refund_none": "nothing to refund",
        "other_language": "中文",
        "not_found_title": "Receipt not found",
        "not_found": "This link is not valid or has been altered, so no receipt can be shown. "
                     "Scan the QR code on your printed receipt, or ask at the payment counter.",
    },
}


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    name: str
    quantity: int
    amount_fen: int


@dataclass(frozen=True, slots=True)
class ReceiptRefund:
    """A partial refund: some items returned (``done`` False: still being refunded)."""

    at: str  # local time, as shown
    total_fen: int
    cash_fen: int
    items: tuple[str, ...]
    done: bool = True


@dataclass(frozen=True, slots=True)
class ReceiptReversal:
    at: str  # local time, as shown
    refunded_fen: int
    refund_status: str | None


@dataclass(frozen=True, slots=True)
class ReceiptPage:
    settlement_id: int
    settled_at: str  # local time, as shown
    masked_name: str
    items: tuple[ReceiptItem, ...]
    medfee_sumamt_fen: int
    fund_pay_sumamt_fen: int
    acct_pay_fen: int
    psn_cash_pay_fen: int
    payment_status: str | None
    refunds: tuple[ReceiptRefund, ...] = field(default=())
    reversal: ReceiptReversal | None = None


def page_language(lang: str | None, accept_language: str | None) -> str:
    """``zh_CN`` or ``en``: ``lang`` (``en``, ``zh``, ``zh-CN``, ``zh_CN``) if it names one,
    else the header's most preferred of the two, else ``zh_CN``."""
    def known(tag: str) -> str | None:
        tag = tag.strip().lower()
        if tag == "en" or tag.startswith("en-") or tag.startswith("en_"):
            return "en"
        if tag == "zh" or tag.startswith(("zh-", "zh_")):
            return "zh_CN"
        return None

    if lang and known(lang):
        return known(lang) or "zh_CN"
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        language = known(tag)
        if language is not None and quality > 0:
            ranked.append((-quality, index, language))
    return min(ranked)[2] if ranked else "zh_CN"


_STYLE = ("body{font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;"
          "margin:0;padding:16px;color:#1a1a1a;background:#f6f7f9;line-height:1.5}"
          "main{max-width:560px;margin:0 auto;background:#fff;padding:16px;border-radius:8px}"
          "h1{font-size:1.3em;margin:0 0 8px}h2{font-size:1.05em;margin:16px 0 4px}"
          "table{width:100%;border-collapse:collapse}td,th{padding:4px 2px;text-align:left;"
          "border-bottom:1px solid #eee;vertical-align:top}.n{text-align:right;"
          "white-space:nowrap}.ok{color:#0a6b2d}.alert{color:#a4000f;font-weight:bold}"
          "nav{text-align:right;margin-bottom:8px}")


def _document(language: str, title: str, body: str, switch: bool = True) -> str:
    text = TEXT[language]
    other = "en" if language == "zh_CN" else "zh"
    nav = (f"<nav><a href='?lang={other}' hreflang='{other}'>"
           f"{html.escape(text['other_language'])}</a></nav>") if switch else ""
    return ("<!DOCTYPE html>"
            f"<html lang='{text['html_lang']}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<meta name='robots' content='noindex'>"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><main>{nav}{body}</main></body></html>")


def _row(label: str, value: str, css: str = "") -> str:
    cls = f" class='n {css}'" if css else " class='n'"
    return f"<tr><th>{html.escape(label)}</th><td{cls}>{html.escape(value)}</td></tr>"


def receipt_page(receipt: ReceiptPage, language: str = "zh_CN") -> str:
    """The receipt as a small, self-contained HTML page in ``language``."""
    text = TEXT.get(language, TEXT["zh_CN"])
    language = language if language in TEXT else "zh_CN"
    parts = [f"<h1>{html.escape(text['title'])}</h1>",
             f"<p class='ok'>&#10003; {html.escape(text['genuine'])}</p>"]
    reversal = receipt.reversal
    if reversal is not None:
        parts.append(f"<p class='alert'>{html.escape(text['reversed'].format(time=reversal.at))}"
                     "</p>")
    parts.append("<table>" + _row(text["number"], str(receipt.settlement_id))
                 + _row(text["time"], receipt.settled_at)
                 + _row(text["patient"], receipt.masked_name) + "</table>")
    items = "".join(
        f"<tr><td>{html.escape(item.name)}</td><td class='n'>{item.quantity}</td>"
        f"<td class='n'>{html.escape(format_yuan(item.amount_fen))}</td></tr>"
        for item in receipt.items)
    parts.append(f"<h2>{html.escape(text['items'])}</h2><table><tr>"
                 f"<th>{html.escape(text['item'])}</th>"
                 f"<th class='n'>{html.escape(text['quantity'])}</th>"
                 f"<th class='n'>{html.escape(text['amount'])}</th></tr>{items}</table>")
    status = receipt.payment_status or "pending"
    parts.append("<table>"
                 + _row(text["total"], format_yuan(receipt.medfee_sumamt_fen))
                 + _row(text["fund"], format_yuan(receipt.fund_pay_sumamt_fen))
                 + _row(text["account"], format_yuan(receipt.acct_pay_fen))
                 + _row(text["cash"], format_yuan(receipt.psn_cash_pay_fen))
                 + _row(text["payment"], text.get(status, status),
                        "ok" if status in ("charged", "counter") else "alert")
                 + "</table>")
    if receipt.refunds:
        separator = "、" if language == "zh_CN" else ", "
        lines = "".join("<li>" + html.escape(text["refund_line"].format(
            time=r.at, amount=format_yuan(r.total_fen), cash=format_yuan(r.cash_fen),
            items=separator.join(r.items)) + ("" if r.done else text["refund_pending"]))
            + "</li>" for r in receipt.refunds)
        parts.append(f"<h2>{html.escape(text['refunds'])}</h2><ul>{lines}</ul>")
    if reversal is not None:
        notes = [text["reversed_refund"].format(amount=format_yuan(reversal.refunded_fen))]
        if reversal.refund_status:
            status = reversal.refund_status
            notes.append(text["refund_status"].format(
                status=text.get(f"refund_{status}", status)))
        parts.append("<p>" + "<br>".join(html.escape(n) for n in notes) + "</p>")
    return _document(language, text["title"], "".join(parts))


def not_found_page(language: str = "zh_CN") -> str:
    """The answer to any link that does not verify or names no settlement: no data."""
    text = TEXT.get(language, TEXT["zh_CN"])
    language = language if language in TEXT else "zh_CN"
    return _document(language, text["not_found_title"],
                     f"<h1>{html.escape(text['not_found_title'])}</h1>"
                     f"<p>{html.escape(text['not_found'])}</p>")
