"""The policy table of the outpatient split: one insurance type's rules (``Policy``: fund
ratio, or an insured place's class A/B ratios, annual deductible and caps, class B self-paid
share, personal account), read from and written to configuration, the hospital's defaults, and
the validators the split's inputs share (``SplitInputError`` naming the offending field).

Configuration (``Policy.from_mapping``) takes money as yuan decimal strings (``"200.00"``)
and ratios as decimal or fraction strings (``"0.70"``, ``"7/10"``). JSON numbers are refused
for both: a float cannot carry an exact ratio, and a bare integer would leave it unclear
whether it meant yuan or fen. ``kiosk.domain.settlement`` (the split itself) re-exports every
public name, so callers import them from either place. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kiosk.domain.money import Fen, yuan_to_fen

INSUTYPE_EMPLOYEE = "310"  # 职工基本医疗保险
INSUTYPE_RESIDENT = "390"  # 城乡居民基本医疗保险


class SplitInputError(ValueError):
    """Bad input to the split. ``field`` names the offending field (machine-readable)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __reduce__(self) -> tuple[type[SplitInputError], tuple[str, str]]:
        return (type(self), (self.field, self.message))


_RATIO_TEXT = re.compile(r"\d+(?:\.\d+)?|\d+/\d+", re.ASCII)


def parse_ratio(value: object, field_name: str) -> Fraction:
    """A ratio between 0 and 1 inclusive, exactly, from a Fraction, Decimal, 0/1 or a string.

    Strings are ``"0.70"`` or ``"7/10"``. Floats are refused (write them as strings).
    """
    if isinstance(value, bool):
        raise SplitInputError(field_name, f"must be a ratio, got {value!r}")
    if isinstance(value, float):
        raise SplitInputError(
            field_name,
            f'floats are refused, write the ratio as a string such as "0.70" ({value!r})',
        )
    if isinstance(value, Fraction):
        ratio = value
    elif isinstance(value, int):
        ratio = Fraction(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise SplitInputError(field_name, f"must be a finite ratio, got {value!r}")
        ratio = Fraction(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _RATIO_TEXT.fullmatch(text):
            raise SplitInputError(
                field_name, f'must be a decimal or fraction string such as "0.70", got {value!r}'
            )
        try:
            ratio = Fraction(text)
        except ZeroDivisionError:
            raise SplitInputError(field_name, f"has a zero denominator: {value!r}") from None
    else:
        raise SplitInputError(field_name, f"must be a ratio string, got {type(value).__name__}")
    if not 0 <= ratio <= 1:
        raise SplitInputError(field_name, f"must be between 0 and 1, got {value!r}")
    return ratio


def ratio_text(ratio: Fraction) -> str:
    """``Fraction(7, 10) -> "0.7"``; ``Fraction(1, 3) -> "1/3"`` (exact either way)."""
    den = ratio.denominator
    for places in range(0, 64):
        if (10**places) % den == 0:
            scaled = ratio.numerator * (10**places // den)
            whole, frac = divmod(scaled, 10**places)
            return f"{whole}.{frac:0{places}d}" if places else str(whole)
    return f"{ratio.numerator}/{ratio.denominator}"


def fen_text(fen: Fen) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def require_fen(value: object, field_name: str) -> Fen:
    if not isinstance(value, int) or isinstance(value, bool):
        raise SplitInputError(field_name, f"must be integer fen, got {type(value).__name__}")
    if value < 0:
        raise SplitInputError(field_name, f"must not be negative, got {value}")
    return value


def require_text(value: object, field_name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise SplitInputError(field_name, f"must be a non-empty string, got {value!r}")
    return value


def yuan_field(value: object, field_name: str) -> Fen:
    if not isinstance(value, str):
        raise SplitInputError(
            field_name, f'must be a yuan amount as a string such as "200.00", got {value!r}'
        )
    try:
        fen = yuan_to_fen(value)
    except ValueError:
        raise SplitInputError(field_name, f"not a yuan amount: {value!r}") from None
    if fen < 0:
        raise SplitInputError(field_name, f"must not be negative, got {value!r}")
    return fen


def bool_field(value: object, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise SplitInputError(field_name, f"must be true or false, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Policy:
    """The outpatient rules of one insurance type (``insutype`` "310" or "390").

    Amounts are fen; ratios are ``Fraction`` (strings are parsed). ``per_visit_cap_fen`` is
    ``None`` for no per-visit cap. ``personal_account`` False means the account never pays
    (resident insurance); ``account_pays_fully_self_paid`` lets it pay class C lines too.
    """

    insutype: str
    reimbursement_ratio: Fraction
    annual_deductible_fen: Fen
    annual_fund_cap_fen: Fen
    per_visit_cap_fen: Fen | None = None
    default_b_self_pay_ratio: Fraction = Fraction(1, 10)
    personal_account: bool = True
    account_pays_fully_self_paid: bool = False
    # an insured place's own ratios (patients from elsewhere): the fund's ratio for the
    # in-scope fen of class A lines and of class B lines; None: ``reimbursement_ratio`` for both
    class_ratios: tuple[Fraction, Fraction] | None = None

    def __post_init__(self) -> None:
        require_text(self.insutype, "insutype")
        if self.class_ratios is not None:
            if not isinstance(self.class_ratios, tuple) or len(self.class_ratios) != 2:
                raise SplitInputError("class_ratios", "must be (class A ratio, class B ratio)")
            object.__setattr__(self, "class_ratios", (
                parse_ratio(self.class_ratios[0], "class_ratios.A"),
                parse_ratio(self.class_ratios[1], "class_ratios.B")))
        object.__setattr__(
            self,
            "reimbursement_ratio",
            parse_ratio(self.reimbursement_ratio, "reimbursement_ratio"),
        )
        object.__setattr__(
            self,
            "default_b_self_pay_ratio",
            parse_ratio(self.default_b_self_pay_ratio, "default_b_self_pay_ratio"),
        )
        require_fen(self.annual_deductible_fen, "annual_deductible_fen")
        require_fen(self.annual_fund_cap_fen, "annual_fund_cap_fen")
        if self.per_visit_cap_fen is not None:
            require_fen(self.per_visit_cap_fen, "per_visit_cap_fen")
        bool_field(self.personal_account, "personal_account")
        bool_field(self.account_pays_fully_self_paid, "account_pays_fully_self_paid")

    _MAPPING_KEYS = (
        "insutype", "reimbursement_ratio", "annual_deductible", "annual_fund_cap",
        "per_visit_cap", "default_b_self_pay_ratio", "personal_account",
        "account_pays_fully_self_paid",
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """Validate a config mapping, e.g.::

            {"insutype": "310", "reimbursement_ratio": "0.70", "annual_deductible": "200.00",
             "annual_fund_cap": "2000.00", "per_visit_cap": null,
             "default_b_self_pay_ratio": "0.10", "personal_account": true,
             "account_pays_fully_self_paid": false}

        The first four keys are required. Money is yuan strings, ratios strings; numbers are
        refused (see the module docstring). Unknown keys are refused so typos cannot pass.
        """
        if not isinstance(data, Mapping):
            raise SplitInputError("policy", f"must be a mapping, got {type(data).__name__}")
        for key in data:
            if key not in cls._MAPPING_KEYS:
                raise SplitInputError(str(key), "unknown policy field")
        for key in cls._MAPPING_KEYS[:4]:
            if key not in data:
                raise SplitInputError(key, "is required")
        cap = data.get("per_visit_cap")
        return cls(
            insutype=require_text(data["insutype"], "insutype"),
            reimbursement_ratio=parse_ratio(data["reimbursement_ratio"], "reimbursement_ratio"),
            annual_deductible_fen=yuan_field(data["annual_deductible"], "annual_deductible"),
            annual_fund_cap_fen=yuan_field(data["annual_fund_cap"], "annual_fund_cap"),
            per_visit_cap_fen=None if cap is None else yuan_field(cap, "per_visit_cap"),
            default_b_self_pay_ratio=parse_ratio(
                data.get("default_b_self_pay_ratio", "0.10"), "default_b_self_pay_ratio"
            ),
            personal_account=bool_field(data.get("personal_account", True), "personal_account"),
            account_pays_fully_self_paid=bool_field(
                data.get("account_pays_fully_self_paid", False), "account_pays_fully_self_paid"
            ),
        )

    def to_mapping(self) -> dict[str, Any]:
        """The config form that ``from_mapping`` reads back to an equal policy."""
        return {
            "insutype": self.insutype,
            "reimbursement_ratio": ratio_text(self.reimbursement_ratio),
            "annual_deductible": fen_text(self.annual_deductible_fen),
            "annual_fund_cap": fen_text(self.annual_fund_cap_fen),
            "per_visit_cap": None if self.per_visit_cap_fen is None else fen_text(
                self.per_visit_cap_fen
            ),
            "default_b_self_pay_ratio": ratio_text(self.default_b_self_pay_ratio),
            "personal_account": self.personal_account,
            "account_pays_fully_self_paid": self.account_pays_fully_self_paid,
        }


def policies_from_mapping(data: Mapping[str, Any]) -> dict[str, Policy]:
    """``{"310": {...}, "390": {...}}`` -> policies by insurance type.

    ``insutype`` inside each entry may be left out; if given it must equal the key.
    """
    if not isinstance(data, Mapping):
        raise SplitInputError("policies", f"must be a mapping, got {type(data).__name__}")
    out: dict[str, Policy] = {}
    for key, entry in data.items():
        if not isinstance(entry, Mapping):
            raise SplitInputError(f"{key}", f"must be a mapping, got {type(entry).__name__}")
        if entry.get("insutype", key) != key:
            raise SplitInputError(f"{key}.insutype", f"must equal its key {key!r}")
        try:
            out[key] = Policy.from_mapping({"insutype": key, **entry})
        except SplitInputError as exc:
            raise SplitInputError(f"{key}.{exc.field}", exc.message) from None
    return out


# Plausible figures for an outpatient pooling scheme (门诊共济) of a Fujian county; they are
# illustrations for the demo and the tests, not any city's published policy. Configure the
# real figures per hospital.
#   310 employee: the fund pays 70 % above a 200.00 yuan annual deductible, up to 2,000.00
#       yuan a year; class B drugs 10 % self-paid first; the personal account pays the
#       in-scope own share and preselfpay, not class C items.
#   390 resident: 50 % above 100.00 yuan, up to 800.00 yuan a year; no personal account.
DEFAULT_POLICIES: Mapping[str, Policy] = {
    INSUTYPE_EMPLOYEE: Policy(
        insutype=INSUTYPE_EMPLOYEE,
        reimbursement_ratio=Fraction(7, 10),
        annual_deductible_fen=20_000,
        annual_fund_cap_fen=200_000,
        default_b_self_pay_ratio=Fraction(1, 10),
        personal_account=True,
        account_pays_fully_self_paid=False,
    ),
    INSUTYPE_RESIDENT: Policy(
        insutype=INSUTYPE_RESIDENT,
        reimbursement_ratio=Fraction(1, 2),
        annual_deductible_fen=10_000,
        annual_fund_cap_fen=80_000,
        default_b_self_pay_ratio=Fraction(1, 10),
        personal_account=False,
        account_pays_fully_self_paid=False,
    ),
}
