"""The tests' own pcscd (``tests.support.pcsc.PrivatePcscd``) comes up even when the vpcd
port is still held as it starts.

vpcd listens on its port once, when pcscd starts; a port still held after the last daemon
("Address already in use" in pcscd's log) left pcscd serving with no reader, and a CI run
waited 75 s for it and failed the test's set-up. ``start`` now starts the daemon again until
the reader appears.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from tests.support import pcsc
from tests.support.pcsc import wait_for


def _bound(sock: socket.socket) -> bool:
    try:
        sock.bind(("0.0.0.0", 0x8C7B))  # what vpcd binds: every address, the reader's port
    except OSError:
        return False
    return True


def test_pcscd_comes_up_once_the_vpcd_port_is_free_again(tmp_path: Path) -> None:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # the last test's daemon may have left the port in TIME_WAIT (the very case): take it
    # anyway, and wait for a listener still closing
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    wait_for(lambda: _bound(holder), 30.0, what="the vpcd port")
    holder.listen()
    threading.Timer(3.0, holder.close).start()  # the last daemon's port, freed a moment later
    daemon = pcsc.PrivatePcscd(tmp_path / "pcscd")
    try:
        daemon.start(timeout=75.0, attempt=1.5)  # TIME_WAIT lasts up to 60 s
        assert pcsc.READER_0 in (pcsc.list_readers() or [])
    finally:
        daemon.stop()
        holder.close()
    log = daemon.log_path.read_text(errors="replace")
    assert "Address already in use" in log  # the first daemon met the held port
