"""What the backend answers, as small frozen dataclasses parsed strictly from JSON.

Each ``parse_*`` function takes the decoded JSON of one answer (docs/api.md) and returns
its dataclass, or raises ``ResponseShapeError`` naming the first field that is missing or
of the wrong type. Money is integer fen (a float, a bool or a string where fen belong is a
shape error); dates are ``date``, timestamps timezone-aware ``datetime``. Fields the kiosk
does not use are ignored, so the backend may add fields without breaking older kiosks.

Pure: no I/O. ``kiosk.client.api`` turns a ``ResponseShapeError`` into ``BackendFailure``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from kiosk.domain.reasons import Decision
from kiosk.domain.settlement import (
    BillGroup,
    ChargeLine,
    SplitInputError,
    summarize_by_department_and_category,
)

T = TypeVar("T")


class ResponseShapeError(ValueError):
    """An answer that does not have the documented shape. ``where`` is a JSON path."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class _Obj:
    """Typed, path-aware access to one JSON object.

    Its methods ``int``, ``str``, ... shadow the builtins inside the class body, so annotations
    after them spell ``builtins.int`` and ``builtins.str``.
    """

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping):
            raise ResponseShapeError(where, f"expected an object, got {_kind(data)}")
        self.data = data
        self.where = where

    def _get(self, key: str, optional: bool) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise ResponseShapeError(f"{self.where}.{key}", "missing")
        return self.data[key]

    def _fail(self, key: str, expected: str, value: Any) -> ResponseShapeError:
        return ResponseShapeError(f"{self.where}.{key}", f"expected {expected}, got {_kind(value)}")

    def int(self, key: str, *, minimum: int | None = None) -> int:
        value = self._get(key, False)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "an integer", value)
        if minimum is not None and value < minimum:
            raise ResponseShapeError(f"{self.where}.{key}", f"must be at least {minimum}")
        return value

    def opt_int(self, key: str, *, minimum: builtins.int | None = None) -> builtins.int | None:
        return None if self._get(key, True) is None else self.int(key, minimum=minimum)

    def fen(self, key: str) -> builtins.int:
        return self.int(key, minimum=0)

    def opt_fen(self, key: str) -> builtins.int | None:
        return self.opt_int(key, minimum=0)

    def str(self, key: str) -> str:
        value = self._get(key, False)
        if not isinstance(value, str):
            raise self._fail(key, "a string", value)
        return value

    def opt_str(self, key: builtins.str) -> builtins.str | None:
        return None if self._get(key, True) is None else self.str(key)

    def bool(self, key: builtins.str) -> bool:
        value = self._get(key, False)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false", value)
        return value

    def date(self, key: builtins.str) -> date:
        text = self.str(key)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ResponseShapeError(f"{self.where}.{key}", "expected YYYY-MM-DD") from None

    def timestamp(self, key: builtins.str) -> datetime:
        text = self.str(key)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ResponseShapeError(f"{self.where}.{key}", "expected an ISO timestamp") from None
        if value.tzinfo is None:
            raise ResponseShapeError(f"{self.where}.{key}", "timestamp without a time zone")
        return value

    def opt_timestamp(self, key: builtins.str) -> datetime | None:
        return None if self._get(key, True) is None else self.timestamp(key)

    def obj(self, key: builtins.str) -> _Obj:
        return _Obj(self._get(key, False), f"{self.where}.{key}")

    def opt(self, key: builtins.str, parse: Callable[[_Obj], T]) -> T | None:
        value = self._get(key, True)
        return None if value is None else parse(_Obj(value, f"{self.where}.{key}"))

    def list(self, key: builtins.str, parse: Callable[[_Obj], T]) -> tuple[T, ...]:
        value = self._get(key, False)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        return tuple(parse(_Obj(item, f"{self.where}.{key}[{i}]")) for i, item in enumerate(value))

    def str_list(self, key: builtins.str) -> tuple[builtins.str, ...]:
        value = self._get(key, False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of strings", value)
        return tuple(value)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _root(data: Any) -> _Obj:
    return _Obj(data, "$")


# --- the dataclasses -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Health:
    status: str
    schema_version: int


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name_zh: str
    name_en: str
    building: str
    floor: int
    room: str
    opens: str
    closes: str
    queue_length: int
    minutes_per_patient: int
    estimated_wait_minutes: int


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """The patient as the kiosk may show them: the name arrives already masked."""

    patient_id: int
    display_name: str
    insurance_type: str
    region_code: str


@dataclass(frozen=True, slots=True)
class Appointment:
    appointment_id: int
    department_code: str
    time: str  # "09:30", hospital local time
    department: Department


@dataclass(frozen=True, slots=True)
class Visit:
    visit_id: int
    patient_id: int
    department_code: str
    visit_date: date
    mode: str  # credit | counter
    status: str  # open | settled | closed
    ticket_number: int
    building: str
    floor: int
    room: str
    estimated_wait_minutes: int
    opened_at: datetime
    settlement_id: int | None
    unsettled_total_fen: int

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class Eligibility:
    decision: Decision
    reasons: tuple[str, ...]  # kiosk.domain.reasons.Reason values; unknown ones kept as text
    patient: PatientSummary | None
    credit_limit_fen: int | None
    available_credit_fen: int | None
    open_visits: tuple[Visit, ...]
    appointments_today: tuple[Appointment, ...]
    overdue_debt_fen: int = 0  # debts past their due date (what to pay before credit again)
    # the patient session a kiosk presents for this patient's visits (None: no session, e.g.
    # a card the records do not know); opaque, never logged
    session_token: str | None = field(default=None, repr=False)
    # the itinerary of the open visit a returning patient is shown first (the one with charges
    # still to pay, else the first), so that screen needs no second round trip
    itinerary: Itinerary | None = None

    region: RegionInfo | None = None  # the insured and treatment places (cross-region rules)

    @property
    def eligible(self) -> bool:
        return self.decision is Decision.ELIGIBLE


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """Where the patient is insured against where they are treated (异地就医): ``cls`` is
    ``local``, ``in_province`` or ``cross_province``; ``filed`` the cross-province filing
    (None when not cross-province)."""

    insured_admdvs: str
    treatment_admdvs: str
    cls: str
    filed: bool | None


def _region(o: _Obj) -> RegionInfo:
    filed = o._get("filed", True)
    if filed is not None and not isinstance(filed, bool):
        raise o._fail("filed", "true, false or null", filed)
    return RegionInfo(o.str("insured_admdvs"), o.str("treatment_admdvs"), o.str("class"), filed)


@dataclass(frozen=True, slots=True)
class CheckInResult:
    """A check-in's visit. ``already_checked_in``: the backend had one open for this patient,
    department and day (409 ``already_checked_in``) and gave it back so the kiosk continues."""

    visit: Visit
    already_checked_in: bool


@dataclass(frozen=True, slots=True)
class Charge:
    charge_id: int
    visit_id: int
    item_code: str
    name: str
    category: str  # consultation | drug | lab | imaging | procedure
    insurance_class: str  # A | B | C
    unit_price_fen: int
    quantity: int
    amount_fen: int
    ordering_department_code: str
    performing_department_code: str
    his_order_id: str | None
    performed: bool
    posted_at: datetime

    def to_line(self) -> ChargeLine:
        """The domain's charge line, attributed to the performing department."""
        # ChargeLine takes the wire strings for its enum fields and converts them itself,
        # raising SplitInputError that names the field for an unknown value.
        return ChargeLine(
            item_code=self.item_code, name=self.name,
            category=self.category,  # type: ignore[arg-type]  # str, converted by ChargeLine
            insurance_class=self.insurance_class,  # type: ignore[arg-type]  # likewise
            unit_price_fen=self.unit_price_fen, quantity=self.quantity,
            department_code=self.performing_department_code,
        )


@dataclass(frozen=True, slots=True)
class VisitDetail:
    visit: Visit
    charges: tuple[Charge, ...]


@dataclass(frozen=True, slots=True)
class ItineraryItem:
    charge_id: int
    item_code: str
    name: str


@dataclass(frozen=True, slots=True)
class ItineraryStop:
    department_code: str
    name_zh: str
    name_en: str
    building: str
    floor: int
    room: str
    queue_length: int
    walk_minutes: int
    expected_wait_minutes: int
    arrive_after_minutes: int
    items: tuple[ItineraryItem, ...]


@dataclass(frozen=True, slots=True)
class Itinerary:
    """The next stops in the backend's order; no stops: nothing left to do but pay."""

    visit_id: int
    total_expected_minutes: int
    stops: tuple[ItineraryStop, ...]


@dataclass(frozen=True, slots=True)
class BillSplit:
    """Who pays which fen (national settlement field names, all integer fen).

    Always ``medfee_sumamt = fund_pay_sumamt + acct_pay + psn_cash_pay``: checked on parse.
    """

    medfee_sumamt_fen: int
    fulamt_ownpay_amt_fen: int
    preselfpay_amt_fen: int
    inscp_scp_amt_fen: int
    act_pay_dedc_fen: int
    hifp_pay_fen: int
    fund_pay_sumamt_fen: int
    acct_pay_fen: int
    psn_cash_pay_fen: int


@dataclass(frozen=True, slots=True)
class Bill:
    """The pre-settlement: what the patient is shown before the one tap."""

    visit_id: int
    insurance_type: str
    charges: tuple[Charge, ...]
    split: BillSplit
    # the backend's digest of this exact bill (fee details and split): the settlement cites
    # it, so a bill changed since, even with equal totals, answers ``amount_changed``
    digest: str | None = None
    region: RegionInfo | None = None  # whose policy the split applied (its insured place's)

    def groups(self) -> tuple[BillGroup, ...]:
        """The charges summed by performing department and category, for the bill screen."""
        return summarize_by_department_and_category(c.to_line() for c in self.charges)


@dataclass(frozen=True, slots=True)
class Payment:
    status: str  # charged | declined | failed | counter
    amount_fen: int
    gateway_reference: str | None


@dataclass(frozen=True, slots=True)
class Debt:
    debt_id: int
    amount_fen: int
    due_date: date
    status: str


@dataclass(frozen=True, slots=True)
class Reversal:
    reason: str
    reversed_at: datetime
    refund_status: str
    refunded_fen: int


@dataclass(frozen=True, slots=True)
class Settlement:
    settlement_id: int
    visit_id: int
    patient_id: int
    status: str  # completed | reversed
    channel: str  # linked_method | counter | auto
    split: BillSplit
    payment: Payment
    debt: Debt | None
    created_at: datetime
    completed_at: datetime | None
    reversal: Reversal | None
    # the signed link to the backend's receipt page: what the receipt's QR code holds (None
    # from a backend that does not sign receipts)
    receipt_url: str | None = None


@dataclass(frozen=True, slots=True)
class SettlementStatus:
    """What the backend knows about one idempotency key.

    ``state``: ``"settled"`` (``settlement`` holds it), ``"in_progress"`` (ask again in a
    second), ``"not_found"`` (the key is unknown or ended without a settlement: re-send the
    POST with the SAME key, which either settles or replays the refusal).
    """

    state: str
    settlement: Settlement | None = None


# --- parsers ---------------------------------------------------------------------------------


def _department(o: _Obj) -> Department:
    return Department(
        code=o.str("code"), name_zh=o.str("name_zh"), name_en=o.str("name_en"),
        building=o.str("building"), floor=o.int("floor"), room=o.str("room"),
        opens=o.str("opens"), closes=o.str("closes"),
        queue_length=o.int("queue_length", minimum=0),
        minutes_per_patient=o.int("minutes_per_patient", minimum=0),
        estimated_wait_minutes=o.int("estimated_wait_minutes", minimum=0),
    )


def _patient(o: _Obj) -> PatientSummary:
    return PatientSummary(
        patient_id=o.int("patient_id", minimum=1), display_name=o.str("display_name"),
        insurance_type=o.str("insurance_type"), region_code=o.str("region_code"),
    )


def _appointment(o: _Obj) -> Appointment:
    return Appointment(
        appointment_id=o.int("appointment_id", minimum=1),
        department_code=o.str("department_code"), time=o.str("time"),
        department=_department(o.obj("department")),
    )


def _visit(o: _Obj) -> Visit:
    return Visit(
        visit_id=o.int("visit_id", minimum=1), patient_id=o.int("patient_id", minimum=1),
        department_code=o.str("department_code"), visit_date=o.date("visit_date"),
        mode=o.str("mode"), status=o.str("status"), ticket_number=o.int("ticket_number"),
        building=o.str("building"), floor=o.int("floor"), room=o.str("room"),
        estimated_wait_minutes=o.int("estimated_wait_minutes", minimum=0),
        opened_at=o.timestamp("opened_at"), settlement_id=o.opt_int("settlement_id"),
        unsettled_total_fen=o.fen("unsettled_total_fen"),
    )


def _charge(o: _Obj) -> Charge:
    return Charge(
        charge_id=o.int("charge_id", minimum=1), visit_id=o.int("visit_id", minimum=1),
        item_code=o.str("item_code"), name=o.str("name"), category=o.str("category"),
        insurance_class=o.str("insurance_class"), unit_price_fen=o.fen("unit_price_fen"),
        quantity=o.int("quantity", minimum=1), amount_fen=o.fen("amount_fen"),
        ordering_department_code=o.str("ordering_department_code"),
        performing_department_code=o.str("performing_department_code"),
        his_order_id=o.opt_str("his_order_id"), performed=o.bool("performed"),
        posted_at=o.timestamp("posted_at"),
    )


def _split(o: _Obj) -> BillSplit:
    split = BillSplit(
        medfee_sumamt_fen=o.fen("medfee_sumamt_fen"),
        fulamt_ownpay_amt_fen=o.fen("fulamt_ownpay_amt_fen"),
        preselfpay_amt_fen=o.fen("preselfpay_amt_fen"),
        inscp_scp_amt_fen=o.fen("inscp_scp_amt_fen"),
        act_pay_dedc_fen=o.fen("act_pay_dedc_fen"),
        hifp_pay_fen=o.fen("hifp_pay_fen"),
        fund_pay_sumamt_fen=o.fen("fund_pay_sumamt_fen"),
        acct_pay_fen=o.fen("acct_pay_fen"),
        psn_cash_pay_fen=o.fen("psn_cash_pay_fen"),
    )
    parts = split.fund_pay_sumamt_fen + split.acct_pay_fen + split.psn_cash_pay_fen
    if split.medfee_sumamt_fen != parts:
        raise ResponseShapeError(o.where, "medfee_sumamt is not fund + account + cash")
    return split


def _item(o: _Obj) -> ItineraryItem:
    return ItineraryItem(charge_id=o.int("charge_id", minimum=1), item_code=o.str("item_code"),
                         name=o.str("name"))


def _stop(o: _Obj) -> ItineraryStop:
    return ItineraryStop(
        department_code=o.str("department_code"), name_zh=o.str("name_zh"),
        name_en=o.str("name_en"), building=o.str("building"), floor=o.int("floor"),
        room=o.str("room"), queue_length=o.int("queue_length", minimum=0),
        walk_minutes=o.int("walk_minutes", minimum=0),
        expected_wait_minutes=o.int("expected_wait_minutes", minimum=0),
        arrive_after_minutes=o.int("arrive_after_minutes", minimum=0),
        items=o.list("items", _item),
    )


def _payment(o: _Obj) -> Payment:
    return Payment(status=o.str("status"), amount_fen=o.fen("amount_fen"),
                   gateway_reference=o.opt_str("gateway_reference"))


def _debt(o: _Obj) -> Debt:
    return Debt(debt_id=o.int("debt_id", minimum=1), amount_fen=o.fen("amount_fen"),
                due_date=o.date("due_date"), status=o.str("status"))


def _reversal(o: _Obj) -> Reversal:
    return Reversal(reason=o.str("reason"), reversed_at=o.timestamp("reversed_at"),
                    refund_status=o.str("refund_status"), refunded_fen=o.fen("refunded_fen"))


def _settlement(o: _Obj) -> Settlement:
    return Settlement(
        settlement_id=o.int("settlement_id", minimum=1), visit_id=o.int("visit_id", minimum=1),
        patient_id=o.int("patient_id", minimum=1), status=o.str("status"),
        channel=o.str("channel"), split=_split(o.obj("split")),
        payment=_payment(o.obj("payment")), debt=o.opt("debt", _debt),
        created_at=o.timestamp("created_at"), completed_at=o.opt_timestamp("completed_at"),
        reversal=o.opt("reversal", _reversal), receipt_url=o.opt_str("receipt_url"),
    )


def parse_health(data: Any) -> Health:
    o = _root(data)
    return Health(status=o.str("status"), schema_version=o.int("schema_version"))


def parse_department(data: Any) -> Department:
    return _department(_root(data))


def parse_departments(data: Any) -> tuple[Department, ...]:
    return _root(data).list("departments", _department)


def parse_eligibility(data: Any) -> Eligibility:
    o = _root(data)
    text = o.str("decision")
    try:
        decision = Decision(text)
    except ValueError:
        raise ResponseShapeError("$.decision", "not a known decision") from None
    return Eligibility(
        decision=decision, reasons=o.str_list("reasons"), patient=o.opt("patient", _patient),
        credit_limit_fen=o.opt_fen("credit_limit_fen"),
        available_credit_fen=o.opt_int("available_credit_fen"),
        open_visits=o.list("open_visits", _visit),
        appointments_today=o.list("appointments_today", _appointment),
        overdue_debt_fen=o.opt_fen("overdue_debt_fen") or 0,
        session_token=o.opt_str("session_token"),
        region=o.opt("region", _region),
        itinerary=o.opt("itinerary", _itinerary),
    )


def parse_visit(data: Any) -> Visit:
    return _visit(_root(data))


def parse_visit_detail(data: Any) -> VisitDetail:
    o = _root(data)
    return VisitDetail(visit=_visit(o.obj("visit")), charges=o.list("charges", _charge))


def parse_charge(data: Any) -> Charge:
    return _charge(_root(data))


def parse_itinerary(data: Any) -> Itinerary:
    return _itinerary(_root(data))


def _itinerary(o: _Obj) -> Itinerary:
    return Itinerary(visit_id=o.int("visit_id", minimum=1),
                     total_expected_minutes=o.int("total_expected_minutes", minimum=0),
                     stops=o.list("stops", _stop))


def parse_bill(data: Any) -> Bill:
    o = _root(data)
    bill = Bill(visit_id=o.int("visit_id", minimum=1), insurance_type=o.str("insurance_type"),
                charges=o.list("charges", _charge), split=_split(o.obj("split")),
                digest=o.opt("bill", lambda b: b.str("digest")),
                region=o.opt("region", _region))
    try:
        bill.groups()
    except SplitInputError as exc:  # an unknown category or class cannot be shown
        raise ResponseShapeError("$.charges", str(exc)) from None
    return bill


def parse_split(data: Any) -> BillSplit:
    return _split(_root(data))


def parse_settlement(data: Any) -> Settlement:
    return _settlement(_root(data))
