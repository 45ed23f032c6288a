"""What a card insertion's eligibility question costs the database, pinned (``POST
/v1/eligibility``: the first step of every journey in ``bench/city_load.py``, and the
operation its target is set on).

The standing read also says whether the patient has an open visit or an appointment today
left to use, and those lists are read only then (at the start of a journey, neither), and it
carries the card serial the record is bound to, which card authentication read again in a
transaction of its own. A card inserted again (bound already), on PostgreSQL: the token, the
challenge used up (``BEGIN`` and its update), the insured person's region (the reference
insurer, on this database), the standing, the new patient session: 6 statements, 10 before
(the two lists, and ``BEGIN`` with the card serial). SQLite keeps a transaction around each
read (its ``BEGIN``s counted): 10, 14 before.
"""

from __future__ import annotations

from typing import Any

from kiosk.server import schema
from tests.server.conftest import Api
from tests.support.sql_count import count_sql

from .support import authenticated, card_of

ELIGIBILITY_STATEMENTS = {"postgresql": 6, "sqlite": 10}


def _ask(api: Api, key: str) -> tuple[int, dict[str, Any]]:
    """The eligibility answer for ``key``'s card, authenticated, and the statements it took."""
    body = authenticated(api.kiosk, card_of(key))  # the card's challenge, not counted
    with count_sql(api.service.context.db.engine) as count:
        r = api.kiosk.post("/v1/eligibility", body)
    assert r.status_code == 200, r.text
    return count.statements, r.json()


def test_a_card_insertion_with_nothing_to_list_stays_at_its_bound(api: Api) -> None:
    _, first = _ask(api, "rare_name")  # the first authenticated card binds the record
    assert first["card_authenticated"] is True
    statements, out = _ask(api, "rare_name")
    assert out["decision"] == "eligible" and out["session_token"]
    assert out["card_authenticated"] is True
    assert out["open_visits"] == [] and out["appointments_today"] == []
    assert statements <= ELIGIBILITY_STATEMENTS[api.service.context.db.dialect], statements


def test_open_visits_and_appointments_are_still_listed(api: Api) -> None:
    _, out = _ask(api, "eligible")
    assert [a["department_code"] for a in out["appointments_today"]] == ["INT"]
    assert out["open_visits"] == []
    visit = api.check_in("eligible", dept="SUR")
    _, again = _ask(api, "eligible")
    assert [v["visit_id"] for v in again["open_visits"]] == [visit["visit_id"]]
    assert [a["department_code"] for a in again["appointments_today"]] == ["INT"]
    assert again["itinerary"] is not None  # what the open visit's patient does next


def test_a_card_bound_to_another_serial_is_still_not_verified(api: Api) -> None:
    with api.service.context.db.write() as conn:
        conn.execute(schema.patients.update()
                     .where(schema.patients.c.patient_id == api.patient_id("rare_name"))
                     .values(card_sn="00" * 16))
    _, out = _ask(api, "rare_name")
    assert out["card_authenticated"] is False
    assert "card_not_verified" in out["reasons"]
