"""Sample sessions of the QR voucher path (``kiosk.flow.voucher``) for screenshots, screen
tests and the fit checks: the attract screen with the scanner ready and unplugged, the code
being checked, each refusal, an unreadable scan, and the cross-region decisions (no credit,
and credit with what the insured place means). Joined to
``kiosk.flow.samples.extra_screens``.

Pure data and the flow's state machine; no Qt. Any thread may call it.
"""

from __future__ import annotations

from kiosk.domain.reasons import Decision, Reason
from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.events import ScannerState
from kiosk.flow.models import EligibilityView
from kiosk.flow.session import Session, SessionView

TOKEN = "sample-voucher-token"


def attract(scanner: ScannerState = ScannerState.READY) -> Session:
    s = Session()
    s.handle(fs.ScannerStatus(scanner))
    return s


def checking() -> Session:
    s = attract()
    s.handle(fs.VoucherScanned(TOKEN))
    return s


def refused(code: str) -> Session:
    s = checking()
    s.handle(fs.RequestRejected(s.generation, code))
    return s


def unreadable() -> Session:
    s = attract()
    s.handle(fs.ScanUnreadable())
    return s


def cross_region(reason: Reason) -> Session:
    s = checking()
    s.handle(fs.EligibilityReceived(s.generation, EligibilityView(
        Decision.NOT_ELIGIBLE, (reason.value,), 5, None, None, masked_name="王*")))
    return s


def eligible_from(region_class: str, filed: bool | None) -> Session:
    """A patient insured elsewhere whom the hospital gives credit: the check-in screen."""
    s = checking()
    s.handle(fs.EligibilityReceived(s.generation, EligibilityView(
        Decision.ELIGIBLE, (), 6, 200_000, 200_000, masked_name="赵*",
        region_class=region_class, region_filed=filed), samples.DEPARTMENTS))
    return s


def extra_screens() -> dict[str, SessionView]:
    """The voucher path's screens worth a screenshot of their own."""
    return {
        "attract_scan": attract().view(),
        "attract_scanner_removed": attract(ScannerState.REMOVED).view(),
        "reading_voucher": checking().view(),
        "error_voucher_expired": refused(Reason.VOUCHER_EXPIRED).view(),
        "error_voucher_forged": refused(Reason.VOUCHER_FORGED).view(),
        "error_voucher_reused": refused(Reason.VOUCHER_REUSED).view(),
        "error_insurer_unavailable": refused(Reason.INSURER_UNAVAILABLE).view(),
        "error_scan_unreadable": unreadable().view(),
        "not_eligible_cross_province": cross_region(Reason.CROSS_PROVINCE_NOT_FILED).view(),
        "not_eligible_cross_region": cross_region(Reason.CROSS_REGION_NO_CREDIT).view(),
        "check_in_in_province": eligible_from("in_province", None).view(),
        "check_in_cross_province_filed": eligible_from("cross_province", True).view(),
        "check_in_cross_province_unfiled": eligible_from("cross_province", False).view(),
    }


__all__ = ["extra_screens"]
