"""What showing the bill costs the database, pinned (``GET /v1/visits/{id}/pre-settlement``:
the screen before the tap, once a journey in ``bench/city_load.py``).

It only reads, and the tap that follows recomputes the bill and refuses amounts that differ,
so its reads need no shared snapshot: on PostgreSQL they are sent each on its own
(``Database.reads``), without ``BEGIN``/``COMMIT``, and the visit is read once (its region
came from a second read of the visit after the bill). 9 statements before, 3 now: the token
and session, the visit with its patient, its charges (a visit from elsewhere adds its insured
place's policy). SQLite 10 before, 6 now: it keeps a read transaction around each (its
``BEGIN`` is what holds a WAL snapshot). The registry's balance is an outside service's
read, on its own pool: not counted here.
"""

from __future__ import annotations

from tests.server.conftest import Api
from tests.support.sql_count import count_sql

BILL_STATEMENTS = {"postgresql": 3, "sqlite": 6}


def test_the_bill_sends_no_transaction_on_postgresql_and_stays_at_its_bound(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_500, qty=2, klass="C")
    kiosk = api.kiosk_for(vid)
    db = api.service.context.db
    with count_sql(db.engine) as count:
        r = kiosk.get(f"/v1/visits/{vid}/pre-settlement")
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["split"]["medfee_sumamt_fen"] == 5_000 and answer["region"]["class"] == "local"
    assert count.statements <= BILL_STATEMENTS[db.dialect], count.log
    if db.dialect == "postgresql":
        assert not [line for line in count.log if line.upper().startswith("BEGIN")]


def test_the_bill_still_refuses_what_it_refused(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=2_000)
    stranger = api.session("rare_name")  # another patient's session reaches no such visit
    assert stranger.get(f"/v1/visits/{vid}/pre-settlement").json()["error"]["code"] \
        == "visit_not_found"
    assert api.settle(vid).status_code == 201
    closed = api.kiosk_for(vid).get(f"/v1/visits/{vid}/pre-settlement")
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "visit_closed"
