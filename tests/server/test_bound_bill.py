"""The bill is bound (issue 17 item 4): the pre-settlement's id and digest name the exact fee
details and split; a settlement citing the digest settles that bill or answers ``409
amount_changed`` with the new bill, even when the totals are the same. Both databases.
"""

from __future__ import annotations

import re

from tests.server.conftest import Api


def _pre(api: Api, vid: int) -> dict:
    r = api.kiosk_for(vid).get(f"/v1/visits/{vid}/pre-settlement")
    assert r.status_code == 200, r.text
    return r.json()


def test_the_bill_has_an_id_and_a_digest_of_its_details(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_500)
    first, again = _pre(api, vid), _pre(api, vid)
    assert re.fullmatch(r"[0-9a-f]{64}", first["bill"]["digest"])
    assert first["bill"]["bill_id"] == f"bill-{vid}-{first['bill']['digest'][:16]}"
    assert again["bill"] == first["bill"]  # the same bill, the same digest
    api.charge(vid, price=100)
    assert _pre(api, vid)["bill"]["digest"] != first["bill"]["digest"]


def test_a_changed_bill_with_equal_totals_is_refused_and_shown(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_500)
    seen = _pre(api, vid)
    api.charge(vid, price=0, category="drug")  # another item, the same totals
    now = _pre(api, vid)
    assert now["split"] == seen["split"] and now["bill"] != seen["bill"]
    stale = api.settle(vid, "bound-1", seen["split"], bill_digest=seen["bill"]["digest"])
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert error["code"] == "amount_changed"
    assert error["details"]["bill"] == now["bill"]
    assert len(error["details"]["charges"]) == 2 and error["details"]["split"] == now["split"]
    ok = api.settle(vid, "bound-2", now["split"], bill_digest=now["bill"]["digest"])
    assert ok.status_code == 201, ok.text
    # the key's retry without the digest (a kiosk's outbox after a restart) replays it
    replay = api.settle(vid, "bound-2", now["split"])
    assert replay.status_code == 201 and replay.json() == ok.json()


def test_a_malformed_digest_is_refused(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid)
    r = api.settle(vid, None, None, bill_digest="not-a-digest")
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
