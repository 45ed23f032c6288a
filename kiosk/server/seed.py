"""``seed-demo``: departments, the demo patients of ``kiosk.domain.demo`` with the reference
adapters' data (credit scores, monitoring flags, account balances), credit links, the overdue
debt of the "not_eligible" patient, an appointment today for the "eligible" patient, and
fresh credentials (a kiosk token, one token per department, clerk/supervisor/admin accounts).

Re-running is safe: existing rows are kept, missing ones added, new credentials issued. The
"first_time" patient gets bureau data but no patient record: the counter creates and links
them, as in real life.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.domain.demo_regions import REGION_DEMO_PATIENTS
from kiosk.server import schema as t
from kiosk.server.auth import SYSTEM
from kiosk.server.context import sha256_hex
from kiosk.server.regions import seed_region_demo
from kiosk.server.service import Service
from kiosk.server.statuses import STAFF_ROLES, DebtStatus, LinkStatus, Role

# code, 中文, English, building, floor, room, opens, closes, queue, minutes per patient
DEMO_DEPARTMENTS: tuple[tuple[str, str, str, str, int, str, str, str, int, int], ...] = (
    ("INT", "内科", "Internal medicine", "A", 2, "A-201", "00:00", "24:00", 4, 6),
    ("SUR", "外科", "Surgery", "A", 3, "A-305", "00:00", "24:00", 2, 8),
    ("PED", "儿科", "Paediatrics", "A", 1, "A-102", "00:00", "24:00", 3, 7),
    ("LAB", "检验科", "Laboratory", "B", 1, "B-105", "00:00", "24:00", 6, 2),
    ("RAD", "放射科", "Radiology", "B", 2, "B-210", "00:00", "24:00", 3, 10),
    ("ECG", "心电图室", "ECG room", "B", 3, "B-301", "00:00", "24:00", 1, 5),
    ("PHA", "药房", "Pharmacy", "C", 1, "C-101", "00:00", "24:00", 5, 2),
)

DEMO_CONSENT = (
    "本人同意医院查询本人信用信息并开通“先诊疗后付费”服务，就诊结束后自动从绑定账户扣除个人自付部分。"
)
# the hospital's demo patients and those insured elsewhere (kiosk.domain.demo_regions)
ALL_DEMO_PATIENTS = (*DEMO_PATIENTS, *(r.patient for r in REGION_DEMO_PATIENTS))
ACCOUNT_BALANCE_310 = 50_000  # 500 yuan in the personal account of employee-insured patients


def seed_demo(service: Service) -> dict[str, Any]:
    ctx, auth = service.context, service.auth
    now = ctx.now()
    today = ctx.today()
    with ctx.db.write() as conn:
        have = set(conn.execute(select(t.departments.c.code)).scalars())
        for code, zh, en, building, floor, room, opens, closes, queue, mpp in DEMO_DEPARTMENTS:
            if code not in have:
                conn.execute(t.departments.insert().values(
                    code=code, name_zh=zh, name_en=en, building=building, floor=floor, room=room,
                    opens=opens, closes=closes, queue_length=queue, minutes_per_patient=mpp))
        people = set(conn.execute(select(t.ref_people.c.ssn)).scalars())
        patients = dict(conn.execute(select(t.patients.c.ssn, t.patients.c.patient_id)).all())
        for p in ALL_DEMO_PATIENTS:
            if p.ssn not in people:
                conn.execute(t.ref_people.insert().values(
                    ssn=p.ssn, credit_score=p.credit_score, monitoring_flag=p.monitoring_flag,
                    insurance_active=True, payment_declines=False,
                    account_balance_fen=ACCOUNT_BALANCE_310 if p.insurance_type == "310" else 0))
            if p.key == "first_time" or p.ssn in patients:
                continue
            pid = conn.execute(t.patients.insert().values(
                ssn=p.ssn, card_number=p.card_number, name=p.name, gender=p.gender,
                birth_date=p.birth_date, region_code=p.ssn[:6], insurance_type=p.insurance_type,
                card_expiry_date=p.expiry_date, created_at=now)).inserted_primary_key[0]
            patients[p.ssn] = pid
            if p.linked:
                conn.execute(t.credit_links.insert().values(
                    patient_id=pid, status=LinkStatus.LINKED,
                    credit_limit_fen=ctx.settings.credit_limit_for(p.credit_score),
                    payment_method_type="bank_card",
                    payment_method_ref=f"6222****{p.card_number[-4:]}",
                    consent_text=DEMO_CONSENT, consent_text_sha256=sha256_hex(DEMO_CONSENT),
                    signature_sha256=sha256_hex(f"demo-signature-{p.key}"),
                    consent_signed_at=now, verified_by="seed-demo", linked_at=now,
                    updated_at=now))
            if p.overdue_debt_fen:
                conn.execute(t.debts.insert().values(
                    patient_id=pid, amount_fen=p.overdue_debt_fen,
                    due_date=today - timedelta(days=30), status=DebtStatus.OPEN,
                    created_at=now - timedelta(days=60)))
        eligible = next(p for p in DEMO_PATIENTS if p.key == "eligible")
        eligible_id = patients[eligible.ssn]
        if not conn.execute(select(t.appointments.c.appointment_id).where(
                t.appointments.c.patient_id == eligible_id,
                t.appointments.c.date == today)).first():
            conn.execute(t.appointments.insert().values(
                patient_id=eligible_id, department_code="INT", date=today, time="09:30"))
        seed_region_demo(conn)
        ctx.audit(conn, SYSTEM, "demo.seed", "database", "demo")
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    credentials: dict[str, Any] = {
        "kiosk_token": auth.create_token(Role.KIOSK, f"demo-kiosk-{stamp}"),
        "department_tokens": {
            d[0]: auth.create_token(Role.DEPARTMENT, f"demo-{d[0]}-{stamp}", d[0])
            for d in DEMO_DEPARTMENTS
        },
        "staff": {},
        "patients": {p.key: {"ssn": p.ssn, "card_number": p.card_number,
                             "patient_id": patients.get(p.ssn)} for p in ALL_DEMO_PATIENTS},
    }
    for role in STAFF_ROLES:
        username = f"demo-{role}-{stamp}-{secrets.token_hex(2)}"
        password = secrets.token_urlsafe(12)
        auth.create_staff(username, password, role)
        credentials["staff"][role] = {"username": username, "password": password}
    return credentials

