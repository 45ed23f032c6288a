"""Demo patients insured elsewhere (异地就医), next to the hospital's own demo patients of
``kiosk.domain.demo``, and the insured places' demo policies.

The demo hospital treats at 990101 (a city of the invented province 99; see
``kiosk.domain.demo``: no real place has a 99 or 98 code). ``in_province`` is insured at
990201, another city of province 99; ``cross_filed`` and ``cross_unfiled`` at 980101 in the
invented province 98, the first having filed for direct settlement in province 99 (990000),
the second not. All three are linked with good credit, so only the region rules decide their
credit. Pure data; ID numbers carry valid GB 11643 check digits, card numbers are 9 ASCII
characters as on the card (EF05 tag 07).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.domain.demo import DEMO_PATIENTS, DemoPatient


@dataclass(frozen=True, slots=True)
class RegionDemoPatient:
    patient: DemoPatient
    insuplc_admdvs: str  # the insured place
    filed_admdvs: str | None  # where they filed cross-province treatment, if anywhere


def _patient(key: str, ssn: str, name: str, gender: str, card_number: str,
             insurance_type: str, description: str) -> DemoPatient:
    return DemoPatient(
        key=key, ssn=ssn, name=name, gender=gender,
        birth_date=date(int(ssn[6:10]), int(ssn[10:12]), int(ssn[12:14])),
        card_number=card_number, issue_date=date(2022, 9, 1), expiry_date=date(2032, 9, 1),
        insurance_type=insurance_type, linked=True, credit_score=720, monitoring_flag=None,
        overdue_debt_fen=0, description=description)


REGION_DEMO_PATIENTS: tuple[RegionDemoPatient, ...] = (
    RegionDemoPatient(_patient(
        "in_province", "99020119720305004X", "赵文华", "male", "B01234567", "310",
        "insured in another city of the province: credit, that city's policy"), "990201", None),
    RegionDemoPatient(_patient(
        "cross_filed", "980101198808080054", "孙晓燕", "female", "B02345678", "310",
        "insured in another province, filed: credit, that province's policy"), "980101",
        "990000"),
    RegionDemoPatient(_patient(
        "cross_unfiled", "980101199101010065", "周强", "male", "B03456789", "390",
        "insured in another province, not filed: no credit, lower rates"), "980101", None),
)

# The insured places' outpatient policies for their patients treated here (table
# ``region_policies``): place, insurance type, name, annual deductible (fen), fund ratio for
# class A and class B in-scope fen, annual fund cap (fen), points off for an unfiled
# cross-province patient. Illustrations for the demo and tests, not any place's policy.
REGION_DEMO_POLICIES: tuple[tuple[str, str, str, int, str, str, int, str], ...] = (
    ("990201", "310", "demo province 99, city 02, employees", 30_000, "0.65", "0.60",
     300_000, "0"),
    ("990201", "390", "demo province 99, city 02, residents", 20_000, "0.50", "0.45",
     100_000, "0"),
    ("980101", "310", "demo province 98, city 01, employees", 50_000, "0.60", "0.55",
     400_000, "0.10"),
    ("980101", "390", "demo province 98, city 01, residents", 30_000, "0.50", "0.40",
     150_000, "0.10"),
)


def demo_person(key: str) -> DemoPatient:
    """The demo patient with this key, of the hospital's own or from elsewhere."""
    for patient in (*DEMO_PATIENTS, *(r.patient for r in REGION_DEMO_PATIENTS)):
        if patient.key == key:
            return patient
    raise KeyError(key)
