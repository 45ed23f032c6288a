"""Patients insured elsewhere (异地就医): the region class of a visit, whether the hospital
gives credit to it, and the insured place's policy for the bill.

Every NHSA message carries the insured place (``insuplc_admdvs``, from the person query) and
the place of treatment (``mdtrtarea_admvs``, the hospital's, a setting). Compared on their
first 2 and 4 digits they make the class: ``local`` (same city, 4 digits), ``in_province``
(same province, 2 digits) or ``cross_province``. A cross-province patient's filing for direct
settlement (备案) is asked of the insurer. Whether a class gets credit is the hospital's
setting (``credit_in_province``: always | never; ``credit_cross_province``: always | filed |
never); a refusal is the reason ``cross_province_not_filed`` (the patient can still be
treated the traditional way, and may file) or ``cross_region_no_credit``.

The bill of a visit from elsewhere follows this hospital's catalogue (the charge lines' A/B/C
classes) and the insured place's policy (``region_policies``: deductible, fund ratio for
class A and class B in-scope fen, annual cap; ratios a set number of points lower for a
cross-province patient who has not filed). A place without a policy row, and every local
visit, gets the hospital's policy for the insurance type.

``region_class``, ``credit_reason``, ``with_region`` and ``region_policy`` are pure. The
insurer is asked (``Regions.of_ssn``, ``Regions.of_person``) before any transaction opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sqlalchemy import Connection, select

from kiosk.domain import settlement as st
from kiosk.domain.demo_regions import REGION_DEMO_PATIENTS, REGION_DEMO_POLICIES
from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema as t
from kiosk.server.context import Context
from kiosk.server.errors import ApiError
from kiosk.server.insurer import (
    InsuredPerson,
    InsurerQuery,
    InsurerUnavailable,
    ReferenceInsurer,
    derived_psn_no,
    key_from_file,
)


class RegionClass(StrEnum):
    LOCAL = "local"
    IN_PROVINCE = "in_province"
    CROSS_PROVINCE = "cross_province"


def region_class(insured_admdvs: str, treatment_admdvs: str) -> RegionClass:
    """Local when the first 4 digits agree, in-province when the first 2 do, else cross."""
    if insured_admdvs[:4] == treatment_admdvs[:4]:
        return RegionClass.LOCAL
    if insured_admdvs[:2] == treatment_admdvs[:2]:
        return RegionClass.IN_PROVINCE
    return RegionClass.CROSS_PROVINCE


@dataclass(frozen=True, slots=True)
class Region:
    """The two places of a patient's visit, their class and (cross-province) the filing."""

    insured_admdvs: str
    treatment_admdvs: str
    cls: RegionClass
    filed: bool | None  # None unless cross-province

    def to_json(self) -> dict[str, Any]:
        return {"insured_admdvs": self.insured_admdvs,
                "treatment_admdvs": self.treatment_admdvs,
                "class": self.cls.value, "filed": self.filed}

    def visit_values(self) -> dict[str, Any]:
        """The visit's columns for this region."""
        return {"insuplc_admdvs": self.insured_admdvs, "mdtrtarea_admvs": self.treatment_admdvs,
                "region_class": self.cls.value, "region_filed": self.filed}


def credit_reason(cls: RegionClass, filed: bool | None, in_province_rule: str,
                  cross_province_rule: str) -> Reason | None:
    """Why the hospital's setting gives this patient no credit (None: it does)."""
    if cls is RegionClass.LOCAL:
        return None
    rule = in_province_rule if cls is RegionClass.IN_PROVINCE else cross_province_rule
    if rule == "always":
        return None
    if rule == "filed" and cls is RegionClass.CROSS_PROVINCE:
        return None if filed else Reason.CROSS_PROVINCE_NOT_FILED
    return Reason.CROSS_REGION_NO_CREDIT


def with_region(answer: dict[str, Any], region: Region, reason: Reason | None
                ) -> dict[str, Any]:
    """The eligibility ``answer`` with its ``region`` block and, when the region rules give
    no credit, their reason: the decision becomes ``not_eligible`` as for any other reason
    (``not_linked`` stays among the reasons of a patient who is not linked)."""
    out = {**answer, "region": region.to_json()}
    if reason is None or answer.get("patient") is None:
        return out
    reasons = [r for r in answer["reasons"] if r != Reason.NOT_LINKED]
    reasons.append(reason.value)
    if answer["decision"] != Decision.ELIGIBLE:
        reasons.extend(r for r in answer["reasons"] if r == Reason.NOT_LINKED)
    out.update(decision=Decision.NOT_ELIGIBLE.value, reasons=reasons)
    return out


def region_policy(base: st.Policy, row: Any, region: Region) -> st.Policy:
    """``base`` (the hospital's policy for the insurance type) under the insured place's
    ``region_policies`` row: its deductible, cap and class ratios, cut for an unfiled
    cross-province patient. No row, or a local visit: ``base`` itself."""
    if row is None or region.cls is RegionClass.LOCAL:
        return base
    cut = Fraction(row.unfiled_ratio_cut) if (
        region.cls is RegionClass.CROSS_PROVINCE and not region.filed) else Fraction(0)
    ratio_a = max(Fraction(0), Fraction(row.fund_ratio_a) - cut)
    ratio_b = max(Fraction(0), Fraction(row.fund_ratio_b) - cut)
    return st.Policy(
        insutype=base.insutype, reimbursement_ratio=ratio_a,
        annual_deductible_fen=int(row.annual_deductible_fen),
        annual_fund_cap_fen=int(row.annual_fund_cap_fen),
        per_visit_cap_fen=base.per_visit_cap_fen,
        default_b_self_pay_ratio=base.default_b_self_pay_ratio,
        personal_account=base.personal_account,
        account_pays_fully_self_paid=base.account_pays_fully_self_paid,
        class_ratios=(ratio_a, ratio_b))


def visit_region(visit: Any, home: str) -> Region:
    """The region a visit recorded (a visit from before region codes: local at ``home``)."""
    if getattr(visit, "region_class", None) is None:
        return Region(home, home, RegionClass.LOCAL, None)
    return Region(visit.insuplc_admdvs, visit.mdtrtarea_admvs, RegionClass(visit.region_class),
                  visit.region_filed)


def reference_insurer(ctx: Context) -> ReferenceInsurer:
    """The reference insurer over the settings: the key file if configured (0600, never the
    test key in production), else the deployment's own key."""
    s = ctx.settings
    key = (key_from_file(s.insurer_key_file, production=s.environment == "production")
           if s.insurer_key_file else None)
    return ReferenceInsurer(ctx.db, key, s.mdtrtarea_admvs, ctx.clock)


class Regions:
    """The region questions over the context's insurer (the reference insurer is installed
    in ``ctx.adapters.insurer_query`` when none was given). Any thread may call it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        if ctx.adapters.insurer_query is None:
            ctx.adapters.insurer_query = reference_insurer(ctx)

    @property
    def insurer(self) -> InsurerQuery:
        found = self.ctx.adapters.insurer_query
        assert found is not None
        return found

    def unavailable(self) -> ApiError:
        return ApiError(503, Reason.INSURER_UNAVAILABLE, "the insurer does not answer")

    def of_person(self, person: InsuredPerson) -> Region:
        home = self.ctx.settings.mdtrtarea_admvs
        cls = region_class(person.insuplc_admdvs, home)
        filed = None
        if cls is RegionClass.CROSS_PROVINCE:
            try:
                filed = bool(self.insurer.filing_status(person, home))
            except (TimeoutError, InsurerUnavailable):
                raise self.unavailable() from None
        return Region(person.insuplc_admdvs, home, cls, filed)

    def of_ssn(self, ssn: str) -> Region:
        """The region of the person with this ID number (the person query, type 02); a
        person the insurer does not know is taken as local."""
        try:
            person = self.insurer.person_query("02", ssn)
        except (TimeoutError, InsurerUnavailable):
            raise self.unavailable() from None
        home = self.ctx.settings.mdtrtarea_admvs
        if person is None:
            return Region(home, home, RegionClass.LOCAL, None)
        return self.of_person(person)

    def credit_reason(self, region: Region) -> Reason | None:
        s = self.ctx.settings
        return credit_reason(region.cls, region.filed, s.credit_in_province,
                             s.credit_cross_province)

    def policy(self, conn: Connection, insurance_type: str, region: Region) -> st.Policy:
        """The policy a visit's bill is split under (see the module doc)."""
        policies = self.ctx.policies
        base = policies.get(insurance_type) or policies["390"]
        if region.cls is RegionClass.LOCAL:
            return base
        row = conn.execute(select(t.region_policies).where(
            t.region_policies.c.insuplc_admdvs == region.insured_admdvs,
            t.region_policies.c.insutype == base.insutype)).first()
        return region_policy(base, row, region)


def seed_region_demo(conn: Connection) -> None:
    """The reference insurer's rows for the demo patients insured elsewhere and their places'
    policies (``kiosk.domain.demo_regions``); rows already there are kept."""
    insured = set(conn.execute(select(t.ref_insured.c.ssn)).scalars())
    for r in REGION_DEMO_PATIENTS:
        if r.patient.ssn not in insured:
            conn.execute(t.ref_insured.insert().values(
                ssn=r.patient.ssn, psn_no=derived_psn_no(r.patient.ssn),
                insuplc_admdvs=r.insuplc_admdvs, filed_admdvs=r.filed_admdvs))
    have = {(row.insuplc_admdvs, row.insutype) for row in conn.execute(
        select(t.region_policies.c.insuplc_admdvs, t.region_policies.c.insutype))}
    for place, insutype, name, deductible, ratio_a, ratio_b, cap, cut in REGION_DEMO_POLICIES:
        if (place, insutype) not in have:
            conn.execute(t.region_policies.insert().values(
                insuplc_admdvs=place, insutype=insutype, name=name,
                annual_deductible_fen=deductible, fund_ratio_a=ratio_a, fund_ratio_b=ratio_b,
                annual_fund_cap_fen=cap, unfiled_ratio_cut=cut))
