"""What the patient session knows, as plain frozen data the screens can show.

The flow turns backend answers into these view models (``kiosk.flow.runner`` does the
conversion), so screens never see the client's or the server's types. Money is integer fen.
Names and ID numbers are kept only in masked form: the session never holds more personal data
than a screen may show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.reasons import Decision


@dataclass(frozen=True, slots=True)
class DepartmentView:
    code: str
    name_zh: str
    name_en: str
    building: str
    floor: int
    room: str
    estimated_wait_minutes: int
    is_open: bool = True


@dataclass(frozen=True, slots=True)
class AppointmentView:
    appointment_id: int
    time: str
    department: DepartmentView


@dataclass(frozen=True, slots=True)
class OpenVisit:
    visit_id: int
    department_code: str
    ticket_number: int
    unsettled_total_fen: int


@dataclass(frozen=True, slots=True)
class PatientView:
    """Who is at the kiosk, as the screens may show it (masked) plus the backend's opaque id."""

    patient_id: int | None
    masked_name: str
    masked_id: str


@dataclass(frozen=True, slots=True)
class EligibilityView:
    decision: Decision
    reasons: tuple[str, ...]
    patient_id: int | None
    available_credit_fen: int | None
    credit_limit_fen: int | None
    open_visits: tuple[OpenVisit, ...] = ()
    appointments: tuple[AppointmentView, ...] = ()
    overdue_debt_fen: int = 0  # what to pay at the counter before paying later again
    masked_name: str = ""  # as the backend masked it (a voucher patient has no card to read)
    # where the patient is insured against here: local, in_province, cross_province (None:
    # not told) and, cross-province, whether they filed (备案) for treatment here
    region_class: str | None = None
    region_filed: bool | None = None


@dataclass(frozen=True, slots=True)
class Ticket:
    visit_id: int
    ticket_number: int
    department: DepartmentView
    already_checked_in: bool = False


@dataclass(frozen=True, slots=True)
class Stop:
    department: DepartmentView
    queue_length: int
    walk_minutes: int
    expected_wait_minutes: int
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItineraryView:
    visit_id: int
    stops: tuple[Stop, ...]
    total_expected_minutes: int


@dataclass(frozen=True, slots=True)
class BillLine:
    department_code: str
    category: str
    name: str
    quantity: int
    amount_fen: int


@dataclass(frozen=True, slots=True)
class SplitView:
    """The split of a bill in the national settlement fields the patient needs to see."""

    medfee_sumamt_fen: int
    fund_pay_sumamt_fen: int
    acct_pay_fen: int
    psn_cash_pay_fen: int
    fulamt_ownpay_amt_fen: int = 0
    preselfpay_amt_fen: int = 0
    act_pay_dedc_fen: int = 0


@dataclass(frozen=True, slots=True)
class BillView:
    visit_id: int
    lines: tuple[BillLine, ...]
    split: SplitView
    # a visit from elsewhere: the insured place whose policy the split applied (None: local)
    insured_admdvs: str | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    settlement_id: int
    visit_id: int
    split: SplitView
    payment_status: str  # charged | declined | failed | counter
    receipt_reference: str
    debt_fen: int = 0
    debt_due_date: str | None = None
    from_earlier_session: bool = False


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """What went wrong, by code, for the one error screen.

    ``source`` is ``card`` (a ``CardErrorCode``), ``backend`` (``offline``, ``timeout``,
    ``failure``) or ``rejected`` (a ``Reason`` code from the backend).
    """

    source: str
    code: str
    can_retry: bool
    details: dict[str, object] = field(default_factory=dict)
