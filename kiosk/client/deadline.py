"""The call deadline and the connection pool: sockets shut down the moment a backend call's
time is up, and connections kept for the next call only while the server keeps them too.

``requests`` has per-socket-operation timeouts only: a server that drips one byte a second
(even in its headers) would hold a call forever. ``DeadlineWatch`` shuts down every socket the
current call uses once its deadline passes, so a blocked ``recv`` returns at once and the
transport reports a deadline timeout. A connection handed back to the pool is disarmed first:
a late deadline never cuts a connection another call has taken meanwhile.

``new_session(max_idle)`` builds the one ``requests.Session`` a ``Transport`` shares between
all its threads: one pool of at most ``POOL_SIZE`` kept connections (more may be open while
more calls run at once; those are closed when they come back), whose connection classes arm
the calling thread's watch (``current.watch``) on each socket. A kept connection idle for
longer than ``max_idle`` seconds is closed rather than reused: the server may be closing its
end (its keep-alive) while a request travels to it, and a POST lost that way would have an
unknown outcome. Closing the session closes every kept connection; one still in use is closed
when it comes back.

TLS sessions are resumed: the pool keeps the session (ticket) of the last TLS connection that
answered, and a new connection to the same server offers it, so the server skips sending its
certificate chain and the full key exchange (kilobytes on a link that carries a few a second;
a round trip under TLS 1.2). All of a pool's connections share one ``SSLContext`` for that
(a session resumes only within the context that made it): the system's trust store, or the
configured CA bundle that urllib3 loads into it. ``tls_resumptions(session)`` counts the
resumed handshakes.

Threads: one daemon thread (``Watchdog``) fires every call's deadline, whatever the number of
calls; ``DeadlineWatch.start``, ``arm`` and ``cancel`` are called from the calling thread. The
session and its pool may be used from any number of threads at once.
"""

from __future__ import annotations

import contextlib
import heapq
import http.cookiejar
import socket
import ssl
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse
from urllib3.util.ssl_ import create_urllib3_context

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection, BaseHTTPSConnection

# The watch of the call the current thread is making (``Transport`` sets and clears it).
current = threading.local()

# Connections the pool keeps between calls: a kiosk makes one call at a time, plus the
# background refreshes and the open-settlement finisher.
POOL_SIZE = 4


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
        with self._lock:  # once this returns, the watch cuts nothing
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

    def disarm(self, sock: socket.socket | None) -> None:
        """``sock`` goes back to the pool: this call's deadline no longer cuts it."""
        with self._lock:
            self._sockets = [s for s in self._sockets if s is not sock]

    def _fire(self) -> None:
        with self._lock:  # shutdown() does not block: under the lock, so cancel() can rely
            if self.cancelled:
                return
            self.fired = True
            for sock in self._sockets:
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

    def request(self, *args: Any, **kwargs: Any) -> None:
        _arm_current(self.sock)  # a kept connection: armed before the request is sent
        super().request(*args, **kwargs)

    # urllib3 overrides http.client's getresponse() with its own HTTPResponse and marks that
    # override the same way: the guard returns what urllib3 returns.
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _arm_current(self.sock)
        return super().getresponse()


class _GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class _Resuming:
    """The pool's ``SSLContext`` for one handshake: everything as the context, except that
    ``wrap_socket`` offers ``session`` (the pool's last one, made by this same context)."""

    def __init__(self, context: ssl.SSLContext, session: ssl.SSLSession | None) -> None:
        object.__setattr__(self, "_context", context)
        object.__setattr__(self, "_session", session)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._context, name, value)  # urllib3 sets verify_mode, check_hostname

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        wrapped: ssl.SSLSocket = self._context.wrap_socket(sock, *args, session=self._session,
                                                           **kwargs)
        return wrapped


class _GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    kiosk_pool: _KeptPool | None = None

    def connect(self) -> None:
        pool, context = self.kiosk_pool, self.ssl_context
        if pool is None or context is None:
            super().connect()
            return
        self.ssl_context = _Resuming(context, pool.tls_session)  # type: ignore[assignment]
        try:
            super().connect()
        finally:
            self.ssl_context = context
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.session_reused:
            pool.tls_resumed += 1


def stale(idle_since: float | None, now: float, max_idle: float) -> bool:
    """Whether a kept connection has been idle too long to be reused (pure)."""
    return idle_since is not None and now - idle_since > max_idle


class _KeptPool(HTTPConnectionPool):
    """Marks when each connection comes back, disarms it, and closes stale ones on the way
    out (the next request on a closed connection opens a new one)."""

    max_idle: ClassVar[float] = float("inf")
    tls_session: ssl.SSLSession | None = None  # the last answered TLS connection's session
    tls_resumed = 0  # handshakes that resumed it

    def _get_conn(self, timeout: float | None = None) -> BaseHTTPConnection:
        conn = super()._get_conn(timeout)
        if stale(getattr(conn, "kiosk_idle_since", None), time.monotonic(), self.max_idle):
            conn.close()
        return conn

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        if conn is not None:
            sock = getattr(conn, "sock", None)
            watch = getattr(current, "watch", None)
            if watch is not None:
                watch.disarm(sock)
            if isinstance(sock, ssl.SSLSocket) and sock.session is not None:
                self.tls_session = sock.session  # answered: the server's ticket has come
            conn.kiosk_idle_since = time.monotonic()  # type: ignore[attr-defined]
        super()._put_conn(conn)


class _GuardedHTTPPool(_KeptPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(_KeptPool, HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("ssl_context") is None:
            # one context for all this pool's connections (sessions resume only within the
            # context that made them); the trust store unless urllib3 is given a CA bundle
            context = create_urllib3_context()
            if not (kwargs.get("ca_certs") or kwargs.get("ca_cert_dir")):
                context.load_default_certs()
            kwargs["ssl_context"] = context
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> BaseHTTPSConnection:
        conn = super()._new_conn()
        conn.kiosk_pool = self  # type: ignore[attr-defined]
        return conn


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, max_idle: float) -> None:
        attrs = {"max_idle": max_idle}
        self._pool_classes = {
            "http": type("KeptHTTPPool", (_GuardedHTTPPool,), attrs),
            "https": type("KeptHTTPSPool", (_GuardedHTTPSPool,), attrs),
        }
        super().__init__(pool_connections=1, pool_maxsize=POOL_SIZE, max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pool_classes)


def tls_resumptions(session: requests.Session) -> int:
    """How many TLS handshakes of ``session``'s pools resumed an earlier session."""
    adapter = session.get_adapter("https://")
    pools = getattr(adapter, "poolmanager", None)
    if pools is None:
        return 0
    # keys(): the pools' container takes its lock there (iterating it is refused)
    return sum(getattr(pools.pools[key], "tls_resumed", 0)
               for key in pools.pools.keys())  # noqa: SIM118


def new_session(max_idle: float = float("inf")) -> requests.Session:
    """A session that ignores the environment, keeps at most ``POOL_SIZE`` connections idle
    for at most ``max_idle`` seconds, and whose sockets obey the call deadline. Cookies are
    never kept (the backend sets none), so nothing in it changes as threads share it."""
    session = requests.Session()
    session.trust_env = False
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    adapter = _GuardedAdapter(max_idle)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
