"""What keeps a village clinic's slow link to few round trips and few bytes (issue 19): a
returning patient's eligibility answer carries the itinerary the kiosk shows first, and large
answers come gzip-compressed to a client that asks for it."""

from __future__ import annotations

import gzip

from tests.server.support import authenticated, card_of


def _eligibility(api, key: str) -> dict:
    r = api.kiosk.post("/v1/eligibility", authenticated(api.kiosk, card_of(key)))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_returning_patients_answer_carries_the_itinerary_shown_first(api) -> None:
    assert _eligibility(api, "eligible")["itinerary"] is None  # no open visit: none
    first = api.check_in("eligible", "INT")["visit_id"]
    owing = api.check_in("eligible", "SUR")["visit_id"]
    api.charge(owing, "SUR", performing="LAB")
    answer = _eligibility(api, "eligible")
    # the visit with charges to pay comes first, as on the kiosk
    assert {v["visit_id"] for v in answer["open_visits"]} == {first, owing}
    assert answer["itinerary"]["visit_id"] == owing
    asked = api.kiosk_for(owing).get(f"/v1/visits/{owing}/itinerary").json()
    assert answer["itinerary"] == asked
    assert [s["department_code"] for s in asked["stops"]] == ["LAB"]


def test_large_answers_are_compressed_small_ones_are_not(api) -> None:
    vid = api.check_in("eligible", "INT")["visit_id"]
    for _ in range(12):
        api.charge(vid, "INT", performing="LAB")
    kiosk = api.kiosk_for(vid)
    big = kiosk.get(f"/v1/visits/{vid}", headers={"Accept-Encoding": "gzip"})
    assert big.status_code == 200 and len(big.json()["charges"]) == 12
    assert big.headers["content-encoding"] == "gzip"
    small = kiosk.get("/v1/health", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 200 and "content-encoding" not in small.headers
    plain = kiosk.get(f"/v1/visits/{vid}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == big.json()
    # what went over the wire is smaller than the JSON it unpacks to
    assert len(gzip.compress(plain.content)) < len(plain.content) / 2
