"""Reversing a settlement exactly once, crash or not: the supervisor's reversal (refund the
charged cash share, cancel the open debt, reopen the visit) and its crash repair.

A reversal takes an ``Idempotency-Key`` with the settlement's semantics (a retry with the same
key and body replays the first answer, ``409 settlement_in_progress`` while it runs, ``422
idempotency_key_reused`` for another body or caller); without one the server makes a key, so
every reversal runs the same four steps, each its own transaction or gateway call:

1. **Claim the key** (``operation = "reversal"``, naming the settlement). *If the process
   dies here:* the stale key is freed by ``resume_stale`` and a retry reverses afresh.
2. **Begin** (``_begin``): lock the settlement, refuse what cannot be reversed (answers stored
   on the key), else mark it ``reversing`` with this key, the reason, who asked and when.
   *If the process dies here:* the settlement is ``reversing``; once older than
   ``settle_stale_seconds`` the repair finishes it (steps 3 and 4).
3. **Refund** (``_refund``): the gateway refund with reference ``refund-<settlement id>``,
   idempotent at the gateway, so the repair repeating it moves the money at most once; if the
   call raises, ``lookup`` tells whether the refund happened. After partial refunds
   (``kiosk.server.refunds``) only the rest of the cash share goes back; a reversal waits
   while a partial refund runs. *If the process dies here:* as after step 2.
4. **Finish** (``_finish``), one transaction: a refund that happened (or nothing to refund)
   makes the settlement ``reversed`` with its refund, cancels the open debt, reopens the visit
   (items partial refunds returned are voided: they are not billed again), writes
   ``settlement.reverse`` to the audit log and stores the answer on the key; a refund the
   gateway declined puts the settlement back to ``completed`` (not reversed), audits
   ``settlement.reversal_declined`` and stores ``409 reversal_not_allowed`` (``why:
   refund_declined``) on the key. Nothing is durable between the refund and this step but the
   gateway's own record.

So a settlement is never left ``reversing``: it ends refunded and reversed, or not reversed.
The one exception is a gateway that answers neither the refund nor the lookup: the outcome is
unknown, the request answers ``409 settlement_in_progress`` (``why: refund_outcome_unknown``)
and the repair asks the gateway again until it answers. No answer says "already reversed"
unless the reversal finished (its refund is in the details).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.adapters import PaymentGateway
from kiosk.server.auth import SYSTEM, Principal
from kiosk.server.context import Context, sha256_hex
from kiosk.server.errors import ApiError, describe
from kiosk.server.statuses import (
    ChargeStatus,
    DebtStatus,
    GatewayStatus,
    KeyStatus,
    PaymentStatus,
    RefundState,
    RefundStatus,
    SettlementStatus,
    VisitStatus,
)
from kiosk.server.views import settlement_json

log = logging.getLogger("kiosk.server")

REVERSAL = "reversal"  # idempotency_keys.operation
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RefundOutcome:
    """What step 3 learned: ``done`` (the refund happened or there was none to make, with its
    status and amount), ``declined`` by the gateway, or ``unknown``."""

    kind: str  # done | declined | unknown
    refund_status: RefundStatus = RefundStatus.NONE
    refunded_fen: int = 0


UNKNOWN = RefundOutcome("unknown")
DECLINED = RefundOutcome("declined")


class ClaimLost(Exception):
    """This request's key was freed as stale while the request still ran."""


class Answered(Exception):
    """Step 2 refused: the answer stored on the key, for the request to return."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def reversal_request_hash(settlement_id: int, reason: str) -> str:
    return sha256_hex(json.dumps({"operation": REVERSAL, "settlement_id": settlement_id,
                                  "reason": reason}, sort_keys=True))


def refund_plan(payment_status: str | None, cash_fen: int) -> RefundOutcome | None:
    """Whether a reversal needs a gateway refund (``None``) or what it records without one:
    only a charged cash share goes back through the gateway; a counter payment is refunded
    at the counter; a declined or failed charge moved no money."""
    if payment_status == PaymentStatus.CHARGED and cash_fen > 0:
        return None
    if payment_status == PaymentStatus.COUNTER:
        return RefundOutcome("done", RefundStatus.AT_COUNTER)
    return RefundOutcome("done", RefundStatus.NONE)


class Reversals:
    def __init__(self, ctx: Context, get: Callable[[int], dict[str, Any]]) -> None:
        self.ctx = ctx
        self._get = get

    # ---- the request -------------------------------------------------------------------
    def reverse(self, principal: Principal, settlement_id: int, reason: str,
                key: str | None = None) -> tuple[int, dict[str, Any]]:
        """Steps 1 to 4 (see the module doc). Returns (HTTP status, body)."""
        self._repair_if_stale(settlement_id)
        key = key or f"reversal:{uuid.uuid4().hex}"
        request_hash = reversal_request_hash(settlement_id, reason)
        claimed_at = claim_key(self.ctx, principal, key, request_hash, REVERSAL, settlement_id)
        if claimed_at is None:
            return self._replay(principal, key, request_hash)
        try:
            row = run_claimed(self.ctx, key, claimed_at, lambda: self._begin(
                principal, settlement_id, key, claimed_at, reason))
        except Answered as answered:
            return answered.status, answered.body
        self._complete(row, principal)
        return self._replay(principal, key, request_hash)

    def _replay(self, principal: Principal, key: str, request_hash: str
                ) -> tuple[int, dict[str, Any]]:
        row = done_key(self.ctx, principal, key, request_hash, ApiError(
            409, Reason.SETTLEMENT_IN_PROGRESS, "the reversal is still running: its refund's "
            "outcome is not known yet; the server completes it",
            {"why": "reversal_in_progress"}))
        if int(row.response_status) == 200:
            return 200, self._get(int(row.settlement_id))  # as it is now
        return int(row.response_status), json.loads(row.response_body)

    # ---- step 2 ------------------------------------------------------------------------
    def _begin(self, principal: Principal, settlement_id: int, key: str, claimed_at: datetime,
               reason: str) -> Any:
        max_days = self.ctx.settings.reversal_max_days
        now = self.ctx.now()
        with self.ctx.db.write() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).with_for_update()).first()
            if row is None:
                raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
            if row.status == SettlementStatus.REVERSED:
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "already reversed", {
                    "why": "already_reversed", "refund_status": row.refund_status,
                    "refunded_fen": int(row.refunded_fen or 0)})
            if row.status == SettlementStatus.REVERSING:
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                               "another reversal of this settlement is running",
                               {"why": "reversal_in_progress"})
            if row.status == SettlementStatus.CHARGING:
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the settlement is running")
            if refunding(conn, settlement_id):
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                               "a partial refund of this settlement is running",
                               {"why": "refund_in_progress"})
            if row.completed_at < now - timedelta(days=max_days):
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "the settlement is too old",
                               {"why": "too_old", "max_days": max_days})
            owned = conn.execute(update(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key, t.idempotency_keys.c.created_at == claimed_at,
                t.idempotency_keys.c.status == KeyStatus.IN_PROGRESS).values(updated_at=now))
            if owned.rowcount != 1:
                raise ClaimLost
            conn.execute(update(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).values(
                status=SettlementStatus.REVERSING, reversal_key=key, reversal_started_at=now,
                reversal_reason=reason, reversed_by=principal.actor))
            self.ctx.audit(conn, principal, "settlement.reversal_start", "settlement",
                           settlement_id)
            return conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).one()

    # ---- steps 3 and 4 -------------------------------------------------------------------
    def _complete(self, row: Any, actor: Principal) -> RefundOutcome:
        """Steps 3 and 4 for a ``reversing`` settlement: the request's path (``actor``: who
        asked) and the repair's (``actor``: the system)."""
        outcome = self._refund(row)
        if outcome.kind == "unknown":
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the refund's outcome is not known yet; the settlement stays "
                           "reversing until the payment gateway answers, and the server "
                           "completes it", {"why": "refund_outcome_unknown"})
        self._finish(int(row.settlement_id), outcome, actor)
        return outcome

    def _refund(self, row: Any) -> RefundOutcome:
        """Step 3: refund the charged cash share through the gateway (idempotent by
        reference), less what partial refunds returned already."""
        with self.ctx.db.read() as conn:
            cash = int(row.psn_cash_pay_fen) - refunded_cash(conn, int(row.settlement_id))
        planned = refund_plan(row.payment_status, cash)
        if planned is not None:
            return planned
        return gateway_refund(self.ctx.adapters.gateway, f"refund-{row.settlement_id}",
                              int(row.patient_id), cash)

    def _finish(self, settlement_id: int, outcome: RefundOutcome, actor: Principal) -> None:
        """Step 4, one transaction (see the module doc); nothing if another finished it."""
        now = self.ctx.now()
        with self.ctx.db.write() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).with_for_update()).one()
            if row.status != SettlementStatus.REVERSING:
                return
            which = t.idempotency_keys.c.key == row.reversal_key
            if outcome.kind == "declined":
                conn.execute(update(t.settlements).where(
                    t.settlements.c.settlement_id == settlement_id).values(
                    status=SettlementStatus.COMPLETED, reversal_key=None,
                    reversal_started_at=None, reversal_reason=None, reversed_by=None))
                self.ctx.audit(conn, actor, "settlement.reversal_declined", "settlement",
                               settlement_id, refund_fen=int(row.psn_cash_pay_fen),
                               requested_by=row.reversed_by)
                refusal = ApiError(409, Reason.REVERSAL_NOT_ALLOWED,
                                   "the payment gateway declined the refund: not reversed",
                                   {"why": "refund_declined"})
                store_answer(conn, which, refusal.status, refusal.body(), now)
                return
            refund_status = outcome.refund_status
            debt = conn.execute(select(t.debts).where(
                t.debts.c.settlement_id == settlement_id)).first()
            if debt is not None and debt.status == DebtStatus.OPEN:
                conn.execute(update(t.debts).where(t.debts.c.debt_id == debt.debt_id)
                             .values(status=DebtStatus.CANCELLED, closed_at=now))
            elif debt is not None and debt.status == DebtStatus.PAID:
                refund_status = RefundStatus.AT_COUNTER
            conn.execute(update(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).values(
                status=SettlementStatus.REVERSED, reversed_at=now, refund_status=refund_status,
                refunded_fen=outcome.refunded_fen))
            void_refunded_items(conn, settlement_id, now)
            reopen_visit(conn, row.visit_id)
            self.ctx.audit(conn, actor, "settlement.reverse", "settlement", settlement_id,
                           refund_status=refund_status, refunded_fen=outcome.refunded_fen,
                           requested_by=row.reversed_by)
            done = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).one()
            store_answer(conn, which, 200, settlement_json(conn, done, self.ctx.today()), now)

    # ---- crash repair --------------------------------------------------------------------
    def _cutoff(self) -> datetime:
        return self.ctx.now() - timedelta(seconds=self.ctx.settings.settle_stale_seconds)

    def _stale_reversing(self, cutoff: datetime) -> Any:
        return and_(t.settlements.c.status == SettlementStatus.REVERSING,
                    or_(t.settlements.c.reversal_started_at.is_(None),
                        t.settlements.c.reversal_started_at < cutoff))

    def _repair_if_stale(self, settlement_id: int) -> None:
        """A reversal request meeting a stale ``reversing`` settlement finishes it first."""
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id,
                self._stale_reversing(self._cutoff()))).first()
        if row is not None:
            self._repair(row)

    def _repair(self, row: Any) -> bool:
        try:
            self._complete(row, SYSTEM)
        except ApiError:
            log.warning("reversal of settlement %s: refund outcome still unknown",
                        row.settlement_id)
            return False
        return True

    def resume_stale(self) -> list[int]:
        """Finish the reversals a crash left ``reversing`` (older than
        ``settle_stale_seconds``; rows left by older versions have no start time and count as
        stale), then free the stale keys of reversals that never began. Returns the ids of
        the settlements finished here."""
        cutoff = self._cutoff()
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.settlements).where(
                self._stale_reversing(cutoff))).all()
        finished = [int(r.settlement_id) for r in rows if self._repair(r)]
        free_stale_keys(self.ctx, REVERSAL, select(t.settlements.c.reversal_key).where(
            t.settlements.c.reversal_key.is_not(None)), cutoff)
        return finished


def free_stale_keys(ctx: Context, operation: str, began: Any, cutoff: datetime) -> None:
    """Free the ``operation``'s keys still ``in_progress`` since before ``cutoff`` whose
    request never began (not among ``began``, a select of keys): a retry starts afresh."""
    keys = t.idempotency_keys
    stale = and_(keys.c.operation == operation, keys.c.status == KeyStatus.IN_PROGRESS,
                 keys.c.updated_at < cutoff)
    with ctx.db.write() as conn:
        freed = conn.execute(select(keys.c.key).where(
            stale, keys.c.key.not_in(began.scalar_subquery()))).scalars().all()
        for key in freed:
            conn.execute(keys.delete().where(stale, keys.c.key == key))
            ctx.audit(conn, SYSTEM, "idempotency.free_stale", "idempotency_key",
                      key if len(key) <= 64 else sha256_hex(key))


def gateway_refund(gateway: PaymentGateway, reference: str, patient_id: int, cash_fen: int
                   ) -> RefundOutcome:
    """A refund through the gateway, idempotent by ``reference``: ``done`` with the amount,
    ``declined``, or ``unknown`` when neither the refund nor the lookup answers (a time-out
    may still land: ask again later, never guess)."""
    try:
        result = gateway.refund(reference=reference, patient_id=patient_id, amount_fen=cash_fen)
    except Exception as exc:
        log.error("refund %s failed: %s", reference, describe(exc))
        try:
            found = gateway.lookup(reference)
        except Exception as again:
            log.error("refund lookup %s failed: %s", reference, describe(again))
            return UNKNOWN
        if found is None:
            return UNKNOWN
        result = found
    if result.status != GatewayStatus.SUCCEEDED:
        return DECLINED
    return RefundOutcome("done", RefundStatus.REFUNDED, int(result.amount_fen))


def refunded_cash(conn: Connection, settlement_id: int) -> int:
    """The cash share partial refunds of the settlement returned already (fen)."""
    return int(conn.execute(select(func.coalesce(func.sum(t.refunds.c.cash_fen), 0)).where(
        t.refunds.c.settlement_id == settlement_id,
        t.refunds.c.status == RefundState.REFUNDED)).scalar_one())


def refunding(conn: Connection, settlement_id: int) -> bool:
    """Is a partial refund of the settlement running?"""
    return conn.execute(select(t.refunds.c.refund_id).where(
        t.refunds.c.settlement_id == settlement_id,
        t.refunds.c.status == RefundState.REFUNDING).limit(1)).first() is not None


def claim_key(ctx: Context, principal: Principal, key: str, request_hash: str,
              operation: str, settlement_id: int) -> datetime | None:
    """Step 1 of a keyed money request: claim ``key`` (``in_progress``, naming the operation
    and the settlement); when it was claimed, or None if the key exists (replay it)."""
    claimed_at = ctx.now()
    try:
        with ctx.db.write() as conn:
            conn.execute(t.idempotency_keys.insert().values(
                key=key, request_hash=request_hash, status=KeyStatus.IN_PROGRESS,
                created_at=claimed_at, updated_at=claimed_at, owner=principal.actor,
                operation=operation, settlement_id=settlement_id))
    except IntegrityError:
        return None
    return claimed_at


def run_claimed(ctx: Context, key: str, claimed_at: datetime, begin: Callable[[], T]) -> T:
    """Step 2 for the key this request claimed at ``claimed_at``: ``begin()``'s result; a
    refusal is stored on the key and raised as ``Answered``; an unexpected failure frees the
    key (nothing began) and propagates."""
    keys = t.idempotency_keys
    mine = and_(keys.c.key == key, keys.c.created_at == claimed_at)
    try:
        return begin()
    except ClaimLost:
        raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                       "the request took too long and changed nothing; retry it") from None
    except ApiError as exc:
        with ctx.db.write() as conn:
            store_answer(conn, mine, exc.status, exc.body(), ctx.now())
        raise Answered(exc.status, exc.body()) from None
    except Exception:
        with ctx.db.write() as conn:
            conn.execute(keys.delete().where(mine, keys.c.status == KeyStatus.IN_PROGRESS))
        raise


def done_key(ctx: Context, principal: Principal, key: str, request_hash: str,
             running: ApiError) -> Any:
    """The key's row once its request finished; ``422 idempotency_key_reused`` for another
    body or caller, ``running`` while it runs, ``409`` if the key is gone."""
    with ctx.db.read() as conn:
        row = conn.execute(select(t.idempotency_keys).where(
            t.idempotency_keys.c.key == key)).first()
    if row is None:
        raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "retry the request")
    if row.request_hash != request_hash or (row.owner is not None
                                            and row.owner != principal.actor):
        raise ApiError(422, Reason.IDEMPOTENCY_KEY_REUSED,
                       "this Idempotency-Key was used for a different request")
    if row.status != KeyStatus.DONE:
        raise running
    return row


def store_answer(conn: Connection, which: Any, status: int, answer: dict[str, Any],
                 now: datetime) -> None:
    """The final answer for the ``in_progress`` key(s) matching ``which``."""
    keys = t.idempotency_keys
    conn.execute(update(keys).where(which, keys.c.status == KeyStatus.IN_PROGRESS).values(
        status=KeyStatus.DONE, response_status=status, response_body=json.dumps(answer),
        updated_at=now))


def void_refunded_items(conn: Connection, settlement_id: int, now: datetime) -> None:
    """The items partial refunds of the settlement returned are voided as its reversal
    reopens the visit: they went back, so the reopened bill must not charge them again."""
    refunded = select(t.refund_items.c.charge_id).join(
        t.refunds, t.refunds.c.refund_id == t.refund_items.c.refund_id).where(
        t.refunds.c.settlement_id == settlement_id, t.refunds.c.status == RefundState.REFUNDED)
    conn.execute(update(t.charges).where(
        t.charges.c.charge_id.in_(refunded.scalar_subquery()),
        t.charges.c.status == ChargeStatus.ACTIVE).values(
        status=ChargeStatus.VOIDED, changed_at=now, changed_by=SYSTEM.actor,
        change_reason="refunded before the settlement was reversed"))


def reopen_visit(conn: Connection, visit_id: int) -> None:
    """A reversed settlement's charges become unsettled again: the visit reopens, or, if the
    patient checked in to that department again that day, the charges join that visit."""
    visits = t.visits
    visit = conn.execute(select(visits).where(visits.c.visit_id == visit_id)).one()
    other = conn.execute(select(visits.c.visit_id).where(
        visits.c.patient_id == visit.patient_id,
        visits.c.department_code == visit.department_code,
        visits.c.visit_date == visit.visit_date, visits.c.status == VisitStatus.OPEN,
        visits.c.visit_id != visit.visit_id)).scalar()
    if other is None:
        conn.execute(update(visits).where(visits.c.visit_id == visit.visit_id)
                     .values(status=VisitStatus.OPEN, closed_at=None))
    else:
        conn.execute(update(t.charges).where(t.charges.c.visit_id == visit.visit_id)
                     .values(visit_id=other))
