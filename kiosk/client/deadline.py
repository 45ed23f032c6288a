"""The call deadline: sockets shut down the moment a backend call's time is up.

``requests`` has per-socket-operation timeouts only: a server that drips one byte a second
(even in its headers) would hold a call forever. ``DeadlineWatch`` shuts down every socket the
current call uses once its deadline passes, so a blocked ``recv`` returns at once and the
transport reports a deadline timeout. ``new_session()`` builds a ``requests.Session`` whose
connection classes arm the calling thread's watch (``current.watch``) on each socket.

Threads: one daemon thread (``Watchdog``) fires every call's deadline, whatever the number of
calls; ``DeadlineWatch.start``, ``arm`` and ``cancel`` are called from the calling thread.
"""

from __future__ import annotations

import contextlib
import heapq
import socket
import threading
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

# The watch of the call the current thread is making (``Transport`` sets and clears it).
current = threading.local()


class DeadlineWatch:
    """Shuts down every socket the current call uses once its deadline passes.

    A blocked ``recv`` (headers or body dripping in) then returns at once; the caller sees
    ``fired`` and reports a deadline timeout. Armed from the calling thread by the guarded
    connection classes below; fired from a timer thread.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.fired = False
        self.cancelled = False
        self._seconds = max(seconds, 0.0)

    def start(self) -> None:
        _WATCHDOG.watch(time.monotonic() + self._seconds, self)

    def cancel(self) -> None:
        self.cancelled = True  # the watchdog thread drops it when its time comes

    def arm(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if all(s is not sock for s in self._sockets):
                self._sockets.append(sock)
            fired = self.fired
        if fired:
            _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


class Watchdog:
    """One daemon thread that fires every call's ``DeadlineWatch`` when its deadline
    passes (a thread per call would cost a thread start on every request). Thread-safe."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, DeadlineWatch]] = []
        self._seq = 0
        self._thread: threading.Thread | None = None

    def watch(self, deadline: float, watch: DeadlineWatch) -> None:
        with self._cond:
            self._seq += 1
            heapq.heappush(self._heap, (deadline, self._seq, watch))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="kiosk-deadlines",
                                                daemon=True)
                self._thread.start()
            elif self._heap[0][2] is watch:
                self._cond.notify()  # earlier than what the thread waits for

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _deadline, _seq, due = heapq.heappop(self._heap)
            due._fire()  # outside the lock: shuts sockets down


_WATCHDOG = Watchdog()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _arm_current(sock: Any) -> None:
    watch = getattr(current, "watch", None)
    if watch is not None and isinstance(sock, socket.socket):
        watch.arm(sock)


class _Guarded(HTTPConnection):
    """Arms the calling thread's deadline watchdog on the connection's socket.

    A mixin put before ``HTTPConnection`` or ``HTTPSConnection``: the method order is
    ``_Guarded``, then that class, so ``super()`` is the plain or the TLS connection.
    """

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _arm_current(sock)
        return sock

    # urllib3 overrides http.client's getresponse() with its own HTTPResponse and marks that
    # override the same way: the guard returns what urllib3 returns.
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _arm_current(self.sock)
        return super().getresponse()


class _GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def new_session() -> requests.Session:
    """A session that ignores the environment and whose sockets obey the call deadline."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(pool_connections=2, pool_maxsize=2, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
