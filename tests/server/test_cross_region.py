"""Patients insured elsewhere on the real backend: the demo patients of three regions (local,
another city of the province, another province filed and not filed) get the right class,
filing check, credit decision and fund split; the hospital's setting decides credit; the
visit records both region codes and the class; the pure rules directly."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.domain import settlement as st
from kiosk.domain.reasons import Reason
from kiosk.server import schema
from kiosk.server.regions import (
    Region,
    RegionClass,
    credit_reason,
    region_class,
    region_policy,
    with_region,
)

from .conftest import Caller
from .support import card_of
from .test_voucher import demo_voucher, scan

LOCAL = {"insured_admdvs": "990101", "treatment_admdvs": "990101", "class": "local",
         "filed": None}


def voucher_session(api, key: str) -> tuple[dict[str, Any], Caller]:  # type: ignore[no-untyped-def]
    r = scan(api, demo_voucher(api, key))
    assert r.status_code == 200, r.text
    answer = r.json()
    return answer, Caller(api.client, api.credentials["kiosk_token"], answer["session_token"])


@pytest.mark.parametrize(("key", "region", "decision", "reasons"), [
    ("eligible", LOCAL, "eligible", []),
    ("in_province", {"insured_admdvs": "990201", "treatment_admdvs": "990101",
                     "class": "in_province", "filed": None}, "eligible", []),
    ("cross_filed", {"insured_admdvs": "980101", "treatment_admdvs": "990101",
                     "class": "cross_province", "filed": True}, "eligible", []),
    ("cross_unfiled", {"insured_admdvs": "980101", "treatment_admdvs": "990101",
                       "class": "cross_province", "filed": False}, "not_eligible",
     ["cross_province_not_filed"]),
])
def test_three_regions_get_their_class_filing_and_credit(api, key, region, decision,
                                                        reasons) -> None:
    answer, _ = voucher_session(api, key)
    assert answer["region"] == region
    assert (answer["decision"], answer["reasons"]) == (decision, reasons)
    # the card's answer (staff read it here) carries the same region and decision
    person = api.credentials["patients"][key]
    by_card = api.clerk.post("/v1/eligibility", {"card": {
        "ssn": person["ssn"], "card_number": person["card_number"]}}).json()
    assert (by_card["region"], by_card["decision"]) == (region, decision)


def test_an_unknown_card_tells_no_region(api) -> None:
    answer = api.clerk.post("/v1/eligibility", {"card": card_of(
        "eligible", ssn="110105199001011237")}).json()
    assert answer["patient"] is None and answer["region"] is None


def test_the_hospital_setting_decides_credit(api) -> None:
    settings = api.service.context.settings
    settings.credit_in_province = "never"
    answer, _ = voucher_session(api, "in_province")
    assert (answer["decision"], answer["reasons"]) == ("not_eligible", ["cross_region_no_credit"])
    settings.credit_cross_province = "always"
    answer, _ = voucher_session(api, "cross_unfiled")
    assert (answer["decision"], answer["reasons"]) == ("eligible", [])
    settings.credit_cross_province = "never"
    answer, _ = voucher_session(api, "cross_filed")
    assert (answer["decision"], answer["reasons"]) == ("not_eligible", ["cross_region_no_credit"])
    local, _ = voucher_session(api, "eligible")
    assert local["decision"] == "eligible"


def test_no_credit_check_in_for_an_unfiled_cross_province_patient(api) -> None:
    answer, session = voucher_session(api, "cross_unfiled")
    r = session.post("/v1/visits", {"patient_id": answer["patient"]["patient_id"],
                                    "department_code": "INT"})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["details"]["reasons"] == ["cross_province_not_filed"]
    # treated all the same: the counter checks them in to pay there
    r = api.clerk.post("/v1/visits", {"patient_id": answer["patient"]["patient_id"],
                                      "department_code": "INT", "mode": "counter"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("key", "values"), [
    ("eligible", ("990101", "990101", "local", None)),
    ("in_province", ("990201", "990101", "in_province", None)),
    ("cross_filed", ("980101", "990101", "cross_province", True)),
])
def test_the_visit_records_both_regions_and_the_class(api, key, values) -> None:
    answer, session = voucher_session(api, key)
    r = session.post("/v1/visits", {"patient_id": answer["patient"]["patient_id"],
                                    "department_code": "INT"})
    assert r.status_code == 201, r.text
    v = schema.visits
    with api.service.context.db.read() as conn:
        row = conn.execute(select(v.c.insuplc_admdvs, v.c.mdtrtarea_admvs, v.c.region_class,
                                  v.c.region_filed)
                           .where(v.c.visit_id == r.json()["visit_id"])).one()
    assert tuple(row) == values


def open_visit_with_bill(api, key: str) -> tuple[int, Caller | None]:  # type: ignore[no-untyped-def]
    """A visit of ``key`` with 600.00 yuan of class A and 100.00 of class B items: on credit
    through a voucher session where the region allows, else at the counter."""
    answer, session = voucher_session(api, key)
    pid = answer["patient"]["patient_id"]
    if answer["decision"] == "eligible":
        r = session.post("/v1/visits", {"patient_id": pid, "department_code": "INT"})
    else:
        r = api.clerk.post("/v1/visits", {"patient_id": pid, "department_code": "INT",
                                          "mode": "counter"})
    assert r.status_code == 201, r.text
    vid = r.json()["visit_id"]
    api.charge(vid, price=60_000, klass="A", order=f"{key}-a")
    api.charge(vid, price=10_000, klass="B", category="drug", order=f"{key}-b")
    return vid, (session if answer["decision"] == "eligible" else None)


# The bill: A 60,000 fen in scope; B 10,000 fen, 10 % self-paid first, 9,000 in scope.
@pytest.mark.parametrize(("key", "deductible", "fund"), [
    # the hospital's 310 policy: 200.00 deductible, 70 %: (69,000 - 20,000) x 0.7
    ("eligible", 20_000, 34_300),
    # 990201 employees: 300.00, A 65 %, B 60 %: 30,000 x 0.65 + 9,000 x 0.60
    ("in_province", 30_000, 24_900),
    # 980101 employees, filed: 500.00, A 60 %, B 55 %: 10,000 x 0.60 + 9,000 x 0.55
    ("cross_filed", 50_000, 10_950),
    # 980101 residents, not filed: 300.00, ratios 10 points lower (A 40 %, B 30 %)
    ("cross_unfiled", 30_000, 14_700),
])
def test_the_fund_split_follows_the_insured_place(api, key, deductible, fund) -> None:
    vid, _ = open_visit_with_bill(api, key)
    bill = api.clerk.get(f"/v1/visits/{vid}/pre-settlement")
    assert bill.status_code == 200, bill.text
    split = bill.json()["split"]
    assert (split["medfee_sumamt_fen"], split["preselfpay_amt_fen"],
            split["inscp_scp_amt_fen"]) == (70_000, 1_000, 69_000)
    assert (split["act_pay_dedc_fen"], split["hifp_pay_fen"]) == (deductible, fund)


def settle(api, vid: int, session: Caller | None) -> None:  # type: ignore[no-untyped-def]
    split = api.clerk.get(f"/v1/visits/{vid}/pre-settlement").json()["split"]
    if session is None:
        r = api.settle(vid, None, split, caller=api.clerk, channel="counter")
    else:
        r = api.settle(vid, None, split, caller=session)
    assert r.status_code == 201, r.text


def test_clearing_splits_by_region_class_and_adds_up(api) -> None:
    for key in ("eligible", "in_province", "cross_filed", "cross_unfiled"):
        settle(api, *open_visit_with_bill(api, key))
    r = api.supervisor.get("/v1/reports/clearing?period=monthly&start=2026-11-01&end=2026-11-30")
    assert r.status_code == 200, r.text
    report = r.json()
    parts = report["by_region_class"]
    assert [parts[c]["settlements"] for c in ("local", "in_province", "cross_province")] == [
        1, 1, 2]
    for field, total in report["totals"].items():
        assert sum(part[field] for part in parts.values()) == total, field
    assert parts["cross_province"]["hifp_pay_fen"] == 10_950 + 14_700

    r = api.supervisor.get(
        "/v1/reports/clearing/cross-region?from=2026-11-01&to=2026-11-30&format=json")
    assert r.status_code == 200, r.text
    export = r.json()
    assert [(g["insuplc_admdvs"], g["region_class"], g["count"]) for g in export["regions"]] == [
        ("980101", "cross_province", 2), ("990201", "in_province", 1)]
    assert export["totals"]["hifp_pay_fen"] == 10_950 + 14_700 + 24_900
    assert sorted(d["filed"] for d in export["regions"][0]["settlements"]) == [False, True]

    csv_r = api.supervisor.get(
        "/v1/reports/clearing/cross-region?from=2026-11-01&to=2026-11-30&format=csv")
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    lines = csv_r.text.strip().split("\r\n")
    assert lines[0].split(",")[:3] == ["insuplc_admdvs", "settlement_id", "visit_id"]
    assert [line.split(",")[0] for line in lines[1:]] == ["980101", "980101", "990201"]
    for person in api.credentials["patients"].values():  # no ID numbers in the export
        assert person["ssn"] not in csv_r.text


def test_the_cross_region_export_is_for_supervisors_and_checks_its_dates(api) -> None:
    path = "/v1/reports/clearing/cross-region?from=2026-11-01&to=2026-11-30"
    assert api.clerk.get(path).status_code == 403
    r = api.supervisor.get("/v1/reports/clearing/cross-region?from=2026-11-30&to=2026-11-01")
    assert r.status_code == 422
    assert api.supervisor.get(path + "&format=xml").status_code == 422


# ---- the pure rules ------------------------------------------------------------------------
@pytest.mark.parametrize(("insured", "treatment", "cls"), [
    ("990101", "990101", RegionClass.LOCAL),
    ("990102", "990101", RegionClass.LOCAL),  # another county of the same city
    ("990201", "990101", RegionClass.IN_PROVINCE),
    ("980101", "990101", RegionClass.CROSS_PROVINCE),
    ("110105", "310101", RegionClass.CROSS_PROVINCE),
])
def test_the_class_compares_4_then_2_digits(insured, treatment, cls) -> None:
    assert region_class(insured, treatment) is cls


@pytest.mark.parametrize(("cls", "filed", "in_rule", "cross_rule", "reason"), [
    (RegionClass.LOCAL, None, "never", "never", None),
    (RegionClass.IN_PROVINCE, None, "always", "never", None),
    (RegionClass.IN_PROVINCE, None, "never", "always", Reason.CROSS_REGION_NO_CREDIT),
    (RegionClass.CROSS_PROVINCE, True, "always", "filed", None),
    (RegionClass.CROSS_PROVINCE, False, "always", "filed", Reason.CROSS_PROVINCE_NOT_FILED),
    (RegionClass.CROSS_PROVINCE, False, "never", "always", None),
    (RegionClass.CROSS_PROVINCE, True, "always", "never", Reason.CROSS_REGION_NO_CREDIT),
])
def test_the_credit_rule(cls, filed, in_rule, cross_rule, reason) -> None:
    assert credit_reason(cls, filed, in_rule, cross_rule) is reason


def test_with_region_keeps_not_linked_and_refuses_credit() -> None:
    region = Region("980101", "990101", RegionClass.CROSS_PROVINCE, False)
    unlinked = {"decision": "not_linked", "reasons": ["not_linked"], "patient": {"x": 1}}
    out = with_region(unlinked, region, Reason.CROSS_PROVINCE_NOT_FILED)
    assert out["decision"] == "not_eligible"
    assert out["reasons"] == ["cross_province_not_filed", "not_linked"]
    eligible = {"decision": "eligible", "reasons": [], "patient": {"x": 1}}
    assert with_region(eligible, region, None) == {**eligible, "region": region.to_json()}


def test_region_policy_cuts_the_ratios_only_for_unfiled_cross_province() -> None:
    base = st.DEFAULT_POLICIES["310"]
    row = SimpleNamespace(annual_deductible_fen=50_000, fund_ratio_a="0.60",
                          fund_ratio_b="0.05", annual_fund_cap_fen=400_000,
                          unfiled_ratio_cut="0.10")
    filed = region_policy(base, row, Region("980101", "990101", RegionClass.CROSS_PROVINCE,
                                            True))
    assert filed.class_ratios == (Fraction(6, 10), Fraction(1, 20))
    unfiled = region_policy(base, row, Region("980101", "990101",
                                              RegionClass.CROSS_PROVINCE, False))
    assert unfiled.class_ratios == (Fraction(1, 2), Fraction(0))  # never below zero
    assert unfiled.annual_deductible_fen == 50_000 and unfiled.annual_fund_cap_fen == 400_000
    in_province = region_policy(base, row, Region("990201", "990101",
                                                  RegionClass.IN_PROVINCE, None))
    assert in_province.class_ratios == (Fraction(6, 10), Fraction(1, 20))
    local = Region("990101", "990101", RegionClass.LOCAL, None)
    assert region_policy(base, row, local) is base
    elsewhere = Region("970101", "990101", RegionClass.CROSS_PROVINCE, True)
    assert region_policy(base, None, elsewhere) is base  # a place without a policy row
