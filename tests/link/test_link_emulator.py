"""The link emulator forwards every byte in order whatever its shape, and its outages, resets
and stalls do what a dropped mobile link does. (How much delay and bandwidth it adds is what
the benchmarks measure through it, not asserted here.)"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator

import pytest

from tests.support.link import Link, Shape


@pytest.fixture
def echo() -> Iterator[int]:
    """A TCP echo server on loopback; its port."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # a link cut mid-way is what is tested
            while data := conn.recv(65536):
                conn.sendall(data)

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    server.close()


def exchange(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:

        def send() -> None:
            with contextlib.suppress(OSError):  # the receiving side reports a cut link
                sock.sendall(payload)

        sender = threading.Thread(target=send)
        sender.start()
        got = bytearray()
        while len(got) < len(payload):
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("the link closed the connection")
            got += chunk
        sender.join(10)
        return bytes(got)


def test_bytes_cross_intact_and_in_order_with_jitter_and_a_rate_cap(echo: int) -> None:
    payload = os.urandom(300_000)
    with Link(echo, Shape(latency=0.02, jitter=0.02, rate_bps=50_000_000, seed=7)) as link:
        assert exchange(link.port, payload) == payload
        assert link.stats.connections == 1
        assert link.stats.bytes_up == link.stats.bytes_down == len(payload)


def test_an_outage_refuses_new_connections_and_cuts_open_ones_until_it_ends(echo: int) -> None:
    with Link(echo) as link:
        sock = socket.create_connection(("127.0.0.1", link.port), timeout=5)
        sock.sendall(b"ping")
        assert sock.recv(4) == b"ping"
        link.down()
        with pytest.raises(OSError):  # the open connection was cut
            sock.sendall(b"x" * 100_000)
            if not sock.recv(1):
                raise ConnectionResetError("closed")
        sock.close()
        with pytest.raises(OSError):  # cut at once: nothing crosses
            exchange(link.port, b"hello")
        assert link.stats.refused >= 1
        link.up()
        assert exchange(link.port, b"hello") == b"hello"


def test_reset_all_cuts_every_open_connection(echo: int) -> None:
    with Link(echo) as link:
        socks = [socket.create_connection(("127.0.0.1", link.port), timeout=5)
                 for _ in range(3)]
        for sock in socks:
            sock.sendall(b"hi")
            assert sock.recv(2) == b"hi"
        link.reset_all()
        for sock in socks:
            with pytest.raises(OSError):
                sock.sendall(b"x" * 100_000)
                if not sock.recv(1):
                    raise ConnectionResetError("closed")
            sock.close()
        assert exchange(link.port, b"again") == b"again"  # new connections still pass


def test_a_stall_holds_bytes_back_without_losing_them(echo: int) -> None:
    with Link(echo) as link:
        sock = socket.create_connection(("127.0.0.1", link.port), timeout=5)
        link.stall(3600)
        sock.sendall(b"held")
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(4)
        link.stall(0)  # the stall ends: what was held arrives
        sock.settimeout(5)
        assert sock.recv(4) == b"held"
        sock.close()
