"""The transport's connections: one bounded pool shared by every thread, reused while the server
keeps them, kept warm while a patient is at the screen, and closed with the client.

Against the scripted loopback server behind the link emulator, which counts the connections
opened (``tests.support.link``); the pure decisions directly.
"""

from __future__ import annotations

import threading
import time

import pytest
from conftest import json_reply

from kiosk.client.deadline import POOL_SIZE, stale
from kiosk.client.keepwarm import ping_due
from kiosk.client.transport import (
    KEEP_ALIVE_MARGIN,
    BackendConfig,
    Transport,
    reuse_limit,
    warm_interval,
)
from tests.poorlink.drive import sockets_to
from tests.support.link import Link

TOKEN = "kiosk-token-123"


@pytest.mark.parametrize("keep_alive", [0.0, 1.0, 1.5, 2.0, 5.0, 75.0])
def test_warm_pings_come_before_a_kept_connection_goes_stale(keep_alive: float) -> None:
    limit = reuse_limit(keep_alive)
    assert limit == max(0.0, keep_alive - KEEP_ALIVE_MARGIN)
    every = warm_interval(keep_alive)
    if limit == 0:
        assert every == 0.0  # nothing is kept, nothing to keep warm
    else:
        assert 0 < every < limit


def test_the_pool_closes_a_kept_connection_idle_too_long() -> None:
    assert not stale(None, 100.0, 3.5)  # a connection never used yet
    assert not stale(97.0, 100.0, 3.5)
    assert stale(96.0, 100.0, 3.5)
    assert stale(99.9, 100.0, 0.0)  # keep-alive 0: never reused


def test_keep_warm_pings_only_inside_its_window_and_when_the_line_is_idle() -> None:
    assert ping_due(10.0, 8.0, 0.0, 3.0, 0) is None  # no window
    assert ping_due(10.0, 8.0, 100.0, 3.0, 0) == pytest.approx(1.0)
    assert ping_due(12.0, 8.0, 100.0, 3.0, 0) == 0.0  # overdue: now
    assert ping_due(12.0, 8.0, 100.0, 3.0, 1) == 3.0  # a call holds it: look again later
    assert ping_due(10.0, 8.0, 10.5, 3.0, 0) is None  # would fall after the window
    assert ping_due(101.0, 8.0, 100.0, 3.0, 0) is None  # the window is over


@pytest.fixture
def linked(loopback):
    loopback.script("/x", json_reply(200, {"ok": 1}))
    loopback.script("/v1/health", json_reply(200, {"status": "ok"}))
    with Link(loopback.server_address[1]) as link:
        yield loopback, link


def test_calls_from_many_threads_share_a_few_kept_connections(linked) -> None:
    """The defect of issue 19: a session per thread-local meant a connection per request
    under a QThreadPool, never closed. Each call here runs on a thread of its own."""
    _server, link = linked
    earlier = sockets_to(link.port)  # an earlier test's, to a gone server on this port number
    transport = Transport(BackendConfig(base_url=link.base_url, token=TOKEN))
    answers: list[object] = []
    for _round in range(5):
        threads = [threading.Thread(target=lambda: answers.append(
            transport.request("GET", "/x", op="x"))) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert answers == [{"ok": 1}] * 20
    assert link.stats.connections <= POOL_SIZE
    transport.close()
    deadline = time.monotonic() + 5
    while sockets_to(link.port) - earlier and time.monotonic() < deadline:
        time.sleep(0.05)
    # closing the client closed every kept connection
    assert sockets_to(link.port) - earlier == set()


def test_a_connection_idle_past_the_servers_keep_alive_is_not_reused(linked) -> None:
    _server, link = linked
    # keep-alive 1.6 s: a kept connection is reused for 0.1 s only
    with Transport(BackendConfig(base_url=link.base_url, token=TOKEN, keep_alive=1.6)) as t:
        t.request("GET", "/x", op="x")
        t.request("GET", "/x", op="x")
        assert link.stats.connections == 1
        time.sleep(0.3)
        t.request("GET", "/x", op="x")
        assert link.stats.connections == 2


def test_the_connection_is_kept_warm_while_held_and_no_longer(linked) -> None:
    server, link = linked
    # keep-alive 4 s: reused for 2.5 s, a ping after 2 s of quiet (half a second of slack for
    # a busy machine; with less, a late ping found the connection past its reuse and opened
    # a second one)
    with Transport(BackendConfig(base_url=link.base_url, token=TOKEN, keep_alive=4.0)) as t:
        t.request("GET", "/x", op="x")
        t.keep_warm(30)
        give_up = time.monotonic() + 20
        while len(server.requests_for("/v1/health")) < 2 and time.monotonic() < give_up:
            time.sleep(0.05)
        t.request("GET", "/x", op="x")  # after 4 s: on the connection the pings kept
        assert len(server.requests_for("/v1/health")) >= 2
        assert link.stats.connections == 1
        t.keep_warm(0)
        pings = len(server.requests_for("/v1/health"))
        time.sleep(3.0)  # longer than the pings' cadence: none came
        assert len(server.requests_for("/v1/health")) == pings
        assert t.warm_pings == pings
