"""What the counter tells staff when something is refused or fails: one place, codes to words.

Card errors reuse the kiosk's own texts (``kiosk.ui.messages``: staff read to the patient
what the kiosk would have said). Backend refusals get staff wording here where the staff's next
step differs from a patient's (``forbidden``: ask a supervisor; ``link_state``: reload and
check the link); every other reason code falls back to the kiosk's message for it, so no code
is ever shown raw. Form problems (``kiosk.counter.rules``) have their texts here too.

Source texts are English, marked with ``QT_TRANSLATE_NOOP("CounterMessages", ...)`` and
translated at display time (``counter_<lang>.ts``). Threads: GUI thread (translation).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.counter import rules
from kiosk.ui import messages as patient_messages

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

STAFF_REASONS: dict[str, str] = {
    "unauthenticated": QT_TRANSLATE_NOOP(
        "CounterMessages", "Your session has ended. Please sign in again."),
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

SETTLEMENT_UNKNOWN = QT_TRANSLATE_NOOP(
    "CounterMessages",
    "The outcome of this payment is not known yet. Do not take money again: press \"Check "
    "outcome\" (the same payment is resumed, never repeated).")
BUSY = QT_TRANSLATE_NOOP("CounterMessages", "Please wait: the last action is running.")
REFUNDED = QT_TRANSLATE_NOOP("CounterMessages", "The settlement was refunded.")


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def problem_text(code: str) -> str:
    return tr(PROBLEMS.get(code, NETWORK["input"]))


def reason_text(code: str) -> str:
    """Words for a backend reason code: the staff text, else the kiosk's message for it."""
    if code in STAFF_REASONS:
        return tr(STAFF_REASONS[code])
    title, message, _next = patient_messages.tr_message(patient_messages.for_reason(code))
    return f"{title}. {message}"


def card_text(code: str) -> str:
    title, message, next_step = patient_messages.tr_message(
        patient_messages.for_card_error(code))
    return f"{title}: {message} {next_step}"


def error_text(error: BaseException) -> str:
    """The sentence staff see for any failed action. Never holds personal data."""
    kind, code = rules.classify(error)
    if kind == "card":
        return card_text(code)
    if kind == "rejected":
        return reason_text(code)
    text = tr(NETWORK[kind])
    request_id = getattr(error, "request_id", "")
    return f"{text} [{request_id}]" if request_id else text
