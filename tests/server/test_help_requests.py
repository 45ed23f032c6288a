"""Calls for help on the backend (issue 15 item 6): a kiosk asks with its token alone (no
patient session) and the screen's name only; the server adds the kiosk and its configured
location; one open request per kiosk; staff list the open ones and acknowledge; the kiosk
sees the acknowledgement. No personal data gets in.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.server.config import Settings
from kiosk.server.help import help_json
from kiosk.server.statuses import Role

from .conftest import START, Api, Caller


@pytest.fixture
def settings(db_url) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(database_url=db_url, auto_settle_interval_seconds=0,
                    environment="development",
                    kiosk_locations={"lobby-1": "门诊楼一层大厅 (Outpatient hall, 1F)"})


def _kiosk(api: Api, name: str) -> Caller:
    return Caller(api.client, api.service.auth.create_token(Role.KIOSK, name))


def test_the_answer_says_state_and_age() -> None:
    class Row:
        help_id, kiosk, location, screen = 7, "kiosk:lobby-1", None, "bill"
        requested_at = START.replace(tzinfo=None)
        acknowledged_at = None

    now = Row.requested_at + timedelta(seconds=75)
    answer = help_json(Row, now)
    assert answer == {"help_id": 7, "kiosk": "lobby-1", "location": None, "screen": "bill",
                      "requested_at": "2026-11-23T02:00:00Z", "age_seconds": 75,
                      "state": "open", "acknowledged_at": None}
    Row.acknowledged_at = now
    assert help_json(Row, now)["state"] == "acknowledged"


def test_a_kiosk_asks_staff_see_it_acknowledge_and_the_kiosk_learns_it(api: Api) -> None:
    kiosk = _kiosk(api, "lobby-1")
    r = kiosk.post("/v1/help-requests", {"screen": "bill"})
    assert r.status_code == 201, r.text
    asked = r.json()
    assert asked["kiosk"] == "lobby-1" and asked["screen"] == "bill"
    assert asked["location"] == "门诊楼一层大厅 (Outpatient hall, 1F)"
    assert asked["state"] == "open"
    api.clock.advance(seconds=40)
    (listed,) = api.clerk.get("/v1/help-requests?open=1").json()["help_requests"]
    assert listed["help_id"] == asked["help_id"] and listed["age_seconds"] == 40
    r = api.clerk.post(f"/v1/help-requests/{asked['help_id']}/acknowledgement")
    assert r.status_code == 200 and r.json()["state"] == "acknowledged"
    assert api.clerk.get("/v1/help-requests?open=1").json()["help_requests"] == []
    mine = kiosk.get(f"/v1/help-requests/{asked['help_id']}").json()
    assert mine["state"] == "acknowledged"
    # acknowledging again changes nothing; the request stays in the full list
    again = api.clerk.post(f"/v1/help-requests/{asked['help_id']}/acknowledgement").json()
    assert again["acknowledged_at"] == mine["acknowledged_at"]
    assert [h["help_id"] for h in api.clerk.get("/v1/help-requests").json()[
        "help_requests"]] == [asked["help_id"]]


def test_a_second_tap_does_not_make_a_second_request(api: Api) -> None:
    kiosk, other = _kiosk(api, "lobby-1"), _kiosk(api, "ward-3")
    first = kiosk.post("/v1/help-requests", {"screen": "bill"})
    second = kiosk.post("/v1/help-requests", {"screen": "itinerary"})
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["help_id"] == first.json()["help_id"]
    assert second.json()["screen"] == "bill"  # the request staff already see
    assert other.post("/v1/help-requests", {"screen": "attract"}).status_code == 201
    listed = api.clerk.get("/v1/help-requests?open=1").json()["help_requests"]
    assert [(h["kiosk"], h["location"]) for h in listed] == [
        ("lobby-1", "门诊楼一层大厅 (Outpatient hall, 1F)"), ("ward-3", None)]
    # once acknowledged, the kiosk may ask again
    api.clerk.post(f"/v1/help-requests/{first.json()['help_id']}/acknowledgement")
    third = kiosk.post("/v1/help-requests", {"screen": "bill"})
    assert third.status_code == 201 and third.json()["help_id"] != first.json()["help_id"]


def test_who_may_do_what(api: Api) -> None:
    kiosk, other = _kiosk(api, "lobby-1"), _kiosk(api, "ward-3")
    hid = kiosk.post("/v1/help-requests", {"screen": "bill"}).json()["help_id"]
    assert api.anon.post("/v1/help-requests", {"screen": "bill"}).status_code == 401
    assert api.clerk.post("/v1/help-requests", {"screen": "bill"}).status_code == 403
    assert api.kiosk.get("/v1/help-requests?open=1").status_code == 403
    assert kiosk.post(f"/v1/help-requests/{hid}/acknowledgement").status_code == 403
    assert other.get(f"/v1/help-requests/{hid}").status_code == 404  # not its own
    assert api.clerk.post("/v1/help-requests/999/acknowledgement").status_code == 404
    assert api.supervisor.get("/v1/help-requests?open=1").status_code == 200


@pytest.mark.parametrize("bad", [
    {"screen": "bill", "patient_name": "张三"},  # no room for personal data
    {"screen": "110101199003077777"},
    {"screen": ""},
    {"screen": "x" * 33},
    {},
])
def test_a_request_with_more_than_a_screen_name_is_refused(api: Api, bad: dict[str, str]) -> None:
    r = api.kiosk.post("/v1/help-requests", bad)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
