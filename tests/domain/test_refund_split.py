"""The refund split: hand-computed refunds, refusals, and hypothesis properties (never more
than was paid across refunds, all items return exactly the settlement's shares, the order of
refunds does not change the total)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.refund_split import (
    ItemShare,
    RefundShares,
    RefundSplitError,
    SettledShares,
    refund_shares,
    remaining,
)

# three items: a class A 100.00 (all in scope), a class B 50.00 with 10 % self-paid (45.00 in
# scope), a class C 20.00 (none in scope); fund paid 100.50, account 30.00, cash 39.50
ITEMS = {1: ItemShare(10_000, 10_000), 2: ItemShare(5_000, 4_500), 3: ItemShare(2_000, 0)}
SETTLED = SettledShares(fund_fen=10_050, acct_fen=3_000, cash_fen=3_950)


def test_one_item_gets_its_in_scope_share_of_the_fund_and_the_rest_in_proportion() -> None:
    got = refund_shares(SETTLED, ITEMS, before=[], now=[1])
    # fund: 10050 * 10000 / 14500 = 6931.03 -> 6931; patient part 3069;
    # account: 3000 * 3069 / 6950 = 1324.7 -> 1324; cash the rest
    assert got == RefundShares(6_931, 1_324, 1_745)
    assert got.total_fen == 10_000


def test_an_item_outside_the_scope_goes_back_to_the_patient_only() -> None:
    got = refund_shares(SETTLED, ITEMS, before=[], now=[3])
    assert got.fund_fen == 0
    assert got.acct_fen + got.cash_fen == 2_000


def test_refunding_every_item_in_steps_returns_exactly_the_settlement() -> None:
    first = refund_shares(SETTLED, ITEMS, before=[], now=[2])
    second = refund_shares(SETTLED, ITEMS, before=[2], now=[3])
    rest = remaining(SETTLED, ITEMS, before=[2, 3])
    assert first.total_fen + second.total_fen + rest.total_fen == 17_000
    summed = (first.fund_fen + second.fund_fen + rest.fund_fen,
              first.acct_fen + second.acct_fen + rest.acct_fen,
              first.cash_fen + second.cash_fen + rest.cash_fen)
    assert summed == (10_050, 3_000, 3_950)


def test_a_full_reversal_without_refunds_is_the_whole_settlement() -> None:
    assert remaining(SETTLED, ITEMS, before=[]) == RefundShares(10_050, 3_000, 3_950)
    assert remaining(SETTLED, ITEMS, before=[1, 2, 3]) == RefundShares(0, 0, 0)


@pytest.mark.parametrize(("before", "now", "message"), [
    ([], [], "no items"),
    ([], [9], "not items"),
    ([1], [1], "refunded already"),
    ([9], [1], "not items"),
])
def test_refusals(before: list[int], now: list[int], message: str) -> None:
    with pytest.raises(RefundSplitError, match=message):
        refund_shares(SETTLED, ITEMS, before=before, now=now)


def test_shares_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(RefundSplitError, match="add up"):
        refund_shares(SettledShares(1, 2, 3), ITEMS, before=[], now=[1])
    with pytest.raises(RefundSplitError, match="in-scope"):
        refund_shares(SettledShares(0, 0, 10), {1: ItemShare(10, 11)}, before=[], now=[1])


@st.composite
def settlements(draw: st.DrawFn) -> tuple[SettledShares, dict[int, ItemShare], list[int]]:
    amounts = draw(st.lists(st.integers(1, 500_000), min_size=1, max_size=8))
    items = {n + 1: ItemShare(a, draw(st.integers(0, a))) for n, a in enumerate(amounts)}
    inscp = sum(i.inscp_fen for i in items.values())
    fund = draw(st.integers(0, inscp))
    patient = sum(amounts) - fund
    acct = draw(st.integers(0, patient))
    order = draw(st.permutations(list(items)))
    return SettledShares(fund, acct, patient - acct), items, list(order)


@settings(max_examples=300, deadline=None)
@given(settlements(), st.data())
def test_refunds_in_any_grouping_never_exceed_and_end_exact(case, data) -> None:
    settled, items, order = case
    cuts = sorted(data.draw(st.sets(st.integers(1, len(order) - 1))) if len(order) > 1 else [])
    groups = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    done: list[int] = []
    fund = acct = cash = 0
    for group in groups:
        got = refund_shares(settled, items, before=done, now=group)
        assert min(got.fund_fen, got.acct_fen, got.cash_fen) >= 0
        assert got.total_fen == sum(items[i].amount_fen for i in group)
        fund, acct, cash = fund + got.fund_fen, acct + got.acct_fen, cash + got.cash_fen
        assert fund <= settled.fund_fen and acct <= settled.acct_fen
        assert cash <= settled.cash_fen
        done += group
    assert (fund, acct, cash) == (settled.fund_fen, settled.acct_fen, settled.cash_fen)
