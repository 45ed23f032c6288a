"""The outside world the backend depends on, behind small interfaces, with reference
implementations driven by the demo data stored in the database (table ``ref_people``).

* ``CreditBureau``: the individual credit score.
* ``InsuranceRegistry``: whether the insurance is active, and the personal account balance.
* ``InsuranceMonitor``: the insurer's credit-monitoring flags (``fraud``, ``blacklist``).
* ``PaymentGateway``: charges and refunds of the linked payment method, idempotent by
  ``reference``: charging the same reference twice returns the first result and moves no
  money. ``lookup(reference)`` tells what happened to a charge whose answer was lost;
  ``void(reference)`` settles an unknown outcome for good (a charge that never arrived can no
  longer land); ``transactions(start, end)`` is its transaction list for reconciliation.
* ``InsurerLedger``: the insurer's list of the settlements it paid its shares of (fund and
  personal account), for reconciliation.

The reference gateway and insurer play the faults scripted for rehearsal
(``kiosk.server.rehearsal``) when the server's environment allows it.

A hospital replaces these with clients of its real services (pass them to ``create_app``).
Every method may be called from any thread; each reference call uses its own transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import bindparam, case, false, func, literal, select
from sqlalchemy.exc import IntegrityError

from kiosk.server import schema
from kiosk.server.db import Database
from kiosk.server.rehearsal import Fault, Rehearsal, add_lookup_timeout
from kiosk.server.statuses import GatewayKind, GatewayStatus, SettlementStatus

if TYPE_CHECKING:
    from kiosk.server.insurer import InsurerQuery

VOIDED = "voided"  # a reference the gateway will never charge (``void``)


@dataclass(frozen=True, slots=True)
class PaymentResult:
    reference: str
    status: str  # a GatewayStatus, or VOIDED
    amount_fen: int


@dataclass(frozen=True, slots=True)
class GatewayRecord:
    """One line of the gateway's transaction list."""

    reference: str
    kind: str  # a GatewayKind
    status: str  # a GatewayStatus, or VOIDED
    amount_fen: int
    at: datetime  # naive UTC


@dataclass(frozen=True, slots=True)
class InsurerRecord:
    """One line of the insurer's list: the shares it paid for one settlement."""

    settlement_id: int
    fund_fen: int
    account_fen: int
    at: datetime  # naive UTC


class CreditBureau(Protocol):
    def credit_score(self, ssn: str) -> int: ...


class InsuranceRegistry(Protocol):
    def is_active(self, ssn: str) -> bool: ...

    def account_balance_fen(self, ssn: str) -> int: ...


class InsuranceMonitor(Protocol):
    def flags(self, ssn: str) -> list[str]: ...


class PaymentGateway(Protocol):
    def charge(self, *, reference: str, patient_id: int, payment_method_ref: str,
               amount_fen: int) -> PaymentResult: ...

    def refund(self, *, reference: str, patient_id: int, amount_fen: int) -> PaymentResult: ...

    def lookup(self, reference: str) -> PaymentResult | None: ...

    def void(self, reference: str, patient_id: int, amount_fen: int) -> PaymentResult: ...

    def transactions(self, start: datetime, end: datetime) -> list[GatewayRecord]: ...


class InsurerLedger(Protocol):
    def settlements(self, start: datetime, end: datetime) -> list[InsurerRecord]: ...


_DECLINES = (select(schema.ref_people.c.payment_declines)
             .select_from(schema.patients.join(
                 schema.ref_people, schema.ref_people.c.ssn == schema.patients.c.ssn))
             .where(schema.patients.c.patient_id == bindparam("charged_patient")))
# a charge declines when the person's payment_declines is set
_CHARGE_STATUS = case((func.coalesce(_DECLINES.scalar_subquery(), false()),
                       literal(GatewayStatus.DECLINED.value)),
                      else_=literal(GatewayStatus.SUCCEEDED.value))
_RECORD = schema.gateway_transactions.insert().returning(
    schema.gateway_transactions.c.status)
_RECORD_CHARGE = _RECORD.values(status=_CHARGE_STATUS)
_REF_PERSON = select(schema.ref_people).where(schema.ref_people.c.ssn == bindparam("ssn"))


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """The three outside answers eligibility needs, from one source in one lookup."""

    insurance_active: bool
    credit_score: int
    flags: tuple[str, ...]


def _play(fault: Fault | None, what: str) -> str | None:
    """The common part of a rehearsal fault: ``slow`` waits then answers normally, a
    ``timeout`` raises; returns the fault left for the caller to play (``decline``,
    ``unknown``) or None."""
    if fault is None:
        return None
    if fault.fault == "slow":
        time.sleep(fault.delay_ms / 1000)
        return None
    if fault.fault == "timeout":
        raise TimeoutError(f"{what}: time-out (rehearsal)")
    return fault.fault


class ReferencePeople:
    """The reference credit bureau, insurance registry and insurance monitor in one: all
    three read the person's ``ref_people`` row (absent: active, the default score, no
    flags). ``facts(ssn)`` answers the three questions with one read. As the insurer it plays
    the rehearsal's ``eligibility`` and ``balance`` faults."""

    def __init__(self, db: Database, default_score: int,
                 rehearsal: Rehearsal | None = None) -> None:
        self.db = db
        self.default_score = default_score
        self.rehearsal = rehearsal or Rehearsal(db, "production")

    def _row(self, ssn: str):  # type: ignore[no-untyped-def]
        rows = self.db.query(_REF_PERSON, {"ssn": ssn})
        return rows[0] if rows else None

    def _fault(self, operation: str, ssn: str) -> str | None:
        if not self.rehearsal.pending("insurer", operation):
            return None
        with self.db.read() as conn:
            patient_id = conn.execute(select(schema.patients.c.patient_id).where(
                schema.patients.c.ssn == ssn)).scalar()
        fault = _play(self.rehearsal.take("insurer", operation, patient_id), "insurer")
        if fault == "unknown":
            raise TimeoutError("insurer: no answer (rehearsal)")
        return fault

    def credit_score(self, ssn: str) -> int:
        return self.facts(ssn).credit_score

    def is_active(self, ssn: str) -> bool:
        return self.facts(ssn).insurance_active

    def account_balance_fen(self, ssn: str) -> int:
        if self._fault("balance", ssn) == "decline":
            return 0
        row = self._row(ssn)
        return int(row.account_balance_fen) if row else 0

    def flags(self, ssn: str) -> list[str]:
        return list(self.facts(ssn).flags)

    def facts(self, ssn: str) -> PersonFacts:
        declined = self._fault("eligibility", ssn) == "decline"
        row = self._row(ssn)
        if row is None:
            return PersonFacts(not declined, self.default_score, ())
        return PersonFacts(bool(row.insurance_active) and not declined, int(row.credit_score),
                           (row.monitoring_flag,) if row.monitoring_flag else ())


class ReferenceInsurerLedger:
    """The reference insurer's list: the fund and personal account shares of every settlement
    it was told of and not reversed (it reads the settlements the backend wrote, so it only
    disagrees with the export when a test or a real insurer makes it)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def settlements(self, start: datetime, end: datetime) -> list[InsurerRecord]:
        s = schema.settlements
        with self.db.read() as conn:
            rows = conn.execute(select(s.c.settlement_id, s.c.fund_pay_sumamt_fen,
                                       s.c.acct_pay_fen, s.c.completed_at).where(
                s.c.status.in_((SettlementStatus.COMPLETED, SettlementStatus.REVERSING)),
                s.c.completed_at >= start, s.c.completed_at < end)
                .order_by(s.c.settlement_id)).all()
        return [InsurerRecord(int(r.settlement_id), int(r.fund_pay_sumamt_fen),
                              int(r.acct_pay_fen), r.completed_at) for r in rows]


class ReferencePaymentGateway:
    """Records every charge and refund in ``gateway_transactions``; declines charges for
    people whose ``ref_people.payment_declines`` is set (tests and demos flip it), and plays
    the rehearsal's ``charge``, ``refund`` and ``lookup`` faults."""

    def __init__(self, db: Database, rehearsal: Rehearsal | None = None) -> None:
        self.db = db
        self.rehearsal = rehearsal or Rehearsal(db, "production")

    def _existing(self, reference: str) -> PaymentResult | None:
        with self.db.read() as conn:
            row = conn.execute(
                select(schema.gateway_transactions).where(
                    schema.gateway_transactions.c.reference == reference
                )
            ).first()
        return PaymentResult(row.reference, row.status, int(row.amount_fen)) if row else None

    def _record(self, reference: str, kind: str, patient_id: int, amount_fen: int,
                forced: str | None = None) -> PaymentResult:
        """One transaction: decide (a charge is declined when the person's
        ``payment_declines`` is set; ``forced``: a status the rehearsal or ``void`` imposes)
        and record; a reference seen before returns its first result (the unique reference
        makes a concurrent second attempt fail and read it)."""
        try:
            values: dict[str, Any] = {
                "reference": reference, "kind": kind, "patient_id": patient_id,
                "amount_fen": amount_fen, "created_at": datetime.now(UTC).replace(tzinfo=None)}
            if forced is None and kind == GatewayKind.CHARGE:
                # the status decided by the insert itself (one statement)
                statement, values["charged_patient"] = _RECORD_CHARGE, patient_id
            else:
                statement, values["status"] = _RECORD, forced or GatewayStatus.SUCCEEDED
            with self.db.write() as conn:
                status = conn.execute(statement, values).scalar_one()
        except IntegrityError:
            existing = self._existing(reference)
            assert existing is not None
            return existing
        return PaymentResult(reference, status, amount_fen)

    def _rehearsed(self, reference: str, kind: str, patient_id: int, amount_fen: int
                   ) -> PaymentResult:
        fault = _play(self.rehearsal.take("gateway", kind, patient_id), "payment gateway")
        if fault == "decline":
            return self._record(reference, kind, patient_id, amount_fen,
                                GatewayStatus.DECLINED)
        result = self._record(reference, kind, patient_id, amount_fen)
        if fault == "unknown":  # done, but the answer and the next lookup are lost
            with self.db.write() as conn:
                add_lookup_timeout(conn, patient_id, datetime.now(UTC).replace(tzinfo=None))
            raise TimeoutError("payment gateway: no answer (rehearsal)")
        return result

    def charge(self, *, reference: str, patient_id: int, payment_method_ref: str,
               amount_fen: int) -> PaymentResult:
        return self._rehearsed(reference, GatewayKind.CHARGE, patient_id, amount_fen)

    def refund(self, *, reference: str, patient_id: int, amount_fen: int) -> PaymentResult:
        return self._rehearsed(reference, GatewayKind.REFUND, patient_id, amount_fen)

    def lookup(self, reference: str) -> PaymentResult | None:
        if self.rehearsal.pending("gateway", "lookup"):
            with self.db.read() as conn:
                patient_id = conn.execute(select(schema.gateway_transactions.c.patient_id).where(
                    schema.gateway_transactions.c.reference == reference)).scalar()
            _play(self.rehearsal.take("gateway", "lookup", patient_id), "payment gateway")
        return self._existing(reference)

    def void(self, reference: str, patient_id: int, amount_fen: int) -> PaymentResult:
        """The transaction under ``reference`` if there is one, else ``voided``: recorded so
        that a charge arriving late under that reference is never made."""
        return self._record(reference, GatewayKind.CHARGE, patient_id, amount_fen, VOIDED)

    def transactions(self, start: datetime, end: datetime) -> list[GatewayRecord]:
        g = schema.gateway_transactions
        with self.db.read() as conn:
            rows = conn.execute(select(g).where(g.c.created_at >= start, g.c.created_at < end)
                                .order_by(g.c.transaction_id)).all()
        return [GatewayRecord(r.reference, r.kind, r.status, int(r.amount_fen), r.created_at)
                for r in rows]


class PersonFactsSource(Protocol):
    def facts(self, ssn: str) -> PersonFacts: ...


@dataclass(slots=True)
class Adapters:
    bureau: CreditBureau
    registry: InsuranceRegistry
    monitor: InsuranceMonitor
    gateway: PaymentGateway
    # one source answering the bureau's, the registry's and the monitor's eligibility
    # questions in one lookup; when set, eligibility asks it instead of the three
    people: PersonFactsSource | None = None
    # the insurer's list of paid settlements, for reconciliation (none: not compared)
    insurer: InsurerLedger | None = None
    # the insurer's person query (1101) and filing look-up (kiosk.server.insurer); None: the
    # reference insurer, which create_app builds over the settings
    insurer_query: InsurerQuery | None = None


def reference_adapters(db: Database, default_credit_score: int = 650,
                       environment: str = "production") -> Adapters:
    """The reference services over ``db``'s database, through their own small connection
    pool: like real outside services they never take connections from the service's pool.
    In a demo or test ``environment`` they play the rehearsal's scripted faults."""
    db = Database(db.url, pool_size=5)
    rehearsal = Rehearsal(db, environment)
    people = ReferencePeople(db, default_credit_score, rehearsal)
    return Adapters(bureau=people, registry=people, monitor=people,
                    gateway=ReferencePaymentGateway(db, rehearsal), people=people,
                    insurer=ReferenceInsurerLedger(db))
