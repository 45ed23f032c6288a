"""The demo patients look like real records to the software, and like nobody to a person.

Their ID numbers pass the GB 11643 check (the kiosk and the backend accept them), but their
region code names no real place: a screenshot or a demo log can never show a real person.
"""

from __future__ import annotations

from kiosk.domain.citizen_id import is_valid
from kiosk.domain.demo import DEMO_PATIENTS, REGION_CODE

# GB/T 2260 province-level codes (the first two digits of every real region code).
REAL_PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
})


def test_demo_id_numbers_are_valid_but_from_no_real_region() -> None:
    assert int(REGION_CODE[:2]) not in REAL_PROVINCES
    for patient in DEMO_PATIENTS:
        assert is_valid(patient.ssn), patient.key
        assert patient.ssn.startswith(REGION_CODE), patient.key
        assert int(patient.ssn[:2]) not in REAL_PROVINCES, patient.key
        assert patient.ssn[6:14] == patient.birth_date.strftime("%Y%m%d"), patient.key


def test_demo_numbers_are_distinct() -> None:
    assert len({p.ssn for p in DEMO_PATIENTS}) == len(DEMO_PATIENTS)
    assert len({p.card_number for p in DEMO_PATIENTS}) == len(DEMO_PATIENTS)
