"""Issue 12 item 6: the smaller defects found by trying the backend as an attacker would, each
with a test that failed before its fix (SQLite and PostgreSQL where a database is involved).
Staff callers are used where the defect is not about the kiosk, so each test exercises the
defect alone."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.server import schema
from kiosk.server.app import create_app
from kiosk.server.config import Settings
from kiosk.server.errors import ApiError
from kiosk.server.models import LinkIn
from tests.support import server_proc as sp

from .conftest import Api
from .support import card_of, link_proof

CONSENT = {"text": "我同意先诊疗后付费", "signature_sha256": hashlib.sha256(b"sig").hexdigest(),
           "signed_at": "2026-11-23T02:00:00Z"}


def _new_patient(api: Api) -> int:
    r = api.clerk.post("/v1/patients", {"card": card_of("first_time"), "insurance_type": "390"})
    assert r.status_code == 201, r.text
    return int(r.json()["patient"]["patient_id"])


def _link(api: Api, patient_id: int, reference: str = "6222123412349999"):  # type: ignore[no-untyped-def]
    return api.clerk.post(f"/v1/patients/{patient_id}/link", {
        "identity_verified": True, "consent": CONSENT,
        "payment_method": {"type": "bank_card", "reference": reference},
        **link_proof(api.clerk, _card_of_record(api, patient_id))})


def _card_of_record(api: Api, patient_id: int) -> dict[str, str]:
    """The patient's card, as the counter reads it: the ssn and card number on record."""
    with api.service.context.db.read() as conn:
        row = conn.execute(select(schema.patients.c.ssn, schema.patients.c.card_number).where(
            schema.patients.c.patient_id == patient_id)).one()
    return {"ssn": row.ssn, "card_number": row.card_number}


def test_concurrent_first_links_make_one_link_and_409s(api: Api) -> None:
    """Regression: on PostgreSQL the losers hit the unique index of ``credit_links`` (500)."""
    from kiosk.server.auth import Principal

    pid = _new_patient(api)
    body = LinkIn.model_validate({"identity_verified": True, "consent": CONSENT,
                                  "payment_method": {"type": "bank_card",
                                                     "reference": "6222000011112222"}})
    clerk = Principal("clerk", "staff:1", staff_id=1)
    barrier, results = threading.Barrier(6), []

    def link() -> None:
        barrier.wait()
        try:
            api.service.patients.link(clerk, pid, body)
            results.append("linked")
        except ApiError as exc:
            results.append(f"{exc.status} {exc.code}")
        except Exception as exc:  # the defect: an IntegrityError, a 500
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=link) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["409 link_state"] * 5 + ["linked"]


def test_database_url_before_the_subcommand_is_honoured(tmp_path: Path, monkeypatch,
                                                        capsys) -> None:
    from kiosk.server.cli import main

    decoy = tmp_path / "default.sqlite3"
    monkeypatch.setenv("KIOSK_SERVER_DATABASE_URL", f"sqlite:///{decoy}")
    wanted = tmp_path / "wanted.sqlite3"
    assert main(["--database-url", f"sqlite:///{wanted}", "init-db"]) == 0
    assert wanted.exists() and not decoy.exists()
    assert main(["--database-url", f"sqlite:///{wanted}", "seed-demo"]) == 0
    assert not decoy.exists()
    capsys.readouterr()


def test_the_access_log_cannot_be_forged(api: Api, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.server.access")
    api.anon.get("/v1/nowhere%0D%0A2026-01-01 INFO kiosk.server.access forged 200 1.0ms")
    api.anon.get("/v1/nowhere%00%1B[31mred")
    vid = api.check_in()["visit_id"]
    api.clerk.get(f"/v1/visits/{vid}")
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.server.access"]
    assert lines
    for line in lines:
        assert not any(c in line for c in "\r\n\x00\x1b"), repr(line)
    assert any("/v1/visits/{visit_id}" in line for line in lines)  # the template, no id
    assert not any(f"/v1/visits/{vid}" in line for line in lines)
    assert any("\\x0d\\x0a" in line for line in lines)


@pytest.mark.parametrize("value", [0, 20301231, 1.5, True, "1700000000",
                                   "2030-12-31T00:00:00"])
def test_card_dates_are_strings_in_the_documented_format(api: Api, value: object) -> None:
    r = api.clerk.post("/v1/eligibility", {"card": card_of("eligible", expiry_date=value)})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error", r.text


@pytest.mark.parametrize("raw", [b'{"ssn": "\xff\xfe"}', b"[" * 60_000 + b"]" * 60_000,
                                 b'{"card": ' * 60_000])
def test_an_unparseable_body_is_422_validation_error(api: Api, raw: bytes) -> None:
    r = api.clerk.post("/v1/patients/search", content=raw,
                       headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"


def test_a_suspension_survives_unlink_and_only_a_supervisor_lifts_it(api: Api) -> None:
    pid = api.patient_id("eligible")
    assert api.clerk.post(f"/v1/patients/{pid}/suspend", {"reason": "dispute"}).status_code \
        == 200
    assert api.clerk.post(f"/v1/patients/{pid}/unlink", {"reason": "asked"}).status_code == 200
    relinked = _link(api, pid)
    assert relinked.status_code == 200, relinked.text
    assert relinked.json()["link"]["status"] == "suspended"
    assert "link_suspended" in relinked.json()["eligibility"]["reasons"]
    assert api.clerk.post(f"/v1/patients/{pid}/reinstate", {"reason": "x"}).status_code == 403
    r = api.supervisor.post(f"/v1/patients/{pid}/reinstate", {"reason": "resolved"})
    assert r.status_code == 200 and r.json()["link"]["status"] == "linked"


def test_unknown_ssn_and_wrong_card_get_one_answer(api: Api) -> None:
    wrong_card = api.kiosk.post("/v1/eligibility",
                                {"card": card_of("eligible", card_number="Z00000001")})
    unknown = api.kiosk.post("/v1/eligibility", {"card": card_of("first_time")})
    assert (wrong_card.status_code, wrong_card.json()) == (unknown.status_code, unknown.json())


def test_payment_method_references_are_masked_in_every_answer(api: Api) -> None:
    pid = _new_patient(api)
    answers = [_link(api, pid).json(), api.clerk.get(f"/v1/patients/{pid}").json(),
               api.clerk.post("/v1/patients/search", {"ssn": card_of("first_time")["ssn"]}
                              ).json()]
    for answer in answers:
        shown = answer["link"]["payment_method_ref"]
        assert "62221234" not in str(answer) and "1234" not in shown
        assert shown.endswith("9999") and len(shown.replace("*", "")) <= 4


def test_a_replay_after_a_reversal_shows_the_settlement_as_it_is_now(api: Api) -> None:
    vid = api.clerk.post("/v1/visits", {"patient_id": api.patient_id("eligible"),
                                        "department_code": "INT"}).json()["visit_id"]
    api.charge(vid, price=30_000, klass="C")
    bill = api.clerk.get(f"/v1/visits/{vid}/pre-settlement").json()["split"]
    first = api.settle(vid, "tap-reversed", bill, caller=api.clerk)
    assert first.status_code == 201 and first.json()["status"] == "completed"
    sid = first.json()["settlement_id"]
    assert api.supervisor.post(f"/v1/settlements/{sid}/reversal",
                               {"reason": "wrong"}).status_code == 200
    replay = api.settle(vid, "tap-reversed", bill, caller=api.clerk)
    assert replay.json()["status"] == "reversed"
    assert replay.json()["reversal"]["refund_status"] == "refunded"


def test_api_docs_are_off_in_production_and_local_elsewhere(tmp_path: Path) -> None:
    url = sp.sqlite_url(tmp_path)
    for environment, expected in (("production", 404), ("development", 200), ("demo", 200)):
        app = create_app(Settings(database_url=url, auto_settle_interval_seconds=0,
                                  environment=environment))
        with TestClient(app) as client:
            assert client.get("/openapi.json").status_code == expected
            docs = client.get("/docs")
            assert docs.status_code == expected
            assert client.get("/redoc").status_code == 404  # its script would need a CDN
            if expected == 200:
                assert "cdn" not in docs.text and "https://" not in docs.text
                asset = client.get("/docs/assets/swagger-ui-bundle.js")
                assert asset.status_code == 200 and len(asset.content) > 100_000
        app.state.service.context.db.dispose()
    assert Settings().environment == "production"
