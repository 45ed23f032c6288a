"""The eligibility answer's region block reaches the session's view: the masked name a
voucher patient is shown by (no card to read it from), the region class and the filing."""

from __future__ import annotations

import pytest

from kiosk.client.models import ResponseShapeError, parse_eligibility
from kiosk.flow.views import eligibility_view

ANSWER = {
    "decision": "eligible", "reasons": [], "credit_limit_fen": 200_000,
    "available_credit_fen": 200_000, "open_visits": [], "appointments_today": [],
    "patient": {"patient_id": 6, "display_name": "赵*", "insurance_type": "310",
                "region_code": "990201"},
}


def test_the_region_and_the_masked_name_reach_the_view():
    answer = parse_eligibility({**ANSWER, "region": {
        "insured_admdvs": "980101", "treatment_admdvs": "990101",
        "class": "cross_province", "filed": True}})
    view = eligibility_view(answer)
    assert (view.region_class, view.region_filed, view.masked_name) == (
        "cross_province", True, "赵*")


def test_an_answer_without_a_region_is_not_told_one():
    view = eligibility_view(parse_eligibility(ANSWER))
    assert view.region_class is None and view.region_filed is None
    local = parse_eligibility({**ANSWER, "region": {
        "insured_admdvs": "990101", "treatment_admdvs": "990101", "class": "local",
        "filed": None}})
    assert eligibility_view(local).region_class == "local"


def test_a_filing_that_is_not_true_false_or_null_is_a_bad_answer():
    with pytest.raises(ResponseShapeError):
        parse_eligibility({**ANSWER, "region": {
            "insured_admdvs": "980101", "treatment_admdvs": "990101",
            "class": "cross_province", "filed": "yes"}})
