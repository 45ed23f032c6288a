"""The outside world the backend depends on, behind small interfaces, with reference
implementations driven by the demo data stored in the database (table ``ref_people``).

* ``CreditBureau``: the individual credit score.
* ``InsuranceRegistry``: whether the insurance is active, and the personal account balance.
* ``InsuranceMonitor``: the insurer's credit-monitoring flags (``fraud``, ``blacklist``).
* ``PaymentGateway``: charges and refunds of the linked payment method, idempotent by
  ``reference``: charging the same reference twice returns the first result and moves no
  money. ``lookup(reference)`` tells what happened to a charge whose answer was lost.

A hospital replaces these with clients of its real services (pass them to ``create_app``).
Every method may be called from any thread; each reference call uses its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from kiosk.server import schema
from kiosk.server.db import Database
from kiosk.server.statuses import GatewayKind, GatewayStatus


@dataclass(frozen=True, slots=True)
class PaymentResult:
    reference: str
    status: str  # a GatewayStatus
    amount_fen: int


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


_DECLINES = (select(schema.ref_people.c.payment_declines)
             .select_from(schema.patients.join(
                 schema.ref_people, schema.ref_people.c.ssn == schema.patients.c.ssn))
             .where(schema.patients.c.patient_id == bindparam("patient_id")))
_REF_PERSON = select(schema.ref_people).where(schema.ref_people.c.ssn == bindparam("ssn"))


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """The three outside answers eligibility needs, from one source in one lookup."""

    insurance_active: bool
    credit_score: int
    flags: tuple[str, ...]


class ReferencePeople:
    """The reference credit bureau, insurance registry and insurance monitor in one: all
    three read the person's ``ref_people`` row (absent: active, the default score, no
    flags). ``facts(ssn)`` answers the three questions with one read."""

    def __init__(self, db: Database, default_score: int) -> None:
        self.db = db
        self.default_score = default_score

    def _row(self, ssn: str):  # type: ignore[no-untyped-def]
        with self.db.read() as conn:
            return conn.execute(_REF_PERSON, {"ssn": ssn}).first()

    def credit_score(self, ssn: str) -> int:
        return self.facts(ssn).credit_score

    def is_active(self, ssn: str) -> bool:
        return self.facts(ssn).insurance_active

    def account_balance_fen(self, ssn: str) -> int:
        row = self._row(ssn)
        return int(row.account_balance_fen) if row else 0

    def flags(self, ssn: str) -> list[str]:
        return list(self.facts(ssn).flags)

    def facts(self, ssn: str) -> PersonFacts:
        row = self._row(ssn)
        if row is None:
            return PersonFacts(True, self.default_score, ())
        return PersonFacts(bool(row.insurance_active), int(row.credit_score),
                           (row.monitoring_flag,) if row.monitoring_flag else ())


class ReferencePaymentGateway:
    """Records every charge and refund in ``gateway_transactions``; declines charges for
    people whose ``ref_people.payment_declines`` is set (tests and demos flip it)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _existing(self, reference: str) -> PaymentResult | None:
        with self.db.read() as conn:
            row = conn.execute(
                select(schema.gateway_transactions).where(
                    schema.gateway_transactions.c.reference == reference
                )
            ).first()
        return PaymentResult(row.reference, row.status, int(row.amount_fen)) if row else None

    def _record(self, reference: str, kind: str, patient_id: int, amount_fen: int) -> PaymentResult:
        """One transaction: decide (a charge is declined when the person's
        ``payment_declines`` is set) and record; a reference seen before returns its first
        result (the unique reference makes a concurrent second attempt fail and read it)."""
        try:
            with self.db.write() as conn:
                declined = kind == GatewayKind.CHARGE and bool(conn.execute(
                    _DECLINES, {"patient_id": patient_id}).scalar())
                status = GatewayStatus.DECLINED if declined else GatewayStatus.SUCCEEDED
                conn.execute(schema.gateway_transactions.insert().values(
                    reference=reference, kind=kind, patient_id=patient_id,
                    amount_fen=amount_fen, status=status,
                    created_at=datetime.now(UTC).replace(tzinfo=None)))
        except IntegrityError:
            existing = self._existing(reference)
            assert existing is not None
            return existing
        return PaymentResult(reference, status, amount_fen)

    def charge(self, *, reference: str, patient_id: int, payment_method_ref: str,
               amount_fen: int) -> PaymentResult:
        return self._record(reference, GatewayKind.CHARGE, patient_id, amount_fen)

    def refund(self, *, reference: str, patient_id: int, amount_fen: int) -> PaymentResult:
        return self._record(reference, GatewayKind.REFUND, patient_id, amount_fen)

    def lookup(self, reference: str) -> PaymentResult | None:
        return self._existing(reference)


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


def reference_adapters(db: Database, default_credit_score: int = 650) -> Adapters:
    """The reference services over ``db``'s database, through their own small connection
    pool: like real outside services they never take connections from the service's pool."""
    db = Database(db.url, pool_size=5)
    people = ReferencePeople(db, default_credit_score)
    return Adapters(bureau=people, registry=people, monitor=people,
                    gateway=ReferencePaymentGateway(db), people=people)
