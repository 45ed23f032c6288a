"""The pre-settlement says whose policy its split applied: the region its visit recorded (the
insured place, the class, the filing), to staff and to the patient's kiosk session alike;
the kiosk's bill keeps the insured place of a visit from elsewhere (for its note), none of a
local one."""

from __future__ import annotations

import pytest

from kiosk.client.models import parse_bill
from kiosk.flow.views import bill_view

from .test_cross_region import open_visit_with_bill


@pytest.mark.parametrize(("key", "region"), [
    ("eligible", {"insured_admdvs": "990101", "treatment_admdvs": "990101", "class": "local",
                  "filed": None}),
    ("in_province", {"insured_admdvs": "990201", "treatment_admdvs": "990101",
                     "class": "in_province", "filed": None}),
    ("cross_unfiled", {"insured_admdvs": "980101", "treatment_admdvs": "990101",
                       "class": "cross_province", "filed": False}),
])
def test_the_bill_names_the_region_whose_policy_applied(api, key, region) -> None:
    vid, _ = open_visit_with_bill(api, key)
    bill = api.clerk.get(f"/v1/visits/{vid}/pre-settlement")
    assert bill.status_code == 200, bill.text
    assert bill.json()["region"] == region
    insured = None if key == "eligible" else region["insured_admdvs"]
    assert bill_view(parse_bill(bill.json())).insured_admdvs == insured


def test_the_patients_kiosk_session_sees_it_too(api) -> None:
    vid, session = open_visit_with_bill(api, "cross_filed")
    assert session is not None  # filed: on credit, through the voucher session
    bill = session.get(f"/v1/visits/{vid}/pre-settlement")
    assert bill.status_code == 200, bill.text
    assert bill.json()["region"] == {"insured_admdvs": "980101", "treatment_admdvs": "990101",
                                     "class": "cross_province", "filed": True}
    assert bill_view(parse_bill(bill.json())).insured_admdvs == "980101"
