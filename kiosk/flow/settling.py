"""Settlements between the backend client and the settlement journal (pure, but for
``JournalBackend``'s calls).

- ``settlement_record``: what the journal keeps of a settlement, enough to show the receipt
  again and no names;
- ``receipt_from_record``: the receipt view model from such a record;
- ``JournalBackend``: the client as the journal's ``SettlementBackend``;
- ``settlement_outcome``: any exception a settlement call raised, as the journal's recovery
  ``CallResult``, through the one classifier ``kiosk.client.errors.classify``.

The journal may import only ``kiosk.domain``; this is where the client and the journal meet.
``JournalBackend`` blocks on the network: worker threads only. The rest: any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.client.api import BackendClient
from kiosk.client.errors import BackendRejected, FailureKind, classify
from kiosk.client.models import Settlement
from kiosk.flow.models import Receipt, SplitView
from kiosk.journal.recovery import CallResult, Outcome


def settlement_record(settlement: Settlement) -> dict[str, Any]:
    """What the journal keeps of a settlement: enough to show the receipt again, no names."""
    split = settlement.split
    return {
        "settlement_id": settlement.settlement_id,
        "visit_id": settlement.visit_id,
        "status": settlement.status,
        "payment_status": settlement.payment.status,
        "gateway_reference": settlement.payment.gateway_reference,
        "debt_fen": settlement.debt.amount_fen if settlement.debt else 0,
        "debt_due_date": settlement.debt.due_date.isoformat() if settlement.debt else None,
        "receipt_url": settlement.receipt_url,
        "split": {
            "medfee_sumamt_fen": split.medfee_sumamt_fen,
            "fund_pay_sumamt_fen": split.fund_pay_sumamt_fen,
            "acct_pay_fen": split.acct_pay_fen,
            "psn_cash_pay_fen": split.psn_cash_pay_fen,
            "fulamt_ownpay_amt_fen": split.fulamt_ownpay_amt_fen,
            "preselfpay_amt_fen": split.preselfpay_amt_fen,
            "act_pay_dedc_fen": split.act_pay_dedc_fen,
        },
    }


def receipt_reference(settlement_id: int) -> str:
    """What the receipt's QR code carries when the backend gave no signed receipt link."""
    return f"KIOSK-RECEIPT:{settlement_id:010d}"


# How records written before the split took the national names spelled its fields: a kiosk
# updated with a settlement still in its journal shows that receipt all the same.
_EARLIER_SPLIT_KEYS = {
    "total_fen": "medfee_sumamt_fen",
    "fund_fen": "fund_pay_sumamt_fen",
    "account_fen": "acct_pay_fen",
    "cash_fen": "psn_cash_pay_fen",
    "fully_self_paid_fen": "fulamt_ownpay_amt_fen",
    "class_b_self_paid_fen": "preselfpay_amt_fen",
    "deductible_fen": "act_pay_dedc_fen",
}


def receipt_from_record(record: dict[str, Any], *, earlier: bool = False) -> Receipt:
    split = SplitView(**{_EARLIER_SPLIT_KEYS.get(key, key): int(value)
                         for key, value in record["split"].items()})
    return Receipt(
        settlement_id=int(record["settlement_id"]),
        visit_id=int(record["visit_id"]),
        split=split,
        payment_status=str(record["payment_status"]),
        receipt_reference=record.get("receipt_url")
        or receipt_reference(int(record["settlement_id"])),
        debt_fen=int(record.get("debt_fen") or 0),
        debt_due_date=record.get("debt_due_date"),
        from_earlier_session=earlier,
    )


def settlement_outcome(error: BaseException) -> CallResult:
    """What a failed settle or status call means for the journal's recovery rules.

    - a refusal whose outcome is known -> ``REJECTED`` (nothing was charged under this key);
    - the backend may have acted (read timeout, dropped after sending, 5xx, unreadable), or an
      exception nobody expected -> ``NO_ANSWER`` (the status is asked next, by the same key);
    - the backend certainly did not act (refused, DNS, TLS, connect timeout) -> ``OFFLINE``."""
    failure = classify(error)
    if failure.kind in (FailureKind.BUG, FailureKind.CARD, FailureKind.INPUT):
        return CallResult(Outcome.NO_ANSWER)
    if failure.outcome_unknown:
        return CallResult(Outcome.NO_ANSWER, code=failure.code or None,
                     http_status=failure.http_status)
    if failure.kind is FailureKind.REJECTED:
        return CallResult(Outcome.REJECTED, code=failure.code, http_status=failure.http_status)
    return CallResult(Outcome.OFFLINE)


@dataclass
class JournalBackend:
    """The client as the journal's ``SettlementBackend``: settlements as journal records.
    ``session``: the patient session of the tap. Without one (finishing the outbox after a
    restart) the backend still answers status by key to the kiosk that sent it, and settles
    a tap it never received for a patient this kiosk served within
    ``patient_session_settle_grace_hours`` (docs/api.md, "The patient session")."""

    client: BackendClient
    session: str | None = None
    # visit id -> (total, cash share, digest) of the bill the patient was shown: a tap for
    # those totals cites the digest (lost at a restart: the outbox's retry replays by key)
    bills: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def settle(self, visit_id: str, idempotency_key: str, expected_medfee_sumamt_fen: int,
               expected_psn_cash_pay_fen: int) -> dict[str, Any]:
        seen = self.bills.get(visit_id)
        digest = seen[2] if seen is not None and seen[:2] == (
            expected_medfee_sumamt_fen, expected_psn_cash_pay_fen) else None
        settlement = self.client.settle(int(visit_id), idempotency_key,
                                        expected_medfee_sumamt_fen, expected_psn_cash_pay_fen,
                                        session=self.session, bill_digest=digest)
        return settlement_record(settlement)

    def settlement_status(self, idempotency_key: str) -> dict[str, Any] | None:
        status = self.client.settlement_status(idempotency_key)
        if status.state == "settled" and status.settlement is not None:
            return settlement_record(status.settlement)
        if status.state == "not_found":
            return None
        raise BackendRejected("settlement_in_progress", 409, "settlement in progress",
                              op="settlement_status", outcome_unknown=True)
