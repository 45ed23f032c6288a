"""Unknown outcomes for the finance office: the list of money movements whose outcome is not
known or is stuck, and the resolution that asks the payment gateway and completes or reverses.

A settlement is *unresolved* when

* ``charging`` for longer than the threshold: written, the gateway charge not finished (a
  crash, or the repair has not run yet); resolving charges it (same reference, so at most
  once) and completes it, as the crash repair would;
* ``reversing`` for longer than the threshold: a reversal whose refund's outcome is not
  known; resolving asks the gateway and finishes the reversal (reversed with its refund, or
  not reversed), as ``kiosk.server.reversal`` does;
* ``completed`` with ``payment_status = failed`` and a gateway reference: the charge raised
  and the lookup did not answer either, so the patient was given a debt while the gateway may
  have taken the money (``charge_unknown``). Resolving asks the gateway: a charge that
  happened makes the payment ``charged`` and cancels the open debt (a debt already paid at the
  counter is reported ``paid_twice``: refund it at the counter); a declined one makes it
  ``declined``; a charge the gateway never saw is *voided* there (it can no longer land) and
  the debt stands (``not_charged``).

A partial refund (``kiosk.server.refunds``) is unresolved while ``refunding`` for longer than
the threshold (its cash share's gateway refund has no known outcome); resolving asks the
gateway again and finishes it (``refunded``, or ``declined`` with its items freed).

Each kind is an ``UnresolvedSource`` (``settlement``, ``refund``); another plugs in the same
way: ``FinanceOps.sources`` lists each, and ``resolve(id, kind)`` goes to the right one.

Every resolution writes ``finance.resolve`` to the audit log (who, what was found, what was
done). Any thread may call; each step is its own transaction, like the repair's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, and_, or_, select, update

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.adapters import VOIDED
from kiosk.server.auth import Principal
from kiosk.server.context import Context, iso
from kiosk.server.errors import ApiError, describe
from kiosk.server.statuses import (
    DebtStatus,
    GatewayStatus,
    PaymentStatus,
    RefundState,
    SettlementStatus,
)

log = logging.getLogger("kiosk.server")

CHARGING, REVERSING, CHARGE_UNKNOWN = "charging", "reversing", "charge_unknown"


class UnresolvedSource(Protocol):
    """One kind of money movement whose outcome may be unknown."""

    kind: str

    def unresolved(self, conn: Connection, cutoff: datetime) -> list[dict[str, Any]]: ...

    def resolve(self, principal: Principal, item_id: int) -> dict[str, Any]: ...


def settlement_state(status: str, payment_status: str | None, gateway_reference: str | None,
                     started: datetime | None, cutoff: datetime) -> str | None:
    """Which unresolved state a settlement is in (``charging``, ``reversing``,
    ``charge_unknown``), or None when its outcome is known (or it is too young to call
    stuck: the request or the repair may still finish it)."""
    stuck = started is None or started < cutoff
    if status == SettlementStatus.CHARGING:
        return CHARGING if stuck else None
    if status == SettlementStatus.REVERSING:
        return REVERSING if stuck else None
    if (status == SettlementStatus.COMPLETED and payment_status == PaymentStatus.FAILED
            and gateway_reference):
        return CHARGE_UNKNOWN
    return None


def charge_verdict(found_status: str | None, debt_status: str | None) -> str:
    """What a resolved unknown charge becomes, from the gateway's record (None: it never saw
    the charge, which ``void`` made final) and the patient's debt: ``charged`` (the debt is
    cancelled), ``paid_twice`` (charged, and the debt was paid at the counter meanwhile),
    ``declined`` or ``not_charged`` (the debt stands)."""
    if found_status == GatewayStatus.SUCCEEDED:
        return "paid_twice" if debt_status == DebtStatus.PAID else "charged"
    if found_status == GatewayStatus.DECLINED:
        return "declined"
    return "not_charged"


class SettlementSource:
    """Settlements whose outcome is unknown or stuck (see the module doc)."""

    kind = "settlement"

    def __init__(self, ctx: Context, settlements: Any) -> None:
        self.ctx = ctx
        self.settlements = settlements  # kiosk.server.settlement.Settlements

    def unresolved(self, conn: Connection, cutoff: datetime) -> list[dict[str, Any]]:
        s = t.settlements
        rows = conn.execute(select(s).where(or_(
            and_(s.c.status == SettlementStatus.CHARGING, s.c.created_at < cutoff),
            and_(s.c.status == SettlementStatus.REVERSING,
                 or_(s.c.reversal_started_at.is_(None), s.c.reversal_started_at < cutoff)),
            and_(s.c.status == SettlementStatus.COMPLETED,
                 s.c.payment_status == PaymentStatus.FAILED,
                 s.c.gateway_reference.is_not(None)))).order_by(s.c.settlement_id)).all()
        return [self._item(r, cutoff) for r in rows]

    def _item(self, row: Any, cutoff: datetime) -> dict[str, Any]:
        state = self._state(row, cutoff)
        since = row.reversal_started_at if state == REVERSING else (
            row.completed_at if state == CHARGE_UNKNOWN else row.created_at)
        return {"kind": self.kind, "id": int(row.settlement_id),
                "settlement_id": int(row.settlement_id), "visit_id": int(row.visit_id),
                "patient_id": int(row.patient_id), "state": state,
                "amount_fen": int(row.psn_cash_pay_fen), "since": iso(since),
                "gateway_reference": f"refund-{row.settlement_id}" if state == REVERSING
                else row.gateway_reference or f"settlement-{row.settlement_id}"}

    @staticmethod
    def _state(row: Any, cutoff: datetime) -> str | None:
        started = row.reversal_started_at if row.status == SettlementStatus.REVERSING \
            else row.created_at
        return settlement_state(row.status, row.payment_status, row.gateway_reference,
                                started, cutoff)

    def resolve(self, principal: Principal, item_id: int) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == item_id)).first()
        if row is None:
            raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
        # asked for by a supervisor, a young charging/reversing settlement counts as stuck
        state = self._state(row, self.ctx.now() + timedelta(days=1))
        if state is None:
            raise ApiError(409, Reason.VALIDATION_ERROR, "the settlement's outcome is known",
                           {"status": row.status, "payment_status": row.payment_status})
        if state == CHARGING:
            outcome = self._finish_charging(principal, item_id)
        elif state == REVERSING:
            outcome = self._finish_reversing(principal, row)
        else:
            outcome = self._settle_unknown_charge(principal, row)
        return {"kind": self.kind, "id": item_id, "state": state, "outcome": outcome,
                "settlement": self.settlements.get(item_id)}

    def _finish_charging(self, principal: Principal, settlement_id: int) -> str:
        self.settlements._collect(principal, settlement_id)  # also answers its key
        with self.ctx.db.write() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).one()
            outcome = f"completed_{row.payment_status}"
            self.ctx.audit(conn, principal, "finance.resolve", "settlement", settlement_id,
                           state=CHARGING, outcome=outcome)
        return outcome

    def _finish_reversing(self, principal: Principal, row: Any) -> str:
        reversals = self.settlements.reversals
        try:
            outcome = reversals._complete(row, principal)
        except ApiError:
            self._audit(principal, int(row.settlement_id), REVERSING, "still_unknown")
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the payment gateway does not answer: the refund's outcome is "
                           "still unknown; try again later", {"why": "refund_outcome_unknown"}
                           ) from None
        verdict = "not_reversed" if outcome.kind == "declined" else "reversed"
        self._audit(principal, int(row.settlement_id), REVERSING, verdict)
        return verdict

    def _settle_unknown_charge(self, principal: Principal, row: Any) -> str:
        gateway, reference = self.ctx.adapters.gateway, row.gateway_reference
        sid, amount = int(row.settlement_id), int(row.psn_cash_pay_fen)
        try:
            found = gateway.lookup(reference)
            if found is None:
                found = gateway.void(reference, int(row.patient_id), amount)
        except Exception as exc:
            log.error("resolving settlement %s: the gateway failed: %s", sid, describe(exc))
            self._audit(principal, sid, CHARGE_UNKNOWN, "still_unknown")
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the payment gateway does not answer: the charge's outcome is "
                           "still unknown; try again later", {"why": "charge_outcome_unknown"}
                           ) from None
        now = self.ctx.now()
        with self.ctx.db.write() as conn:
            current = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == sid).with_for_update()).one()
            if settlement_state(current.status, current.payment_status,
                                current.gateway_reference, current.created_at, now) is None:
                return "already_resolved"
            debt = conn.execute(select(t.debts).where(t.debts.c.settlement_id == sid)).first()
            verdict = charge_verdict(None if found.status == VOIDED else found.status,
                                     None if debt is None else debt.status)
            values: dict[str, Any] = {"charged": {"payment_status": PaymentStatus.CHARGED},
                                      "paid_twice": {"payment_status": PaymentStatus.CHARGED},
                                      "declined": {"payment_status": PaymentStatus.DECLINED},
                                      "not_charged": {"gateway_reference": None}}[verdict]
            conn.execute(update(t.settlements).where(t.settlements.c.settlement_id == sid)
                         .values(**values))
            if verdict == "charged" and debt is not None and debt.status == DebtStatus.OPEN:
                conn.execute(update(t.debts).where(t.debts.c.debt_id == debt.debt_id)
                             .values(status=DebtStatus.CANCELLED, closed_at=now))
            self.ctx.audit(conn, principal, "finance.resolve", "settlement", sid,
                           state=CHARGE_UNKNOWN, outcome=verdict, reference=reference,
                           amount_fen=amount)
        return verdict

    def _audit(self, principal: Principal, settlement_id: int, state: str, outcome: str) -> None:
        _audit(self.ctx, principal, settlement_id, state, outcome)


class RefundSource:
    """Partial refunds left ``refunding`` (see the module doc)."""

    kind = "refund"

    def __init__(self, ctx: Context, settlements: Any) -> None:
        self.ctx = ctx
        self.settlements = settlements
        self.refunds = settlements.refunds  # kiosk.server.refunds.Refunds

    def unresolved(self, conn: Connection, cutoff: datetime) -> list[dict[str, Any]]:
        r = t.refunds
        rows = conn.execute(select(r, t.settlements.c.visit_id, t.settlements.c.patient_id)
                            .join(t.settlements, t.settlements.c.settlement_id
                                  == r.c.settlement_id)
                            .where(r.c.status == RefundState.REFUNDING, r.c.started_at < cutoff)
                            .order_by(r.c.refund_id)).all()
        return [{"kind": self.kind, "id": int(x.refund_id), "settlement_id": int(x.settlement_id),
                 "visit_id": int(x.visit_id), "patient_id": int(x.patient_id),
                 "state": "refunding", "amount_fen": int(x.cash_fen),
                 "since": iso(x.started_at),
                 "gateway_reference": f"refund-{x.settlement_id}-{x.refund_id}"} for x in rows]

    def resolve(self, principal: Principal, item_id: int) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.refunds).where(t.refunds.c.refund_id == item_id)).first()
        if row is None:
            raise ApiError(404, Reason.NOT_FOUND, "no such refund")
        if row.status != RefundState.REFUNDING:
            raise ApiError(409, Reason.VALIDATION_ERROR, "the refund's outcome is known",
                           {"status": row.status})
        try:
            self.refunds._complete(item_id, principal)
        except ApiError:
            _audit(self.ctx, principal, int(row.settlement_id), "refunding", "still_unknown",
                   refund_id=item_id)
            raise
        with self.ctx.db.read() as conn:
            done = conn.execute(select(t.refunds).where(t.refunds.c.refund_id == item_id)).one()
        _audit(self.ctx, principal, int(row.settlement_id), "refunding", str(done.status),
               refund_id=item_id)
        return {"kind": self.kind, "id": item_id, "state": "refunding",
                "outcome": str(done.status),
                "settlement": self.settlements.get(int(row.settlement_id))}


def _audit(ctx: Context, principal: Principal, settlement_id: int, state: str, outcome: str,
           **details: Any) -> None:
    with ctx.db.write() as conn:
        ctx.audit(conn, principal, "finance.resolve", "settlement", settlement_id,
                  state=state, outcome=outcome, **details)


class FinanceOps:
    """The unresolved list and its resolution over every registered source."""

    def __init__(self, ctx: Context, settlements: Any,
                 extra_sources: Sequence[Callable[[Context], UnresolvedSource]] = ()) -> None:
        self.ctx = ctx
        self.sources: dict[str, UnresolvedSource] = {
            "settlement": SettlementSource(ctx, settlements),
            "refund": RefundSource(ctx, settlements)}
        for make in extra_sources:
            source = make(ctx)
            self.sources[source.kind] = source

    def unresolved(self, older_than_seconds: int | None = None) -> dict[str, Any]:
        """Everything unresolved, oldest id first per kind; ``charging`` and ``reversing``
        count once older than ``older_than_seconds`` (default: ``settle_stale_seconds``)."""
        seconds = (self.ctx.settings.settle_stale_seconds if older_than_seconds is None
                   else older_than_seconds)
        cutoff = self.ctx.now() - timedelta(seconds=seconds)
        items: list[dict[str, Any]] = []
        with self.ctx.db.read() as conn:
            for source in self.sources.values():
                items.extend(source.unresolved(conn, cutoff))
        return {"older_than_seconds": seconds, "items": items}

    def resolve(self, principal: Principal, item_id: int, kind: str = "settlement"
                ) -> dict[str, Any]:
        source = self.sources.get(kind)
        if source is None:
            raise ApiError(422, Reason.VALIDATION_ERROR,
                           f"kind must be one of {', '.join(sorted(self.sources))}")
        return source.resolve(principal, item_id)

