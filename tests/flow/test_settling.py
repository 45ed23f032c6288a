"""``kiosk.flow.settling.settlement_outcome``: what each real client error means for the
journal's recovery rules (the one classifier, ``kiosk.client.errors.classify``, underneath)."""

from __future__ import annotations

import pytest

from kiosk.client import errors
from kiosk.domain.card import CardError
from kiosk.flow.settling import settlement_outcome
from kiosk.journal.recovery import CallResult, Outcome


@pytest.mark.parametrize(
    ("error", "event"),
    [
        # the backend certainly did not act: as good as never sent
        (errors.BackendOffline("refused"), CallResult(Outcome.OFFLINE)),
        (errors.BackendTlsError("bad certificate"), CallResult(Outcome.OFFLINE)),
        (errors.BackendTimeout("connect", kind="connect"), CallResult(Outcome.OFFLINE)),
        # a refusal whose outcome is known: nothing was charged under this key
        (errors.BackendRejected("amount_changed", 409),
         CallResult(Outcome.REJECTED, "amount_changed", 409)),
        # the backend may have acted: ask by the same key
        (errors.BackendTimeout("read", kind="read", outcome_unknown=True),
         CallResult(Outcome.NO_ANSWER)),
        (errors.BackendRejected("settlement_in_progress", 409, outcome_unknown=True),
         CallResult(Outcome.NO_ANSWER, "settlement_in_progress", 409)),
        (errors.BackendFailure("5xx", http_status=500, outcome_unknown=True),
         CallResult(Outcome.NO_ANSWER, None, 500)),
        (errors.BackendFailure("5xx", http_status=502, code="internal", outcome_unknown=True),
         CallResult(Outcome.NO_ANSWER, "internal", 502)),
        # anything the classifier does not expect from a settlement call: the safe reading
        (RuntimeError("a bug somewhere"), CallResult(Outcome.NO_ANSWER)),
        (ConnectionError("reset"), CallResult(Outcome.NO_ANSWER)),
        (ValueError("bad amount"), CallResult(Outcome.NO_ANSWER)),
        (CardError("card_removed"), CallResult(Outcome.NO_ANSWER)),
    ],
)
def test_settlement_outcome(error: BaseException, event: CallResult) -> None:
    assert settlement_outcome(error) == event
