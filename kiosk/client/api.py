"""The backend's endpoints as typed methods: what the kiosk (and, for tests and the demo, a
department system) asks the backend, following docs/api.md.

``BackendClient`` is the kiosk role: health, departments, eligibility with the card record,
check-in, a visit, the itinerary, the bill (pre-settlement), the one-tap settlement, the
settlement queries the outbox uses to resolve an outcome it did not hear, and the card out
(``end_session``). Calls about a patient's visits carry the patient session the eligibility
answer gave (``session=``); the client keeps no session of its own.
``DepartmentClient`` is the department role: post a charge, mark it performed, set a queue.

Every method returns a frozen dataclass from ``kiosk.client.models`` or raises one of the
errors of ``kiosk.client.errors``; an answer of the wrong shape is ``BackendFailure`` (with
``outcome_unknown`` set, since the backend did act), never a ``KeyError``.

While a patient is at the screen (from the eligibility answer, through every call that
carries the patient session, until ``end_session`` or ``PATIENT_WARM_SECONDS`` without a
call) the transport keeps its connection warm, so the patient's next tap finds it open.

``BackendClient.server_clock()`` measures the kiosk's clock against the backend's (the
``server_time`` its health answer carries, ``kiosk.domain.clock``) and records the offset in
``kiosk.domain.clock.backend_clock``, by which the kiosk dates what it stores and shows.

Only GETs are retried (by the transport). ``settle`` is sent exactly once per call: to retry
a settlement, call ``settle`` again with the SAME idempotency key, or ask
``settlement_status(key)``; never invent a new key for a tap whose outcome is unknown.

Threads: every method blocks up to the configured deadline; call from worker threads only,
never the GUI thread. One client may be shared by several worker threads.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Self, TypeVar

from kiosk.client.answers import server_time_of
from kiosk.client.challenge import CardChallenge, parse_card_challenge
from kiosk.client.errors import BackendFailure, BackendRejected
from kiosk.client.models import (
    Bill,
    BillSplit,
    Charge,
    CheckInResult,
    Department,
    Eligibility,
    Health,
    Itinerary,
    ResponseShapeError,
    Settlement,
    SettlementStatus,
    VisitDetail,
    parse_bill,
    parse_charge,
    parse_department,
    parse_departments,
    parse_eligibility,
    parse_health,
    parse_itinerary,
    parse_settlement,
    parse_split,
    parse_visit,
    parse_visit_detail,
)
from kiosk.client.transport import (
    IDEMPOTENCY_KEY_RE,
    BackendConfig,
    Transport,
    new_request_id,
    path_of,
)
from kiosk.domain.card import CardRecord
from kiosk.domain.clock import BackendClock, ClockOffset, backend_clock, clock_offset

T = TypeVar("T")

# How long a "card out" may take: it is best-effort (the session expires by itself).
END_SESSION_DEADLINE = 2.0
HEARTBEAT_DEADLINE = 10.0  # seconds: a heartbeat never holds a pool thread long
# How long after a patient's last call the connection is kept warm: the idle timeout and its
# warning (``kiosk.flow.events.Timing``) end a session that has been left by then.
PATIENT_WARM_SECONDS = 90.0


def new_idempotency_key() -> str:
    """A fresh key for one settlement tap: store it (the journal's outbox) before sending."""
    return f"tap-{uuid.uuid4()}"


def check_idempotency_key(key: str) -> str:
    if not isinstance(key, str) or not IDEMPOTENCY_KEY_RE.fullmatch(key):
        raise ValueError("idempotency key must be 1..128 of [A-Za-z0-9._:-]")
    return key


def _non_negative(value: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer")
    return value


def _id_arg(value: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer")
    return value


def settle_body(expected_medfee_sumamt_fen: int, expected_psn_cash_pay_fen: int,
                bill_digest: str | None = None) -> dict[str, Any]:
    """The settlement request: the bill total and cash share the patient saw (and the bill's
    digest, when known: then only that exact bill is settled)."""
    body: dict[str, Any] = {
        "expected_medfee_sumamt_fen": _non_negative(
            expected_medfee_sumamt_fen, "expected_medfee_sumamt_fen"),
        "expected_psn_cash_pay_fen": _non_negative(
            expected_psn_cash_pay_fen, "expected_psn_cash_pay_fen"),
        "channel": "linked_method",
    }
    if bill_digest is not None:
        body["bill_digest"] = bill_digest
    return body


def eligibility_body(card: CardRecord) -> dict[str, Any]:
    """The body of ``POST /v1/eligibility``: the record (``card_sn`` only when the card has
    one) and the card's proof, if the read had a challenge."""
    record = {k: v for k, v in card.to_dict().items() if k != "card_sn" or v}
    return {"card": record, **(card.proof.to_body() if card.proof is not None else {})}


def rejected_settlement(error: BackendRejected) -> Settlement | None:
    """The existing settlement a ``409 already_settled`` carries, else None."""
    if error.code != "already_settled":
        return None
    try:
        return parse_settlement(error.details.get("settlement"))
    except ResponseShapeError:
        return None


def rejected_split(error: BackendRejected) -> BillSplit | None:
    """The current split a ``409 amount_changed`` carries (show the new bill), else None."""
    if error.code != "amount_changed":
        return None
    try:
        return parse_split(error.details.get("split"))
    except ResponseShapeError:
        return None


class _Api:
    def __init__(self, config_or_transport: BackendConfig | Transport) -> None:
        if isinstance(config_or_transport, Transport):
            self.transport = config_or_transport
        else:
            self.transport = Transport(config_or_transport)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(
        self,
        method: str,
        path: str,
        op: str,
        parse: Callable[[Any], T],
        *,
        body: Any = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        session: str | None = None,
        deadline: float | None = None,
    ) -> T:
        rid = request_id or new_request_id()
        if session is not None:
            self.transport.keep_warm(PATIENT_WARM_SECONDS)
        data = self.transport.request(
            method, path, op=op, body=body, idempotency_key=idempotency_key, request_id=rid,
            patient_session=session, deadline=deadline,
        )
        return _parsed(parse, data, op, rid)


def _parsed(parse: Callable[[Any], T], data: Any, op: str, rid: str) -> T:
    try:
        return parse(data)
    except ResponseShapeError as exc:
        raise BackendFailure(
            f"unexpected answer shape at {exc.where}: {exc.problem}", op=op, request_id=rid,
            outcome_unknown=True,
        ) from None


class BackendClient(_Api):
    """The kiosk role. Construct with a ``BackendConfig`` (or a ready ``Transport``)."""

    def health(self) -> Health:
        return self._call("GET", "/v1/health", "health", parse_health)

    def server_clock(
        self,
        *,
        record_in: BackendClock | None = backend_clock,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        deadline: float | None = None,
    ) -> ClockOffset | None:
        """The backend's clock less ours, from one ``GET /v1/health`` and the ``server_time``
        its answer carries, with the round trip's uncertainty; recorded in ``record_in`` (the
        kiosk's ``backend_clock``). None when the backend tells no time. ``deadline``
        overrides the configured one."""
        sent, start = wall(), monotonic()
        data = self.transport.request("GET", "/v1/health", op="server_clock", deadline=deadline)
        round_trip = monotonic() - start
        told = server_time_of(data)
        if told is None:
            return None
        offset = clock_offset(sent, round_trip, told[0], told[1])
        if record_in is not None:
            record_in.record(offset)
        return offset

    def departments(self) -> tuple[Department, ...]:
        return self._call("GET", "/v1/departments", "departments", parse_departments)

    def card_challenge(self, *, deadline: float | None = None) -> CardChallenge:
        """A fresh challenge for the next card's INTERNAL AUTHENTICATE (single use, valid
        for ``expires_in_seconds``); the kiosk fetches it before the card arrives. One asked
        with a ``deadline`` is one a card already waits for: its op (logs, errors) is
        ``card_challenge_inline``, the patient's request, not the background's."""
        op = "card_challenge" if deadline is None else "card_challenge_inline"
        return self._call("POST", "/v1/card-challenges", op, parse_card_challenge,
                          deadline=deadline)

    def eligibility(self, card: CardRecord) -> Eligibility:
        """May this card's holder be treated first and pay later? Also returns the patient's
        open visits and today's appointments, and the patient session (``session_token``)
        every call about this patient's visits presents. The decision is data, not an
        error. The card's proof (``card.proof``: the challenge and the cryptogram) goes
        with it; the backend's policy decides what a card without one may do."""
        answer = self._call("POST", "/v1/eligibility", "eligibility", parse_eligibility,
                            body=eligibility_body(card))
        self.transport.keep_warm(PATIENT_WARM_SECONDS)  # a patient is at the screen
        return answer

    def voucher_eligibility(self, voucher: str) -> Eligibility:
        """As ``eligibility``, for the patient an e-insurance QR voucher names: the backend
        resolves the token through the insurer (``POST /v1/eligibility/voucher``). A token
        the insurer refuses is ``BackendRejected`` (``voucher_expired``, ``voucher_forged``,
        ``voucher_reused``). The token is opaque and never logged."""
        answer = self._call("POST", "/v1/eligibility/voucher", "eligibility_voucher",
                            parse_eligibility, body={"voucher": voucher})
        self.transport.keep_warm(PATIENT_WARM_SECONDS)  # a patient is at the screen
        return answer

    def check_in(self, patient_id: int, department_code: str, *,
                 session: str | None = None) -> CheckInResult:
        """Open a credit visit in a department (for an appointment: its department_code).

        An already open visit for the same department today comes back as
        ``CheckInResult(visit, already_checked_in=True)``, not as an error.
        """
        body = {"patient_id": _id_arg(patient_id, "patient_id"),
                "department_code": department_code, "mode": "credit"}
        rid = new_request_id()
        try:
            visit = self._call("POST", "/v1/visits", "check_in", parse_visit, body=body,
                               request_id=rid, session=session)
        except BackendRejected as err:
            if err.code != "already_checked_in" or "visit" not in err.details:
                raise
            return CheckInResult(_parsed(parse_visit, err.details["visit"], "check_in", rid), True)
        return CheckInResult(visit, False)

    def visit(self, visit_id: int, *, session: str | None = None) -> VisitDetail:
        return self._call("GET", path_of("v1", "visits", _id_arg(visit_id, "visit_id")),
                          "visit", parse_visit_detail, session=session)

    def itinerary(self, visit_id: int, *, session: str | None = None) -> Itinerary:
        return self._call(
            "GET", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "itinerary"),
            "itinerary", parse_itinerary, session=session)

    def bill(self, visit_id: int, *, session: str | None = None) -> Bill:
        """The pre-settlement the patient is shown before the one tap."""
        return self._call(
            "GET", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "pre-settlement"),
            "bill", parse_bill, session=session)

    pre_settlement = bill

    def settle(
        self,
        visit_id: int,
        idempotency_key: str,
        expected_medfee_sumamt_fen: int,
        expected_psn_cash_pay_fen: int,
        *,
        session: str | None = None,
        bill_digest: str | None = None,
    ) -> Settlement:
        """The one tap: settle the whole visit, sent exactly once. Without the patient's
        ``session`` only a replay of a key this kiosk sent before, or a tap for a patient it
        served lately, is answered (its outbox after a restart); anything else is refused
        ``401 patient_session_ended`` before the key is claimed (nothing charged under it).

        Write ``idempotency_key`` and the expected amounts to the outbox BEFORE calling.
        Answers to expect: the settlement (a replay of the first answer if this key was
        heard before); ``BackendRejected`` ``amount_changed`` (``rejected_split``: show the
        new bill, tap again with a new key), ``already_settled`` (``rejected_settlement``:
        another key settled it), ``settlement_in_progress`` (ask ``settlement_status``),
        ``nothing_to_settle``, ``visit_not_found``; any error with ``outcome_unknown``:
        resolve with ``settlement_status(idempotency_key)``, never with a new key.
        """
        return self._call(
            "POST", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "settlement"),
            "settle", parse_settlement,
            body=settle_body(expected_medfee_sumamt_fen, expected_psn_cash_pay_fen,
                             bill_digest),
            idempotency_key=check_idempotency_key(idempotency_key), session=session,
        )

    def settlement_status(self, idempotency_key: str) -> SettlementStatus:
        """What became of the settlement sent with ``idempotency_key`` (a GET: retried). Needs
        no patient session: the backend answers the kiosk that sent the key."""
        path = path_of("v1", "settlements", "by-key", check_idempotency_key(idempotency_key))
        try:
            settlement = self._call("GET", path, "settlement_status", parse_settlement)
        except BackendRejected as err:
            if err.code == "settlement_in_progress":
                return SettlementStatus("in_progress")
            if err.code == "settlement_not_found":
                return SettlementStatus("not_found")
            raise
        return SettlementStatus("settled", settlement)

    def settlement(self, settlement_id: int, *, session: str | None = None) -> Settlement:
        return self._call(
            "GET", path_of("v1", "settlements", _id_arg(settlement_id, "settlement_id")),
            "settlement", parse_settlement, session=session)

    def visit_settlement(self, visit_id: int, *, session: str | None = None
                         ) -> Settlement | None:
        """The visit's settlement whoever made it, or None while it has none."""
        try:
            return self._call(
                "GET", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "settlement"),
                "visit_settlement", parse_settlement, session=session)
        except BackendRejected as err:
            if err.code == "settlement_not_found":
                return None
            raise


    def send_heartbeat(self, body: dict[str, Any], *,
                       deadline: float = HEARTBEAT_DEADLINE) -> None:
        """The kiosk's heartbeat (``kiosk.flow.heartbeat`` builds ``body``): sent once,
        bounded by ``deadline``; the next one follows a minute later."""
        self.transport.request("POST", "/v1/kiosk/heartbeat", op="heartbeat", body=body,
                               deadline=deadline)

    def end_session(self, session: str, *, deadline: float = END_SESSION_DEADLINE) -> None:
        """The card is out: end the patient session now rather than at its idle expiry.
        Bounded by ``deadline`` seconds and sent once; raises ``BackendError`` like any call
        (the caller may ignore it: the session expires by itself)."""
        self.transport.keep_warm(0)  # the patient has gone
        self.transport.request("DELETE", "/v1/patient-sessions/current", op="end_session",
                               patient_session=session, deadline=deadline)


class DepartmentClient(_Api):
    """The department role (a HIS posting charges): used by tests and the demo."""

    def post_charge(
        self,
        visit_id: int,
        *,
        item_code: str,
        name: str,
        category: str,
        insurance_class: str,
        unit_price_fen: int,
        quantity: int = 1,
        performing_department_code: str | None = None,
        his_order_id: str | None = None,
    ) -> Charge:
        """Post one charge. With ``his_order_id`` a repeat returns the existing charge."""
        body: dict[str, Any] = {
            "item_code": item_code, "name": name, "category": category,
            "insurance_class": insurance_class,
            "unit_price_fen": _non_negative(unit_price_fen, "unit_price_fen"),
            "quantity": _id_arg(quantity, "quantity"),
        }
        if performing_department_code is not None:
            body["performing_department_code"] = performing_department_code
        if his_order_id is not None:
            body["his_order_id"] = his_order_id
        return self._call(
            "POST", path_of("v1", "visits", _id_arg(visit_id, "visit_id"), "charges"),
            "post_charge", parse_charge, body=body)

    def mark_performed(self, charge_id: int) -> Charge:
        return self._call(
            "POST", path_of("v1", "charges", _id_arg(charge_id, "charge_id"), "performed"),
            "mark_performed", parse_charge)

    def set_queue(self, department_code: str, queue_length: int) -> Department:
        return self._call(
            "PUT", path_of("v1", "departments", department_code, "queue"), "set_queue",
            parse_department, body={"queue_length": _non_negative(queue_length, "queue_length")})

