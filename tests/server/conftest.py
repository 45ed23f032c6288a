"""Fixtures for the backend's tests: a database per test, the app over it, the demo data.

``db_url`` is parametrized: ``sqlite`` (a temporary file, always) and ``postgres`` (a fresh
schema in the PostgreSQL of ``$KIOSK_TEST_PG_DSN``, which ``tools/test`` starts; skipped
without it). So every test that uses ``api``/``service`` runs against both databases.

``clock`` is a settable clock (default 2026-11-23 10:00 in Shanghai) handed to the app, so
"today", due dates and session expiry are deterministic. ``api`` gives callers per role:
``api.kiosk`` (the kiosk token alone), ``api.session("eligible")`` and ``api.kiosk_for(visit_id)``
(the kiosk within a fresh patient session of that patient), ``api.dept("LAB")``,
``api.clerk``, ``api.supervisor``, ``api.admin``, ``api.anon``, each with
``get/post/put/delete`` that add the bearer token (and the patient session).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.server import schema
from kiosk.server.app import create_app
from kiosk.server.config import Settings
from kiosk.server.seed import seed_demo
from kiosk.server.service import Service
from tests.server.support import authenticated

PG_ENV = "KIOSK_TEST_PG_DSN"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai


def _pg_schema_url(dsn: str) -> tuple[str, str]:
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in dsn else "?"
    return schema, f"{dsn}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.sqlite3'}"
        return
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"{PG_ENV} is not set (run ./tools/test)")
    schema, url = _pg_schema_url(dsn)
    yield url
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


class Clock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, auto_settle_interval_seconds=0,
                    environment="development")


@pytest.fixture
def app(settings, clock):  # type: ignore[no-untyped-def]
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.service.context.db.dispose()


@pytest.fixture
def service(app) -> Service:
    return app.state.service


@dataclass
class Caller:
    client: TestClient
    token: str | None
    session: str | None = None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.session is not None:
            headers["X-Patient-Session"] = self.session
        return headers

    def get(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, json: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.post(path, json=json, headers=self._headers(kw.pop("headers", None)),
                                **kw)

    def put(self, path: str, json: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.put(path, json=json, headers=self._headers(kw.pop("headers", None)),
                               **kw)

    def patch(self, path: str, json: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.patch(path, json=json,
                                 headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.delete(path, headers=self._headers(kw.pop("headers", None)), **kw)


@dataclass
class Api:
    client: TestClient
    service: Service
    credentials: dict[str, Any]
    clock: Clock
    _staff: dict[str, Caller] = field(default_factory=dict)

    @property
    def anon(self) -> Caller:
        return Caller(self.client, None)

    @property
    def kiosk(self) -> Caller:
        return Caller(self.client, self.credentials["kiosk_token"])

    def session_for_patient(self, patient_id: int) -> Caller:
        """The kiosk within a fresh patient session: the eligibility answer for the
        patient's genuine card (ssn and card number from the records), authenticated."""
        with self.service.context.db.read() as conn:
            row = conn.execute(select(schema.patients.c.ssn, schema.patients.c.card_number)
                               .where(schema.patients.c.patient_id == patient_id)).one()
        card = {"ssn": row.ssn, "card_number": row.card_number}
        r = self.kiosk.post("/v1/eligibility", authenticated(self.kiosk, card))
        assert r.status_code == 200 and r.json()["session_token"], r.text
        return Caller(self.client, self.credentials["kiosk_token"], r.json()["session_token"])

    def session(self, key: str = "eligible") -> Caller:
        return self.session_for_patient(self.patient_id(key))

    def kiosk_for(self, visit_id: int) -> Caller:
        """The kiosk within a session of the visit's patient."""
        with self.service.context.db.read() as conn:
            patient_id = conn.execute(select(schema.visits.c.patient_id).where(
                schema.visits.c.visit_id == visit_id)).scalar_one()
        return self.session_for_patient(patient_id)

    def dept(self, code: str) -> Caller:
        return Caller(self.client, self.credentials["department_tokens"][code])

    def staff(self, role: str) -> Caller:
        if role not in self._staff:
            creds = self.credentials["staff"][role]
            r = self.client.post("/v1/staff/sessions", json=creds)
            assert r.status_code == 201, r.text
            self._staff[role] = Caller(self.client, r.json()["token"])
        return self._staff[role]

    @property
    def clerk(self) -> Caller:
        return self.staff("clerk")

    @property
    def supervisor(self) -> Caller:
        return self.staff("supervisor")

    @property
    def admin(self) -> Caller:
        return self.staff("admin")

    def patient_id(self, key: str) -> int:
        return self.credentials["patients"][key]["patient_id"]

    # journey helpers -------------------------------------------------------------------
    def check_in(self, key: str = "eligible", dept: str = "INT") -> dict[str, Any]:
        r = self.session(key).post("/v1/visits", {"patient_id": self.patient_id(key),
                                                  "department_code": dept})
        assert r.status_code == 201, r.text
        return r.json()

    def charge(self, visit_id: int, dept: str = "INT", *, performing: str | None = None,
               price: int = 2500, qty: int = 1, klass: str = "A", category: str = "lab",
               order: str | None = None, expect: int = 201) -> dict[str, Any]:
        body: dict[str, Any] = {"item_code": f"IT-{price}", "name": "检查", "category": category,
                                "insurance_class": klass, "unit_price_fen": price,
                                "quantity": qty}
        if performing:
            body["performing_department_code"] = performing
        if order:
            body["his_order_id"] = order
        r = self.dept(dept).post(f"/v1/visits/{visit_id}/charges", body)
        assert r.status_code == expect, r.text
        return r.json()

    def bill(self, visit_id: int) -> dict[str, Any]:
        r = self.kiosk_for(visit_id).get(f"/v1/visits/{visit_id}/pre-settlement")
        assert r.status_code == 200, r.text
        return r.json()["split"]

    def settle(self, visit_id: int, key: str | None = None, split: dict[str, Any] | None = None,
               caller: Caller | None = None, **extra: Any):  # type: ignore[no-untyped-def]
        split = split or self.bill(visit_id)
        body = {"expected_medfee_sumamt_fen": split["medfee_sumamt_fen"],
                "expected_psn_cash_pay_fen": split["psn_cash_pay_fen"], **extra}
        return (caller or self.kiosk_for(visit_id)).post(
            f"/v1/visits/{visit_id}/settlement", body,
            headers={"Idempotency-Key": key or uuid.uuid4().hex})


@pytest.fixture
def api(client, service, clock) -> Api:
    return Api(client, service, seed_demo(service), clock)

