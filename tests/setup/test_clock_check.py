"""IT is warned when this PC's clock is more than two minutes off the backend's (issue 19
item 6): the ``clock`` health check, its line in ``kiosk --self-test`` and in admin mode's
status.

The real backend tells no time yet (its health answer has no ``server_time``: the check says
so and passes); a backend whose clock is set apart is a scripted HTTP server on loopback
(``tests/client/conftest.py``) telling a time five minutes off.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.clock import backend_clock
from kiosk.install import config as kconfig
from kiosk.install import health, selftest
from kiosk.install.admin.status import gather_status
from kiosk.install.pin import hash_pin
from kiosk.journal import Journal
from tests.client.conftest import json_reply, loopback  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("_forget_backend_clock")


@pytest.fixture
def _forget_backend_clock():
    yield
    backend_clock.forget()  # a reading here must not date another test's records


def installed(tmp_path, base_url: str, token: str = "t") -> kconfig.KioskConfig:
    return kconfig.validate({"backend_url": base_url, "token": token,
                             "admin_pin_hash": hash_pin("135790"), "reader": "Test Reader *",
                             "printer": "none", "data_dir": str(tmp_path / "data"),
                             "fullscreen": False}, check_files=False)


def seconds_in(text: str) -> float:
    """The offset a check's detail or a status line states: "... +299.9 s ± 0.0 s ..."."""
    return float(text.split(" s ± ", 1)[0].rsplit(" ", 1)[-1].lstrip("("))


def telling_time(server, skew: timedelta) -> None:
    told = (datetime.now(UTC) + skew).isoformat(timespec="milliseconds")
    server.script("/v1/health", json_reply(200, {"status": "ok", "schema_version": 2,
                                                 "server_time": told}))
    server.script("/v1/departments", json_reply(200, {"departments": []}))


@pytest.mark.parametrize("skew", [timedelta(minutes=5), timedelta(minutes=-3)])
def test_a_clock_off_by_more_than_two_minutes_fails_the_check(loopback, tmp_path,  # noqa: F811
                                                              skew) -> None:
    telling_time(loopback, skew)
    result = health.check_clock(installed(tmp_path, loopback.base_url))
    assert not result.ok and result.code == "clock_off"
    assert abs(seconds_in(result.detail) - skew.total_seconds()) < 2
    # and the kiosk dates its records by the backend's time from now on
    assert backend_clock.offset is not None
    assert abs((backend_clock.now() - datetime.now(UTC) - skew).total_seconds()) < 2


def test_a_clock_within_two_minutes_passes(loopback, tmp_path) -> None:  # noqa: F811
    telling_time(loopback, timedelta(seconds=90))
    result = health.check_clock(installed(tmp_path, loopback.base_url))
    assert result.ok and abs(seconds_in(result.detail) - 90) < 2


def test_the_reference_backend_tells_no_time_yet(backend, tmp_path) -> None:
    result = health.check_clock(installed(tmp_path, backend.base_url, backend.kiosk_token))
    assert result.ok
    # once it does (a server_time in /v1/health), the same machine's clock agrees with it
    assert result.detail == "not told by the backend" or abs(seconds_in(result.detail)) < 2


def test_without_a_backend_the_clock_is_not_checked(tmp_path) -> None:
    assert health.check_clock(None).code == "no_config"
    offline = health.check_clock(installed(tmp_path, "http://127.0.0.1:9"))
    assert not offline.ok and offline.code == "offline"


def test_self_test_says_the_clock_is_off(loopback, tmp_path, monkeypatch) -> None:  # noqa: F811
    telling_time(loopback, timedelta(minutes=5))
    config = installed(tmp_path, loopback.base_url)
    path = kconfig.write_config(config, tmp_path / "config" / "kiosk.toml")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    lines: list[str] = []
    assert selftest.run(lines.append) == 1
    [clock] = [line for line in lines if line.startswith("clock: ")]
    assert clock.startswith("clock: FAIL: clock_off (+") and abs(seconds_in(clock) - 300) < 2
    assert "backend: ok (status ok)" in lines


def test_self_test_does_not_ask_an_unreached_backend_the_time(tmp_path, monkeypatch) -> None:
    path = kconfig.write_config(installed(tmp_path, "http://127.0.0.1:9"),
                                tmp_path / "config" / "kiosk.toml")
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    lines: list[str] = []
    selftest.run(lines.append)
    assert "clock: FAIL: not_reached" in lines


def test_admin_status_warns_of_the_clock(loopback, tmp_path) -> None:  # noqa: F811
    telling_time(loopback, timedelta(minutes=-5))
    config = installed(tmp_path, loopback.base_url)
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        status = gather_status(config, journal, None)
        assert not status.clock_ok and not status.backend_ok
        assert status.clock.startswith("clock OFF by -")
        assert abs(seconds_in(status.clock) + 300) < 2
        assert status.backend.endswith("; " + status.clock)
        assert status.as_dict()["clock_ok"] is False

        telling_time(loopback, timedelta(0))
        status = gather_status(config, journal, None)
    assert status.clock_ok and status.backend_ok and status.clock.startswith("clock ok (")
    assert "clock" not in status.backend
