"""A patient's visit over HTTP and rehearsal faults, for the tests that provoke the reference
gateway's paths against a real server process (``tests/server/test_rehearsal.py``, the
counter's finance window). No pytest in here.

Threads: one calling thread per ``HttpJourney``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.server.support import card_of
from tests.support.server_proc import session

# a demo server for rehearsals: no auto-settle; cards are not what is rehearsed
DEMO_CONFIG = ("auto_settle_interval_seconds = 0\nenvironment = \"demo\"\n"
               "card_authentication_required = false\n")


@dataclass
class HttpJourney:
    base: str
    creds: dict[str, Any]
    supervisor_token: str
    http: requests.Session = field(default_factory=session)

    @property
    def supervisor(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.supervisor_token}"}

    def post(self, path: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.http.post(f"{self.base}{path}", json=body, timeout=60, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(f"{self.base}{path}", timeout=60, **kw)

    def fault(self, **body: Any) -> dict[str, Any]:
        r = self.post("/v1/admin/rehearsal/faults", body, headers=self.supervisor)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def visit_with_charge(self, patient: str = "eligible") -> tuple[int, dict[str, str]]:
        """A checked-in visit with one charge; the kiosk's headers within the session."""
        kiosk = {"Authorization": f"Bearer {self.creds['kiosk_token']}"}
        r = self.post("/v1/eligibility", {"card": card_of(patient)}, headers=kiosk)
        assert r.status_code == 200, r.text
        kiosk["X-Patient-Session"] = r.json()["session_token"]
        r = self.post("/v1/visits", {"patient_id": r.json()["patient"]["patient_id"],
                                     "department_code": "INT"}, headers=kiosk)
        if r.status_code == 409 and r.json()["error"]["code"] == "already_checked_in":
            # an earlier test's visit still open today: the kiosk carries on with it
            vid = r.json()["error"]["details"]["visit"]["visit_id"]
        else:
            assert r.status_code == 201, r.text
            vid = r.json()["visit_id"]
        dept = {"Authorization": f"Bearer {self.creds['department_tokens']['INT']}"}
        r = self.post(f"/v1/visits/{vid}/charges", {
            "item_code": "LAB-CBC", "name": "血常规", "category": "lab",
            "insurance_class": "C", "unit_price_fen": 1_500, "quantity": 1}, headers=dept)
        assert r.status_code == 201, r.text
        return vid, kiosk

    def settle(self) -> dict[str, Any]:
        vid, kiosk = self.visit_with_charge()
        bill = self.get(f"/v1/visits/{vid}/pre-settlement", headers=kiosk).json()["split"]
        r = self.post(f"/v1/visits/{vid}/settlement", {
            "expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]},
            headers={**kiosk, "Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 201, r.text
        return dict(r.json())

    def unresolved(self) -> list[dict[str, Any]]:
        r = self.get("/v1/finance/unresolved", headers=self.supervisor)
        assert r.status_code == 200, r.text
        return list(r.json()["items"])
