"""Machine-readable codes the backend answers with, shared by the server and the kiosk.

``Decision`` is the outcome of an eligibility check; ``Reason`` explains a refusal. The kiosk
turns each code into a plain message with a next step (one place: ``kiosk.ui.messages``),
so adding a code here means adding its message there; a test checks that none is missing.
"""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    ELIGIBLE = "eligible"
    NOT_LINKED = "not_linked"
    NOT_ELIGIBLE = "not_eligible"


class Reason(StrEnum):
    # eligibility
    INSURANCE_INACTIVE = "insurance_inactive"
    NOT_LINKED = "not_linked"
    LINK_SUSPENDED = "link_suspended"
    CREDIT_SCORE_LOW = "credit_score_low"
    MONITORING_FRAUD = "monitoring_fraud"
    MONITORING_BLACKLIST = "monitoring_blacklist"
    OVERDUE_DEBT = "overdue_debt"
    CARD_MISMATCH = "card_mismatch"
    CARD_EXPIRED = "card_expired"
    # card authentication (profile 2): the card has no key / its answer proves nothing
    CARD_NOT_AUTHENTICABLE = "card_not_authenticable"
    CARD_NOT_VERIFIED = "card_not_verified"
    # the e-insurance voucher (QR) and patients insured elsewhere
    VOUCHER_EXPIRED = "voucher_expired"  # the insurer's token is past its two minutes
    VOUCHER_FORGED = "voucher_forged"  # not a token the insurer signed
    VOUCHER_REUSED = "voucher_reused"  # a token already resolved once
    INSURER_UNAVAILABLE = "insurer_unavailable"  # 503: the insurer did not answer
    CROSS_PROVINCE_NOT_FILED = "cross_province_not_filed"  # no filing: the traditional way
    CROSS_REGION_NO_CREDIT = "cross_region_no_credit"  # the hospital gives this class no credit
    # visits, charges and settlement
    DEPARTMENT_UNKNOWN = "department_unknown"
    DEPARTMENT_CLOSED = "department_closed"
    VISIT_NOT_FOUND = "visit_not_found"
    VISIT_CLOSED = "visit_closed"
    CREDIT_LIMIT_EXCEEDED = "credit_limit_exceeded"
    NOTHING_TO_SETTLE = "nothing_to_settle"
    AMOUNT_CHANGED = "amount_changed"
    ALREADY_SETTLED = "already_settled"
    SETTLEMENT_IN_PROGRESS = "settlement_in_progress"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    SETTLEMENT_NOT_FOUND = "settlement_not_found"
    REVERSAL_NOT_ALLOWED = "reversal_not_allowed"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_ELIGIBLE = "not_eligible"
    HIS_ORDER_REUSED = "his_order_reused"  # a department re-posted an order id, changed
    # counter (staff) operations
    PATIENT_NOT_FOUND = "patient_not_found"
    PATIENT_EXISTS = "patient_exists"
    LINK_STATE = "link_state"
    DEBT_NOT_FOUND = "debt_not_found"
    DEBT_NOT_OPEN = "debt_not_open"
    # authentication and input
    UNAUTHENTICATED = "unauthenticated"
    # a good kiosk token whose patient session is missing, ended, expired or idle too long
    PATIENT_SESSION_ENDED = "patient_session_ended"
    FORBIDDEN = "forbidden"
    VALIDATION_ERROR = "validation_error"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INTERNAL_ERROR = "internal_error"
