"""The words the backend stores in its status, mode, channel and role columns, each defined once.

Every class is an ``enum.StrEnum``: a member is the very string it stands for, so it compares
equal to what a row holds, is written to the database as that string and appears in JSON as
that string. The stored values and the API's answers are the same as plain strings would give.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who is asking: a token's, a staff account's or the server's own role."""

    KIOSK = "kiosk"
    DEPARTMENT = "department"
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"


STAFF_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
TOKEN_ROLES = (Role.KIOSK, Role.DEPARTMENT)


class VisitMode(StrEnum):
    CREDIT = "credit"  # treated first, settled at the kiosk
    COUNTER = "counter"  # paid at the counter, never charged


class VisitStatus(StrEnum):
    OPEN = "open"
    SETTLED = "settled"
    CLOSED = "closed"


class LinkStatus(StrEnum):
    """A patient's credit link."""

    LINKED = "linked"
    SUSPENDED = "suspended"
    UNLINKED = "unlinked"


class SettlementStatus(StrEnum):
    CHARGING = "charging"  # written; the gateway not yet charged or the answer not stored
    COMPLETED = "completed"
    REVERSING = "reversing"  # a reversal is refunding
    REVERSED = "reversed"


class Channel(StrEnum):
    """How a settlement's cash share is paid."""

    LINKED_METHOD = "linked_method"
    COUNTER = "counter"
    AUTO = "auto"  # auto-settle: charged to the linked method like a tap


class PaymentStatus(StrEnum):
    CHARGED = "charged"
    DECLINED = "declined"
    FAILED = "failed"
    COUNTER = "counter"  # taken at the counter


class RefundStatus(StrEnum):
    NONE = "none"
    REFUNDED = "refunded"
    FAILED = "failed"
    AT_COUNTER = "at_counter"


class DebtStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"


class KeyStatus(StrEnum):
    """An idempotency key's request."""

    IN_PROGRESS = "in_progress"
    DONE = "done"


class GatewayStatus(StrEnum):
    """A payment gateway's answer to a charge or a refund."""

    SUCCEEDED = "succeeded"
    DECLINED = "declined"


class GatewayKind(StrEnum):
    CHARGE = "charge"
    REFUND = "refund"


class ChargeStatus(StrEnum):
    """A charge (fee detail): only ``active`` ones are billed (kiosk.server.fee_details)."""

    ACTIVE = "active"
    VOIDED = "voided"
    CORRECTED = "corrected"  # replaced by the charge whose corrects_charge_id names it


class RefundState(StrEnum):
    """A partial refund of a settlement (kiosk.server.refunds)."""

    REFUNDING = "refunding"  # begun; the cash share's refund not yet settled
    REFUNDED = "refunded"
    DECLINED = "declined"  # the gateway declined: nothing went back


class CashRefund(StrEnum):
    """How a refund's cash share went back."""

    REFUNDED = "refunded"  # through the payment gateway
    NONE = "none"  # there was no cash share to return
    AT_COUNTER = "at_counter"  # paid at the counter: given back there
    DEBT_REDUCED = "debt_reduced"  # never collected: the open debt shrinks instead
