"""The pre-settlement split: hand-computed bills, input validation and hypothesis properties."""

from __future__ import annotations

import dataclasses
import json
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.settlement import (
    DEFAULT_POLICIES,
    INSUTYPE_EMPLOYEE,
    INSUTYPE_RESIDENT,
    SPLIT_FIELDS,
    BillGroup,
    Category,
    ChargeLine,
    InsuranceClass,
    PatientYearState,
    Policy,
    Split,
    SplitInputError,
    parse_ratio,
    policies_from_mapping,
    ratio_text,
    split,
    split_line,
    summarize_by_department_and_category,
)

EMPLOYEE = DEFAULT_POLICIES[INSUTYPE_EMPLOYEE]
RESIDENT = DEFAULT_POLICIES[INSUTYPE_RESIDENT]


def line(code="X1", cls="A", price=100, qty=1, category="drug", ratio=None, dept=None):
    return ChargeLine(
        item_code=code, name=f"item {code}", category=category, insurance_class=cls,
        unit_price_fen=price, quantity=qty, self_pay_ratio=ratio, department_code=dept,
    )


# A realistic outpatient bill:
#   consultation  A  25.00 x1 = 25.00   in scope
#   amoxicillin   B  32.80 x2 = 65.60   10 % self-paid first: 6.56, in scope 59.04
#   blood count   A  18.00 x1 = 18.00   in scope
#   CT scan       C 120.00 x1 = 120.00  fully self-paid
# total 228.60 = 120.00 (C) + 6.56 (B self-pay) + 102.04 (in scope)
BILL = (
    line("C001", "A", 2500, 1, "consultation", dept="0301"),
    line("D001", "B", 3280, 2, "drug", dept="0301"),
    line("L001", "A", 1800, 1, "lab", dept="0301"),
    line("I001", "C", 12000, 1, "imaging", dept="0701"),
)


def expect(result: Split, **figures: int) -> None:
    got = {name: getattr(result, name) for name in figures}
    assert got == figures


# --- hand-computed bills ------------------------------------------------------------------


def test_bill_scope_parts():
    result = split(BILL, EMPLOYEE, PatientYearState())
    expect(result, medfee_sumamt=22860, fulamt_ownpay_amt=12000, preselfpay_amt=656,
           inscp_scp_amt=10204)
    assert [ls.preselfpay_amt for ls in result.lines] == [0, 656, 0, 0]
    assert [ls.inscp_scp_amt for ls in result.lines] == [2500, 5904, 1800, 0]
    assert [ls.fulamt_ownpay_amt for ls in result.lines] == [0, 0, 0, 12000]
    assert [ls.selfpay_prop for ls in result.lines] == [0, Fraction(1, 10), 0, 1]


def test_employee_first_visit_of_year_deductible_absorbs_scope_account_pays_part():
    # deductible left 200.00 > in scope 102.04: all of it is deductible, fund pays nothing;
    # account (balance 50.00) may pay in-scope own share + preselfpay = 108.60, pays 50.00.
    result = split(BILL, EMPLOYEE, PatientYearState(0, 0, 5000))
    expect(result, act_pay_dedc=10204, hifp_pay=0, fund_pay_sumamt=0, acct_pay=5000,
           psn_cash_pay=17860)
    assert result.psn_part_amt == 22860


def test_employee_deductible_used_fund_pays_70_percent_account_covers_own_scope_share():
    # fund: 102.04 x 0.70 = 71.428 -> 71.43; own in-scope share 30.61 + preselfpay 6.56 = 37.17
    # from the account (balance 300.00); cash is exactly the class C item.
    result = split(BILL, EMPLOYEE, PatientYearState(20000, 5000, 30000))
    expect(result, act_pay_dedc=0, hifp_pay=7143, fund_pay_sumamt=7143, acct_pay=3717,
           psn_cash_pay=12000)
    assert PatientYearState(20000, 5000, 30000).after(result) == PatientYearState(
        20000, 12143, 26283
    )


def test_employee_partly_used_deductible_no_account_balance():
    # 50.00 of deductible left; (102.04 - 50.00) x 0.70 = 36.428 -> 36.43
    result = split(BILL, EMPLOYEE, PatientYearState(15000, 0, 0))
    expect(result, act_pay_dedc=5000, hifp_pay=3643, acct_pay=0, psn_cash_pay=19217)
    assert PatientYearState(15000, 0, 0).after(result) == PatientYearState(20000, 3643, 0)


def test_employee_hits_annual_fund_cap():
    # 1,980.00 of the 2,000.00 cap already paid: fund pays 20.00 instead of 71.43;
    # account pays its whole balance 10.00 of the 88.60 it may pay.
    result = split(BILL, EMPLOYEE, PatientYearState(20000, 198000, 1000))
    expect(result, hifp_pay=2000, fund_pay_sumamt=2000, acct_pay=1000, psn_cash_pay=19860)
    after = PatientYearState(20000, 198000, 1000).after(result)
    assert after == PatientYearState(20000, 200000, 0)
    # the next visit finds the cap exhausted
    expect(split(BILL, EMPLOYEE, after), hifp_pay=0, psn_cash_pay=22860)


def test_employee_account_may_pay_fully_self_paid_items_when_policy_allows():
    policy = dataclasses.replace(EMPLOYEE, account_pays_fully_self_paid=True)
    result = split(BILL, policy, PatientYearState(20000, 0, 100000))
    expect(result, hifp_pay=7143, acct_pay=15717, psn_cash_pay=0)
    # without the option the C item stays cash
    expect(split(BILL, EMPLOYEE, PatientYearState(20000, 0, 100000)), acct_pay=3717,
           psn_cash_pay=12000)


def test_resident_first_visit():
    # deductible 100.00 of 102.04; (2.04) x 0.50 = 1.02; no personal account.
    result = split(BILL, RESIDENT, PatientYearState())
    expect(result, act_pay_dedc=10000, hifp_pay=102, acct_pay=0, psn_cash_pay=22758)


def test_resident_never_pays_from_an_account_even_with_a_balance():
    result = split(BILL, RESIDENT, PatientYearState(10000, 0, 50000))
    expect(result, act_pay_dedc=0, hifp_pay=5102, acct_pay=0, psn_cash_pay=17758)
    assert PatientYearState(10000, 0, 50000).after(result).account_balance_fen == 50000


def test_resident_cap():
    result = split(BILL, RESIDENT, PatientYearState(10000, 79950, 0))
    expect(result, hifp_pay=50, psn_cash_pay=22810)


def test_per_visit_cap():
    policy = dataclasses.replace(EMPLOYEE, per_visit_cap_fen=5000)
    expect(split(BILL, policy, PatientYearState(20000, 0, 0)), hifp_pay=5000,
           psn_cash_pay=17860)
    # the tighter of per-visit and what is left of the annual cap wins
    expect(split(BILL, policy, PatientYearState(20000, 199000, 0)), hifp_pay=1000)


def test_fund_share_rounds_half_up_and_remainder_goes_to_cash():
    # 1.01 x 0.50 = 0.505 -> fund 0.51, patient 0.50
    result = split([line(price=101)], RESIDENT, PatientYearState(10000, 0, 0))
    expect(result, hifp_pay=51, psn_cash_pay=50)
    # 1.00 x 1/3 = 0.3333 -> 0.33, patient 0.67
    policy = dataclasses.replace(RESIDENT, reimbursement_ratio=Fraction(1, 3))
    expect(split([line(price=100)], policy, PatientYearState(10000, 0, 0)), hifp_pay=33,
           psn_cash_pay=67)


def test_class_b_self_pay_rounds_half_up_per_line():
    # 0.15 at 10 % = 0.015 -> 0.02 on each line (0.04 in all, not round(0.03) on the sum)
    lines = [line("B1", "B", 15), line("B2", "B", 15)]
    result = split(lines, EMPLOYEE, PatientYearState())
    expect(result, preselfpay_amt=4, inscp_scp_amt=26, medfee_sumamt=30)
    # 0.14 -> 0.014 -> 0.01
    expect(split([line("B3", "B", 14)], EMPLOYEE, PatientYearState()), preselfpay_amt=1)


def test_class_b_line_ratio_overrides_policy_default():
    lines = [line("B1", "B", 10000, ratio="0.20"), line("B2", "B", 10000, ratio=Fraction(0)),
             line("B3", "B", 10000, ratio="1"), line("B4", "B", 10000)]
    result = split(lines, EMPLOYEE, PatientYearState())
    assert [ls.preselfpay_amt for ls in result.lines] == [2000, 0, 10000, 1000]
    policy = dataclasses.replace(EMPLOYEE, default_b_self_pay_ratio=Fraction(1, 20))
    assert split(lines, policy, PatientYearState()).lines[3].preselfpay_amt == 500


def test_deductible_state_above_policy_deductible_is_treated_as_used_up():
    # the policy lowered the deductible mid-year: nothing is left, never a negative deductible
    result = split(BILL, EMPLOYEE, PatientYearState(50000, 250000, 0))
    expect(result, act_pay_dedc=0, hifp_pay=0, psn_cash_pay=22860)


def test_only_class_c_items():
    result = split([line(cls="C", price=9900, qty=3)], EMPLOYEE, PatientYearState(0, 0, 99999))
    expect(result, medfee_sumamt=29700, fulamt_ownpay_amt=29700, inscp_scp_amt=0,
           act_pay_dedc=0, hifp_pay=0, acct_pay=0, psn_cash_pay=29700)


def test_free_items_and_empty_visit_are_all_zeros():
    for lines in ([], [line(price=0, qty=5)]):
        result = split(lines, EMPLOYEE, PatientYearState(0, 0, 1000))
        assert all(getattr(result, name) == 0 for name in SPLIT_FIELDS)
    assert split([], EMPLOYEE, PatientYearState()).lines == ()


def test_split_accepts_any_iterable_and_order_does_not_matter():
    forward = split(iter(BILL), EMPLOYEE, PatientYearState(20000, 0, 3000))
    backward = split(reversed(BILL), EMPLOYEE, PatientYearState(20000, 0, 3000))
    assert forward == backward
    assert forward.to_dict() == backward.to_dict()


def test_to_dict_uses_national_names_and_integer_fen():
    result = split(BILL, EMPLOYEE, PatientYearState(20000, 5000, 30000))
    assert result.to_dict() == {
        "insutype": "310", "medfee_sumamt": 22860, "fulamt_ownpay_amt": 12000,
        "preselfpay_amt": 656, "inscp_scp_amt": 10204, "act_pay_dedc": 0, "hifp_pay": 7143,
        "cvlserv_pay": 0, "hifmi_pay": 0, "fund_pay_sumamt": 7143, "acct_pay": 3717,
        "psn_cash_pay": 12000, "psn_part_amt": 15717,
    }
    assert Split.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    detail = result.lines[1].to_dict()
    assert detail == {
        "item_code": "D001", "name": "item D001", "category": "drug", "insurance_class": "B",
        "unit_price_fen": 3280, "quantity": 2, "self_pay_ratio": None, "department_code": "0301",
        "selfpay_prop": "0.1", "det_item_fee_sumamt": 6560, "fulamt_ownpay_amt": 0,
        "preselfpay_amt": 656, "inscp_scp_amt": 5904,
    }


def test_from_dict_refuses_figures_that_do_not_add_up():
    good = split(BILL, EMPLOYEE, PatientYearState(20000, 5000, 30000)).to_dict()
    for name, value in [("psn_cash_pay", 11999), ("hifp_pay", 7144), ("acct_pay", -1),
                        ("fund_pay_sumamt", 7000), ("psn_part_amt", 1), ("medfee_sumamt", 1.5),
                        ("inscp_scp_amt", 10205)]:
        with pytest.raises(SplitInputError):
            Split.from_dict({**good, name: value})
    missing = dict(good)
    del missing["acct_pay"]
    with pytest.raises(SplitInputError) as info:
        Split.from_dict(missing)
    assert info.value.field == "acct_pay"
    # deductible + fund larger than the scope cannot be
    with pytest.raises(SplitInputError):
        Split.from_dict({**good, "act_pay_dedc": 5000})


def test_state_after_refuses_a_split_paying_more_than_the_balance():
    result = split(BILL, EMPLOYEE, PatientYearState(20000, 0, 30000))
    with pytest.raises(SplitInputError) as info:
        PatientYearState(20000, 0, 100).after(result)
    assert info.value.field == "acct_pay"


# --- input validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -2}, "quantity"),
        ({"quantity": 1.5}, "quantity"),
        ({"quantity": True}, "quantity"),
        ({"quantity": "1"}, "quantity"),
        ({"unit_price_fen": -1}, "unit_price_fen"),
        ({"unit_price_fen": 12.5}, "unit_price_fen"),
        ({"unit_price_fen": Decimal("12")}, "unit_price_fen"),
        ({"unit_price_fen": "100"}, "unit_price_fen"),
        ({"insurance_class": "D"}, "insurance_class"),
        ({"insurance_class": "a"}, "insurance_class"),
        ({"insurance_class": None}, "insurance_class"),
        ({"category": "food"}, "category"),
        ({"item_code": ""}, "item_code"),
        ({"item_code": None}, "item_code"),
        ({"name": "  "}, "name"),
        ({"department_code": ""}, "department_code"),
        ({"department_code": 301}, "department_code"),
        ({"insurance_class": "B", "self_pay_ratio": 0.1}, "self_pay_ratio"),
        ({"insurance_class": "B", "self_pay_ratio": "1.5"}, "self_pay_ratio"),
        ({"insurance_class": "B", "self_pay_ratio": "-0.1"}, "self_pay_ratio"),
        ({"insurance_class": "B", "self_pay_ratio": "10%"}, "self_pay_ratio"),
        ({"insurance_class": "B", "self_pay_ratio": "1/0"}, "self_pay_ratio"),
        ({"insurance_class": "A", "self_pay_ratio": "0.1"}, "self_pay_ratio"),
        ({"insurance_class": "C", "self_pay_ratio": "1"}, "self_pay_ratio"),
    ],
)
def test_invalid_line_names_the_field(changes, field):
    base = {"item_code": "X", "name": "x", "category": "drug", "insurance_class": "A",
            "unit_price_fen": 100, "quantity": 1}
    with pytest.raises(SplitInputError) as info:
        ChargeLine(**{**base, **changes})
    assert info.value.field == field
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"{field}: ")


def test_line_normalizes_strings_to_enums_and_fractions():
    made = ChargeLine("X", "x", "lab", "B", 100, 3, "0.15")
    assert made.category is Category.LAB
    assert made.insurance_class is InsuranceClass.B
    assert made.self_pay_ratio == Fraction(3, 20)
    assert made.total_fen == 300
    assert ChargeLine.from_mapping(made.to_dict()) == made


def test_line_from_mapping_refuses_unknown_and_missing_keys():
    data = line().to_dict()
    with pytest.raises(SplitInputError) as info:
        ChargeLine.from_mapping({**data, "price": 1})
    assert info.value.field == "price"
    del data["quantity"]
    with pytest.raises(SplitInputError) as info:
        ChargeLine.from_mapping(data)
    assert info.value.field == "quantity"
    with pytest.raises(SplitInputError):
        ChargeLine.from_mapping(["not", "a", "mapping"])


def test_split_refuses_wrong_argument_types():
    with pytest.raises(SplitInputError) as info:
        split([line(), {"item_code": "X"}], EMPLOYEE, PatientYearState())
    assert info.value.field == "lines[1]"
    with pytest.raises(SplitInputError) as info:
        split([line()], EMPLOYEE.to_mapping(), PatientYearState())
    assert info.value.field == "policy"
    with pytest.raises(SplitInputError) as info:
        split([line()], EMPLOYEE, {"account_balance_fen": 0})
    assert info.value.field == "state"


@pytest.mark.parametrize(
    "field", ["deductible_used_fen", "fund_paid_fen", "account_balance_fen"]
)
@pytest.mark.parametrize("bad", [-1, 1.0, "0", None, False])
def test_invalid_state_names_the_field(field, bad):
    with pytest.raises(SplitInputError) as info:
        PatientYearState(**{field: bad})
    assert info.value.field == field


def test_split_input_error_survives_pickle():
    error = SplitInputError("quantity", "must be greater than 0")
    again = pickle.loads(pickle.dumps(error))
    assert (again.field, again.message, str(again)) == (error.field, error.message, str(error))


# --- policies -----------------------------------------------------------------------------

EMPLOYEE_CONFIG = {
    "insutype": "310", "reimbursement_ratio": "0.70", "annual_deductible": "200.00",
    "annual_fund_cap": "2000.00", "per_visit_cap": None, "default_b_self_pay_ratio": "0.10",
    "personal_account": True, "account_pays_fully_self_paid": False,
}


def test_default_policies_are_the_documented_figures():
    assert Policy.from_mapping(EMPLOYEE_CONFIG) == EMPLOYEE
    assert RESIDENT.to_mapping() == {
        "insutype": "390", "reimbursement_ratio": "0.5", "annual_deductible": "100.00",
        "annual_fund_cap": "800.00", "per_visit_cap": None, "default_b_self_pay_ratio": "0.1",
        "personal_account": False, "account_pays_fully_self_paid": False,
    }
    assert set(DEFAULT_POLICIES) == {"310", "390"}


def test_policy_mapping_defaults_and_fraction_strings():
    minimal = {"insutype": "390", "reimbursement_ratio": "1/3", "annual_deductible": "0",
               "annual_fund_cap": "500.5", "per_visit_cap": "50.00"}
    policy = Policy.from_mapping(minimal)
    assert policy.reimbursement_ratio == Fraction(1, 3)
    assert (policy.annual_deductible_fen, policy.annual_fund_cap_fen) == (0, 50050)
    assert policy.per_visit_cap_fen == 5000
    assert policy.default_b_self_pay_ratio == Fraction(1, 10)
    assert policy.personal_account is True and policy.account_pays_fully_self_paid is False
    assert policy.to_mapping()["reimbursement_ratio"] == "1/3"
    assert Policy.from_mapping(json.loads(json.dumps(policy.to_mapping()))) == policy


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reimbursement_ratio": 0.7}, "reimbursement_ratio"),
        ({"reimbursement_ratio": "1.01"}, "reimbursement_ratio"),
        ({"reimbursement_ratio": "-0.5"}, "reimbursement_ratio"),
        ({"reimbursement_ratio": "seventy"}, "reimbursement_ratio"),
        ({"reimbursement_ratio": "7e-1"}, "reimbursement_ratio"),
        ({"reimbursement_ratio": None}, "reimbursement_ratio"),
        ({"reimbursement_ratio": True}, "reimbursement_ratio"),
        ({"annual_deductible": "-1.00"}, "annual_deductible"),
        ({"annual_deductible": 200}, "annual_deductible"),
        ({"annual_deductible": 200.0}, "annual_deductible"),
        ({"annual_deductible": "200.001"}, "annual_deductible"),
        ({"annual_deductible": "2,000.00"}, "annual_deductible"),
        ({"annual_fund_cap": "¥2000"}, "annual_fund_cap"),
        ({"per_visit_cap": 50}, "per_visit_cap"),
        ({"per_visit_cap": "-5"}, "per_visit_cap"),
        ({"default_b_self_pay_ratio": "2"}, "default_b_self_pay_ratio"),
        ({"default_b_self_pay_ratio": 0.1}, "default_b_self_pay_ratio"),
        ({"personal_account": "yes"}, "personal_account"),
        ({"personal_account": 1}, "personal_account"),
        ({"account_pays_fully_self_paid": None}, "account_pays_fully_self_paid"),
        ({"insutype": ""}, "insutype"),
        ({"insutype": 310}, "insutype"),
        ({"ratio": "0.7"}, "ratio"),
    ],
)
def test_invalid_policy_config_names_the_field(changes, field):
    with pytest.raises(SplitInputError) as info:
        Policy.from_mapping({**EMPLOYEE_CONFIG, **changes})
    assert info.value.field == field


@pytest.mark.parametrize(
    "key", ["insutype", "reimbursement_ratio", "annual_deductible", "annual_fund_cap"]
)
def test_policy_config_requires_the_core_keys(key):
    config = dict(EMPLOYEE_CONFIG)
    del config[key]
    with pytest.raises(SplitInputError) as info:
        Policy.from_mapping(config)
    assert (info.value.field, info.value.message) == (key, "is required")


def test_float_refusal_message_tells_how_to_write_it():
    with pytest.raises(SplitInputError, match=r'as a string such as "0.70"'):
        Policy.from_mapping({**EMPLOYEE_CONFIG, "reimbursement_ratio": 0.7})


def test_policy_constructor_validates_too():
    with pytest.raises(SplitInputError) as info:
        Policy("310", Fraction(3, 2), 0, 0)
    assert info.value.field == "reimbursement_ratio"
    with pytest.raises(SplitInputError) as info:
        Policy("310", "0.7", -1, 0)
    assert info.value.field == "annual_deductible_fen"
    with pytest.raises(SplitInputError) as info:
        Policy("310", "0.7", 0, 0, per_visit_cap_fen=1.0)
    assert info.value.field == "per_visit_cap_fen"
    assert Policy("310", "0.7", 0, 0).reimbursement_ratio == Fraction(7, 10)


def test_policies_from_mapping():
    config = {"310": {k: v for k, v in EMPLOYEE_CONFIG.items() if k != "insutype"},
              "390": RESIDENT.to_mapping()}
    assert policies_from_mapping(config) == dict(DEFAULT_POLICIES)
    with pytest.raises(SplitInputError) as info:
        policies_from_mapping({"390": {**RESIDENT.to_mapping(), "reimbursement_ratio": "3"}})
    assert info.value.field == "390.reimbursement_ratio"
    with pytest.raises(SplitInputError) as info:
        policies_from_mapping({"390": EMPLOYEE.to_mapping()})
    assert info.value.field == "390.insutype"
    with pytest.raises(SplitInputError):
        policies_from_mapping({"390": "0.5"})
    with pytest.raises(SplitInputError):
        policies_from_mapping([])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.70", Fraction(7, 10)), (" 1 ", Fraction(1)), ("0", Fraction(0)), ("3/4", Fraction(3, 4)),
     (Decimal("0.25"), Fraction(1, 4)), (1, Fraction(1)), (Fraction(2, 7), Fraction(2, 7))],
)
def test_parse_ratio_accepts_exact_forms(value, expected):
    assert parse_ratio(value, "r") == expected


@pytest.mark.parametrize(
    "value", ["", "0.7.1", "+0.5", "½", "٠.٥", "0x1", "inf", "nan", Decimal("NaN"), 2, -1, [0.5]]
)
def test_parse_ratio_refuses_everything_else(value):
    with pytest.raises(SplitInputError):
        parse_ratio(value, "r")


@pytest.mark.parametrize(
    ("ratio", "text"),
    [(Fraction(7, 10), "0.7"), (Fraction(1), "1"), (Fraction(0), "0"), (Fraction(1, 8), "0.125"),
     (Fraction(1, 3), "1/3"), (Fraction(5, 6), "5/6")],
)
def test_ratio_text(ratio, text):
    assert ratio_text(ratio) == text
    assert parse_ratio(text, "r") == ratio


# --- bill summary -------------------------------------------------------------------------


def test_summary_groups_by_department_then_category():
    lines = [*BILL, line("D002", "B", 1000, 3, "drug", dept="0301"),
             line("P001", "A", 5000, 1, "procedure"), line("D003", "A", 200, 1, "drug")]
    assert summarize_by_department_and_category(lines) == (
        BillGroup("0301", Category.CONSULTATION, 2500, 1),
        BillGroup("0301", Category.DRUG, 9560, 2),
        BillGroup("0301", Category.LAB, 1800, 1),
        BillGroup("0701", Category.IMAGING, 12000, 1),
        BillGroup(None, Category.DRUG, 200, 1),
        BillGroup(None, Category.PROCEDURE, 5000, 1),
    )
    assert summarize_by_department_and_category([]) == ()
    with pytest.raises(SplitInputError):
        summarize_by_department_and_category(["x"])


# --- properties ---------------------------------------------------------------------------

ratios = st.one_of(
    st.integers(0, 100).map(lambda n: Fraction(n, 100)),
    st.integers(1, 1000).flatmap(
        lambda d: st.integers(0, d).map(lambda n: Fraction(n, d))
    ),
)
charge_lines = st.builds(
    ChargeLine,
    item_code=st.text("ABCD0123", min_size=1, max_size=4),
    name=st.just("item"),
    category=st.sampled_from(list(Category)),
    insurance_class=st.sampled_from(list(InsuranceClass)),
    unit_price_fen=st.one_of(st.integers(0, 200), st.integers(0, 500_000)),
    quantity=st.integers(1, 30),
    self_pay_ratio=st.none(),
    department_code=st.sampled_from([None, "0301", "0701", "1201"]),
)


@st.composite
def lines_with_ratios(draw):
    made = draw(charge_lines)
    if made.insurance_class is InsuranceClass.B and draw(st.booleans()):
        made = dataclasses.replace(made, self_pay_ratio=draw(ratios))
    return made


visits = st.lists(lines_with_ratios(), max_size=12)
policies = st.builds(
    Policy,
    insutype=st.sampled_from(["310", "390"]),
    reimbursement_ratio=ratios,
    annual_deductible_fen=st.integers(0, 60_000),
    annual_fund_cap_fen=st.integers(0, 600_000),
    per_visit_cap_fen=st.one_of(st.none(), st.integers(0, 300_000)),
    default_b_self_pay_ratio=ratios,
    personal_account=st.booleans(),
    account_pays_fully_self_paid=st.booleans(),
)
states = st.builds(
    PatientYearState,
    deductible_used_fen=st.integers(0, 80_000),
    fund_paid_fen=st.integers(0, 700_000),
    account_balance_fen=st.one_of(st.just(0), st.integers(0, 300_000)),
)


def assert_integer_fen(value):
    assert type(value) is int and value >= 0


@settings(max_examples=400)
@given(visits, policies, states)
def test_invariants_hold_for_any_bill(lines, policy, state):
    result = split(lines, policy, state)
    for name in SPLIT_FIELDS:
        assert_integer_fen(getattr(result, name))
    assert result.medfee_sumamt == sum(made.total_fen for made in lines)
    assert result.medfee_sumamt == (
        result.fulamt_ownpay_amt + result.preselfpay_amt + result.inscp_scp_amt
    )
    assert result.medfee_sumamt == result.fund_pay_sumamt + result.acct_pay + result.psn_cash_pay
    assert result.fund_pay_sumamt == result.hifp_pay + result.cvlserv_pay + result.hifmi_pay
    assert result.psn_part_amt == result.medfee_sumamt - result.fund_pay_sumamt
    for detail in result.lines:
        assert detail.det_item_fee_sumamt == detail.line.total_fen == (
            detail.fulamt_ownpay_amt + detail.preselfpay_amt + detail.inscp_scp_amt
        )
    assert not any(isinstance(v, float) for v in result.to_dict().values())


@settings(max_examples=400)
@given(visits, policies, states)
def test_each_part_respects_its_rule(lines, policy, state):
    result = split(lines, policy, state)
    deductible_left = max(0, policy.annual_deductible_fen - state.deductible_used_fen)
    cap_left = max(0, policy.annual_fund_cap_fen - state.fund_paid_fen)
    assert result.act_pay_dedc == min(result.inscp_scp_amt, deductible_left)
    eligible = result.inscp_scp_amt - result.act_pay_dedc
    exact = eligible * policy.reimbursement_ratio
    limit = min(cap_left, policy.per_visit_cap_fen if policy.per_visit_cap_fen is not None
                else cap_left)
    if exact + Fraction(1, 2) <= limit:  # no cap binds: rounded half up
        assert exact - Fraction(1, 2) < result.hifp_pay <= exact + Fraction(1, 2)
        if (exact - int(exact)) == Fraction(1, 2):
            assert result.hifp_pay == exact + Fraction(1, 2)
    else:
        assert result.hifp_pay == limit
    assert result.hifp_pay <= eligible
    assert result.acct_pay <= state.account_balance_fen
    if not policy.personal_account:
        assert result.acct_pay == 0
    if policy.personal_account and not policy.account_pays_fully_self_paid:
        assert result.psn_cash_pay >= result.fulamt_ownpay_amt
    # the account pays all it may, up to the balance
    may_pay = result.inscp_scp_amt - result.fund_pay_sumamt + result.preselfpay_amt
    if policy.account_pays_fully_self_paid:
        may_pay += result.fulamt_ownpay_amt
    if policy.personal_account:
        assert result.acct_pay == min(state.account_balance_fen, may_pay)
    for detail in result.lines:
        if detail.line.insurance_class is InsuranceClass.B:
            assert detail.preselfpay_amt == split_line(detail.line, policy).preselfpay_amt
            exact_self = detail.det_item_fee_sumamt * detail.selfpay_prop
            assert exact_self - Fraction(1, 2) < detail.preselfpay_amt <= exact_self + Fraction(
                1, 2
            )


@given(st.data(), visits, policies, states)
def test_order_independent_deterministic_and_round_trips(data, lines, policy, state):
    result = split(lines, policy, state)
    shuffled = data.draw(st.permutations(lines))
    assert split(shuffled, policy, state) == result == split(lines, policy, state)
    assert Split.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert Policy.from_mapping(json.loads(json.dumps(policy.to_mapping()))) == policy
    assert [ChargeLine.from_mapping(json.loads(json.dumps(x.to_dict()))) for x in lines] == lines


@given(st.lists(visits, min_size=1, max_size=8), policies, states)
def test_a_year_of_visits_never_exceeds_deductible_cap_or_balance(year, policy, start):
    state = start
    fund_total = deductible_total = acct_total = 0
    for lines in year:
        result = split(lines, policy, state)
        state = state.after(result)
        fund_total += result.hifp_pay
        deductible_total += result.act_pay_dedc
        acct_total += result.acct_pay
    assert fund_total <= max(0, policy.annual_fund_cap_fen - start.fund_paid_fen)
    assert deductible_total <= max(0, policy.annual_deductible_fen - start.deductible_used_fen)
    assert acct_total == start.account_balance_fen - state.account_balance_fen
    assert state.fund_paid_fen == start.fund_paid_fen + fund_total
    assert state.deductible_used_fen == start.deductible_used_fen + deductible_total


@given(visits, policies, states, st.integers(0, 100_000), st.integers(0, 100_000))
def test_more_history_or_balance_never_costs_the_patient_more(lines, policy, state, more, extra):
    base = split(lines, policy, state)
    richer = split(lines, policy, dataclasses.replace(
        state, account_balance_fen=state.account_balance_fen + extra))
    assert richer.psn_cash_pay <= base.psn_cash_pay
    assert richer.fund_pay_sumamt == base.fund_pay_sumamt
    further = split(lines, policy, dataclasses.replace(
        state, deductible_used_fen=state.deductible_used_fen + more))
    assert further.act_pay_dedc <= base.act_pay_dedc
    assert further.hifp_pay >= base.hifp_pay
    used_more_fund = split(lines, policy, dataclasses.replace(
        state, fund_paid_fen=state.fund_paid_fen + more))
    assert used_more_fund.hifp_pay <= base.hifp_pay
