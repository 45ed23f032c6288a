"""A kiosk waiting for its next patient keeps its connection to the backend (issue 19: the
first step after a quiet spell must not pay a new TCP and TLS handshake, two more round trips
on a village clinic's link): the server keeps an idle connection longer than the kiosk's
heartbeat comes, and the kiosk reuses it that long."""

from __future__ import annotations

import http.client
import time

from kiosk.client.transport import BackendConfig, reuse_limit
from kiosk.flow.heartbeat import HEARTBEAT_SECONDS
from kiosk.server.config import Settings
from tests.support.server_proc import Backend


def test_the_heartbeat_comes_before_a_kept_connection_goes_stale() -> None:
    server_keeps = Settings().keep_alive_seconds
    kiosk_assumes = BackendConfig(base_url="https://backend.example").keep_alive
    assert kiosk_assumes <= server_keeps
    assert reuse_limit(kiosk_assumes) > HEARTBEAT_SECONDS


def test_the_server_keeps_an_idle_connection_past_uvicorns_five_seconds(backend: Backend
                                                                        ) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=5)
    try:
        conn.request("GET", "/v1/health")
        assert conn.getresponse().read() and conn.sock is not None
        kept = conn.sock
        time.sleep(6.5)  # past uvicorn's default keep-alive (5 s)
        # the same connection still answers (a closed one: RemoteDisconnected here)
        conn.request("GET", "/v1/health")
        answer = conn.getresponse()
        assert answer.status == 200 and answer.read()
        assert conn.sock is kept
    finally:
        conn.close()
