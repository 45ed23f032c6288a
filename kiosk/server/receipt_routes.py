"""The e-receipt routes (an ``APIRouter`` that ``create_app`` includes), public, no token:

- ``GET /v1/receipts/public-key``: the Ed25519 public key receipt links are signed with;
- ``GET /r/{token}``: the receipt page a patient's phone opens from the QR code. The link's
  signature is checked first (``kiosk.server.receipts``); a forged, altered or malformed link,
  or one whose settlement does not match what it says, is answered ``404`` with a page that
  tells nothing. A valid one shows the settlement as it is now (``receipt_page``).

``receipt_of(ctx, claim)`` reads what the page shows, in one read transaction. The access log
shows the route template only (``/r/{token}``), never a token; nothing else is logged.
Plain ``def`` endpoints, run in Starlette's thread pool.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from kiosk.domain.citizen_id import mask_name
from kiosk.server import schema as t
from kiosk.server.context import Context
from kiosk.server.guard import service_of
from kiosk.server.receipt_page import (
    ReceiptItem,
    ReceiptPage,
    ReceiptRefund,
    ReceiptReversal,
    not_found_page,
    page_language,
    receipt_page,
)
from kiosk.server.receipts import ReceiptClaim, public_key_json
from kiosk.server.statuses import RefundState
from kiosk.server.views import refunds_json

router = APIRouter()

# what a receipt page may do in a browser: show itself, nothing else
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}


def receipt_of(ctx: Context, claim: ReceiptClaim) -> ReceiptPage | None:
    """What the page shows for a verified ``claim``; None if no settlement matches it (its
    id, total and creation time must all agree)."""
    with ctx.db.read() as conn:
        row = conn.execute(select(t.settlements).where(
            t.settlements.c.settlement_id == claim.settlement_id)).first()
        if row is None or int(row.medfee_sumamt_fen) != claim.medfee_sumamt_fen or int(
                row.created_at.replace(tzinfo=UTC).timestamp()) != int(
                claim.created_at.timestamp()):
            return None
        name = conn.execute(select(t.patients.c.name).where(
            t.patients.c.patient_id == row.patient_id)).scalar()
        charges = conn.execute(select(t.charges).where(t.charges.c.visit_id == row.visit_id)
                               .order_by(t.charges.c.charge_id)).all()
        refunds = refunds_json(conn, claim.settlement_id)

    def local(when: datetime) -> str:
        return when.replace(tzinfo=UTC).astimezone(ctx.tz).strftime("%Y-%m-%d %H:%M")

    names = {c.charge_id: c.name for c in charges}
    reversal = None if row.reversed_at is None else ReceiptReversal(
        local(row.reversed_at), int(row.refunded_fen or 0), row.refund_status)
    return ReceiptPage(
        settlement_id=int(row.settlement_id), settled_at=local(row.created_at),
        masked_name=mask_name(name or ""),
        # billed items only: a voided or corrected charge is replaced by its correction
        items=tuple(ReceiptItem(c.name, int(c.quantity), int(c.amount_fen)) for c in charges
                    if getattr(c, "status", "active") == "active"),
        medfee_sumamt_fen=int(row.medfee_sumamt_fen),
        fund_pay_sumamt_fen=int(row.fund_pay_sumamt_fen), acct_pay_fen=int(row.acct_pay_fen),
        psn_cash_pay_fen=int(row.psn_cash_pay_fen), payment_status=row.payment_status,
        # refunds that returned money, or are returning it; a declined one returned nothing
        refunds=tuple(ReceiptRefund(
            local(datetime.fromisoformat(str(r["completed_at"] or r["started_at"])[:-1])),
            r["total_fen"], r["cash_fen"], tuple(names.get(i, "") for i in r["charge_ids"]),
            done=r["status"] == RefundState.REFUNDED)
            for r in refunds if r["status"] != RefundState.DECLINED),
        reversal=reversal)


@router.get("/v1/receipts/public-key", tags=["public"])
def receipts_public_key(request: Request) -> dict[str, Any]:
    """The key that signs e-receipt links: anyone may verify a link with it."""
    return public_key_json(service_of(request).context.receipts.public_key())


@router.get("/r/{token}", response_class=HTMLResponse, include_in_schema=False)
def receipt(request: Request, token: str) -> HTMLResponse:
    """The receipt page (``?lang=en|zh``, else ``Accept-Language``; Chinese by default)."""
    language = page_language(request.query_params.get("lang", "")[:16],
                             request.headers.get("accept-language", "")[:1000])
    ctx = service_of(request).context
    claim = ctx.receipts.verify(token)
    page = None if claim is None else receipt_of(ctx, claim)
    if page is None:
        return HTMLResponse(not_found_page(language), status_code=404, headers=PAGE_HEADERS)
    return HTMLResponse(receipt_page(page, language), headers=PAGE_HEADERS)
