"""The e-insurance QR voucher as a second way in: the pure decisions the session takes about a
scan (``kiosk.flow.session.Session`` applies them).

A scan is taken only where nobody is being served: on the attract screen, on a pulled card's
brief notice (it gives way to the next patient, as a card does), and on the error a refused
or unreadable code left (no one was identified yet: "scan again"). Anywhere else it is
ignored, so a code held under the scanner mid-visit never changes whose visit it is
(``accepts_scan``). A card that goes in while a voucher patient is being served is ignored
for the same reason (``card_ignored``).

A voucher session has no card to pull: it ends when the patient finishes (every end screen
has its "Done") or walks away (the idle timeout), and nothing waits for a card
(``TAKE_CARD`` never follows it).

The token is opaque, short-lived and not personal data, but it is still never logged; the
person the backend finds for it is the identity. Refusals (``voucher_expired``,
``voucher_forged``, ``voucher_reused``) and an unreadable scan go to the error screen, whose
words say why and to scan again (``kiosk.ui.messages``).

Pure: no I/O, no clock, any thread.
"""

from __future__ import annotations

from kiosk.flow.events import ScannerState, State

# Where the error screen names the source of a scan that was not a usable code.
SCAN_SOURCE = "scan"
UNREADABLE = "unreadable"


def accepts_scan(state: State, *, card_in: bool, by_voucher: bool, identified: bool,
                 notice: bool) -> bool:
    """Whether a scanned code starts a voucher session now."""
    if card_in:
        return False  # a card's patient is being served (or asked to take the card)
    if state == State.ATTRACT or notice:
        return True
    return state == State.ERROR and by_voucher and not identified


def card_ignored(*, by_voucher: bool, busy: bool, identified: bool) -> bool:
    """Whether a card inserted now is ignored: a voucher patient is being served (the code is
    being checked, or the backend has found the person)."""
    return by_voucher and (busy or identified)


def scanner_state(kind: str) -> ScannerState | None:
    """The scanner's state after a scanner event of ``kind`` (``kiosk.scanner.events``'s
    ``ScanEventKind`` by value), or None for an event that is not about the device."""
    return {
        "scanner_connected": ScannerState.READY,
        "scanner_missing": ScannerState.MISSING,
        "scanner_removed": ScannerState.REMOVED,
    }.get(kind)


__all__ = ["SCAN_SOURCE", "UNREADABLE", "accepts_scan", "card_ignored", "scanner_state"]
