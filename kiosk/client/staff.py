"""The backend's staff endpoints (docs/api.md) for the counter station: ``StaffClient``.

Staff sign in with ``sign_in(config, username, password) -> StaffSession``; the session token
then goes into every call (``StaffClient(config, session)``), so the backend's audit log records
the staff member behind each action. ``StaffClient`` is a ``BackendClient`` (departments,
eligibility, visits, bills, settlement queries) plus what only staff may do: patients (create
from the card, search by ssn, full view), the credit link (link, unlink, suspend, reinstate),
debt payment at the counter, counter check-in and counter settlement, reversal and partial
refunds. Reversals and refunds send an Idempotency-Key that the client keeps for the same
action until its outcome is known (``ActionKeys``), so a supervisor's retry after a lost
answer replays it instead of refunding twice.

The request bodies are built by pure functions (``link_body``, ``reason_body``,
``debt_payment_body``, ``counter_settle_body``), tested directly. The patient view is parsed
strictly into frozen dataclasses (``StaffPatientView``); personal data lives only in those objects,
never in logs or error messages.

Threads: every call blocks up to the configured deadline: call from worker threads only,
never the GUI thread.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from kiosk.client.api import (
    BackendClient,
    _id_arg,
    _non_negative,
    _parsed,
    check_idempotency_key,
)
from kiosk.client.errors import BackendRejected
from kiosk.client.models import (
    Debt,
    Eligibility,
    ResponseShapeError,
    Settlement,
    Visit,
    _debt,
    _Obj,
    _patient,
    _region,
    _root,
    _settlement,
    _visit,
    parse_visit,
)
from kiosk.client.transport import BackendConfig, Transport, new_request_id, path_of
from kiosk.domain.card import CardRecord
from kiosk.domain.reasons import Decision

PAYMENT_METHOD_TYPES = ("bank_card", "wechat", "alipay")
DEBT_CHANNELS = ("cash", "card", "wechat", "alipay")
INSURANCE_TYPES = ("310", "390")
MAX_REASON = 500
MAX_CONSENT = 10_000
MAX_REFERENCE = 64
MAX_SIGNATURE_PNG = 512 * 1024  # bytes; the backend refuses larger images
MAX_REFUND_ITEMS = 200
REFUND_DEADLINE = 30.0  # a refund waits for the payment gateway
# refusals after which the action may still finish (or already has): keep the key
UNFINISHED_CODES = ("settlement_in_progress",)
T = TypeVar("T")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A signed-in staff member. ``repr`` hides the token."""

    token: str
    role: str  # clerk | supervisor | admin
    staff_id: int
    expires_at: datetime

    def __repr__(self) -> str:
        return f"StaffSession(role={self.role!r}, staff_id={self.staff_id}, <token hidden>)"

    @property
    def may_reverse(self) -> bool:
        """Supervisors and admins may refund and reinstate (the backend decides; this only
        tells the screen what to offer)."""
        return self.role in ("supervisor", "admin")


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """The full identity, for staff to check against the photo ID. Never logged."""

    patient_id: int
    ssn: str
    name: str
    gender: str | None
    birth_date: date | None
    card_number: str
    region_code: str
    insurance_type: str
    card_expiry_date: date | None

    def __repr__(self) -> str:
        return f"PatientRecord(patient_id={self.patient_id}, <personal data hidden>)"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class CreditLink:
    status: str  # linked | suspended | unlinked
    credit_limit_fen: int
    payment_method_type: str
    payment_method_ref: str
    linked_at: datetime | None
    consent_signed_at: datetime | None
    status_reason: str | None


@dataclass(frozen=True, slots=True)
class PatientDebt:
    debt_id: int
    settlement_id: int | None
    amount_fen: int
    due_date: date
    status: str  # open | paid | cancelled
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One line of the patient's settlement history (tolerates a settlement still running,
    whose payment is not known yet)."""

    settlement_id: int
    visit_id: int
    status: str
    channel: str
    medfee_sumamt_fen: int
    psn_cash_pay_fen: int
    payment_status: str | None
    created_at: datetime
    reversed: bool


@dataclass(frozen=True, slots=True)
class StaffPatientView:
    patient: PatientRecord
    link: CreditLink | None
    eligibility: Eligibility
    debts: tuple[PatientDebt, ...]
    open_visits: tuple[Visit, ...]
    settlements: tuple[SettlementRow, ...]

    @property
    def open_debts(self) -> tuple[PatientDebt, ...]:
        return tuple(d for d in self.debts if d.is_open)


# --- parsers -------------------------------------------------------------------------------


def parse_staff_session(data: Any) -> StaffSession:
    o = _root(data)
    role = o.str("role")
    if role not in ("clerk", "supervisor", "admin"):
        raise ResponseShapeError("$.role", "not a staff role")
    return StaffSession(token=o.str("token"), role=role, staff_id=o.int("staff_id", minimum=1),
                        expires_at=o.timestamp("expires_at"))


def _patient_record(o: _Obj) -> PatientRecord:
    birth = o.opt_str("birth_date")
    expiry = o.opt_str("card_expiry_date")
    return PatientRecord(
        patient_id=o.int("patient_id", minimum=1), ssn=o.str("ssn"), name=o.str("name"),
        gender=o.opt_str("gender"), birth_date=o.date("birth_date") if birth else None,
        card_number=o.str("card_number"), region_code=o.str("region_code"),
        insurance_type=o.str("insurance_type"),
        card_expiry_date=o.date("card_expiry_date") if expiry else None,
    )


def _link(o: _Obj) -> CreditLink:
    return CreditLink(
        status=o.str("status"), credit_limit_fen=o.fen("credit_limit_fen"),
        payment_method_type=o.str("payment_method_type"),
        payment_method_ref=o.str("payment_method_ref"),
        linked_at=o.opt_timestamp("linked_at"),
        consent_signed_at=o.opt_timestamp("consent_signed_at"),
        status_reason=o.opt_str("status_reason"),
    )


def _patient_debt(o: _Obj) -> PatientDebt:
    return PatientDebt(
        debt_id=o.int("debt_id", minimum=1), settlement_id=o.opt_int("settlement_id"),
        amount_fen=o.fen("amount_fen"), due_date=o.date("due_date"), status=o.str("status"),
        overdue=o.bool("overdue"),
    )


def _settlement_row(o: _Obj) -> SettlementRow:
    split = o.obj("split")
    payment = o.opt("payment", lambda p: p.str("status"))
    return SettlementRow(
        settlement_id=o.int("settlement_id", minimum=1), visit_id=o.int("visit_id", minimum=1),
        status=o.str("status"), channel=o.str("channel"),
        medfee_sumamt_fen=split.fen("medfee_sumamt_fen"),
        psn_cash_pay_fen=split.fen("psn_cash_pay_fen"), payment_status=payment,
        created_at=o.timestamp("created_at"), reversed=o.opt("reversal", lambda _r: True) or False,
    )


def _view_eligibility(o: _Obj) -> Eligibility:
    text = o.str("decision")
    try:
        decision = Decision(text)
    except ValueError:
        raise ResponseShapeError(f"{o.where}.decision", "not a known decision") from None
    return Eligibility(
        decision=decision, reasons=o.str_list("reasons"), patient=o.opt("patient", _patient),
        credit_limit_fen=o.opt_fen("credit_limit_fen"),
        available_credit_fen=o.opt_int("available_credit_fen"),
        open_visits=(), appointments_today=(), region=o.opt("region", _region),
    )


def parse_patient_view(data: Any) -> StaffPatientView:
    o = _root(data)
    return StaffPatientView(
        patient=_patient_record(o.obj("patient")), link=o.opt("link", _link),
        eligibility=_view_eligibility(o.obj("eligibility")),
        debts=o.list("debts", _patient_debt), open_visits=o.list("open_visits", _visit),
        settlements=o.list("settlements", _settlement_row),
    )


def parse_debt(data: Any) -> Debt:
    return _debt(_root(data))


def parse_full_settlement(data: Any) -> Settlement:
    return _settlement(_root(data))


@dataclass(frozen=True, slots=True)
class RefundLine:
    """One partial refund of a settlement: its items and the shares that went back."""

    refund_id: int
    status: str  # refunding | refunded | declined
    charge_ids: tuple[int, ...]
    fund_fen: int
    acct_fen: int
    cash_fen: int
    total_fen: int
    cash_refund_status: str | None  # refunded | none | at_counter | debt_reduced


@dataclass(frozen=True, slots=True)
class RefundedSettlement:
    """A settlement with its partial refunds; ``refund_id``: the refund just made, if any."""

    settlement: Settlement
    refunds: tuple[RefundLine, ...]
    refund_id: int | None = None

    @property
    def refunded_charge_ids(self) -> frozenset[int]:
        """The items refunded or being refunded (a declined refund returned nothing)."""
        return frozenset(c for r in self.refunds if r.status != "declined"
                         for c in r.charge_ids)

    @property
    def refund(self) -> RefundLine | None:
        return next((r for r in self.refunds if r.refund_id == self.refund_id), None)


def _refund_line(o: _Obj) -> RefundLine:
    ids = o.data.get("charge_ids")
    if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise ResponseShapeError(f"{o.where}.charge_ids", "expected a list of ids")
    return RefundLine(refund_id=o.int("refund_id", minimum=1), status=o.str("status"),
                      charge_ids=tuple(ids), fund_fen=o.fen("fund_fen"),
                      acct_fen=o.fen("acct_fen"), cash_fen=o.fen("cash_fen"),
                      total_fen=o.fen("total_fen"),
                      cash_refund_status=o.opt_str("cash_refund_status"))


def parse_refunded_settlement(data: Any) -> RefundedSettlement:
    """A settlement (``GET /v1/settlements/{id}``) with its ``refunds`` (absent: none)."""
    o = _root(data)
    refunds = o.list("refunds", _refund_line) if "refunds" in o.data else ()
    return RefundedSettlement(_settlement(o), refunds)


def parse_refund_answer(data: Any) -> RefundedSettlement:
    """The answer to a partial refund: ``{"refund_id", "settlement"}``."""
    o = _root(data)
    done = parse_refunded_settlement(o.obj("settlement").data)
    return replace(done, refund_id=o.int("refund_id", minimum=1))


# --- request bodies (pure) -----------------------------------------------------------------


def _text(value: str, name: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = value.strip()
    if not value:
        raise ValueError(f"{name} is required")
    if len(value) > max_length:
        raise ValueError(f"{name} is longer than {max_length} characters")
    if any((ord(c) < 0x20 and c not in "\n\t") or ord(c) == 0x7F for c in value):
        raise ValueError(f"{name} holds control characters")
    return value


def _single_line(value: str, name: str, max_length: int) -> str:
    value = _text(value, name, max_length)
    if any(ord(c) < 0x20 for c in value):
        raise ValueError(f"{name} must be a single line")
    return value


def reason_body(reason: str) -> dict[str, str]:
    """``{"reason": ...}`` for unlink, suspend, reinstate and reversal."""
    return {"reason": _single_line(reason, "reason", MAX_REASON)}


def refund_body(charge_ids: Iterable[int], reason: str) -> dict[str, Any]:
    """``{"charge_ids": [...], "reason": ...}`` for a partial refund: at least one item, each
    once, in ascending order (so the same choice is the same body)."""
    ids = sorted({_id_arg(i, "charge_id") for i in charge_ids})
    if not ids:
        raise ValueError("choose at least one item to refund")
    if len(ids) > MAX_REFUND_ITEMS:
        raise ValueError(f"at most {MAX_REFUND_ITEMS} items in one refund")
    return {"charge_ids": ids, **reason_body(reason)}


def keeps_key(error: BaseException) -> bool:
    """After ``error``, may the action's outcome still be unknown (so a retry must send the
    same Idempotency-Key)? Yes unless the backend gave a final refusal."""
    return not isinstance(error, BackendRejected) or error.code in UNFINISHED_CODES


class ActionKeys:
    """The Idempotency-Key of each money action until its outcome is known: asking again for
    the same action (the same request) gets the same key, so a retry after a lost answer
    replays instead of acting twice; ``forget`` once the answer is final. Thread-safe."""

    def __init__(self, make: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self._make = make
        self._keys: dict[Hashable, str] = {}
        self._lock = threading.Lock()

    def key_for(self, action: Hashable) -> str:
        with self._lock:
            if action not in self._keys:
                self._keys[action] = self._make()
            return self._keys[action]

    def forget(self, action: Hashable) -> None:
        with self._lock:
            self._keys.pop(action, None)


def signature_sha256(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()


def link_body(*, identity_verified: bool, consent_text: str, signature_png: bytes,
              signed_at: datetime, payment_method_type: str,
              payment_method_reference: str) -> dict[str, Any]:
    """The link request. It carries the signature image (base64) and its hash; the backend
    checks that they match and keeps the consent text and the image's hash."""
    if identity_verified is not True:
        raise ValueError("identity must be verified")
    if not signature_png:
        raise ValueError("signature is empty")
    if not signature_png.startswith(PNG_MAGIC) or len(signature_png) > MAX_SIGNATURE_PNG:
        raise ValueError("signature must be a PNG of at most 512 KiB")
    if signed_at.tzinfo is None:
        raise ValueError("signed_at must carry a time zone")
    if payment_method_type not in PAYMENT_METHOD_TYPES:
        raise ValueError("unknown payment method type")
    text = consent_text.strip()
    if not text or len(text) > MAX_CONSENT or "\x00" in text:
        raise ValueError("consent text must be 1..10000 characters")
    stamp = signed_at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "identity_verified": True,
        "consent": {"text": text,
                    "signature_png_base64": base64.b64encode(signature_png).decode("ascii"),
                    "signature_sha256": signature_sha256(signature_png),
                    "signed_at": stamp},
        "payment_method": {
            "type": payment_method_type,
            "reference": _single_line(payment_method_reference, "payment method reference",
                                      MAX_REFERENCE),
        },
    }


def debt_payment_body(channel: str, amount_fen: int) -> dict[str, Any]:
    if channel not in DEBT_CHANNELS:
        raise ValueError("unknown payment channel")
    amount = _non_negative(amount_fen, "amount_fen")
    if amount < 1:
        raise ValueError("amount_fen must be positive")
    return {"channel": channel, "amount_fen": amount}


def counter_settle_body(expected_medfee_sumamt_fen: int, expected_psn_cash_pay_fen: int
                        ) -> dict[str, Any]:
    return {
        "expected_medfee_sumamt_fen": _non_negative(
            expected_medfee_sumamt_fen, "expected_medfee_sumamt_fen"),
        "expected_psn_cash_pay_fen": _non_negative(
            expected_psn_cash_pay_fen, "expected_psn_cash_pay_fen"),
        "channel": "counter",
    }


def create_patient_body(card: CardRecord, insurance_type: str) -> dict[str, Any]:
    if insurance_type not in INSURANCE_TYPES:
        raise ValueError("insurance type must be 310 or 390")
    return {"card": card.to_dict(), "insurance_type": insurance_type}


# --- the client ----------------------------------------------------------------------------


def sign_in(config: BackendConfig, username: str, password: str) -> StaffSession:
    """``POST /v1/staff/sessions``. Wrong credentials: ``BackendRejected`` ``unauthenticated``."""
    if not isinstance(password, str) or not password or len(password) > 256:
        raise ValueError("password must be 1..256 characters")
    body = {"username": _single_line(username, "username", 64), "password": password}
    with Transport(replace(config, token="")) as transport:
        rid = new_request_id()
        data = transport.request("POST", "/v1/staff/sessions", op="staff_sign_in", body=body,
                                 request_id=rid)
    return _parsed(parse_staff_session, data, "staff_sign_in", rid)


class StaffClient(BackendClient):
    """The staff roles. Construct with the backend config and the signed-in session."""

    def __init__(self, config: BackendConfig, session: StaffSession) -> None:
        super().__init__(replace(config, token=session.token))
        self.session = session
        self.action_keys = ActionKeys()

    def sign_out(self) -> None:
        """End the session on the backend (``DELETE /v1/staff/sessions/current``)."""
        self.transport.request("DELETE", "/v1/staff/sessions/current", op="staff_sign_out")

    # patients
    def find_patient(self, ssn: str) -> StaffPatientView | None:
        """The patient with this ssn, or None if unknown (a first-time patient)."""
        try:
            return self._call("POST", "/v1/patients/search", "find_patient", parse_patient_view,
                              body={"ssn": ssn})
        except BackendRejected as err:
            if err.code == "patient_not_found":
                return None
            raise

    def patient(self, patient_id: int) -> StaffPatientView:
        return self._call("GET", path_of("v1", "patients", _id_arg(patient_id, "patient_id")),
                          "patient", parse_patient_view)

    def create_patient(self, card: CardRecord, insurance_type: str) -> StaffPatientView:
        return self._call("POST", "/v1/patients", "create_patient", parse_patient_view,
                          body=create_patient_body(card, insurance_type))

    def link(self, patient_id: int, body: dict[str, Any]) -> StaffPatientView:
        """One request: identity verified, consent and payment method recorded together."""
        return self._call("POST", path_of("v1", "patients", _id_arg(patient_id, "patient_id"),
                                          "link"), "link", parse_patient_view, body=body)

    def _link_status(self, patient_id: int, action: str, reason: str) -> StaffPatientView:
        return self._call("POST", path_of("v1", "patients", _id_arg(patient_id, "patient_id"),
                                          action), action, parse_patient_view,
                          body=reason_body(reason))

    def unlink(self, patient_id: int, reason: str) -> StaffPatientView:
        return self._link_status(patient_id, "unlink", reason)

    def suspend(self, patient_id: int, reason: str) -> StaffPatientView:
        return self._link_status(patient_id, "suspend", reason)

    def reinstate(self, patient_id: int, reason: str) -> StaffPatientView:
        return self._link_status(patient_id, "reinstate", reason)

    # money at the counter
    def pay_debt(self, debt_id: int, channel: str, amount_fen: int) -> Debt:
        return self._call("POST", path_of("v1", "debts", _id_arg(debt_id, "debt_id"), "payment"),
                          "pay_debt", parse_debt, body=debt_payment_body(channel, amount_fen))

    def check_in_at_counter(self, patient_id: int, department_code: str) -> Visit:
        """A visit paid at the counter (``mode: counter``): no eligibility or credit needed.
        An open visit for the same department today comes back instead of an error."""
        body = {"patient_id": _id_arg(patient_id, "patient_id"),
                "department_code": department_code, "mode": "counter"}
        try:
            return self._call("POST", "/v1/visits", "check_in_counter", parse_visit, body=body)
        except BackendRejected as err:
            if err.code == "already_checked_in" and isinstance(err.details.get("visit"), dict):
                return parse_visit(err.details["visit"])
            raise

    def settle_at_counter(self, visit_id: int, idempotency_key: str,
                          expected_medfee_sumamt_fen: int, expected_psn_cash_pay_fen: int
                          ) -> Settlement:
        """Record the patient's payment at the counter (``channel: counter``), sent once.

        Keep ``idempotency_key`` until the outcome is known; on an error with
        ``outcome_unknown`` ask ``settlement_status(key)`` or send again with the SAME key.
        """
        return self._call(
            "POST", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "settlement"),
            "settle_counter", parse_full_settlement,
            body=counter_settle_body(expected_medfee_sumamt_fen, expected_psn_cash_pay_fen),
            idempotency_key=check_idempotency_key(idempotency_key),
        )

    def _keyed(self, action: Hashable, key: str | None, send: Callable[[str], T]) -> T:
        """``send`` with the action's Idempotency-Key (``key`` if given, else the one this
        client keeps for the same action until its outcome is known, see ``ActionKeys``)."""
        used = check_idempotency_key(key) if key else self.action_keys.key_for(action)
        try:
            answer = send(used)
        except Exception as error:
            if not keeps_key(error):
                self.action_keys.forget(action)
            raise
        self.action_keys.forget(action)
        return answer

    def reverse(self, settlement_id: int, reason: str, idempotency_key: str | None = None
                ) -> Settlement:
        """Reverse a settlement (supervisor, admin; a clerk gets ``forbidden``), exactly once:
        a retry of the same reversal (same settlement and reason) sends the same
        Idempotency-Key until the outcome is known."""
        body = reason_body(reason)
        path = path_of("v1", "settlements", _id_arg(settlement_id, "settlement_id"),
                       "reversal")
        return self._keyed(("reversal", settlement_id, body["reason"]), idempotency_key,
                           lambda key: self._call("POST", path, "reverse",
                                                  parse_full_settlement, body=body,
                                                  idempotency_key=key))

    def refunded_settlement(self, settlement_id: int) -> RefundedSettlement:
        """A settlement with its partial refunds."""
        return self._call("GET", path_of("v1", "settlements",
                                         _id_arg(settlement_id, "settlement_id")),
                          "settlement_refunds", parse_refunded_settlement)

    def refund_items(self, settlement_id: int, charge_ids: Iterable[int], reason: str,
                     idempotency_key: str | None = None) -> RefundedSettlement:
        """Refund selected items of a settlement (supervisor, admin), exactly once like
        ``reverse``: the same items and reason again send the same Idempotency-Key until the
        outcome is known."""
        body = refund_body(charge_ids, reason)
        path = path_of("v1", "settlements", _id_arg(settlement_id, "settlement_id"), "refunds")
        action = ("refund", settlement_id, tuple(body["charge_ids"]), body["reason"])
        return self._keyed(action, idempotency_key,
                           lambda key: self._call("POST", path, "refund", parse_refund_answer,
                                                  body=body, idempotency_key=key,
                                                  deadline=REFUND_DEADLINE))
