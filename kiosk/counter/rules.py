"""The counter's decisions, as pure functions (decide, then do): tested without Qt or a backend.

- ``link_problems``: what still stops the link (consent, identity check, signature, payment
  reference), as codes the screen turns into words;
- ``reason_problem``: whether a reason for unlink/suspend/reinstate/refund can be sent.

``kiosk.counter.session`` asks them before it sends anything.

Any thread.
"""

from __future__ import annotations

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
