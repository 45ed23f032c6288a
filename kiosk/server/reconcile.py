"""Reconciliation for the finance office: the per-settlement detail export of a day or period
(CSV or JSON, with the fund, personal account and cash shares) and the reconcile run that
compares it with the payment gateway's transaction list and the insurer's list.

Days are the hospital's local days (``from`` and ``to`` inclusive); a settlement belongs to
the day it completed. The export holds ids and amounts only, never a name or an ID number.

The reconcile run (pure part: ``compare``) matches by key:

* the gateway, by reference: every charge the backend recorded as ``charged`` through the
  gateway (``settlement-<id>``), every refund of a reversal (``refund-<id>``) and every
  partial refund returned through the gateway (``refund-<id>-<refund id>``) against the
  gateway's *succeeded* transactions. A line on one side only is ``missing_at_gateway`` or
  ``missing_here``; equal references with other amounts are an ``amount_mismatch``. Records
  on either side just outside the period are looked up by reference before being called
  missing (a charge at 23:59:59 recorded by the gateway at 00:00:01).
* the insurer, by settlement id: the fund and personal account shares of every settlement
  not reversed, against the insurer's list.

Any thread may call; reads only (the run is audited).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, select

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context, iso
from kiosk.server.errors import ApiError
from kiosk.server.finance_ops import settlement_state
from kiosk.server.statuses import (
    CashRefund,
    GatewayStatus,
    PaymentStatus,
    RefundState,
    RefundStatus,
    SettlementStatus,
)

EXPORT_COLUMNS = ("settlement_id", "visit_id", "patient_id", "insurance_type", "channel",
                  "status", "payment_status", "gateway_reference", "created_at", "completed_at",
                  "reversed_at", "medfee_sumamt_fen", "fund_pay_sumamt_fen", "hifp_pay_fen",
                  "acct_pay_fen", "psn_cash_pay_fen", "refund_status", "refunded_fen")
AMOUNT_TOTALS = ("medfee_sumamt_fen", "fund_pay_sumamt_fen", "acct_pay_fen", "psn_cash_pay_fen")
MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement: ``kind`` is ``missing_at_gateway``, ``missing_here`` or
    ``amount_mismatch``; ``key`` the reference (gateway) or settlement id (insurer)."""

    kind: str
    key: str
    ours: dict[str, int] | None
    theirs: dict[str, int] | None

    def to_json(self, unresolved: bool = False) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "ours": self.ours, "theirs": self.theirs,
                "unresolved": unresolved}


def settlement_of(key: str) -> int | None:
    """The settlement a gateway reference or insurer key names (``settlement-<id>``,
    ``refund-<id>``, ``refund-<id>-<refund id>``, ``<id>``), if any."""
    parts = key.split("-")
    if len(parts) == 1 and key.isdigit():
        number = key
    elif parts[0] in ("settlement", "refund") and len(parts) in (2, 3) and parts[1].isdigit():
        number = parts[1]
    else:
        return None
    value = int(number)
    return value if 1 <= value <= 2**53 else None


def compare(ours: dict[str, dict[str, int]], theirs: dict[str, dict[str, int]],
            missing_there: str) -> list[Finding]:
    """Lines keyed alike on both sides; each line's amounts by name. ``missing_there``: the
    name for a line only we have (``missing_at_gateway``, ``missing_at_insurer``)."""
    findings = []
    for key in sorted(ours.keys() | theirs.keys()):
        mine, other = ours.get(key), theirs.get(key)
        if other is None:
            findings.append(Finding(missing_there, key, mine, None))
        elif mine is None:
            findings.append(Finding("missing_here", key, None, other))
        elif mine != other:
            findings.append(Finding("amount_mismatch", key, mine, other))
    return findings


def expected_gateway_lines(row: Any) -> dict[str, dict[str, int]]:
    """The gateway transactions a settlement row says happened, by reference."""
    lines: dict[str, dict[str, int]] = {}
    if row.payment_status == PaymentStatus.CHARGED and row.gateway_reference:
        lines[row.gateway_reference] = {"amount_fen": int(row.psn_cash_pay_fen)}
    if row.status == SettlementStatus.REVERSED and row.refund_status == RefundStatus.REFUNDED:
        lines[f"refund-{row.settlement_id}"] = {"amount_fen": int(row.refunded_fen or 0)}
    return lines


def export_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if r[k] is None else r[k] for k in EXPORT_COLUMNS})
    return out.getvalue()


def export_row(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in EXPORT_COLUMNS:
        value = getattr(row, name)
        out[name] = iso(value) if isinstance(value, datetime) else (
            int(value) if name.endswith("_fen") and value is not None else value)
    return out


class Reconciliation:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def window(self, start: date, end: date) -> tuple[datetime, datetime]:
        """The stored (naive UTC) times from the start of local ``start`` to the end of local
        ``end``; 422 for a period that is backwards, too long or out of range."""
        if end < start:
            raise ApiError(422, Reason.VALIDATION_ERROR, "to is before from")
        if (end - start).days >= MAX_DAYS:
            raise ApiError(422, Reason.VALIDATION_ERROR, f"at most {MAX_DAYS} days at once")
        if start.year < 2000 or end.year > 2999:
            raise ApiError(422, Reason.VALIDATION_ERROR, "dates must lie in 2000..2999")

        def midnight(day: date) -> datetime:
            return datetime.combine(day, time.min, self.ctx.tz).astimezone(UTC).replace(
                tzinfo=None)
        return midnight(start), midnight(end + timedelta(days=1))

    def _rows(self, lo: datetime, hi: datetime) -> list[Any]:
        s = t.settlements
        with self.ctx.db.read() as conn:
            return list(conn.execute(select(s).where(
                s.c.completed_at >= lo, s.c.completed_at < hi).order_by(s.c.settlement_id)).all())

    def export(self, start: date, end: date) -> dict[str, Any]:
        rows = [export_row(r) for r in self._rows(*self.window(start, end))]
        live = [r for r in rows if r["status"] != SettlementStatus.REVERSED]
        return {"from": start.isoformat(), "to": end.isoformat(), "settlements": rows,
                "totals": {"settlements": len(live),
                           **{a: sum(int(r[a]) for r in live) for a in AMOUNT_TOTALS}}}

    def reconcile(self, principal: Principal, start: date, end: date) -> dict[str, Any]:
        lo, hi = self.window(start, end)
        rows = self._rows(lo, hi)
        gateway = self._gateway_findings(rows, lo, hi)
        insurer = self._insurer_findings(rows, lo, hi)
        summary = {"settlements": len(rows), "gateway_findings": len(gateway),
                   "insurer_findings": None if insurer is None else len(insurer)}
        with self.ctx.db.write() as conn:
            self.ctx.audit(conn, principal, "finance.reconcile", "period",
                           f"{start.isoformat()}..{end.isoformat()}", **summary)
        open_ids = self._unresolved_among(gateway + (insurer or []))
        return {"from": start.isoformat(), "to": end.isoformat(), "checked_at": iso(
            self.ctx.now()), **summary, "balanced": not gateway and not insurer,
            "gateway": [f.to_json(settlement_of(f.key) in open_ids) for f in gateway],
            "insurer": None if insurer is None else [
                f.to_json(settlement_of(f.key) in open_ids) for f in insurer]}

    def _unresolved_among(self, findings: list[Finding]) -> set[int | None]:
        """The settlements named by ``findings`` whose outcome is still unknown: resolve them
        (``kiosk.server.finance_ops``) before reading those findings."""
        ids = {i for i in (settlement_of(f.key) for f in findings) if i is not None}
        if not ids:
            return set()
        s = t.settlements
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(s.c.settlement_id, s.c.status, s.c.payment_status,
                                       s.c.gateway_reference).where(
                s.c.settlement_id.in_(sorted(ids)))).all()
            refunding = set(conn.execute(select(t.refunds.c.settlement_id).where(
                t.refunds.c.settlement_id.in_(sorted(ids)),
                t.refunds.c.status == RefundState.REFUNDING)).scalars().all())
        later = self.ctx.now() + timedelta(days=1)  # charging/reversing at all counts here
        return {int(r.settlement_id) for r in rows if int(r.settlement_id) in refunding
                or settlement_state(r.status, r.payment_status, r.gateway_reference, None,
                                    later) is not None}

    def _partial_refunds(self, where: Any) -> dict[str, dict[str, int]]:
        """The partial refunds' gateway lines (by reference) of the refunds ``where`` picks."""
        r = t.refunds
        with self.ctx.db.read() as conn:
            found = conn.execute(select(r.c.gateway_reference, r.c.cash_fen).where(
                where, r.c.status == RefundState.REFUNDED,
                r.c.cash_refund_status == CashRefund.REFUNDED,
                r.c.gateway_reference.is_not(None))).all()
        return {x.gateway_reference: {"amount_fen": int(x.cash_fen)} for x in found}

    def _gateway_findings(self, rows: list[Any], lo: datetime, hi: datetime) -> list[Finding]:
        ours: dict[str, dict[str, int]] = {}
        for r in rows:
            ours.update(expected_gateway_lines(r))
        ours.update(self._partial_refunds(and_(t.refunds.c.completed_at >= lo,
                                               t.refunds.c.completed_at < hi)))
        theirs = {g.reference: {"amount_fen": g.amount_fen}
                  for g in self.ctx.adapters.gateway.transactions(lo, hi)
                  if g.status == GatewayStatus.SUCCEEDED}
        # the other side's lines of this period's references, whenever they were recorded
        for ref in ours.keys() - theirs.keys():
            found = self.ctx.adapters.gateway.lookup(ref)
            if found is not None and found.status == GatewayStatus.SUCCEEDED:
                theirs[ref] = {"amount_fen": int(found.amount_fen)}
        outside = theirs.keys() - ours.keys()
        if outside:
            ours.update(self._expected_for(outside))
            ours.update(self._partial_refunds(t.refunds.c.gateway_reference.in_(
                sorted(outside))))
        return compare(ours, theirs, "missing_at_gateway")

    def _expected_for(self, references: set[str]) -> dict[str, dict[str, int]]:
        """What the backend expects for these gateway references, from any day."""
        ids = {i for i in (settlement_of(ref) for ref in references) if i is not None}
        if not ids:
            return {}
        with self.ctx.db.read() as conn:
            found = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id.in_(sorted(ids)))).all()
        lines: dict[str, dict[str, int]] = {}
        for r in found:
            lines.update(expected_gateway_lines(r))
        return {k: v for k, v in lines.items() if k in references}

    def _insurer_findings(self, rows: list[Any], lo: datetime, hi: datetime
                          ) -> list[Finding] | None:
        ledger = self.ctx.adapters.insurer
        if ledger is None:
            return None
        ours = {str(r.settlement_id): {"fund_fen": int(r.fund_pay_sumamt_fen),
                                       "account_fen": int(r.acct_pay_fen)}
                for r in rows if r.status != SettlementStatus.REVERSED}
        theirs = {str(i.settlement_id): {"fund_fen": i.fund_fen, "account_fen": i.account_fen}
                  for i in ledger.settlements(lo, hi)}
        return compare(ours, theirs, "missing_at_insurer")


def parse_period(start: str | None, end: str | None, today: date) -> tuple[date, date]:
    """``from`` and ``to`` as dates (``to`` defaults to ``from``, ``from`` to today)."""
    try:
        first = date.fromisoformat(start) if start else today
        last = date.fromisoformat(end) if end else first
    except ValueError:
        raise ApiError(422, Reason.VALIDATION_ERROR, "dates are YYYY-MM-DD") from None
    return first, last

