"""Paying for a visit: the bill (pre-settlement: the split of the charges between the insurance
fund, the personal account and the patient's cash share), the one-tap settlement, its crash
repair (``resume_stale``), reversal and auto-settle, and reading settlements back.

Settlement is crash-safe in three steps, so that money is never charged twice and a
settlement is never lost. Each step is one transaction, one durable commit (step 3 is
preceded by the gateway call), and a tap needs nothing else: no step re-reads what an
earlier step of the same request wrote or read (``tests/server/test_settlement_statements.py``
pins the count):

1. **Claim the key.** Insert the ``Idempotency-Key`` as ``in_progress`` (its primary key makes
   a second claim fail: that request is answered from the key instead, see ``_replay``), and
   read the patient's ssn for the registry's balance call that comes next.
   *Durable after it:* the key, ``in_progress``, with no settlement. *If the process dies
   here:* once the key is older than ``settle_stale_seconds``, ``resume_stale`` deletes it
   (audit ``idempotency.free_stale``), so a retry with the same key settles afresh.
2. **Write the settlement.** One transaction locks the visit, refuses if it is already
   settled, closed, empty or its bill changed since the patient saw it (the totals, or the
   exact fee details and split when the request cites the bill's digest), computes the
   split, inserts the settlement as ``charging`` (a partial unique index allows one live
   settlement per visit), closes the visit and records the settlement's id on the key.
   *Durable after it:* the settlement in ``charging``, the visit settled, the key
   ``in_progress`` pointing at the settlement. *If the process dies here:* ``resume_stale``
   finishes the settlement as step 3 would (same gateway reference, so the gateway moves the
   money at most once) and stores it as the key's answer.
3. **Charge and complete** (``_collect``). Charge the gateway with reference
   ``settlement-<id>`` (idempotent at the gateway; if the call raises, ``lookup`` tells
   whether the charge happened), then in one transaction mark the settlement ``completed``
   with its payment status, a declined or failed charge becoming a debt due in
   ``debt_due_days``, store the settlement as the key's answer (``done``; built from what
   this transaction wrote, not read back) and end the request's patient session if its
   patient has no open visit left to pay. *Durable
   after it:* the completed settlement (and debt) and the key's answer, together. If the
   process dies before it, the settlement stays ``charging`` and ``resume_stale`` finishes it
   as above.

Every final answer, refusals included, is stored for the key and replayed verbatim. A request
owns its key by the key's ``created_at``: if its key was freed meanwhile (the request took
longer than ``settle_stale_seconds``), step 2 finds the key gone and rolls back (``409
settlement_in_progress``: nothing was created), and the request never overwrites the answer
of a later claim of the same key. ``resume_stale`` runs at every server start, in the
periodic auto-settle task and from ``kiosk server auto-settle``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, func, or_, select, true, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain import settlement as st
from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server import settle_writes
from kiosk.server.auth import SYSTEM, Principal, end_patient_session
from kiosk.server.bill_reads import (
    bill_digest,
    bill_json,
    live_charges,
    visit_and_patient,
    year_state,
)
from kiosk.server.context import Context, audit_details, sha256_hex
from kiosk.server.errors import ApiError, describe
from kiosk.server.models import SettleIn
from kiosk.server.reach import check_visit, reaches_patient
from kiosk.server.refunds import Refunds
from kiosk.server.regions import Regions, visit_region
from kiosk.server.reversal import Reversals
from kiosk.server.statuses import (
    Channel,
    DebtStatus,
    GatewayStatus,
    KeyStatus,
    LinkStatus,
    PaymentStatus,
    Role,
    SettlementStatus,
    VisitMode,
    VisitStatus,
)
from kiosk.server.views import (
    LIVE_CHARGE,
    settlement_body,
    settlement_json,
    visit_row,
)

log = logging.getLogger("kiosk.server")

_LIVE = t.settlements.c.status != SettlementStatus.REVERSED


def _ssn_of(visit_param: str) -> Any:
    """The ssn of the patient of the visit bound as ``visit_param``."""
    return (select(t.patients.c.ssn)
            .select_from(t.visits.join(t.patients,
                                       t.patients.c.patient_id == t.visits.c.patient_id))
            .where(t.visits.c.visit_id == bindparam(visit_param)))


_SSN_OF_VISIT = _ssn_of("visit_id")
# step 1: claim the key, answering the visit's patient's ssn (None: no such visit), in one
# round trip (PostgreSQL)
_CLAIM = t.idempotency_keys.insert().returning(_ssn_of("claim_visit").scalar_subquery())


class _ClaimLost(Exception):
    """This request's idempotency key was freed as stale while the request still ran."""


class _Link(NamedTuple):
    """What step 3 needs of the patient's credit link."""

    status: str
    payment_method_ref: str

    @staticmethod
    def of(patient: Any) -> _Link | None:
        """From a ``_split`` patient row (its link's columns joined in), None if unlinked."""
        if patient.link_status is None:
            return None
        return _Link(patient.link_status, patient.link_payment_method_ref)


class Settlements:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.reversals = Reversals(ctx, self.get)
        self.refunds = Refunds(ctx, lambda conn, visit_id, _patient_id: self._bill(
            conn, visit_id, 0)[1:])
        self.regions = Regions(ctx)
        # step 2 hands the settlement row it wrote and the credit link it read to step 3 of
        # the same request (by settlement id, so any thread may use it), which then need
        # not read them again; crash repair, which has no hand-over, reads them
        self._handover: dict[int, tuple[Any, _Link | None]] = {}

    # ---- the bill -----------------------------------------------------------------------
    @staticmethod
    def _ssn_of_visit(conn: Connection, visit_id: int) -> str | None:
        return conn.execute(_SSN_OF_VISIT, {"visit_id": visit_id}).scalar()

    def _account_balance(self, ssn: str | None) -> int:
        """The registry's account balance for the visit's patient, ``ssn`` (None: the visit
        does not exist, 0)."""
        return 0 if ssn is None else int(self.ctx.adapters.registry.account_balance_fen(ssn))

    def _bill(self, conn: Connection, visit_id: int, balance: int, *, lock: bool = False
              ) -> tuple[Any, list[Any], st.Split]:
        """(the visit with its patient: ``bill_reads.visit_and_patient``, its live charges,
        the split); two statements. ``404 visit_not_found`` if there is no such visit."""
        patient = self._visit_and_patient(conn, visit_id, lock=lock)
        return (patient, *self._split(conn, visit_id, patient, balance))

    def _visit_and_patient(self, conn: Connection, visit_id: int, *, lock: bool = False
                           ) -> Any:
        patient = visit_and_patient(conn, visit_id, datetime(self.ctx.today().year, 1, 1),
                                    lock=lock)
        if patient is None:
            raise ApiError(404, Reason.VISIT_NOT_FOUND, "no such visit")
        return patient

    def _split(self, conn: Connection, visit_id: int, patient: Any, balance: int
               ) -> tuple[list[Any], st.Split]:
        """The visit's live charges and their split for ``patient`` (a ``visit_and_patient``
        row) with the registry's account ``balance``."""
        rows = live_charges(conn, visit_id)
        lines = [st.ChargeLine(item_code=r.item_code, name=r.name, category=r.category,
                               insurance_class=r.insurance_class,
                               unit_price_fen=int(r.unit_price_fen), quantity=int(r.quantity),
                               department_code=r.performing_department_code) for r in rows]
        # the insured place's policy for a visit from elsewhere (kiosk.server.regions)
        policy = self.regions.policy(conn, patient.insurance_type,
                                     visit_region(patient, self.ctx.settings.mdtrtarea_admvs))
        return rows, st.split(lines, policy, year_state(patient, balance))

    def pre_settlement(self, principal: Principal, visit_id: int) -> dict[str, Any]:
        """The bill a patient is about to pay, with the region its visit recorded at check-in
        (a visit from elsewhere is split under its insured place's policy, and the kiosk says
        so). Its reads run each on its own (``Database.reads``): the bill is what the patient
        sees, and the tap that follows recomputes it and refuses amounts that differ, so they
        need no shared snapshot (nor does read committed give one inside a transaction). No
        connection is held while the registry is asked for the account balance."""
        def visit(conn: Connection) -> Any:
            patient = check_visit(conn, principal, self._visit_and_patient(conn, visit_id))
            if patient.visit_status != VisitStatus.OPEN:
                raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open",
                               {"status": patient.visit_status})
            return patient

        patient = self.ctx.db.reads(visit)
        balance = self._account_balance(patient.ssn)
        rows, split = self.ctx.db.reads(lambda conn: self._split(conn, visit_id, patient,
                                                                 balance))
        region = visit_region(patient, self.ctx.settings.mdtrtarea_admvs)
        return {"visit_id": visit_id, "insurance_type": patient.insurance_type,
                **bill_json(visit_id, rows, split), "region": region.to_json()}

    # ---- reading settlements ----------------------------------------------------------------
    def get(self, settlement_id: int, principal: Principal = SYSTEM) -> dict[str, Any]:
        """The settlement as it is now (another patient's answers as if there were none)."""
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).first()
            if row is None or not reaches_patient(principal, row.patient_id):
                raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
            return settlement_json(conn, row, self.ctx.today())

    def of_visit(self, principal: Principal, visit_id: int) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            check_visit(conn, principal, visit_row(conn, visit_id))
            sid = conn.execute(
                select(t.settlements.c.settlement_id).where(t.settlements.c.visit_id == visit_id)
                .order_by(t.settlements.c.settlement_id.desc())).scalar()
        if sid is None:
            raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "the visit has no settlement")
        return self.get(sid)

    def _key_row(self, principal: Principal, key: str) -> Any:
        """The key's row if ``principal`` claimed it (staff: any key), else None. A kiosk
        reads its own keys back without a patient session: its outbox finishes a settlement
        after a restart, when the patient has long gone."""
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key)).first()
        if row is None or not (principal.is_staff or row.owner == principal.actor):
            return None
        return row

    def by_key(self, principal: Principal, key: str) -> dict[str, Any]:
        row = self._key_row(principal, key)
        if row is None:
            raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "unknown idempotency key")
        if row.status == KeyStatus.IN_PROGRESS:
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the settlement is still running")
        if row.settlement_id is not None:
            return self.get(row.settlement_id)
        raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "that request ended without a settlement",
                       {"status_code": row.response_status})

    def _live_settlement_refusal(self, conn: Connection, live: Any) -> ApiError:
        return ApiError(409, Reason.ALREADY_SETTLED, "the visit is already settled",
                        {"settlement": settlement_json(conn, live, self.ctx.today())})

    # ---- the one tap (see the module doc) ---------------------------------------------------
    def settle(self, principal: Principal, visit_id: int, key: str, body: SettleIn
               ) -> tuple[int, dict[str, Any]]:
        """The one tap. Returns (HTTP status, body). A replay answers the first answer, but
        a settlement shows as it is now (say reversed since). A kiosk needs the patient's
        session, except to replay a key it claimed itself (its outbox after a restart)."""
        if principal.role == Role.KIOSK and principal.patient_id is None:
            if self._key_row(principal, key) is not None:
                return self._replay(principal, key, self._request_hash(
                    visit_id, body.expected_medfee_sumamt_fen, body.expected_psn_cash_pay_fen,
                    Channel(body.channel)))
            principal = self._served_recently(principal, visit_id)
        return self._settle(principal, visit_id, key, body.expected_medfee_sumamt_fen,
                            body.expected_psn_cash_pay_fen, Channel(body.channel),
                            body.bill_digest)

    def _settle(self, principal: Principal, visit_id: int, key: str, expected_medfee_fen: int,
                expected_cash_fen: int, channel: Channel, digest: str | None = None
                ) -> tuple[int, dict[str, Any]]:
        if channel == Channel.COUNTER and not principal.is_staff:
            raise ApiError(403, Reason.FORBIDDEN, "only staff take payment at the counter")
        request_hash = self._request_hash(visit_id, expected_medfee_fen, expected_cash_fen,
                                          channel)
        db, keys, claimed_at = self.ctx.db, t.idempotency_keys, self.ctx.now()
        try:  # step 1 (its answer is the ssn the registry's balance call needs)
            with db.write() as conn:
                claim = {"key": key, "request_hash": request_hash,
                         "status": KeyStatus.IN_PROGRESS, "created_at": claimed_at,
                         "updated_at": claimed_at, "owner": principal.actor}
                if db.dialect == "sqlite":  # its RETURNING cannot name another table
                    conn.execute(t.idempotency_keys.insert(), claim)
                    ssn = self._ssn_of_visit(conn, visit_id)
                else:
                    ssn = conn.execute(_CLAIM, {**claim, "claim_visit": visit_id}).scalar()
        except IntegrityError:
            status, answer = self._replay(principal, key, request_hash)
            if status == 201:
                self._end_session(principal)
            return status, answer
        mine = and_(keys.c.key == key, keys.c.created_at == claimed_at)
        try:
            status, (answer, stored) = 201, self._settle_claimed(
                principal, visit_id, key, claimed_at, expected_medfee_fen, expected_cash_fen,
                channel, digest, ssn)
            if stored:
                return status, answer  # step 3 stored it and ended the session
        except _ClaimLost:
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the request took too long and created nothing; retry it") from None
        except ApiError as exc:
            status, answer = exc.status, exc.body()
        except Exception:
            # unexpected: free the key unless a settlement exists (resume_stale finishes it)
            with db.write() as conn:
                conn.execute(keys.delete().where(mine, keys.c.settlement_id.is_(None)))
            raise
        with db.write() as conn:
            self._store_answer(mine, status, answer, conn)
            if status == 201:
                end_patient_session(conn, principal, "settled", self.ctx.now(),
                                    unless_open_visits=True)
        return status, answer

    def _end_session(self, principal: Principal) -> None:
        """A request that answered a settlement (a replay) ends its patient session unless
        the patient has another open visit to pay; step 3 does it with the completion."""
        if principal.patient_session is not None:
            with self.ctx.db.write() as conn:
                end_patient_session(conn, principal, "settled", self.ctx.now(),
                                    unless_open_visits=True)

    def _store_answer(self, which: Any, status: int, answer: dict[str, Any],
                      conn: Connection | None = None) -> None:
        """The final answer for the ``in_progress`` key(s) matching ``which`` (in ``conn``'s
        transaction, else in its own)."""
        if conn is None:
            with self.ctx.db.write() as conn:
                self._store_answer(which, status, answer, conn)
            return
        keys = t.idempotency_keys
        conn.execute(update(keys).where(which, keys.c.status == KeyStatus.IN_PROGRESS)
                     .values(status=KeyStatus.DONE, response_status=status,
                             response_body=json.dumps(answer), updated_at=self.ctx.now()))

    def _served_recently(self, kiosk: Principal, visit_id: int) -> Principal:
        """A kiosk without a live patient session settles (never reads) a visit only of a
        patient it opened a session for within ``patient_session_settle_grace_hours``: its
        outbox finishing a tap the backend never heard, after the card is out or the kiosk
        restarted. Else ``401``, as for any call that needs the session."""
        since = self.ctx.now() - timedelta(
            hours=self.ctx.settings.patient_session_settle_grace_hours)
        ps = t.patient_sessions
        # only a session whose patient was proven (the card authenticated, or the voucher)
        proven = (true() if not self.ctx.settings.card_authentication_required
                  else or_(ps.c.card_authenticated.is_(True), ps.c.identity != "card"))
        with self.ctx.db.read() as conn:
            patient_id = conn.execute(
                select(ps.c.patient_id).select_from(
                    ps.join(t.visits, t.visits.c.patient_id == ps.c.patient_id))
                .where(t.visits.c.visit_id == visit_id, proven,
                       ps.c.kiosk_token_hash == kiosk.token_hash, ps.c.created_at >= since)
                .limit(1)).scalar()
        if patient_id is None:
            raise ApiError(401, Reason.PATIENT_SESSION_ENDED,
                           "a kiosk needs the patient's session to settle",
                           {"patient_session": "required"})
        return replace(kiosk, patient_id=int(patient_id), patient_proven=True)

    @staticmethod
    def _request_hash(visit_id: int, expected_medfee_fen: int, expected_cash_fen: int,
                      channel: Channel) -> str:
        return sha256_hex(json.dumps({
            "visit_id": visit_id, "expected_medfee_sumamt_fen": expected_medfee_fen,
            "expected_psn_cash_pay_fen": expected_cash_fen, "channel": channel.value,
        }, sort_keys=True))

    def _replay(self, principal: Principal, key: str, request_hash: str
                ) -> tuple[int, dict[str, Any]]:
        with self.ctx.db.read() as conn:
            row = conn.execute(select(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key)).first()
        if row is None:  # freed after an unexpected failure
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "retry the request")
        if row.request_hash != request_hash or (row.owner is not None
                                                and row.owner != principal.actor):
            raise ApiError(422, Reason.IDEMPOTENCY_KEY_REUSED,
                           "this Idempotency-Key was used for a different request")
        if row.status == KeyStatus.DONE:
            if row.settlement_id is not None and int(row.response_status) == 201:
                return 201, self.get(int(row.settlement_id))  # as it is now
            return int(row.response_status), json.loads(row.response_body)
        raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the first request is still running")

    def _settle_claimed(self, principal: Principal, visit_id: int, key: str,
                        claimed_at: datetime, expected_medfee_fen: int, expected_cash_fen: int,
                        channel: Channel, digest: str | None, ssn: str | None = None
                        ) -> tuple[dict[str, Any], bool]:
        """Steps 2 and 3 for a key this request claimed at ``claimed_at``. ``digest``: the
        bill the patient saw (``bill_digest``), if the caller cites it; ``ssn``: the patient's,
        read in step 1. Returns the settlement as answered and whether step 3 stored that
        answer for the key already."""
        balance = self._account_balance(ssn)
        now = self.ctx.now
        # SQLite's BEGIN IMMEDIATE already keeps every other writer out: no row lock to take
        lock = self.ctx.db.dialect != "sqlite"
        try:
            with self.ctx.db.write() as conn:
                # the visit locked, its patient, link and year, then its charges
                visit, rows, split = self._bill(conn, visit_id, balance, lock=lock)
                check_visit(conn, principal, visit)
                if visit.visit_status != VisitStatus.OPEN:
                    # only a closed visit can have a live settlement: settling closes the
                    # visit, a reversal reopens it (and the partial unique index backs this)
                    live = conn.execute(select(t.settlements).where(
                        t.settlements.c.visit_id == visit_id, _LIVE)).first()
                    if live is not None:
                        raise self._live_settlement_refusal(conn, live)
                    raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open",
                                   {"status": visit.visit_status})
                if visit.visit_mode == VisitMode.COUNTER and channel != Channel.COUNTER:
                    raise ApiError(409, Reason.NOT_ELIGIBLE,
                                   "a counter visit is paid at the counter")
                if not rows:
                    raise ApiError(409, Reason.NOTHING_TO_SETTLE, "the visit has no charges")
                if (expected_medfee_fen != split.medfee_sumamt
                        or expected_cash_fen != split.psn_cash_pay
                        or digest not in (None, bill_digest(visit_id, rows, split))):
                    raise ApiError(409, Reason.AMOUNT_CHANGED,
                                   "the bill changed since the patient saw it",
                                   bill_json(visit_id, rows, split))
                values = {f"{name}_fen": getattr(split, name) for name in st.SPLIT_FIELDS}
                values.update(visit_id=visit_id, patient_id=visit.patient_id,
                              idempotency_key=key, channel=channel.value,
                              status=SettlementStatus.CHARGING.value,
                              insurance_type=visit.insurance_type, created_at=now())
                audit = {"visit_id": visit_id, "medfee_sumamt_fen": split.medfee_sumamt,
                         "psn_cash_pay_fen": split.psn_cash_pay, "channel": channel}
                row, owned = settle_writes.create(self.ctx, conn, values, claimed_at,
                                                  principal, audit)
                if not owned:
                    raise _ClaimLost  # rolls the settlement back: nothing was created
                settlement_id = int(row.settlement_id)
        except IntegrityError:
            # another request settled this visit between our check and our insert
            with self.ctx.db.read() as conn:
                live = conn.execute(select(t.settlements).where(
                    t.settlements.c.visit_id == visit_id, _LIVE)).first()
                if live is None:
                    raise
                raise self._live_settlement_refusal(conn, live) from None
        self._handover[settlement_id] = (row, _Link.of(visit))
        answer = self._collect(principal, settlement_id)
        if answer is not None:
            return answer, True
        return self.get(settlement_id), False

    def _charge(self, row: Any, link: Any) -> tuple[PaymentStatus, str | None]:
        """Step 3's gateway call for a ``charging`` settlement: (payment status, reference).
        ``link``: the patient's credit link (``status``, ``payment_method_ref``) or None."""
        amount = int(row.psn_cash_pay_fen)
        if row.channel == Channel.COUNTER:
            return PaymentStatus.COUNTER, None
        if amount == 0:
            return PaymentStatus.CHARGED, None
        if link is None or link.status != LinkStatus.LINKED:
            return PaymentStatus.FAILED, None
        gateway = self.ctx.adapters.gateway
        reference = f"settlement-{row.settlement_id}"
        try:
            found = gateway.charge(reference=reference, patient_id=int(row.patient_id),
                                   payment_method_ref=link.payment_method_ref,
                                   amount_fen=amount)
        except Exception as exc:
            log.error("payment gateway failed for settlement %s: %s", row.settlement_id,
                      describe(exc))
            try:
                found = gateway.lookup(reference)
            except Exception:
                found = None
            if found is None:
                return PaymentStatus.FAILED, reference
        return (PaymentStatus.CHARGED if found.status == GatewayStatus.SUCCEEDED
                else PaymentStatus.DECLINED), reference

    def _collect(self, principal: Principal, settlement_id: int) -> dict[str, Any] | None:
        """Step 3: charge the cash share, then in one transaction complete the settlement
        and store it as the answer of the key that created it (idempotent). Returns that
        answer, or None if the settlement was not ``charging`` (completed elsewhere)."""
        handed = self._handover.pop(settlement_id, None)
        if handed is None:  # crash repair: read what step 2 left
            with self.ctx.db.read() as conn:
                row = conn.execute(select(t.settlements).where(
                    t.settlements.c.settlement_id == settlement_id)).one()
                link = conn.execute(select(t.credit_links).where(
                    t.credit_links.c.patient_id == row.patient_id)).first()
        else:
            row, link = handed
        if row.status != SettlementStatus.CHARGING:
            return None
        amount = int(row.psn_cash_pay_fen)
        payment_status, gateway_ref = self._charge(row, link)
        now, today = self.ctx.now(), self.ctx.today()
        keys = t.idempotency_keys
        owes = payment_status in (PaymentStatus.DECLINED, PaymentStatus.FAILED) and amount > 0
        if self.ctx.db.dialect == "postgresql" and not owes:
            # step 3's four writes in one statement; the answer is the settlement as that
            # statement completes it (completed just now: no debt, no refunds)
            answer = settlement_body(SimpleNamespace(**{
                **row._mapping, "status": SettlementStatus.COMPLETED,
                "payment_status": payment_status, "gateway_reference": gateway_ref,
                "completed_at": now}), None, [], today)
            with self.ctx.db.write() as conn:
                done_here = settle_writes.complete(
                    conn, settlement_id, payment_status, gateway_ref, now, principal.actor,
                    audit_details({"payment_status": payment_status}), json.dumps(answer),
                    principal.patient_session)
            return answer if done_here else None
        with self.ctx.db.write() as conn:
            done = conn.execute(settle_writes.COMPLETE_ONE, {
                "settlement": settlement_id, "payment": payment_status,
                "reference": gateway_ref, "at": now}).first()
            if done is None:
                return None
            debt = None
            if owes:
                debt = conn.execute(t.debts.insert().values(
                    patient_id=row.patient_id, settlement_id=settlement_id, amount_fen=amount,
                    due_date=today + timedelta(days=self.ctx.settings.debt_due_days),
                    status=DebtStatus.OPEN, created_at=now).returning(*t.debts.c)).one()
                self.ctx.audit(conn, principal, "debt.create", "debt", debt.debt_id,
                               settlement_id=settlement_id, amount_fen=amount)
            self.ctx.audit(conn, principal, "settlement.complete", "settlement", settlement_id,
                           payment_status=payment_status)
            # completed just now: its only debt is the one above, and it has no refunds yet
            answer = settlement_body(done, debt, [], today)
            self._store_answer(and_(keys.c.key == done.idempotency_key,
                                    keys.c.settlement_id == settlement_id), 201, answer, conn)
            end_patient_session(conn, principal, "settled", now, unless_open_visits=True)
        return answer

    # ---- crash repair -------------------------------------------------------------------
    def resume_stale(self) -> list[int]:
        """Repair what a crash left behind, once it is older than ``settle_stale_seconds``
        (see the module doc): finish settlements left in ``charging`` and store their answer
        for their key; store the answer for ``in_progress`` keys whose settlement is finished;
        delete ``in_progress`` keys without a settlement; then finish the reversals a crash
        left ``reversing`` (``Reversals.resume_stale``). Returns the ids of the settlements
        finished or reversed here."""
        cutoff = self.ctx.now() - timedelta(seconds=self.ctx.settings.settle_stale_seconds)
        with self.ctx.db.read() as conn:
            ids = conn.execute(select(t.settlements.c.settlement_id).where(
                t.settlements.c.status == SettlementStatus.CHARGING,
                t.settlements.c.created_at < cutoff)).scalars().all()
        for sid in ids:
            if self._collect(SYSTEM, int(sid)) is None:  # completed elsewhere meanwhile
                self._store_answer(t.idempotency_keys.c.settlement_id == sid, 201,
                                   self.get(int(sid)))
        self._repair_stale_keys(cutoff)
        refunded = self.refunds.resume_stale()  # partial refunds (kiosk.server.refunds)
        if refunded:
            log.info("finished stale refunds %s", refunded)
        return [int(i) for i in ids] + self.reversals.resume_stale()

    def _repair_stale_keys(self, cutoff: datetime) -> None:
        keys = t.idempotency_keys
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(keys.c.key, keys.c.settlement_id).where(
                keys.c.status == KeyStatus.IN_PROGRESS, keys.c.updated_at < cutoff,
                keys.c.operation.is_(None))).all()  # a settlement's keys only
        for key, settlement_id in rows:
            stale = and_(keys.c.key == key, keys.c.status == KeyStatus.IN_PROGRESS,
                         keys.c.updated_at < cutoff)
            if settlement_id is None:
                with self.ctx.db.write() as conn:
                    freed = conn.execute(keys.delete().where(
                        stale, keys.c.settlement_id.is_(None))).rowcount
                    if freed:
                        self.ctx.audit(conn, SYSTEM, "idempotency.free_stale",
                                       "idempotency_key",
                                       key if len(key) <= 64 else sha256_hex(key))
                continue
            with self.ctx.db.read() as conn:
                status = conn.execute(select(t.settlements.c.status).where(
                    t.settlements.c.settlement_id == settlement_id)).scalar()
            if status is None or status == SettlementStatus.CHARGING:
                continue  # charging: finished above once the settlement itself is stale
            self._store_answer(and_(stale, keys.c.settlement_id == settlement_id), 201,
                               self.get(int(settlement_id)))

    # ---- reversal (kiosk.server.reversal) ------------------------------------------------
    def reverse(self, principal: Principal, settlement_id: int, reason: str,
                key: str | None = None) -> tuple[int, dict[str, Any]]:
        """Refund the charged cash share, cancel the open debt, reopen the visit, exactly
        once (see ``kiosk.server.reversal``). Returns (HTTP status, body)."""
        return self.reversals.reverse(principal, settlement_id, reason, key)

    # ---- auto-settle --------------------------------------------------------------------------
    def auto_settle(self) -> dict[str, list[int]]:
        """Settle (or close, if empty) open visits older than the configured time, after
        ``resume_stale``. Counter visits with charges are left to staff."""
        out: dict[str, list[int]] = {"settled": [], "closed": [], "failed": [], "resumed": []}
        out["resumed"] = self.resume_stale()
        cutoff = self.ctx.now() - timedelta(minutes=self.ctx.settings.auto_settle_after_minutes)
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.visits.c.visit_id, t.visits.c.mode).where(
                t.visits.c.status == VisitStatus.OPEN, t.visits.c.opened_at < cutoff)
                .order_by(t.visits.c.visit_id)).all()
        for visit_id, mode in rows:
            with self.ctx.db.write() as conn:
                n = conn.execute(select(func.count()).select_from(t.charges).where(
                    t.charges.c.visit_id == visit_id, LIVE_CHARGE)).scalar_one()
                if n == 0:
                    conn.execute(update(t.visits).where(
                        t.visits.c.visit_id == visit_id, t.visits.c.status == VisitStatus.OPEN)
                        .values(status=VisitStatus.CLOSED, closed_at=self.ctx.now()))
                    self.ctx.audit(conn, SYSTEM, "visit.auto_close", "visit", visit_id)
                    out["closed"].append(visit_id)
                    continue
            if mode != VisitMode.CREDIT:
                continue  # counter visits are paid at the counter, never charged
            try:
                bill = self.pre_settlement(SYSTEM, visit_id)["split"]
                status, answer = self._settle(
                    SYSTEM, visit_id, f"auto-visit-{visit_id}", bill["medfee_sumamt_fen"],
                    bill["psn_cash_pay_fen"], Channel.AUTO)
            except ApiError:
                status, answer = 409, {}
            if status == 201:
                out["settled"].append(answer["settlement_id"])
            else:
                out["failed"].append(visit_id)
        return out
