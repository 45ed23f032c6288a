"""What the counter tells staff: one place, codes to words.

Every card error code (``CardErrorCode``), every backend reason code (``Reason``), every kind
of failure (``kiosk.client.errors.Failure``, from the one classifier ``classify``), every form
problem (``kiosk.counter.rules``) and every code of the session's messages
(``kiosk.counter.events.Message``) has a sentence here, written for staff: what happened and
what to do at the counter (the patient's texts on the kiosk are written for patients and say
"go to the counter"). No code is ever shown raw, and no text from a backend message (it may
carry personal data).

Source texts are English, marked with ``QT_TRANSLATE_NOOP("CounterMessages", ...)`` and
translated at display time (``counter_<lang>.ts``). Threads: GUI thread (translation).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.client.errors import Failure, FailureKind, classify
from kiosk.counter import events as ev
from kiosk.counter import rules
from kiosk.domain.card import CardErrorCode
from kiosk.domain.reasons import Reason

CONTEXT = "CounterMessages"

PROBLEMS: dict[str, str] = {
    rules.CONSENT_MISSING: QT_TRANSLATE_NOOP(
        "CounterMessages", "The patient has not ticked the consent box."),
    rules.SIGNATURE_EMPTY: QT_TRANSLATE_NOOP(
        "CounterMessages", "The signature is empty. Ask the patient to sign in the box."),
    rules.IDENTITY_NOT_VERIFIED: QT_TRANSLATE_NOOP(
        "CounterMessages", "Check the identity against the photo ID and tick the box."),
    rules.REFERENCE_MISSING: QT_TRANSLATE_NOOP(
        "CounterMessages", "Enter the payment method's reference (account or card number)."),
    rules.REFERENCE_INVALID: QT_TRANSLATE_NOOP(
        "CounterMessages", "The payment reference is too long or holds invalid characters."),
    rules.REASON_MISSING: QT_TRANSLATE_NOOP("CounterMessages", "Enter a reason."),
    rules.REASON_INVALID: QT_TRANSLATE_NOOP(
        "CounterMessages", "The reason is too long (500 characters at most) or not one line."),
}

CARD_ERRORS: dict[str, str] = {
    CardErrorCode.NO_READER: QT_TRANSLATE_NOOP(
        "CounterMessages", "No card reader found. Check that the reader is plugged in."),
    CardErrorCode.READER_SERVICE_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The card reader service is not running. Try again; if it persists, call IT."),
    CardErrorCode.NO_CARD: QT_TRANSLATE_NOOP(
        "CounterMessages", "No card in the reader. Insert the card and read it again."),
    CardErrorCode.CARD_REMOVED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The card was taken out during the read. Insert it and read again."),
    CardErrorCode.CARD_UNRESPONSIVE: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The card does not answer. Take it out, wipe the chip, insert it and read again."),
    CardErrorCode.UNSUPPORTED_CARD: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "This is not a medical insurance card the counter can read. Search by ID number "
        "instead."),
    CardErrorCode.SECURE_MODULE_REQUIRED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "This card needs a reader with a security module. Search by ID number instead."),
    CardErrorCode.INVALID_CARD_DATA: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The data on this card is damaged. Search by ID number; the patient should renew "
        "the card."),
    CardErrorCode.CARD_EXPIRED: QT_TRANSLATE_NOOP(
        "CounterMessages", "This card has expired. The patient must renew it first."),
}

STAFF_REASONS: dict[str, str] = {
    Reason.INSURANCE_INACTIVE: QT_TRANSLATE_NOOP(
        "CounterMessages", "Medical insurance is not active."),
    Reason.NOT_LINKED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The card is not linked to pay-later yet."),
    Reason.LINK_SUSPENDED: QT_TRANSLATE_NOOP("CounterMessages", "Pay-later is suspended."),
    Reason.CREDIT_SCORE_LOW: QT_TRANSLATE_NOOP(
        "CounterMessages", "The credit score is below the hospital's threshold."),
    Reason.MONITORING_FRAUD: QT_TRANSLATE_NOOP(
        "CounterMessages", "Flagged by insurance fraud monitoring."),
    Reason.MONITORING_BLACKLIST: QT_TRANSLATE_NOOP(
        "CounterMessages", "On the insurance monitoring blacklist."),
    Reason.OVERDUE_DEBT: QT_TRANSLATE_NOOP("CounterMessages", "Has an overdue debt."),
    Reason.CARD_MISMATCH: QT_TRANSLATE_NOOP(
        "CounterMessages", "The card does not match the registered patient record."),
    Reason.CARD_EXPIRED: QT_TRANSLATE_NOOP("CounterMessages", "The insurance card has expired."),
    Reason.CARD_NOT_AUTHENTICABLE: QT_TRANSLATE_NOOP(
        "CounterMessages", "The card cannot authenticate itself (an older card without the "
        "key): it cannot be linked to pay-later."),
    Reason.CARD_NOT_VERIFIED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The card's authentication failed or it is not the patient's "
        "registered card: read it again; a card that keeps failing may be forged."),
    Reason.CREDIT_LIMIT_EXCEEDED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The bill is over the patient's pay-later credit limit."),
    Reason.CROSS_PROVINCE_NOT_FILED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "Insured in another province and not filed for direct settlement here: no "
        "pay-later; the patient pays at the counter (lower insurance rates) and may file with "
        "their insurer."),
    Reason.CROSS_REGION_NO_CREDIT: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "Insured elsewhere: the hospital gives no pay-later to patients from this region; the "
        "patient pays at the counter."),
    Reason.INSURER_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "CounterMessages", "The insurer does not answer. Try again in a moment."),
    Reason.VOUCHER_EXPIRED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The insurance QR code has expired. Ask the patient to refresh it and scan again."),
    Reason.VOUCHER_FORGED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The insurer does not recognise this QR code. Scan the code in the insurance app "
        "again, or read the card."),
    Reason.VOUCHER_REUSED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "This QR code was already used. Ask the patient to refresh it and scan again."),
    Reason.IDEMPOTENCY_KEY_REUSED: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The backend saw this payment key with other amounts. Nothing was charged again; "
        "reload the patient."),
    Reason.IDEMPOTENCY_KEY_REQUIRED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The payment was sent without its key. Nothing was charged."),
    Reason.NOT_ELIGIBLE: QT_TRANSLATE_NOOP(
        "CounterMessages", "The patient is not eligible for pay-later today."),
    Reason.HIS_ORDER_REUSED: QT_TRANSLATE_NOOP(
        "CounterMessages", "A department sent an order number twice with other contents."),
    Reason.NOT_FOUND: QT_TRANSLATE_NOOP("CounterMessages", "Not found on the backend."),
    Reason.METHOD_NOT_ALLOWED: QT_TRANSLATE_NOOP(
        "CounterMessages", "The backend does not offer this action. Call IT."),
    Reason.INTERNAL_ERROR: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The backend had a problem. The action may or may not have been done; the view "
        "will show the current state."),
    "unauthenticated": QT_TRANSLATE_NOOP(
        "CounterMessages", "Your session has ended. Please sign in again."),
    Reason.PATIENT_SESSION_ENDED: QT_TRANSLATE_NOOP(  # a kiosk's, never staff's
        "CounterMessages", "The patient's session at the kiosk has ended: the patient inserts "
        "the card again. Nothing was changed."),
    "forbidden": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "Your role may not do this. Please ask a supervisor."),
    "validation_error": QT_TRANSLATE_NOOP(
        "CounterMessages", "The backend refused the data as invalid. Nothing was changed."),
    "patient_exists": QT_TRANSLATE_NOOP(
        "CounterMessages", "This patient is already registered. Their record was loaded."),
    "patient_not_found": QT_TRANSLATE_NOOP(
        "CounterMessages", "No patient with this ID number is registered."),
    "link_state": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The link is not in a state that allows this (for example already linked, or not "
        "suspended). The patient view was reloaded."),
    "debt_not_open": QT_TRANSLATE_NOOP(
        "CounterMessages", "This debt is no longer open (already paid or cancelled)."),
    "debt_not_found": QT_TRANSLATE_NOOP("CounterMessages", "This debt was not found."),
    "amount_changed": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The amount has changed since it was shown. Nothing was charged; check the new "
        "amount and try again."),
    "reversal_not_allowed": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "This settlement cannot be refunded (already refunded, or too old)."),
    "settlement_not_found": QT_TRANSLATE_NOOP("CounterMessages", "Settlement not found."),
    "already_settled": QT_TRANSLATE_NOOP(
        "CounterMessages", "This visit is already settled. It was not charged again."),
    "settlement_in_progress": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "A settlement for this visit is still running. Check its outcome in a moment; "
        "do not take money again."),
    "nothing_to_settle": QT_TRANSLATE_NOOP(
        "CounterMessages", "This visit has no charges yet: nothing to settle."),
    "department_closed": QT_TRANSLATE_NOOP(
        "CounterMessages", "This department is closed now."),
    "department_unknown": QT_TRANSLATE_NOOP("CounterMessages", "Unknown department."),
    "already_checked_in": QT_TRANSLATE_NOOP(
        "CounterMessages", "The patient already has an open visit in this department today."),
    "visit_closed": QT_TRANSLATE_NOOP("CounterMessages", "This visit is closed."),
    "visit_not_found": QT_TRANSLATE_NOOP("CounterMessages", "Visit not found."),
}

NETWORK: dict[str, str] = {
    "offline": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "Cannot reach the backend. Nothing was sent; try again when the network is back."),
    "timeout": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The backend did not answer in time. The action may or may not have been done; the "
        "view will show the current state."),
    "failure": QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The backend had a problem. The action may or may not have been done; the view will "
        "show the current state."),
    "input": QT_TRANSLATE_NOOP("CounterMessages", "Some input is not valid. Nothing was sent."),
    "bug": QT_TRANSLATE_NOOP(
        "CounterMessages", "Unexpected error in the counter application. Nothing was sent."),
}
REFUSED = QT_TRANSLATE_NOOP("CounterMessages",
                            "The backend refused this request. Nothing was changed.")

NOTICES: dict[str, str] = {
    ev.BUSY: QT_TRANSLATE_NOOP("CounterMessages", "Please wait: the last action is running."),
    ev.REFUNDED: QT_TRANSLATE_NOOP("CounterMessages", "The settlement was refunded."),
    ev.SETTLEMENT_UNKNOWN: QT_TRANSLATE_NOOP(
        "CounterMessages",
        "The outcome of this payment is not known yet. Do not take money again: press "
        "\"Check outcome\" (the same payment is resumed, never repeated)."),
}


# How a patient pays a debt at the counter (``pay_debt``'s channel), in the combo's order.
DEBT_CHANNELS: dict[str, str] = {
    "cash": QT_TRANSLATE_NOOP("CounterMessages", "cash"),
    "card": QT_TRANSLATE_NOOP("CounterMessages", "bank card"),
    "wechat": QT_TRANSLATE_NOOP("CounterMessages", "WeChat Pay"),
    "alipay": QT_TRANSLATE_NOOP("CounterMessages", "Alipay"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def problem_text(code: str) -> str:
    return tr(PROBLEMS.get(code, NETWORK["input"]))


def reason_text(code: str) -> str:
    """Words for a backend reason code."""
    return tr(STAFF_REASONS.get(code, REFUSED))


def channel_text(code: str) -> str:
    """Words for a debt payment channel (one of ``DEBT_CHANNELS``)."""
    return tr(DEBT_CHANNELS[code])


def card_text(code: str) -> str:
    return tr(CARD_ERRORS.get(code, CARD_ERRORS[CardErrorCode.CARD_UNRESPONSIVE]))


def failure_text(failure: Failure, request_id: str = "") -> str:
    """The sentence staff see for a failed action, with the request id for IT if any."""
    if failure.kind is FailureKind.CARD:
        return card_text(failure.code)
    if failure.kind is FailureKind.REJECTED:
        return reason_text(failure.code)
    text = tr(NETWORK[failure.kind.value])
    return f"{text} [{request_id}]" if request_id else text


def error_text(error: BaseException) -> str:
    """The sentence staff see for any exception. Never holds personal data."""
    return failure_text(classify(error), getattr(error, "request_id", ""))


def message_text(message: ev.Message) -> str:
    """Words for a session message (the window words ``FIRST_TIME`` and ``LINKED``, which
    show the patient's state)."""
    if message.failure is not None:
        return failure_text(message.failure, message.request_id)
    if message.code in NOTICES:
        return tr(NOTICES[message.code])
    return reason_text(message.code)
