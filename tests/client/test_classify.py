"""The one classifier of client-side failures: every kind, code and outcome, directly."""

from __future__ import annotations

import pytest

from kiosk.client.errors import (
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
    BackendTlsError,
    Failure,
    FailureKind,
    classify,
)
from kiosk.domain.card import CardError, CardErrorCode


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (CardError(CardErrorCode.CARD_REMOVED, "pulled"),
         Failure(FailureKind.CARD, "card_removed")),
        (BackendRejected("amount_changed", 409, details={"total": 1}),
         Failure(FailureKind.REJECTED, "amount_changed", False, 409)),
        (BackendRejected("settlement_in_progress", 409, outcome_unknown=True),
         Failure(FailureKind.REJECTED, "settlement_in_progress", True, 409)),
        (BackendOffline("refused"), Failure(FailureKind.OFFLINE)),
        (BackendTlsError("bad cert"), Failure(FailureKind.OFFLINE)),
        (BackendOffline("dropped", outcome_unknown=True), Failure(FailureKind.OFFLINE, "", True)),
        (BackendTimeout("slow", kind="connect"), Failure(FailureKind.TIMEOUT)),
        (BackendTimeout("slow", kind="read", outcome_unknown=True),
         Failure(FailureKind.TIMEOUT, "", True)),
        (BackendFailure("502", http_status=502, code="internal", outcome_unknown=True),
         Failure(FailureKind.FAILURE, "internal", True, 502)),
        (BackendFailure("not json"), Failure(FailureKind.FAILURE)),
        (ValueError("bad amount"), Failure(FailureKind.INPUT)),
        (RuntimeError("a bug"), Failure(FailureKind.BUG, "RuntimeError", True)),
    ],
)
def test_classify(error: BaseException, expected: Failure) -> None:
    assert classify(error) == expected


def test_refusal_details_are_kept_read_only() -> None:
    failure = classify(BackendRejected("debt_overdue", 403, details={"amount_fen": 100}))
    assert failure.details["amount_fen"] == 100
    with pytest.raises(TypeError):
        failure.details["amount_fen"] = 0  # type: ignore[index]  # checking it is read-only


def test_backend_unavailable_kinds() -> None:
    unavailable = {kind for kind in FailureKind if kind.backend_unavailable}
    assert unavailable == {FailureKind.OFFLINE, FailureKind.TIMEOUT, FailureKind.FAILURE}
