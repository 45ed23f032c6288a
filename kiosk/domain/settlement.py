"""The pre-settlement split of an outpatient visit: who pays which fen of the bill.

Follows the outpatient model of China's national medical-insurance platform (the fields of
the 2101/2207 settlement interfaces), as a pure function the backend calls before it charges:

    medfee_sumamt      total of the visit's charge lines
    fulamt_ownpay_amt  class C lines (outside the catalogue): paid in full by the patient
    preselfpay_amt     the self-paid share of class B lines (per-line ratio, e.g. 10 %)
    inscp_scp_amt      inside the policy scope = total - fulamt_ownpay - preselfpay
    act_pay_dedc       deductible applied now (what is left of the annual deductible)
    hifp_pay           basic fund = (inscp_scp_amt - act_pay_dedc) x ratio, capped by what is
                       left of the annual fund cap and by the per-visit cap if the policy has one
    cvlserv_pay        civil-servant subsidy: always 0 here, kept so other funds have a place
    hifmi_pay          critical-illness insurance: always 0 here, likewise
    fund_pay_sumamt    hifp_pay + cvlserv_pay + hifmi_pay
    acct_pay           personal account, from the patient's own share, up to the balance
    psn_cash_pay       the rest: charged to the patient's linked payment method

Always ``medfee = fulamt_ownpay + preselfpay + inscp_scp = fund_pay_sumamt + acct_pay +
psn_cash_pay``; every part is a non-negative integer of fen. Ratios are ``Fraction``; each
rounding is half up to the fen (``money.apply_ratio``): a class B line's self-paid share per
line, the fund's payment once per visit. The cash share is what remains, so it takes every
rounding remainder and the parts always add up exactly.

The policies (``Policy``, ``DEFAULT_POLICIES``, ``policies_from_mapping``) and the input
validators live in ``kiosk.domain.policy`` and are re-exported here. Every refusal is a
``SplitInputError`` (a ``ValueError``) that names the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from fractions import Fraction
from typing import Any

from kiosk.domain.money import Fen, apply_ratio
from kiosk.domain.policy import (
    DEFAULT_POLICIES,
    INSUTYPE_EMPLOYEE,
    INSUTYPE_RESIDENT,
    Policy,
    SplitInputError,
    parse_ratio,
    policies_from_mapping,
    ratio_text,
    require_fen,
    require_text,
)

# the policy names are re-exported: callers import them from here as before
__all__ = [
    "DEFAULT_POLICIES",
    "INSUTYPE_EMPLOYEE",
    "INSUTYPE_RESIDENT",
    "SPLIT_FIELDS",
    "BillGroup",
    "Category",
    "ChargeLine",
    "InsuranceClass",
    "LineSplit",
    "PatientYearState",
    "Policy",
    "Split",
    "SplitInputError",
    "parse_ratio",
    "policies_from_mapping",
    "ratio_text",
    "split",
    "split_line",
    "summarize_by_department_and_category",
]


class Category(StrEnum):
    CONSULTATION = "consultation"
    DRUG = "drug"
    LAB = "lab"
    IMAGING = "imaging"
    PROCEDURE = "procedure"


class InsuranceClass(StrEnum):
    A = "A"  # in the catalogue, fully in scope
    B = "B"  # in the catalogue, a share paid by the patient first (preselfpay)
    C = "C"  # outside the catalogue, paid in full by the patient

@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One billed item. ``total_fen = unit_price_fen * quantity``.

    ``self_pay_ratio`` is for class B lines only (``None``: the policy's default); strings are
    parsed and stored as ``Fraction``. Invalid values raise ``SplitInputError`` naming the field.
    """

    item_code: str
    name: str
    category: Category
    insurance_class: InsuranceClass
    unit_price_fen: Fen
    quantity: int
    self_pay_ratio: Fraction | None = None
    department_code: str | None = None

    def __post_init__(self) -> None:
        require_text(self.item_code, "item_code")
        require_text(self.name, "name")
        try:
            object.__setattr__(self, "category", Category(self.category))
        except ValueError:
            raise SplitInputError(
                "category",
                f"unknown category {self.category!r}, "
                f"expected one of {[c.value for c in Category]}",
            ) from None
        try:
            object.__setattr__(self, "insurance_class", InsuranceClass(self.insurance_class))
        except ValueError:
            raise SplitInputError(
                "insurance_class",
                f"unknown insurance class {self.insurance_class!r}, expected A, B or C",
            ) from None
        require_fen(self.unit_price_fen, "unit_price_fen")
        if not isinstance(self.quantity, int) or isinstance(self.quantity, bool):
            raise SplitInputError("quantity", f"must be a whole number, got {self.quantity!r}")
        if self.quantity <= 0:
            raise SplitInputError("quantity", f"must be greater than 0, got {self.quantity}")
        if self.self_pay_ratio is not None:
            if self.insurance_class is not InsuranceClass.B:
                raise SplitInputError(
                    "self_pay_ratio",
                    f"only class B lines have a self-pay ratio (this line is class "
                    f"{self.insurance_class.value})",
                )
            object.__setattr__(
                self, "self_pay_ratio", parse_ratio(self.self_pay_ratio, "self_pay_ratio")
            )
        if self.department_code is not None:
            require_text(self.department_code, "department_code")

    @property
    def total_fen(self) -> Fen:
        return self.unit_price_fen * self.quantity

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ChargeLine:
        """Build from a JSON-style mapping with the same keys; unknown keys are refused."""
        if not isinstance(data, Mapping):
            raise SplitInputError("line", f"must be a mapping, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise SplitInputError(str(key), "unknown field")
        for key in ("item_code", "name", "category", "insurance_class", "unit_price_fen",
                    "quantity"):
            if key not in data:
                raise SplitInputError(key, "is required")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_code": self.item_code,
            "name": self.name,
            "category": self.category.value,
            "insurance_class": self.insurance_class.value,
            "unit_price_fen": self.unit_price_fen,
            "quantity": self.quantity,
            "self_pay_ratio": None if self.self_pay_ratio is None else ratio_text(
                self.self_pay_ratio
            ),
            "department_code": self.department_code,
        }


@dataclass(frozen=True, slots=True)
class PatientYearState:
    """What the patient has used this insurance year, and the personal account balance (fen)."""

    deductible_used_fen: Fen = 0
    fund_paid_fen: Fen = 0
    account_balance_fen: Fen = 0

    def __post_init__(self) -> None:
        require_fen(self.deductible_used_fen, "deductible_used_fen")
        require_fen(self.fund_paid_fen, "fund_paid_fen")
        require_fen(self.account_balance_fen, "account_balance_fen")

    def after(self, split: Split) -> PatientYearState:
        """The state once ``split`` is settled: deductible and fund used grow, account shrinks.

        Raises ``SplitInputError`` if the split pays more from the account than the balance.
        """
        if split.acct_pay > self.account_balance_fen:
            raise SplitInputError(
                "acct_pay", "split pays more from the account than this state's balance"
            )
        return PatientYearState(
            deductible_used_fen=self.deductible_used_fen + split.act_pay_dedc,
            fund_paid_fen=self.fund_paid_fen + split.hifp_pay,
            account_balance_fen=self.account_balance_fen - split.acct_pay,
        )


@dataclass(frozen=True, slots=True)
class LineSplit:
    """The per-line part of a split (national 2301 detail field names), all fen."""

    line: ChargeLine
    selfpay_prop: Fraction  # 0 for A, the B ratio, 1 for C
    det_item_fee_sumamt: Fen
    fulamt_ownpay_amt: Fen
    preselfpay_amt: Fen
    inscp_scp_amt: Fen

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.line.to_dict(),
            "selfpay_prop": ratio_text(self.selfpay_prop),
            "det_item_fee_sumamt": self.det_item_fee_sumamt,
            "fulamt_ownpay_amt": self.fulamt_ownpay_amt,
            "preselfpay_amt": self.preselfpay_amt,
            "inscp_scp_amt": self.inscp_scp_amt,
        }


SPLIT_FIELDS = (
    "medfee_sumamt", "fulamt_ownpay_amt", "preselfpay_amt", "inscp_scp_amt", "act_pay_dedc",
    "hifp_pay", "cvlserv_pay", "hifmi_pay", "fund_pay_sumamt", "acct_pay", "psn_cash_pay",
)


@dataclass(frozen=True, slots=True)
class Split:
    """The result of ``split()``: integer fen by the national field names.

    Construction checks the invariants, so a ``Split`` rebuilt with ``from_dict`` (say from a
    database row) is as trustworthy as a computed one.
    """

    insutype: str
    medfee_sumamt: Fen
    fulamt_ownpay_amt: Fen
    preselfpay_amt: Fen
    inscp_scp_amt: Fen
    act_pay_dedc: Fen
    hifp_pay: Fen
    cvlserv_pay: Fen
    hifmi_pay: Fen
    fund_pay_sumamt: Fen
    acct_pay: Fen
    psn_cash_pay: Fen
    lines: tuple[LineSplit, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in SPLIT_FIELDS:
            require_fen(getattr(self, name), name)
        if self.medfee_sumamt != self.fulamt_ownpay_amt + self.preselfpay_amt + self.inscp_scp_amt:
            raise SplitInputError("medfee_sumamt", "is not fulamt_ownpay + preselfpay + inscp_scp")
        if self.fund_pay_sumamt != self.hifp_pay + self.cvlserv_pay + self.hifmi_pay:
            raise SplitInputError("fund_pay_sumamt", "is not the sum of the fund payments")
        if self.medfee_sumamt != self.fund_pay_sumamt + self.acct_pay + self.psn_cash_pay:
            raise SplitInputError("medfee_sumamt", "is not fund_pay + acct_pay + psn_cash_pay")
        if self.act_pay_dedc + self.fund_pay_sumamt > self.inscp_scp_amt:
            raise SplitInputError("fund_pay_sumamt", "deductible plus funds exceed the scope")

    @property
    def psn_part_amt(self) -> Fen:
        """What the patient bears in all (个人负担总金额): account plus cash."""
        return self.acct_pay + self.psn_cash_pay

    def to_dict(self) -> dict[str, Any]:
        """National field names to integer fen, plus ``insutype`` and ``psn_part_amt``."""
        out: dict[str, Any] = {"insutype": self.insutype}
        for name in SPLIT_FIELDS:
            out[name] = getattr(self, name)
        out["psn_part_amt"] = self.psn_part_amt
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Split:
        """Rebuild the totals from ``to_dict()`` output (line detail is not carried)."""
        missing = [name for name in ("insutype", *SPLIT_FIELDS) if name not in data]
        if missing:
            raise SplitInputError(missing[0], "is required")
        split = cls(insutype=data["insutype"], **{name: data[name] for name in SPLIT_FIELDS})
        if "psn_part_amt" in data and data["psn_part_amt"] != split.psn_part_amt:
            raise SplitInputError("psn_part_amt", "is not acct_pay + psn_cash_pay")
        return split


def split_line(line: ChargeLine, policy: Policy) -> LineSplit:
    """How one line divides into fully self-paid, pre-self-paid and in-scope fen."""
    total = line.total_fen
    if line.insurance_class is InsuranceClass.C:
        return LineSplit(line, Fraction(1), total, total, 0, 0)
    if line.insurance_class is InsuranceClass.A:
        return LineSplit(line, Fraction(0), total, 0, 0, total)
    ratio = policy.default_b_self_pay_ratio if line.self_pay_ratio is None else line.self_pay_ratio
    preselfpay = apply_ratio(total, ratio)
    return LineSplit(line, ratio, total, 0, preselfpay, total - preselfpay)


def split(lines: Iterable[ChargeLine], policy: Policy, state: PatientYearState) -> Split:
    """The split of a visit's charge lines under ``policy`` for a patient in ``state``.

    Pure and deterministic; independent of the order of ``lines``. No lines: all zeros.
    """
    if not isinstance(policy, Policy):
        raise SplitInputError("policy", f"must be a Policy, got {type(policy).__name__}")
    if not isinstance(state, PatientYearState):
        raise SplitInputError("state", f"must be a PatientYearState, got {type(state).__name__}")
    line_splits = []
    for index, line in enumerate(lines):
        if not isinstance(line, ChargeLine):
            raise SplitInputError(f"lines[{index}]", f"must be a ChargeLine, got {line!r}")
        line_splits.append(split_line(line, policy))

    fulamt = sum(ls.fulamt_ownpay_amt for ls in line_splits)
    preselfpay = sum(ls.preselfpay_amt for ls in line_splits)
    inscp = sum(ls.inscp_scp_amt for ls in line_splits)
    medfee = fulamt + preselfpay + inscp

    deductible_left = max(0, policy.annual_deductible_fen - state.deductible_used_fen)
    act_pay_dedc = min(inscp, deductible_left)

    hifp = _fund_before_caps(line_splits, inscp, act_pay_dedc, policy)
    hifp = min(hifp, max(0, policy.annual_fund_cap_fen - state.fund_paid_fen))
    if policy.per_visit_cap_fen is not None:
        hifp = min(hifp, policy.per_visit_cap_fen)
    cvlserv = hifmi = 0
    fund = hifp + cvlserv + hifmi

    if policy.personal_account:
        account_payable = (inscp - fund) + preselfpay
        if policy.account_pays_fully_self_paid:
            account_payable += fulamt
        acct = min(state.account_balance_fen, account_payable)
    else:
        acct = 0

    return Split(
        insutype=policy.insutype,
        medfee_sumamt=medfee,
        fulamt_ownpay_amt=fulamt,
        preselfpay_amt=preselfpay,
        inscp_scp_amt=inscp,
        act_pay_dedc=act_pay_dedc,
        hifp_pay=hifp,
        cvlserv_pay=cvlserv,
        hifmi_pay=hifmi,
        fund_pay_sumamt=fund,
        acct_pay=acct,
        psn_cash_pay=medfee - fund - acct,
        lines=tuple(line_splits),
    )


def _fund_before_caps(line_splits: list[LineSplit], inscp: Fen, act_pay_dedc: Fen,
                      policy: Policy) -> Fen:
    """The basic fund's share of the in-scope fen above the deductible, rounded once.

    With ``class_ratios`` the deductible takes class A in-scope fen first, then class B, and
    each class's remainder is funded at its own ratio (the exact sum rounded half up)."""
    if policy.class_ratios is None:
        return apply_ratio(inscp - act_pay_dedc, policy.reimbursement_ratio)
    scope_a = sum(ls.inscp_scp_amt for ls in line_splits
                  if ls.line.insurance_class is InsuranceClass.A)
    dedc_a = min(scope_a, act_pay_dedc)
    ratio_a, ratio_b = policy.class_ratios
    exact = ((scope_a - dedc_a) * ratio_a
             + (inscp - scope_a - (act_pay_dedc - dedc_a)) * ratio_b)
    return apply_ratio(1, exact)


@dataclass(frozen=True, slots=True)
class BillGroup:
    """One row of the kiosk bill: the lines of one department and category, summed."""

    department_code: str | None
    category: Category
    total_fen: Fen
    line_count: int


def summarize_by_department_and_category(lines: Iterable[ChargeLine]) -> tuple[BillGroup, ...]:
    """Group lines by (department, category). Departments sort by code with ``None`` last;
    categories in ``Category`` order; totals are exact fen."""
    totals: dict[tuple[str | None, Category], list[int]] = {}
    for index, line in enumerate(lines):
        if not isinstance(line, ChargeLine):
            raise SplitInputError(f"lines[{index}]", f"must be a ChargeLine, got {line!r}")
        entry = totals.setdefault((line.department_code, line.category), [0, 0])
        entry[0] += line.total_fen
        entry[1] += 1
    order = list(Category)

    def key(item: tuple[str | None, Category]) -> tuple[bool, str, int]:
        department, category = item
        return (department is None, department or "", order.index(category))

    return tuple(
        BillGroup(department, category, totals[(department, category)][0],
                  totals[(department, category)][1])
        for department, category in sorted(totals, key=key)
    )
