"""Partial refunds of a settled visit, exactly once, crash or not: a supervisor returns selected
items (a returned medicine); the fund, personal-account and cash shares of those items go back
as ``kiosk.domain.refund_split`` decides, never more than was paid for an item across refunds.

A refund takes an ``Idempotency-Key`` (required) with the settlement's semantics: a retry with
the same key and body replays the first answer, ``409 settlement_in_progress`` while it runs,
``422 idempotency_key_reused`` for another body or caller. Like the reversal
(``kiosk.server.reversal``) it runs four steps, each its own transaction or gateway call:

1. **Claim the key** (``operation = "refund"``). *If the process dies here:* the stale key is
   freed by ``resume_stale`` and a retry refunds afresh.
2. **Begin** (``_begin``): lock the settlement; refuse what cannot be refunded (not completed,
   another refund running, items not of the settlement or refunded already; the answer stored
   on the key); else insert the refund (``refunding``, its shares) and its items. The items'
   unique ``(settlement_id, charge_id)`` and the settlement's row lock keep two racing refunds
   from returning one item twice. *If the process dies here:* the refund is ``refunding``;
   once older than ``settle_stale_seconds`` the repair finishes it (steps 3 and 4).
3. **Return the cash share** (``_pay``): a charged cash share goes back through the gateway
   with reference ``refund-<settlement id>-<refund id>``, idempotent at the gateway, so the
   repair repeating it moves the money at most once (``lookup`` when the call raises); a cash
   share never collected shrinks the open debt; one paid at the counter is given back there.
4. **Finish** (``_finish``), one transaction: ``refunded`` (audit ``settlement.refund``, the
   answer stored on the key), or, if the gateway declined, ``declined`` with its items freed
   (audit ``settlement.refund_declined``, ``409 reversal_not_allowed`` with ``why:
   refund_declined`` stored).

A gateway that answers neither the refund nor the lookup leaves the refund ``refunding``: the
request answers ``409 settlement_in_progress`` (``why: refund_outcome_unknown``) and the repair
asks again. A full reversal after partial refunds returns only the rest
(``reversal.refunded_cash``), and waits while a refund runs (``reversal.refunding``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain import refund_split as rs
from kiosk.domain import settlement as st
from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import SYSTEM, Principal
from kiosk.server.context import Context, sha256_hex
from kiosk.server.errors import ApiError
from kiosk.server.reversal import (
    Answered,
    ClaimLost,
    RefundOutcome,
    claim_key,
    done_key,
    free_stale_keys,
    gateway_refund,
    refunding,
    run_claimed,
    store_answer,
)
from kiosk.server.statuses import (
    CashRefund,
    DebtStatus,
    KeyStatus,
    PaymentStatus,
    RefundState,
    SettlementStatus,
)
from kiosk.server.views import settlement_json

log = logging.getLogger("kiosk.server")

REFUND = "refund"  # idempotency_keys.operation


def refund_request_hash(settlement_id: int, charge_ids: list[int], reason: str) -> str:
    return sha256_hex(json.dumps({"operation": REFUND, "settlement_id": settlement_id,
                                  "charge_ids": sorted(charge_ids), "reason": reason},
                                 sort_keys=True))


def cash_plan(payment_status: str | None, cash_fen: int, debt_status: str | None
              ) -> CashRefund | None:
    """How a refund's cash share goes back: through the gateway (``None``), or without it."""
    if cash_fen == 0:
        return CashRefund.NONE
    if payment_status == PaymentStatus.CHARGED:
        return None
    if debt_status == DebtStatus.OPEN:
        return CashRefund.DEBT_REDUCED
    return CashRefund.AT_COUNTER


# the visit's active charges and their split as the settlement computed it (the same policy)
VisitSplit = Callable[[Connection, int, int], tuple[list[Any], st.Split]]


class Refunds:
    def __init__(self, ctx: Context, visit_split: VisitSplit) -> None:
        self.ctx = ctx
        self._visit_split = visit_split

    # ---- the request -------------------------------------------------------------------
    def refund(self, principal: Principal, settlement_id: int, charge_ids: list[int],
               reason: str, key: str) -> tuple[int, dict[str, Any]]:
        """Steps 1 to 4 (see the module doc). Returns (HTTP status, body)."""
        self._repair_stale(settlement_id)
        request_hash = refund_request_hash(settlement_id, charge_ids, reason)
        claimed_at = claim_key(self.ctx, principal, key, request_hash, REFUND, settlement_id)
        if claimed_at is None:
            return self._replay(principal, key, request_hash)

        def begin() -> int:
            try:
                return self._begin(principal, settlement_id, sorted(set(charge_ids)), key,
                                   claimed_at, reason)
            except IntegrityError:  # a racing refund took an item between check and insert
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED,
                               "another refund took some of these items",
                               {"why": "already_refunded"}) from None

        try:
            refund_id = run_claimed(self.ctx, key, claimed_at, begin)
        except Answered as answered:
            return answered.status, answered.body
        self._complete(refund_id, principal)
        return self._replay(principal, key, request_hash)

    def _replay(self, principal: Principal, key: str, request_hash: str
                ) -> tuple[int, dict[str, Any]]:
        row = done_key(self.ctx, principal, key, request_hash, ApiError(
            409, Reason.SETTLEMENT_IN_PROGRESS, "the refund is still running: its outcome is "
            "not known yet; the server completes it", {"why": "refund_in_progress"}))
        return int(row.response_status), json.loads(row.response_body)

    # ---- step 2 ------------------------------------------------------------------------
    def _begin(self, principal: Principal, settlement_id: int, charge_ids: list[int],
               key: str, claimed_at: datetime, reason: str) -> int:
        now = self.ctx.now()
        with self.ctx.db.write() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).with_for_update()).first()
            if row is None:
                raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
            if row.status in (SettlementStatus.REVERSED, SettlementStatus.REVERSING):
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "the settlement is reversed",
                               {"why": "already_reversed"})
            if row.status != SettlementStatus.COMPLETED:
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the settlement is running")
            if refunding(conn, settlement_id):
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                               "another refund of this settlement is running",
                               {"why": "refund_in_progress"})
            shares = self._shares(conn, row, charge_ids)
            owned = conn.execute(update(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key, t.idempotency_keys.c.created_at == claimed_at,
                t.idempotency_keys.c.status == KeyStatus.IN_PROGRESS).values(updated_at=now))
            if owned.rowcount != 1:
                raise ClaimLost
            refund_id = int(conn.execute(t.refunds.insert().values(
                settlement_id=settlement_id, idempotency_key=key,
                status=RefundState.REFUNDING, reason=reason, requested_by=principal.actor,
                started_at=now, fund_fen=shares.fund_fen, acct_fen=shares.acct_fen,
                cash_fen=shares.cash_fen)).inserted_primary_key[0])
            amounts = dict(conn.execute(select(t.charges.c.charge_id, t.charges.c.amount_fen)
                                        .where(t.charges.c.charge_id.in_(charge_ids))).all())
            conn.execute(t.refund_items.insert(), [
                {"refund_id": refund_id, "settlement_id": settlement_id, "charge_id": c,
                 "amount_fen": int(amounts[c])} for c in charge_ids])
            self.ctx.audit(conn, principal, "settlement.refund_start", "settlement",
                           settlement_id, refund_id=refund_id, charge_ids=charge_ids,
                           total_fen=shares.total_fen)
            return refund_id

    def _shares(self, conn: Connection, row: Any, charge_ids: list[int]) -> rs.RefundShares:
        """The refund's shares, or the refusal (items not the settlement's, refunded)."""
        charges, split = self._visit_split(conn, int(row.visit_id), int(row.patient_id))
        items = {int(c.charge_id): rs.ItemShare(int(c.amount_fen), line.inscp_scp_amt)
                 for c, line in zip(charges, split.lines, strict=True)}
        unknown = sorted(set(charge_ids) - set(items))
        if unknown:
            raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "not items of this settlement",
                           {"why": "not_in_settlement", "charge_ids": unknown})
        before = set(conn.execute(select(t.refund_items.c.charge_id).where(
            t.refund_items.c.settlement_id == row.settlement_id)).scalars().all())
        again = sorted(set(charge_ids) & before)
        if again:
            raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "refunded already",
                           {"why": "already_refunded", "charge_ids": again})
        settled = rs.SettledShares(int(row.fund_pay_sumamt_fen), int(row.acct_pay_fen),
                                   int(row.psn_cash_pay_fen))
        try:
            return rs.refund_shares(settled, items, before, charge_ids)
        except rs.RefundSplitError:  # the items no longer add up to what was settled
            log.error("refund of settlement %s: its items do not match its shares",
                      row.settlement_id)
            raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED,
                           "the settlement's items do not match what it settled: reverse it "
                           "instead", {"why": "items_changed"}) from None

    # ---- steps 3 and 4 -------------------------------------------------------------------
    def _complete(self, refund_id: int, actor: Principal) -> None:
        """Steps 3 and 4 for a ``refunding`` refund: the request's path and the repair's."""
        with self.ctx.db.read() as conn:
            refund = conn.execute(select(t.refunds).where(
                t.refunds.c.refund_id == refund_id)).one()
            settlement = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == refund.settlement_id)).one()
            debt = conn.execute(select(t.debts.c.status).where(
                t.debts.c.settlement_id == refund.settlement_id)).scalar()
        if refund.status != RefundState.REFUNDING:
            return
        outcome = self._pay(refund, settlement, debt)
        if outcome.kind == "unknown":
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the refund's outcome is not known yet; the server completes it "
                           "once the payment gateway answers",
                           {"why": "refund_outcome_unknown"})
        self._finish(refund_id, outcome, actor)

    def _pay(self, refund: Any, settlement: Any, debt_status: str | None) -> RefundOutcome:
        """Step 3: return the cash share (see ``cash_plan``)."""
        cash = int(refund.cash_fen)
        planned = cash_plan(settlement.payment_status, cash, debt_status)
        if planned is not None:
            return RefundOutcome("done", planned, 0)
        return gateway_refund(self.ctx.adapters.gateway,
                              f"refund-{settlement.settlement_id}-{refund.refund_id}",
                              int(settlement.patient_id), cash)

    def _finish(self, refund_id: int, outcome: RefundOutcome, actor: Principal) -> None:
        """Step 4, one transaction (see the module doc); nothing if another finished it."""
        now = self.ctx.now()
        with self.ctx.db.write() as conn:
            refund = conn.execute(select(t.refunds).where(
                t.refunds.c.refund_id == refund_id).with_for_update()).one()
            if refund.status != RefundState.REFUNDING:
                return
            sid = int(refund.settlement_id)
            which = t.idempotency_keys.c.key == refund.idempotency_key
            if outcome.kind == "declined":
                conn.execute(t.refund_items.delete().where(
                    t.refund_items.c.refund_id == refund_id))
                conn.execute(update(t.refunds).where(t.refunds.c.refund_id == refund_id)
                             .values(status=RefundState.DECLINED, completed_at=now))
                self.ctx.audit(conn, actor, "settlement.refund_declined", "settlement", sid,
                               refund_id=refund_id, requested_by=refund.requested_by)
                refusal = ApiError(409, Reason.REVERSAL_NOT_ALLOWED,
                                   "the payment gateway declined the refund: nothing went back",
                                   {"why": "refund_declined", "refund_id": refund_id})
                store_answer(conn, which, refusal.status, refusal.body(), now)
                return
            cash_status = CashRefund(str(outcome.refund_status))
            if cash_status == CashRefund.DEBT_REDUCED:
                self._reduce_debt(conn, sid, int(refund.cash_fen), now)
            conn.execute(update(t.refunds).where(t.refunds.c.refund_id == refund_id).values(
                status=RefundState.REFUNDED, completed_at=now, cash_refund_status=cash_status,
                gateway_reference=(f"refund-{sid}-{refund_id}"
                                   if cash_status == CashRefund.REFUNDED else None)))
            self.ctx.audit(conn, actor, "settlement.refund", "settlement", sid,
                           refund_id=refund_id, fund_fen=int(refund.fund_fen),
                           acct_fen=int(refund.acct_fen), cash_fen=int(refund.cash_fen),
                           cash_refund_status=cash_status, requested_by=refund.requested_by)
            settlement = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == sid)).one()
            answer = settlement_json(conn, settlement, self.ctx.today())
            store_answer(conn, which, 200, {"refund_id": refund_id, "settlement": answer}, now)

    @staticmethod
    def _reduce_debt(conn: Connection, settlement_id: int, cash_fen: int, now: datetime
                     ) -> None:
        """The open debt of an uncollected cash share shrinks by the refund's cash share
        (cancelled when nothing is left of it)."""
        debt = conn.execute(select(t.debts).where(
            t.debts.c.settlement_id == settlement_id).with_for_update()).one()
        left = int(debt.amount_fen) - cash_fen
        values: dict[str, Any] = ({"amount_fen": left} if left > 0 else
                                  {"status": DebtStatus.CANCELLED, "closed_at": now})
        conn.execute(update(t.debts).where(t.debts.c.debt_id == debt.debt_id).values(**values))

    # ---- crash repair --------------------------------------------------------------------
    def _stale(self) -> Any:
        cutoff = self.ctx.now() - timedelta(seconds=self.ctx.settings.settle_stale_seconds)
        return and_(t.refunds.c.status == RefundState.REFUNDING,
                    t.refunds.c.started_at < cutoff)

    def _repair(self, refund_id: int) -> bool:
        try:
            self._complete(refund_id, SYSTEM)
        except ApiError:
            log.warning("refund %s: its outcome is still unknown", refund_id)
            return False
        return True

    def _repair_stale(self, settlement_id: int) -> None:
        """A refund request meeting a stale ``refunding`` refund finishes it first."""
        with self.ctx.db.read() as conn:
            ids = conn.execute(select(t.refunds.c.refund_id).where(
                t.refunds.c.settlement_id == settlement_id, self._stale())).scalars().all()
        for refund_id in ids:
            self._repair(int(refund_id))

    def resume_stale(self) -> list[int]:
        """Finish the refunds a crash left ``refunding`` (older than
        ``settle_stale_seconds``), then free the stale keys of refunds that never began.
        Returns the ids of the refunds finished here."""
        with self.ctx.db.read() as conn:
            ids = conn.execute(select(t.refunds.c.refund_id).where(
                self._stale())).scalars().all()
        finished = [int(i) for i in ids if self._repair(int(i))]
        cutoff = self.ctx.now() - timedelta(seconds=self.ctx.settings.settle_stale_seconds)
        free_stale_keys(self.ctx, REFUND, select(t.refunds.c.idempotency_key), cutoff)
        return finished
