"""The split under an insured place's policy (``Policy.class_ratios``: the fund's ratio for
class A and class B in-scope fen): hand-computed bills, the deductible's order, one rounding,
agreement with the single ratio, refused input, and the invariants as properties."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from kiosk.domain.settlement import (
    DEFAULT_POLICIES,
    INSUTYPE_EMPLOYEE,
    ChargeLine,
    PatientYearState,
    Policy,
    SplitInputError,
    split,
)

EMPLOYEE = DEFAULT_POLICIES[INSUTYPE_EMPLOYEE]


def line(cls: str, price: int, code: str = "X") -> ChargeLine:
    return ChargeLine(item_code=code, name="item", category="drug", insurance_class=cls,
                      unit_price_fen=price, quantity=1)


def place(a: str, b: str, deductible: int = 30_000, cap: int = 300_000) -> Policy:
    return dataclasses.replace(EMPLOYEE, annual_deductible_fen=deductible,
                               annual_fund_cap_fen=cap,
                               class_ratios=(Fraction(a), Fraction(b)))


def test_each_class_is_funded_at_its_own_ratio_after_the_deductible() -> None:
    bill = [line("A", 60_000, "a"), line("B", 10_000, "b"), line("C", 5_000, "c")]
    out = split(bill, place("0.65", "0.60"), PatientYearState())
    assert (out.fulamt_ownpay_amt, out.preselfpay_amt, out.inscp_scp_amt) == (5_000, 1_000,
                                                                              69_000)
    # the deductible takes class A first: (60,000 - 30,000) x 0.65 + 9,000 x 0.60
    assert (out.act_pay_dedc, out.hifp_pay) == (30_000, 19_500 + 5_400)


def test_a_deductible_larger_than_class_a_goes_on_into_class_b() -> None:
    bill = [line("A", 10_000, "a"), line("B", 50_000, "b")]
    out = split(bill, place("0.80", "0.50", deductible=20_000), PatientYearState())
    # A 10,000 all deductible; B in scope 45,000, of which 10,000 deductible: 35,000 x 0.5
    assert (out.act_pay_dedc, out.hifp_pay) == (20_000, 17_500)


def test_the_deductible_already_used_this_year_counts() -> None:
    bill = [line("A", 60_000, "a"), line("B", 10_000, "b")]
    out = split(bill, place("0.65", "0.60"), PatientYearState(deductible_used_fen=30_000))
    assert (out.act_pay_dedc, out.hifp_pay) == (0, 39_000 + 5_400)


def test_the_fund_is_rounded_once_for_the_visit() -> None:
    # 1 fen of A and 1 fen of B at one half each: exactly 1 fen (rounding each class: 2)
    bill = [line("A", 1, "a"), line("B", 2, "b")]
    policy = dataclasses.replace(place("0.5", "0.5", deductible=0),
                                 default_b_self_pay_ratio=Fraction(1, 2))
    out = split(bill, policy, PatientYearState())
    assert (out.inscp_scp_amt, out.hifp_pay) == (2, 1)


def test_the_caps_still_hold() -> None:
    bill = [line("A", 500_000, "a")]
    out = split(bill, place("0.90", "0.90", deductible=0, cap=100_000),
                PatientYearState(fund_paid_fen=40_000))
    assert out.hifp_pay == 60_000


def test_class_ratios_are_checked() -> None:
    with pytest.raises(SplitInputError) as err:
        dataclasses.replace(EMPLOYEE, class_ratios=(Fraction(1, 2),))  # type: ignore[arg-type]
    assert err.value.field == "class_ratios"
    with pytest.raises(SplitInputError) as err:
        dataclasses.replace(EMPLOYEE, class_ratios=(0.5, Fraction(1, 2)))  # type: ignore[arg-type]
    assert err.value.field == "class_ratios.A"
    with pytest.raises(SplitInputError) as err:
        dataclasses.replace(EMPLOYEE, class_ratios=(Fraction(1, 2), Fraction(3, 2)))
    assert err.value.field == "class_ratios.B"
    parsed = dataclasses.replace(EMPLOYEE, class_ratios=("0.6", "11/20"))  # type: ignore[arg-type]
    assert parsed.class_ratios == (Fraction(3, 5), Fraction(11, 20))


lines = hs.lists(hs.builds(line, hs.sampled_from("ABC"), hs.integers(1, 200_000),
                           hs.text("XYZ", min_size=1, max_size=3)), max_size=8)
ratios = hs.fractions(0, 1, max_denominator=100)
states = hs.builds(PatientYearState, hs.integers(0, 40_000), hs.integers(0, 300_000),
                   hs.integers(0, 100_000))


@settings(max_examples=200, deadline=None)
@given(lines, ratios, states)
def test_equal_class_ratios_are_the_single_ratio(bill, ratio, state) -> None:
    single = dataclasses.replace(EMPLOYEE, reimbursement_ratio=ratio)
    both = dataclasses.replace(EMPLOYEE, class_ratios=(ratio, ratio))
    assert split(bill, both, state) == split(bill, single, state)


@settings(max_examples=200, deadline=None)
@given(lines, ratios, ratios, states)
def test_the_split_adds_up_under_any_class_ratios(bill, ratio_a, ratio_b, state) -> None:
    policy = dataclasses.replace(EMPLOYEE, class_ratios=(ratio_a, ratio_b))
    out = split(bill, policy, state)  # Split's own checks: every part adds up, nothing < 0
    assert out.hifp_pay <= out.inscp_scp_amt - out.act_pay_dedc
    assert out == split(list(reversed(bill)), policy, state)
