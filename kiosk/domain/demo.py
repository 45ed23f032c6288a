"""The demo patients: one per outcome the kiosk must handle, shared by the virtual card and the
backend's ``seed-demo`` so that a demo card always meets a matching backend record.

Pure data. Names and numbers are invented. The ID numbers carry valid GB 11643 check digits
but the region code 990101, which no real place has (the national list's province codes stop
at 82), so a demo record can never be a real person's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DemoPatient:
    key: str  # stable handle used by demo panels, tests and seed-demo
    ssn: str
    name: str
    gender: str  # "male" / "female"
    birth_date: date
    card_number: str  # 9 ASCII characters, as in EF05 tag 07
    issue_date: date
    expiry_date: date
    insurance_type: str  # "310" employee, "390" resident
    linked: bool  # linked to the credit system
    credit_score: int
    monitoring_flag: str | None  # None, "fraud" or "blacklist"
    overdue_debt_fen: int
    third_generation: bool = False  # holder data readable only through a secure module
    description: str = ""


DEMO_PATIENTS: tuple[DemoPatient, ...] = (
    DemoPatient(
        key="eligible", ssn="990101195603140023", name="林秀英", gender="female",
        birth_date=date(1956, 3, 14), card_number="A01234567",
        issue_date=date(2021, 5, 10), expiry_date=date(2031, 5, 10),
        insurance_type="310", linked=True, credit_score=720, monitoring_flag=None,
        overdue_debt_fen=0, description="linked, good credit: treated first, pays at the end",
    ),
    DemoPatient(
        key="first_time", ssn="990101194807020045", name="陈建国", gender="male",
        birth_date=date(1948, 7, 2), card_number="A02345678",
        issue_date=date(2020, 1, 15), expiry_date=date(2030, 1, 15),
        insurance_type="390", linked=False, credit_score=690, monitoring_flag=None,
        overdue_debt_fen=0, description="never linked: sent to the counter once",
    ),
    DemoPatient(
        key="not_eligible", ssn="990101197001010052", name="王志明", gender="male",
        birth_date=date(1970, 1, 1), card_number="A03456789",
        issue_date=date(2019, 8, 1), expiry_date=date(2029, 8, 1),
        insurance_type="310", linked=True, credit_score=540, monitoring_flag=None,
        overdue_debt_fen=38_650, description="low credit score and an overdue debt",
    ),
    DemoPatient(
        key="expired", ssn="990101198506200016", name="张丽", gender="female",
        birth_date=date(1985, 6, 20), card_number="A04567890",
        issue_date=date(2014, 3, 1), expiry_date=date(2024, 3, 1),
        insurance_type="310", linked=True, credit_score=700, monitoring_flag=None,
        overdue_debt_fen=0, description="card expired",
    ),
    DemoPatient(
        key="third_generation", ssn="990101196209090034", name="黄美玲", gender="female",
        birth_date=date(1962, 9, 9), card_number="A05678901",
        issue_date=date(2023, 6, 1), expiry_date=date(2033, 6, 1),
        insurance_type="390", linked=True, credit_score=710, monitoring_flag=None,
        overdue_debt_fen=0, third_generation=True,
        description="third-generation card: holder data needs a secure module",
    ),
    DemoPatient(
        key="rare_name", ssn="990101199004150068", name="李䶮", gender="male",
        birth_date=date(1990, 4, 15), card_number="A06789012",
        issue_date=date(2022, 2, 2), expiry_date=date(2032, 2, 2),
        insurance_type="390", linked=True, credit_score=650, monitoring_flag=None,
        overdue_debt_fen=0, description="eligible resident whose name needs GB 18030",
    ),
    DemoPatient(
        key="blacklisted", ssn="99010119751111007X", name="吴海", gender="male",
        birth_date=date(1975, 11, 11), card_number="A07890123",
        issue_date=date(2021, 9, 9), expiry_date=date(2031, 9, 9),
        insurance_type="310", linked=True, credit_score=760, monitoring_flag="blacklist",
        overdue_debt_fen=0, description="on the insurance credit-monitoring blacklist",
    ),
)

REGION_CODE = "990101"


def demo_patient(key: str) -> DemoPatient:
    for patient in DEMO_PATIENTS:
        if patient.key == key:
            return patient
    raise KeyError(key)
