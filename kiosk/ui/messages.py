"""THE one place that turns codes into words for patients (after Electrum's messages.py).

Every card error code (``CardErrorCode``), every backend reason code (``Reason``) and every
kind of backend failure (offline, timeout, failure) maps to a plain title, a message and the
next step, written for elderly patients: short sentences, no blame, always a way forward.
A test iterates the enums so that a new code cannot ship without its message.

Texts are English source strings marked with ``QT_TRANSLATE_NOOP("Messages", ...)``;
``tr_message`` translates them at display time, so switching language is live.

Threads: the tables are plain data (any thread); ``tr_message`` is for the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.domain.card import CardErrorCode
from kiosk.domain.reasons import Reason
from kiosk.flow.models import ErrorInfo

CONTEXT = "Messages"


@dataclass(frozen=True, slots=True)
class PatientMessage:
    """Source (English) texts; translate with ``tr_message``."""

    title: str
    message: str
    next_step: str


def _m(title: str, message: str, next_step: str) -> PatientMessage:
    return PatientMessage(title, message, next_step)


TRADITIONAL_WAY = QT_TRANSLATE_NOOP(
    "Messages",
    "You can still be seen the traditional way: register at the counter and pay at each step.")
COUNTER_LOCATION = QT_TRANSLATE_NOOP(
    "Messages", "The payment counter is in the main hall on the ground floor.")
# Where a patient the kiosk cannot serve goes: the counter and its window.
GO_TO_COUNTER = QT_TRANSLATE_NOOP(
    "Messages",
    "Please go to the payment counter, window 1, in the main hall on the ground floor.")

_ASK_COUNTER = QT_TRANSLATE_NOOP("Messages", "Please ask the staff at the counter for help.")
_TRY_AGAIN_OR_COUNTER = QT_TRANSLATE_NOOP(
    "Messages", "Please tap \"Try again\". If it happens again, please go to the counter.")
_OTHER_KIOSK = QT_TRANSLATE_NOOP(
    "Messages", "Please use another kiosk, or ask the staff at the counter for help.")
_SEEN_PAY_LATER_NO = QT_TRANSLATE_NOOP("Messages", "Pay-later is not available today")

CARD_MESSAGES: dict[CardErrorCode, PatientMessage] = {
    CardErrorCode.NO_READER: _m(
        QT_TRANSLATE_NOOP("Messages", "The card reader is not working"),
        QT_TRANSLATE_NOOP("Messages", "This kiosk cannot find its card reader."),
        _OTHER_KIOSK),
    CardErrorCode.READER_SERVICE_UNAVAILABLE: _m(
        QT_TRANSLATE_NOOP("Messages", "The card reader is not ready"),
        QT_TRANSLATE_NOOP("Messages", "The card reader is not answering at the moment."),
        _TRY_AGAIN_OR_COUNTER),
    CardErrorCode.NO_CARD: _m(
        QT_TRANSLATE_NOOP("Messages", "No card found"),
        QT_TRANSLATE_NOOP("Messages", "We could not find a card in the reader."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please insert your medical insurance card, chip first and face up.")),
    CardErrorCode.CARD_REMOVED: _m(
        QT_TRANSLATE_NOOP("Messages", "The card was taken out too soon"),
        QT_TRANSLATE_NOOP("Messages", "The card was taken out while we were reading it."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please insert your card again and leave it in until you finish.")),
    CardErrorCode.CARD_UNRESPONSIVE: _m(
        QT_TRANSLATE_NOOP("Messages", "Your card could not be read"),
        QT_TRANSLATE_NOOP("Messages",
                          "The card did not answer. It may be inserted the wrong way."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please take the card out, insert it chip first and face up, "
                          "then tap \"Try again\".")),
    CardErrorCode.UNSUPPORTED_CARD: _m(
        QT_TRANSLATE_NOOP("Messages", "This card cannot be used here"),
        QT_TRANSLATE_NOOP("Messages", "This is not a medical insurance card we can read."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please insert your medical insurance card, or go to the counter.")),
    CardErrorCode.SECURE_MODULE_REQUIRED: _m(
        QT_TRANSLATE_NOOP("Messages", "Please go to the counter"),
        QT_TRANSLATE_NOOP("Messages",
                          "This card's details can only be read at the counter."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the counter or use your electronic insurance QR "
                          "code.")),
    CardErrorCode.INVALID_CARD_DATA: _m(
        QT_TRANSLATE_NOOP("Messages", "Your card's details could not be read"),
        QT_TRANSLATE_NOOP("Messages", "The information on this card seems to be damaged."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the counter. The staff can check your card.")),
    CardErrorCode.CARD_EXPIRED: _m(
        QT_TRANSLATE_NOOP("Messages", "Your card has expired"),
        QT_TRANSLATE_NOOP("Messages", "This medical insurance card is no longer valid."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the counter to be seen today, and renew your card "
                          "at the social security office.")),
}

BACKEND_FAILURE_KINDS = ("offline", "timeout", "failure")

BACKEND_MESSAGES: dict[str, PatientMessage] = {
    "offline": _m(
        QT_TRANSLATE_NOOP("Messages", "Cannot reach the hospital system"),
        QT_TRANSLATE_NOOP("Messages", "The kiosk is not connected at the moment."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please tap \"Try again\" in a moment, or go to the counter.")),
    "timeout": _m(
        QT_TRANSLATE_NOOP("Messages", "The hospital system is slow"),
        QT_TRANSLATE_NOOP("Messages", "The answer is taking too long."),
        _TRY_AGAIN_OR_COUNTER),
    "failure": _m(
        QT_TRANSLATE_NOOP("Messages", "Something went wrong"),
        QT_TRANSLATE_NOOP("Messages", "The hospital system had a problem."),
        _TRY_AGAIN_OR_COUNTER),
}

_NOT_PAY_LATER = QT_TRANSLATE_NOOP(
    "Messages", "We cannot offer paying later on this card at the moment.")
_TECHNICAL_PAYMENT = _m(
    QT_TRANSLATE_NOOP("Messages", "The payment could not be finished here"),
    QT_TRANSLATE_NOOP("Messages", "The kiosk had a technical problem with this payment."),
    QT_TRANSLATE_NOOP("Messages",
                      "Please go to the counter. The staff can check your payment."))
_KIOSK_NOT_WORKING = _m(
    QT_TRANSLATE_NOOP("Messages", "This kiosk is not working right now"),
    QT_TRANSLATE_NOOP("Messages", "The kiosk could not connect to the hospital system."),
    _OTHER_KIOSK)
_SOMETHING_WRONG = _m(
    QT_TRANSLATE_NOOP("Messages", "Something went wrong"),
    QT_TRANSLATE_NOOP("Messages", "The hospital system could not finish your request."),
    _ASK_COUNTER)

REASON_MESSAGES: dict[Reason, PatientMessage] = {
    # eligibility: each says why, kindly, and that the traditional way is still open
    Reason.INSURANCE_INACTIVE: _m(
        QT_TRANSLATE_NOOP("Messages", "Your medical insurance is not active"),
        QT_TRANSLATE_NOOP("Messages",
                          "Your insurance is not active now, so paying later is not "
                          "possible today."),
        TRADITIONAL_WAY),
    Reason.NOT_LINKED: _m(
        QT_TRANSLATE_NOOP("Messages", "Please link your card first"),
        QT_TRANSLATE_NOOP("Messages",
                          "Your card is not yet linked to \"see the doctor first, pay "
                          "later\"."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the payment counter once to link your card. "
                          "After that you can use this kiosk.")),
    Reason.LINK_SUSPENDED: _m(
        QT_TRANSLATE_NOOP("Messages", "Your pay-later service is paused"),
        QT_TRANSLATE_NOOP("Messages",
                          "Your \"see the doctor first, pay later\" service is paused. "
                          "The payment counter can tell you why."),
        TRADITIONAL_WAY),
    Reason.CREDIT_SCORE_LOW: _m(
        _SEEN_PAY_LATER_NO,
        QT_TRANSLATE_NOOP("Messages",
                          "Paying later needs a credit score above the level the hospital "
                          "sets, and yours is below it today. Paying a bill does not change "
                          "this at once."),
        TRADITIONAL_WAY),
    Reason.MONITORING_FRAUD: _m(_SEEN_PAY_LATER_NO, _NOT_PAY_LATER, TRADITIONAL_WAY),
    Reason.MONITORING_BLACKLIST: _m(
        _SEEN_PAY_LATER_NO,
        QT_TRANSLATE_NOOP("Messages",
                          "Paying later is not available for this card. The payment "
                          "counter can tell you more."),
        TRADITIONAL_WAY),
    Reason.OVERDUE_DEBT: _m(
        QT_TRANSLATE_NOOP("Messages", "You have an unpaid bill"),
        QT_TRANSLATE_NOOP("Messages",
                          "An earlier bill is past its due date and not paid yet."),
        QT_TRANSLATE_NOOP("Messages",
                          "You can pay it at the payment counter, window 1, in the main hall "
                          "on the ground floor. The staff will tell you the amount.")),
    Reason.CARD_MISMATCH: _m(
        QT_TRANSLATE_NOOP("Messages", "This card does not match our records"),
        QT_TRANSLATE_NOOP("Messages",
                          "The card details are different from the hospital records."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the counter with your ID card. The staff will "
                          "help you.")),
    Reason.CARD_EXPIRED: _m(
        QT_TRANSLATE_NOOP("Messages", "Your card has expired"),
        QT_TRANSLATE_NOOP("Messages", "This medical insurance card is no longer valid."),
        TRADITIONAL_WAY),
    Reason.CARD_NOT_AUTHENTICABLE: _m(
        QT_TRANSLATE_NOOP("Messages", "This card cannot be used to pay later here"),
        QT_TRANSLATE_NOOP("Messages",
                          "This is an older card that cannot prove itself to the kiosk, so "
                          "paying later is not possible with it. A new card from the social "
                          "security office can."),
        TRADITIONAL_WAY),
    Reason.CARD_NOT_VERIFIED: _m(
        QT_TRANSLATE_NOOP("Messages", "We could not check this card"),
        QT_TRANSLATE_NOOP("Messages",
                          "The card's security check did not succeed, so paying later is not "
                          "possible with it now. The payment counter can check the card."),
        TRADITIONAL_WAY),
    # visits, charges and settlement
    Reason.DEPARTMENT_UNKNOWN: _m(
        QT_TRANSLATE_NOOP("Messages", "This department is not available"),
        QT_TRANSLATE_NOOP("Messages", "We could not find this department."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please start again and choose another department, or ask at "
                          "the counter.")),
    Reason.DEPARTMENT_CLOSED: _m(
        QT_TRANSLATE_NOOP("Messages", "This department is closed now"),
        QT_TRANSLATE_NOOP("Messages", "This department is not seeing patients at the moment."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please start again and choose another department, or ask at "
                          "the counter.")),
    Reason.VISIT_NOT_FOUND: _m(
        QT_TRANSLATE_NOOP("Messages", "We could not find your visit"),
        QT_TRANSLATE_NOOP("Messages", "Today's visit was not found in the hospital system."),
        _ASK_COUNTER),
    Reason.VISIT_CLOSED: _m(
        QT_TRANSLATE_NOOP("Messages", "This visit is already finished"),
        QT_TRANSLATE_NOOP("Messages", "This visit has already been closed."),
        _ASK_COUNTER),
    Reason.CREDIT_LIMIT_EXCEEDED: _m(
        QT_TRANSLATE_NOOP("Messages", "The bill is over your pay-later limit"),
        QT_TRANSLATE_NOOP("Messages",
                          "This bill is more than the amount you can pay later."),
        QT_TRANSLATE_NOOP("Messages", "Please pay this bill at the payment counter.")),
    Reason.NOTHING_TO_SETTLE: _m(
        QT_TRANSLATE_NOOP("Messages", "Nothing to pay"),
        QT_TRANSLATE_NOOP("Messages", "There is nothing to pay for this visit."),
        QT_TRANSLATE_NOOP("Messages", "You can take your card. Thank you.")),
    Reason.AMOUNT_CHANGED: _m(
        QT_TRANSLATE_NOOP("Messages", "Your bill has changed"),
        QT_TRANSLATE_NOOP("Messages", "New charges were added, so the amount is different."),
        QT_TRANSLATE_NOOP("Messages", "Please check the new amount before you pay.")),
    Reason.ALREADY_SETTLED: _m(
        QT_TRANSLATE_NOOP("Messages", "Already paid"),
        QT_TRANSLATE_NOOP("Messages",
                          "This visit is already paid. You will not be charged again."),
        QT_TRANSLATE_NOOP("Messages",
                          "You can take your card. The counter can print your receipt.")),
    Reason.SETTLEMENT_IN_PROGRESS: _m(
        QT_TRANSLATE_NOOP("Messages", "Your payment is being confirmed"),
        QT_TRANSLATE_NOOP("Messages",
                          "A payment for this visit is already on its way. "
                          "Please do not pay again."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please insert your card again in a few minutes to see the "
                          "result, or ask at the counter.")),
    Reason.IDEMPOTENCY_KEY_REUSED: _TECHNICAL_PAYMENT,
    Reason.IDEMPOTENCY_KEY_REQUIRED: _TECHNICAL_PAYMENT,
    Reason.SETTLEMENT_NOT_FOUND: _TECHNICAL_PAYMENT,
    Reason.REVERSAL_NOT_ALLOWED: _TECHNICAL_PAYMENT,
    Reason.ALREADY_CHECKED_IN: _m(
        QT_TRANSLATE_NOOP("Messages", "You are already checked in"),
        QT_TRANSLATE_NOOP("Messages",
                          "You have already checked in to this department today."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please wait near the room until your number is called.")),
    Reason.NOT_ELIGIBLE: _m(
        _SEEN_PAY_LATER_NO, _NOT_PAY_LATER, TRADITIONAL_WAY),
    Reason.HIS_ORDER_REUSED: _SOMETHING_WRONG,  # between department systems and the backend
    # counter (staff) operations: not expected at the kiosk, but never left unexplained
    Reason.PATIENT_NOT_FOUND: _m(
        QT_TRANSLATE_NOOP("Messages", "We could not find your records"),
        QT_TRANSLATE_NOOP("Messages",
                          "The hospital has no record for this card yet."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please go to the payment counter once to link your card.")),
    Reason.PATIENT_EXISTS: _SOMETHING_WRONG,
    Reason.LINK_STATE: _SOMETHING_WRONG,
    Reason.DEBT_NOT_FOUND: _SOMETHING_WRONG,
    Reason.DEBT_NOT_OPEN: _SOMETHING_WRONG,
    # authentication and input
    Reason.UNAUTHENTICATED: _KIOSK_NOT_WORKING,  # the kiosk's own token failed
    # Refused before anything was done: a read, a check-in, a tap before its key was claimed.
    Reason.PATIENT_SESSION_ENDED: _m(
        QT_TRANSLATE_NOOP("Messages", "Your session has ended"),
        QT_TRANSLATE_NOOP("Messages",
                          "For your privacy, the kiosk ends a session after a few minutes "
                          "without use. Nothing was charged."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please take out your card and insert it again. If you used the "
                          "insurance code in your app, please refresh it and scan it again.")),
    Reason.FORBIDDEN: _KIOSK_NOT_WORKING,
    Reason.VALIDATION_ERROR: _SOMETHING_WRONG,
    Reason.NOT_FOUND: _SOMETHING_WRONG,
    Reason.METHOD_NOT_ALLOWED: _SOMETHING_WRONG,
    Reason.INTERNAL_ERROR: _SOMETHING_WRONG,
}

UNKNOWN = _SOMETHING_WRONG

# The e-insurance QR voucher (kiosk.flow.voucher): each refusal says why, and to scan again.
SCAN_AGAIN = QT_TRANSLATE_NOOP(
    "Messages",
    "Please open your medical insurance app, refresh the code, and scan it again. Or insert "
    "your medical insurance card.")
# Filing (备案) for patients insured in another province.
FILING = QT_TRANSLATE_NOOP(
    "Messages",
    "Filing means telling your insurance office before you are treated elsewhere. You "
    "can file in the national medical insurance app or with your insurance office; after "
    "that, your bills here can be settled directly.")
REASON_MESSAGES.update({
    Reason.VOUCHER_EXPIRED: _m(
        QT_TRANSLATE_NOOP("Messages", "This code has expired"),
        QT_TRANSLATE_NOOP("Messages",
                          "The insurance code in your app is only valid for a short time, and "
                          "this one is too old."),
        SCAN_AGAIN),
    Reason.VOUCHER_FORGED: _m(
        QT_TRANSLATE_NOOP("Messages", "This code cannot be used"),
        QT_TRANSLATE_NOOP("Messages",
                          "This is not a medical insurance code the insurance office "
                          "recognises."),
        SCAN_AGAIN),
    Reason.VOUCHER_REUSED: _m(
        QT_TRANSLATE_NOOP("Messages", "This code was already used"),
        QT_TRANSLATE_NOOP("Messages",
                          "Each insurance code can be used only once, and this one has "
                          "been used."),
        SCAN_AGAIN),
    Reason.INSURER_UNAVAILABLE: _m(
        QT_TRANSLATE_NOOP("Messages", "The insurance service is not answering"),
        QT_TRANSLATE_NOOP("Messages",
                          "We could not check your insurance code with the insurance office "
                          "just now."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please insert your medical insurance card, or scan your code again "
                          "in a moment.")),
    Reason.CROSS_PROVINCE_NOT_FILED: _m(
        QT_TRANSLATE_NOOP("Messages", "You are insured in another province"),
        QT_TRANSLATE_NOOP("Messages",
                          "Your insurance is from another province and no filing for treatment "
                          "here was found, so paying later is not possible today. You can "
                          "still be treated; the bill is settled the traditional way."),
        FILING),
    Reason.CROSS_REGION_NO_CREDIT: _m(
        QT_TRANSLATE_NOOP("Messages", "You are insured in another region"),
        QT_TRANSLATE_NOOP("Messages",
                          "This hospital offers paying later only to patients insured here, "
                          "and your insurance is from another region."),
        TRADITIONAL_WAY),
})
SCAN_MESSAGES: dict[str, PatientMessage] = {
    "unreadable": _m(
        QT_TRANSLATE_NOOP("Messages", "The code could not be read"),
        QT_TRANSLATE_NOOP("Messages",
                          "Something was scanned, but it is not a medical insurance code we "
                          "can read."),
        QT_TRANSLATE_NOOP("Messages",
                          "Please show the code from your medical insurance app and hold it "
                          "still under the scanner. Or insert your medical insurance "
                          "card.")),
}


def for_card_error(code: str) -> PatientMessage:
    try:
        return CARD_MESSAGES[CardErrorCode(code)]
    except ValueError:
        return UNKNOWN


def for_reason(code: str) -> PatientMessage:
    try:
        return REASON_MESSAGES[Reason(code)]
    except ValueError:
        return UNKNOWN


def for_backend(kind: str) -> PatientMessage:
    return BACKEND_MESSAGES.get(kind, BACKEND_MESSAGES["failure"])


def for_error(error: ErrorInfo) -> PatientMessage:
    """The message for the error screen, by where the error came from."""
    if error.source == "card":
        return for_card_error(error.code)
    if error.source == "backend":
        return for_backend(error.code)
    if error.source == "scan":
        return SCAN_MESSAGES.get(error.code, UNKNOWN)
    return for_reason(error.code)


def tr(text: str) -> str:
    """Translate one source text of this module into the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def tr_message(message: PatientMessage) -> tuple[str, str, str]:
    """``(title, message, next_step)`` in the current language."""
    return tr(message.title), tr(message.message), tr(message.next_step)
