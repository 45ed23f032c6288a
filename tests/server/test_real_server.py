"""``kiosk server seed-demo && kiosk server`` as real processes, over real HTTP on loopback:
the kiosk journey end to end, with two uvicorn workers sharing one database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from .support import HttpCaller, authenticated, card_of


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kiosk(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
            "server", *args]


@pytest.fixture
def running_server(db_url, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    seed = subprocess.run(_kiosk("seed-demo", "--database-url", db_url), env=env,
                          capture_output=True, text=True, timeout=120)
    assert seed.returncode == 0, seed.stderr
    creds = json.loads(seed.stdout)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    config = tmp_path / "server.toml"
    config.write_text('environment = "development"\n')  # serves /openapi.json
    proc = subprocess.Popen(
        _kiosk("--database-url", db_url, "--config", str(config), "--port", str(port),
               "--workers", "2", "--log-level", "warning"),
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield base, creds
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_kiosk_journey_over_http(running_server) -> None:
    base, creds = running_server
    kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
    # the visit's own department orders the lab test, which refers the visit to the lab
    lab = {"Authorization": f"Bearer {creds['department_tokens']['INT']}"}
    s = requests.Session()
    r = s.post(f"{base}/v1/eligibility", headers=kiosk,
               json=authenticated(HttpCaller(s, base, kiosk), card_of("eligible")))
    assert r.status_code == 200 and r.json()["decision"] == "eligible"
    assert r.headers["X-Request-ID"]
    pid = r.json()["patient"]["patient_id"]
    kiosk["X-Patient-Session"] = r.json()["session_token"]
    visit = s.post(f"{base}/v1/visits", json={"patient_id": pid, "department_code": "INT"},
                   headers=kiosk).json()
    vid = visit["visit_id"]
    r = s.post(f"{base}/v1/visits/{vid}/charges", headers=lab, json={
        "item_code": "LAB-CBC", "name": "血常规", "category": "lab", "insurance_class": "C",
        "unit_price_fen": 2_500, "quantity": 2, "performing_department_code": "LAB"})
    assert r.status_code == 201, r.text
    stops = s.get(f"{base}/v1/visits/{vid}/itinerary", headers=kiosk).json()["stops"]
    assert [x["department_code"] for x in stops] == ["LAB"]
    bill = s.get(f"{base}/v1/visits/{vid}/pre-settlement", headers=kiosk).json()["split"]
    assert bill["psn_cash_pay_fen"] == 5_000
    key = uuid.uuid4().hex
    body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
            "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
    answers = [s.post(f"{base}/v1/visits/{vid}/settlement", json=body,
                      headers={**kiosk, "Idempotency-Key": key}) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert answers[0].json()["payment"]["status"] == "charged"
    r = s.get(f"{base}/openapi.json")
    assert r.status_code == 200 and "/v1/eligibility" in r.json()["paths"]
    r = s.get(f"{base}/v1/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
