"""The counter's decisions, as pure functions (decide, then do): tested without Qt or a backend.

- ``link_problems``: what still stops the link (consent, identity check, signature, payment
  reference), as codes the screen turns into words;
- ``reason_problem``: whether a reason for unlink/suspend/reinstate/refund can be sent;
- ``PendingSettlement`` and ``keep_key_after``: the counter settlement's idempotency key is
  kept until the outcome is known, so a retry can never charge twice;
- ``classify``: which kind of failure an exception is (card, refusal, network, bad input);
- ``ends_session``: a refusal that means the staff session is over.

Any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.client.errors import (
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
)
from kiosk.domain.card import CardError

MAX_REASON = 500
MAX_REFERENCE = 64

CONSENT_MISSING = "consent_missing"
IDENTITY_NOT_VERIFIED = "identity_not_verified"
SIGNATURE_EMPTY = "signature_empty"
REFERENCE_MISSING = "reference_missing"
REFERENCE_INVALID = "reference_invalid"
REASON_MISSING = "reason_missing"
REASON_INVALID = "reason_invalid"


def _has_control(text: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def link_problems(*, consent_given: bool, identity_verified: bool, signature_empty: bool,
                  reference: str) -> tuple[str, ...]:
    """Every reason the link may not be sent yet, in the order the form shows them."""
    problems = []
    if not consent_given:
        problems.append(CONSENT_MISSING)
    if signature_empty:
        problems.append(SIGNATURE_EMPTY)
    if not identity_verified:
        problems.append(IDENTITY_NOT_VERIFIED)
    ref = reference.strip()
    if not ref:
        problems.append(REFERENCE_MISSING)
    elif len(ref) > MAX_REFERENCE or _has_control(ref):
        problems.append(REFERENCE_INVALID)
    return tuple(problems)


def reason_problem(reason: str) -> str | None:
    text = reason.strip()
    if not text:
        return REASON_MISSING
    if len(text) > MAX_REASON or _has_control(text):
        return REASON_INVALID
    return None


@dataclass(frozen=True, slots=True)
class PendingSettlement:
    """A counter settlement whose outcome is not known yet: retry only with this key."""

    visit_id: int
    key: str
    expected_medfee_sumamt_fen: int
    expected_psn_cash_pay_fen: int


def keep_key_after(error: BaseException) -> bool:
    """After a failed settle call: keep the idempotency key (the backend may have acted, or is
    still acting) or drop it (a refusal: nothing was done, the next attempt is a new tap)."""
    if isinstance(error, BackendRejected):
        return error.code == "settlement_in_progress"
    return True  # network trouble or the unexpected: keeping the key is always safe


def classify(error: BaseException) -> tuple[str, str]:
    """``(kind, code)``: ``card``/card error code, ``rejected``/reason code, ``offline``,
    ``timeout``, ``failure`` (backend), ``input``/"" (a value the form should have caught),
    ``bug``/exception type."""
    if isinstance(error, CardError):
        return "card", error.code.value
    if isinstance(error, BackendRejected):
        return "rejected", error.code
    if isinstance(error, BackendOffline):
        return "offline", ""
    if isinstance(error, BackendTimeout):
        return "timeout", ""
    if isinstance(error, BackendFailure):
        return "failure", error.code
    if isinstance(error, ValueError):
        return "input", ""
    return "bug", type(error).__name__


def ends_session(error: BaseException) -> bool:
    """The backend no longer accepts the staff token (expired, revoked, signed out)."""
    return isinstance(error, BackendRejected) and error.code == "unauthenticated"
