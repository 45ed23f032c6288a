"""Rehearsal over HTTP against real server processes (``kiosk server run``), SQLite and
PostgreSQL: each scripted fault of the reference gateway and insurer provokes its path
(declined charge, time-out, unknown outcome then its resolution, slow answer, insurer decline),
the command line scripts the same faults, and a production server has no rehearsal (404, and
the command refuses).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.server.support import card_of
from tests.support.rehearsal import DEMO_CONFIG, HttpJourney
from tests.support.server_proc import (
    PG_ENV,
    ServerProcess,
    pg_database,
    run_cli,
    seed,
    session,
    sqlite_url,
    staff_token,
    write_config,
)


@dataclass
class Demo(HttpJourney):
    url: str = ""
    config: str = ""


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                marks=pytest.mark.postgres)])
def demo(request, tmp_path_factory) -> Iterator[Demo]:
    work = tmp_path_factory.mktemp("rehearsal")
    if request.param == "postgres":
        dsn = os.environ.get(PG_ENV)
        if not dsn:
            pytest.skip(f"{PG_ENV} is not set")
        with pg_database(dsn) as url:
            yield from _demo(url, work)
    else:
        yield from _demo(sqlite_url(work), work)


def _demo(url: str, work: Any) -> Iterator[Demo]:
    config = write_config(work, DEMO_CONFIG)
    creds = seed(url, config)
    with ServerProcess.start(url, work, config=config) as server:
        yield Demo(server.base_url, creds, staff_token(server.base_url, creds, "supervisor"),
                   url=url, config=config)


@pytest.fixture
def clean(demo: Demo) -> Demo:
    r = demo.http.delete(f"{demo.base}/v1/admin/rehearsal/faults", headers=demo.supervisor,
                         timeout=30)
    assert r.status_code == 200, r.text
    for item in demo.unresolved():  # an earlier test's leftovers
        demo.post(f"/v1/finance/unresolved/{item['id']}/resolution", headers=demo.supervisor)
    return demo


def test_a_scripted_decline_declines_the_charge_once(clean: Demo) -> None:
    f = clean.fault(target="gateway", operation="charge", fault="decline")
    assert f["remaining"] == 1
    declined = clean.settle()
    assert declined["payment"]["status"] == "declined" and declined["debt"]["status"] == "open"
    assert clean.unresolved() == []  # declined is a known outcome
    assert clean.settle()["payment"]["status"] == "charged"  # used up
    listed = clean.get("/v1/admin/rehearsal/faults", headers=clean.supervisor).json()
    assert listed["faults"] == []


def test_a_time_out_leaves_an_unknown_charge_that_resolves_as_not_charged(clean: Demo) -> None:
    clean.fault(target="gateway", operation="charge", fault="timeout")
    clean.fault(target="gateway", operation="lookup", fault="timeout")
    s = clean.settle()
    assert s["payment"]["status"] == "failed" and s["debt"]["status"] == "open"
    assert [(i["id"], i["state"]) for i in clean.unresolved()] == [
        (s["settlement_id"], "charge_unknown")]
    r = clean.post(f"/v1/finance/unresolved/{s['settlement_id']}/resolution",
                   headers=clean.supervisor)
    assert r.status_code == 200 and r.json()["outcome"] == "not_charged", r.text
    assert clean.unresolved() == []


def test_an_unknown_outcome_is_resolved_as_charged(clean: Demo) -> None:
    clean.fault(target="gateway", operation="charge", fault="unknown")
    s = clean.settle()
    assert s["payment"]["status"] == "failed"
    [item] = clean.unresolved()
    assert item["state"] == "charge_unknown"
    r = clean.post(f"/v1/finance/unresolved/{s['settlement_id']}/resolution",
                   headers=clean.supervisor)
    assert r.status_code == 200, r.text
    assert r.json()["outcome"] == "charged"
    assert r.json()["settlement"]["debt"]["status"] == "cancelled"


def test_a_slow_gateway_still_charges(clean: Demo) -> None:
    clean.fault(target="gateway", operation="charge", fault="slow", delay_ms=300)
    assert clean.settle()["payment"]["status"] == "charged"
    assert clean.get("/v1/admin/rehearsal/faults", headers=clean.supervisor).json() == {
        "faults": []}


def test_a_declined_refund_leaves_the_settlement_not_reversed(clean: Demo) -> None:
    s = clean.settle()
    clean.fault(target="gateway", operation="refund", fault="decline")
    r = clean.post(f"/v1/settlements/{s['settlement_id']}/reversal", {"reason": "rehearsal"},
                   headers=clean.supervisor)
    assert r.status_code == 409 and r.json()["error"]["details"]["why"] == "refund_declined"


def test_the_insurer_declines_for_one_patient_only(clean: Demo) -> None:
    pid = clean.creds["patients"]["eligible"]["patient_id"]
    clean.fault(target="insurer", operation="eligibility", fault="decline", patient_id=pid)
    kiosk = {"Authorization": f"Bearer {clean.creds['kiosk_token']}"}
    r = clean.post("/v1/eligibility", {"card": card_of("eligible")}, headers=kiosk)
    assert r.status_code == 200 and r.json()["decision"] != "eligible", r.text
    assert "insurance_inactive" in str(r.json())
    r = clean.post("/v1/eligibility", {"card": card_of("eligible")}, headers=kiosk)
    assert r.json()["decision"] == "eligible"


def test_a_slow_insurer_still_answers_the_bill(clean: Demo) -> None:
    clean.fault(target="insurer", operation="balance", fault="slow", delay_ms=200)
    vid, kiosk = clean.visit_with_charge()
    r = clean.get(f"/v1/visits/{vid}/pre-settlement", headers=kiosk)
    assert r.status_code == 200 and r.json()["split"]["medfee_sumamt_fen"] == 1_500, r.text
    assert clean.get("/v1/admin/rehearsal/faults", headers=clean.supervisor).json() == {
        "faults": []}


def test_an_insurer_time_out_is_answered_in_words(clean: Demo) -> None:
    clean.fault(target="insurer", operation="eligibility", fault="timeout")
    kiosk = {"Authorization": f"Bearer {clean.creds['kiosk_token']}"}
    r = clean.post("/v1/eligibility", {"card": card_of("eligible")}, headers=kiosk)
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "insurer_unavailable"


def test_the_command_line_scripts_faults_and_runs_the_finance_day(clean: Demo) -> None:
    done = run_cli("rehearse", "add", "gateway", "charge", "decline", "--database-url",
                   clean.url, "--config", clean.config)
    assert done.returncode == 0, done.stderr
    assert clean.settle()["payment"]["status"] == "declined"
    listed = run_cli("finance", "unresolved", "--database-url", clean.url,
                     "--config", clean.config)
    assert listed.returncode == 0 and '"items": []' in listed.stdout, listed.stderr
    export = run_cli("finance", "export", "--database-url", clean.url, "--config", clean.config)
    assert export.returncode == 0 and export.stdout.startswith("settlement_id,"), export.stderr
    recon = run_cli("finance", "reconcile", "--database-url", clean.url,
                    "--config", clean.config)
    assert recon.returncode == 0 and '"balanced": true' in recon.stdout, recon.stdout


def test_production_has_no_rehearsal(tmp_path) -> None:
    url = sqlite_url(tmp_path)
    creds = seed(url)
    with ServerProcess.start(url, tmp_path, config=write_config(tmp_path)) as server:
        token = staff_token(server.base_url, creds, "admin")
        r = session().post(f"{server.base_url}/v1/admin/rehearsal/faults", timeout=30,
                           json={"target": "gateway", "operation": "charge",
                                 "fault": "decline"},
                           headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 404, r.text
    done = run_cli("rehearse", "add", "gateway", "charge", "decline", "--database-url", url)
    assert done.returncode == 2 and "demo" in done.stderr
