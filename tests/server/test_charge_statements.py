"""What a department's charge costs the database, pinned (a city posts two per journey: a
third of ``bench/city_load.py``'s requests).

One write transaction: the visit's own row, locked (a charge needs none of its totals, so
the locking read is the only read of it), the order id's replay check, the patient's credit
lock and standing (a credit visit), the insert answering the stored row (``RETURNING``) with
its audit row (one statement on PostgreSQL: ``Context.insert_audited``; SQLite writes the
audit row on its own). The performing department is looked up only when it is not the
posting one (whose token says it exists), and the answer is not read back after the insert.
"""

from __future__ import annotations

from typing import Any

from tests.server.conftest import Api
from tests.server.support import audit_rows
from tests.support.sql_count import count_sql

# statements per charge over HTTP with an order id, BEGINs and authentication included: 11 on
# PostgreSQL and 12 on SQLite (its token read takes a BEGIN of its own) before the
# performing department's check and the read back were cut, then 9 on PostgreSQL; 7 with the
# audit row in the insert's statement and the visit read by its lock (SQLite 9)
CHARGE_STATEMENTS = {"postgresql": 7, "sqlite": 9}


def _count(api: Api, vid: int, **charge: Any) -> tuple[int, dict[str, Any]]:
    with count_sql(api.service.context.db.engine) as count:
        answer = api.charge(vid, **charge)
    return count.statements, answer


def test_a_charge_stays_at_its_bound_and_answers_the_row_as_stored(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    statements, answer = _count(api, vid, price=2_500, qty=2, order="HIS-1")
    dialect = api.service.context.db.dialect
    assert statements <= CHARGE_STATEMENTS[dialect], statements
    stored = api.dept("INT").get(f"/v1/visits/{vid}").json()["charges"]
    assert stored == [answer]
    assert answer["amount_fen"] == 5_000 and answer["performing_department_code"] == "INT"
    assert [d for _actor, d in audit_rows(api, "charge.post", answer["charge_id"])] == [
        {"visit_id": vid, "amount_fen": 5_000, "performing": "INT"}]
    # a re-post of the order is the same charge (200), not a second one
    again = api.charge(vid, price=2_500, qty=2, order="HIS-1", expect=200)
    assert again == answer


def test_another_performing_department_is_still_checked(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, performing="NOPE", expect=422)
    done = api.charge(vid, performing="SUR")
    assert done["performing_department_code"] == "SUR"
    assert done["ordering_department_code"] == "INT"
