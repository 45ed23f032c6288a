"""A backend process SIGKILLed in the middle of a settlement, then a real ``kiosk server``
started on the same database: the kiosk's retry with the same Idempotency-Key ends in exactly
one settlement and one gateway charge (both crash gaps of the idempotency key, both databases).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.server import schema
from kiosk.server.db import Database
from tests.server.support import HttpCaller, authenticated, card_of
from tests.support.server_proc import (
    REPO,
    ServerProcess,
    child_env,
    free_port,
    seed,
    session,
    write_config,
)


def _wait_health(base: str, proc: subprocess.Popen[bytes]) -> None:
    s = session()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "crashable server exited"
        try:
            if s.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError("crashable server did not start")


@contextlib.contextmanager
def crashable(db_url: str, tmp_path: Path, point: str
              ) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """A ``tests.server.crashable_server`` on ``db_url`` that stops dead at ``point``,
    answering: ``(process, base URL, marker)``. Killed (if still alive) on the way out."""
    marker = tmp_path / "reached"
    port = free_port()
    log = (tmp_path / "crashable.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.server.crashable_server", db_url, str(port), point,
         str(marker)], cwd=REPO, env=child_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_health(base, proc)
        yield proc, base, marker
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()


def kill_when_reached(proc: subprocess.Popen[bytes], marker: Path,
                      request: Callable[[], None]) -> None:
    """Send ``request`` on a thread, SIGKILL the server once it wrote ``marker`` (no clean-up
    runs), then let the request's thread end."""
    sending = threading.Thread(target=request, daemon=True)
    sending.start()
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline, "the request never reached the point"
        assert proc.poll() is None
        time.sleep(0.02)
    proc.kill()
    proc.wait(10)
    sending.join(30)


def _state(url: str, key: str, visit_id: int) -> tuple[str | None, int, int]:
    db = Database(url, pool_size=1)
    try:
        with db.read() as conn:
            key_status = conn.execute(select(schema.idempotency_keys.c.status).where(
                schema.idempotency_keys.c.key == key)).scalar()
            settlements = conn.execute(select(func.count()).select_from(schema.settlements)
                                       .where(schema.settlements.c.visit_id == visit_id)
                                       ).scalar_one()
            charges = conn.execute(select(func.count()).select_from(
                schema.gateway_transactions).where(
                schema.gateway_transactions.c.kind == "charge")).scalar_one()
        return key_status, int(settlements), int(charges)
    finally:
        db.dispose()


@pytest.mark.parametrize("point", ["before_settlement", "after_charge"])
def test_kill_mid_settlement_then_retry_with_the_same_key(db_url, tmp_path: Path,
                                                         point: str) -> None:
    creds = seed(db_url)
    kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
    dept = {"Authorization": f"Bearer {creds['department_tokens']['INT']}"}
    s = session()
    with crashable(db_url, tmp_path, point) as (proc, base, marker):
        pid = creds["patients"]["eligible"]["patient_id"]
        answer = s.post(f"{base}/v1/eligibility", headers=kiosk, timeout=30, json=authenticated(
            HttpCaller(s, base, kiosk), card_of("eligible"))).json()
        kiosk["X-Patient-Session"] = answer["session_token"]
        visit = s.post(f"{base}/v1/visits", json={"patient_id": pid, "department_code": "INT"},
                       headers=kiosk, timeout=30).json()
        vid = visit["visit_id"]
        r = s.post(f"{base}/v1/visits/{vid}/charges", headers=dept, timeout=30, json={
            "item_code": "LAB-CBC", "name": "血常规", "category": "lab",
            "insurance_class": "C", "unit_price_fen": 2_500, "quantity": 2})
        assert r.status_code == 201, r.text
        bill = s.get(f"{base}/v1/visits/{vid}/pre-settlement", headers=kiosk,
                     timeout=30).json()["split"]
        body = {"expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
                "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"]}
        key = uuid.uuid4().hex
        (tmp_path / "arm").touch()

        def tap() -> None:
            with contextlib.suppress(Exception):  # the server dies under it: no answer
                session().post(f"{base}/v1/visits/{vid}/settlement", json=body,
                               headers={**kiosk, "Idempotency-Key": key}, timeout=60)

        kill_when_reached(proc, marker, tap)

    key_status, settlements, charges = _state(db_url, key, vid)
    assert key_status == "in_progress"  # what the crash left
    assert (settlements, charges) == ((0, 0) if point == "before_settlement" else (1, 1))

    time.sleep(1.5)  # older than settle_stale_seconds = 1
    config = write_config(tmp_path, "auto_settle_interval_seconds = 0\n"
                                    "settle_stale_seconds = 1\nenvironment = \"development\"\n")
    with ServerProcess.start(db_url, tmp_path, config=config) as server:  # repairs at start
        answers = [s.post(f"{server.base_url}/v1/visits/{vid}/settlement", json=body,
                          headers={**kiosk, "Idempotency-Key": key}, timeout=60)
                   for _ in range(2)]
        assert [a.status_code for a in answers] == [201, 201], answers[0].text
        assert answers[0].json() == answers[1].json()
        settled = answers[0].json()
        assert settled["payment"]["status"] == "charged"
        by_key = s.get(f"{server.base_url}/v1/settlements/by-key/{key}", headers=kiosk,
                       timeout=30)
        assert by_key.status_code == 200 and by_key.json() == settled
    key_status, settlements, charges = _state(db_url, key, vid)
    assert (key_status, settlements, charges) == ("done", 1, 1)
