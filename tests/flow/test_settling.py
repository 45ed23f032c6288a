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


def test_a_receipt_recorded_before_the_split_names_reads_the_same() -> None:
    from kiosk.flow.settling import receipt_from_record

    now = {"settlement_id": 4, "visit_id": 7, "payment_status": "charged", "split": {
        "medfee_sumamt_fen": 12000, "fund_pay_sumamt_fen": 8000, "acct_pay_fen": 0,
        "psn_cash_pay_fen": 4000, "fulamt_ownpay_amt_fen": 0, "preselfpay_amt_fen": 300,
        "act_pay_dedc_fen": 0}}
    before = {**now, "split": {
        "total_fen": 12000, "fund_fen": 8000, "account_fen": 0, "cash_fen": 4000,
        "fully_self_paid_fen": 0, "class_b_self_paid_fen": 300, "deductible_fen": 0}}
    assert receipt_from_record(before) == receipt_from_record(now)
    assert receipt_from_record(now).split.psn_cash_pay_fen == 4000
