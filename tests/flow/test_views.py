"""Routing a clinician would accept (issue 14, defect 7), as pure conversions: only clinical
departments are first check-in targets, and the itinerary runs tests first, then the clinical
stops, the pharmacy last."""

from __future__ import annotations

from kiosk.flow.models import DepartmentView, Stop
from kiosk.flow.views import check_in_targets, department_kind, route_order


def dept(code: str, name_en: str) -> DepartmentView:
    return DepartmentView(code, code, name_en, "A", 1, "A-101", 5)


INT, SUR = dept("INT", "Internal medicine"), dept("SUR", "Surgery")
LAB, RAD = dept("LAB", "Laboratory"), dept("RAD", "Radiology")
ECG, PHA = dept("ECG", "ECG room"), dept("PHA", "Pharmacy")


def test_lab_imaging_and_pharmacy_are_not_first_check_in_targets():
    assert check_in_targets((ECG, INT, LAB, PHA, RAD, SUR)) == (INT, SUR)
    assert department_kind("XRAY2", "X-ray suite") == "test"  # by name where the code is new
    assert department_kind("OPH", "Ophthalmology") == "clinical"


def test_the_pharmacy_comes_last_and_tests_before_results_review():
    stops = [Stop(d, 1, 2, 3, ()) for d in (PHA, INT, LAB, RAD)]
    assert [s.department.code for s in route_order(stops)] == ["LAB", "RAD", "INT", "PHA"]
    already = [Stop(d, 1, 2, 3, ()) for d in (LAB, INT, PHA)]
    assert route_order(already) == tuple(already)  # a good order is kept as it is
