"""A patient session's last use is written at most once a minute (``touch_seconds``), not on
every request about the patient.

Each such write is a transaction and a commit (on the cluster: WAL shipped to both replicas)
on a request that only reads. Written every 15 s, it ran on about a third of the kiosk
requests of ``bench/city_load.py`` (one of a journey's three requests in the session); at
once a minute, on none of them (a journey's requests come within a minute of the card). The
price: the idle end counts from the last use written, so the session may end up to a minute
(a fifth of a shorter idle time) before ``patient_session_idle_seconds`` have passed.
"""

from __future__ import annotations

from typing import Any

from kiosk.server.auth import SESSION_TOUCH_SECONDS, touch_seconds
from tests.server.conftest import Api
from tests.support.sql_count import count_sql


def _touches(api: Api, action: Any) -> int:
    """The patient-session writes ``action`` made (the touch is the only UPDATE of it)."""
    with count_sql(api.service.context.db.engine) as count:
        action()
    return sum(1 for statement, _parameters in count.sent
               if statement.lstrip().upper().startswith("UPDATE PATIENT_SESSIONS"))


def test_a_session_in_use_is_written_at_most_once_a_minute(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    kiosk = api.session("eligible")  # opened now: its last use is now
    seen: list[int] = []

    def read() -> None:
        seen.append(kiosk.get(f"/v1/visits/{vid}").status_code)

    api.clock.advance(seconds=59)
    assert _touches(api, read) == 0  # 59 s after the last written use: nothing written
    api.clock.advance(seconds=2)
    assert _touches(api, read) == 1  # 61 s: written
    api.clock.advance(seconds=59)
    assert _touches(api, read) == 0
    assert seen == [200, 200, 200]


def test_steady_use_keeps_a_session_alive_past_its_idle_time(api: Api) -> None:
    vid = api.check_in()["visit_id"]
    kiosk = api.session("eligible")
    idle = api.service.context.settings.patient_session_idle_seconds
    gap = 50  # requests that each fall inside the last written use's minute
    answers = []
    for _ in range(2 * idle // gap):
        api.clock.advance(seconds=gap)
        answers.append(kiosk.get(f"/v1/visits/{vid}").status_code)
    assert answers == [200] * len(answers)
    api.clock.advance(seconds=idle + 1)
    assert kiosk.get(f"/v1/visits/{vid}").status_code == 401


def test_a_short_idle_time_is_written_at_least_every_fifth_of_it() -> None:
    assert touch_seconds(300) == SESSION_TOUCH_SECONDS == 60
    assert touch_seconds(30) == 6  # a session 30 s idle is still written in time
    assert touch_seconds(600) == SESSION_TOUCH_SECONDS
