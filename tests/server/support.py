"""Helpers for the backend tests: demo card records and gateway counts."""

from __future__ import annotations

from typing import Any

from kiosk.domain.demo import DemoPatient, demo_patient
from kiosk.server.service import Service


def card_of(patient: DemoPatient | str, **changes: Any) -> dict[str, Any]:
    p = demo_patient(patient) if isinstance(patient, str) else patient
    card = {"ssn": p.ssn, "name": p.name, "gender": p.gender,
            "birth_date": p.birth_date.isoformat(), "card_number": p.card_number,
            "region_code": p.ssn[:6], "issue_date": p.issue_date.isoformat(),
            "expiry_date": p.expiry_date.isoformat(), "spec_version": "3.00", "card_type": "1"}
    card.update(changes)
    return card


def count_gateway(service: Service, kind: str = "charge") -> int:
    from sqlalchemy import func, select

    from kiosk.server import schema

    with service.context.db.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.gateway_transactions)
                            .where(schema.gateway_transactions.c.kind == kind)).scalar_one()
