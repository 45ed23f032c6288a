"""Keeping the backend connection warm while a patient is at the screen.

A server closes a kept connection after its keep-alive (the reference server: 75 s idle;
uvicorn's default, 5 s, where a deployment keeps it); a patient may read a screen for longer
than that, so without help a tap would open a new connection (a TCP and, over TLS, a
handshake: one or two more round trips on a slow link). Between patients the heartbeat (every
60 s) keeps the connection of a kiosk whose server keeps it longer than that. ``KeepWarm`` sends a
cheap request (``ping``, the transport's ``GET /v1/health``) whenever the connection has been
idle for ``every`` seconds, but only inside a window: ``hold(seconds)`` opens or extends it
(a patient's call), ``hold(0)`` ends it (the card is out). Bounded: no window, no pings; a
window ends by itself. TCP keep-alive would not do: it keeps the socket, not the server's
HTTP keep-alive. The decision is the pure ``ping_due``.

Threads: one daemon thread per ``KeepWarm``, started at the first ``hold``; ``hold``,
``begin``, ``end`` and ``close`` may be called from any thread. ``ping`` runs on that thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("kiosk.client")


def ping_due(now: float, last_used: float, warm_until: float, every: float,
             in_flight: int) -> float | None:
    """Seconds until the next ping (0: now), or None while nothing is to be kept warm (pure).

    No ping outside the window, none while a call is out (it uses the connection), and none
    that would fall after the window's end."""
    due = last_used + every
    if now >= warm_until or due >= warm_until:
        return None
    if in_flight:
        return every
    return max(0.0, due - now)


class KeepWarm:
    """Pings through ``ping`` while a window is open. See the module docstring."""

    def __init__(self, ping: Callable[[], object], every: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ping = ping
        self._every = every
        self._clock = clock
        self._cond = threading.Condition()
        self._warm_until = 0.0
        self._last_used = clock()
        self._in_flight = 0
        self._closed = False
        self._thread: threading.Thread | None = None
        self.pings = 0

    def hold(self, seconds: float) -> None:
        """Keep warm for ``seconds`` from now (0 ends the window now)."""
        with self._cond:
            if self._closed or self._every <= 0:
                return
            self._warm_until = self._clock() + seconds
            if seconds > 0 and self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="kiosk-keep-warm",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()

    def begin(self) -> None:
        """A call goes out on the connection."""
        with self._cond:
            self._in_flight += 1

    def end(self) -> None:
        """A call is over: the connection was just used."""
        with self._cond:
            self._in_flight -= 1
            self._last_used = self._clock()
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                wait = ping_due(self._clock(), self._last_used, self._warm_until,
                                self._every, self._in_flight)
                if wait is None or wait > 0:
                    self._cond.wait(wait)
                    continue
            try:
                self._ping()
                self.pings += 1
            except Exception as error:  # a lost ping only costs the next call a connection
                log.info("keep-warm ping failed: %s", type(error).__name__)
