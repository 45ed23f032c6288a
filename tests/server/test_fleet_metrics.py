"""Fleet monitoring on the backend: kiosks' heartbeats, the supervisors' fleet view with the
problems to act on (silent over 2 minutes, out of paper, reader fault, a growing outbox), and
the Prometheus endpoint scraped after a journey (latency per route template, settlements by
outcome, pool use, failover events), readable only from ``metrics_networks``.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from kiosk.server.fleet import OUTBOX_GROWING_AFTER, outbox_growth, problems
from kiosk.server.metrics import allowed, settlement_outcome

from .conftest import START, Api

BEAT = {"version": "1.4.0", "reader_state": "ok", "printer_state": "ok", "paper": "ok",
        "outbox_depth": 0, "last_error_code": None, "uptime_seconds": 3600}
NOW = START.replace(tzinfo=None)

# ---- pure decisions ---------------------------------------------------------------------


def test_outbox_growth_counts_growing_beats_until_it_drains() -> None:
    assert outbox_growth(None, 0, 3) == 0  # first heartbeat: nothing to compare with
    assert outbox_growth(1, 0, 2) == 1
    assert outbox_growth(2, 1, 2) == 1  # holding: still not drained
    assert outbox_growth(2, 1, 4) == 2
    assert outbox_growth(4, 2, 3) == 0  # draining
    assert outbox_growth(4, 2, 0) == 0


def _row(**changes: object) -> SimpleNamespace:
    values = {**BEAT, "received_at": NOW, "outbox_growth": 0, **changes}
    return SimpleNamespace(**values)


@pytest.mark.parametrize(("row", "found"), [
    (_row(), []),
    (_row(received_at=NOW - timedelta(seconds=121)), ["silent"]),
    (_row(received_at=NOW - timedelta(seconds=120)), []),  # exactly 2 minutes: not yet
    (_row(paper="out"), ["out_of_paper"]),
    (_row(paper="low"), []),
    (_row(reader_state="fault"), ["reader_fault"]),
    (_row(reader_state="no_reader"), []),
    (_row(outbox_depth=5, outbox_growth=OUTBOX_GROWING_AFTER), ["outbox_growing"]),
    (_row(outbox_depth=5, outbox_growth=OUTBOX_GROWING_AFTER - 1), []),
    (_row(paper="out", printer_state="fault", received_at=NOW - timedelta(hours=1)),
     ["silent", "out_of_paper", "printer_fault"]),
])
def test_the_problems_a_supervisor_acts_on(row: SimpleNamespace, found: list[str]) -> None:
    assert problems(row, NOW, 120) == found


@pytest.mark.parametrize(("status", "body", "outcome"), [
    (201, b'{"settlement_id": 1, "payment": {"status": "charged"}}', "charged"),
    (201, b'{"settlement_id": 1, "payment": {"status": "declined"}}', "declined"),
    (201, b'{"settlement_id": 1, "payment": null}', "completed"),
    (409, b'{"error": {"code": "already_settled", "message": "", "details": null}}',
     "already_settled"),
    (500, b"", "error"),
    (502, b"<html>", "error"),
    (400, b"not json", "unreadable"),
])
def test_a_settlement_answer_names_its_outcome(status: int, body: bytes, outcome: str) -> None:
    assert settlement_outcome(status, body) == outcome


def test_metrics_are_read_only_from_the_configured_networks() -> None:
    local = ["127.0.0.1/32", "::1/128"]
    assert allowed("127.0.0.1", local) and allowed("::1", local)
    assert not allowed("10.1.2.3", local) and not allowed("testclient", local)
    assert allowed("10.1.2.3", ["10.0.0.0/8"])


# ---- over HTTP -----------------------------------------------------------------------------


def test_heartbeats_make_the_fleet_view(api: Api) -> None:
    assert api.kiosk.post("/v1/kiosk/heartbeat", json=BEAT).status_code == 204
    view = api.supervisor.get("/v1/fleet").json()
    assert view["silent_after_seconds"] == 120
    (kiosk,) = view["kiosks"]
    assert kiosk["problems"] == [] and kiosk["paper"] == "ok" and kiosk["silent_seconds"] == 0
    for depth in (1, 2, 3):  # the outbox grows beat after beat: a problem
        api.kiosk.post("/v1/kiosk/heartbeat", json={**BEAT, "outbox_depth": depth,
                                                    "paper": "out"})
    (kiosk,) = api.supervisor.get("/v1/fleet").json()["kiosks"]
    assert kiosk["problems"] == ["out_of_paper", "outbox_growing"]
    assert kiosk["outbox_depth"] == 3
    api.clock.advance(seconds=121)
    (kiosk,) = api.supervisor.get("/v1/fleet").json()["kiosks"]
    assert kiosk["problems"][0] == "silent" and kiosk["silent_seconds"] == 121
    api.kiosk.post("/v1/kiosk/heartbeat", json=BEAT)  # back, paper refilled, outbox drained
    assert api.supervisor.get("/v1/fleet").json()["kiosks"][0]["problems"] == []


def test_heartbeats_and_the_fleet_view_are_for_their_roles_only(api: Api) -> None:
    assert api.clerk.post("/v1/kiosk/heartbeat", json=BEAT).status_code == 403
    assert api.anon.post("/v1/kiosk/heartbeat", json=BEAT).status_code == 401
    assert api.kiosk.get("/v1/fleet").status_code == 403
    assert api.clerk.get("/v1/fleet").status_code == 403
    assert api.admin.get("/v1/fleet").status_code == 200


@pytest.mark.parametrize("bad", [
    {**BEAT, "patient_name": "x"},  # no room for personal data
    {**BEAT, "last_error_code": "card 6222020200112233445"},
    {**BEAT, "paper": "half"},
    {**BEAT, "outbox_depth": -1},
    {k: v for k, v in BEAT.items() if k != "version"},
])
def test_a_malformed_heartbeat_is_refused(api: Api, bad: dict[str, object]) -> None:
    r = api.kiosk.post("/v1/kiosk/heartbeat", json=bad)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def _scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.text) for s in family.samples}


def test_the_metrics_endpoint_after_a_journey(api: Api, app) -> None:  # type: ignore[no-untyped-def]
    scraper = TestClient(app, client=("127.0.0.1", 50000))  # Prometheus, on the server's host
    before = _scrape(scraper)
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=30_000, klass="C")  # all cash: the gateway is charged
    assert api.settle(vid).status_code == 201
    assert api.kiosk.post("/v1/kiosk/heartbeat", json=BEAT).status_code == 204
    after = _scrape(scraper)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    settle = {"method": "POST", "route": "/v1/visits/{visit_id}/settlement"}
    assert grew("kiosk_http_request_duration_seconds_count", **settle) == 1
    assert grew("kiosk_http_request_duration_seconds_bucket", **settle, le="+Inf") == 1
    assert grew("kiosk_http_requests_total", **settle, status="201") == 1
    assert grew("kiosk_settlement_requests_total", outcome="charged") == 1
    assert grew("kiosk_heartbeats_received_total") == 1
    assert ("kiosk_db_failover_events_total", (("kind", "retry"),)) in after
    assert after[("kiosk_db_pool_connections_max", ())] > 0
    assert ("kiosk_db_pool_connections_in_use", ()) in after
    # route templates only: no visit id in any label
    routes = {value for _name, labels in after for key, value in labels if key == "route"}
    assert "/v1/visits/{visit_id}/charges" in routes
    assert not any(f"/{vid}" in route for route in routes)


def test_metrics_are_not_served_to_the_kiosks_network(api: Api) -> None:
    r = api.anon.get("/metrics")  # the test client's address is not in metrics_networks
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
