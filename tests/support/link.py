"""A link emulator: a TCP proxy that makes loopback behave like a village clinic's mobile link.

The kernel's netem is not available on these machines, so the link lives in user space: an
asyncio proxy on its own thread, put between the kiosk and the backend (``Link(target_port)``,
then point the kiosk at ``link.base_url``). Per direction it adds

- latency and jitter: every chunk is delivered ``latency/2 ± jitter/2`` after it was sent (so a
  round trip costs ``latency``), in order;
- a bandwidth cap: chunks leave no faster than ``rate_bps`` bits per second;
- the cost of a new connection: its first bytes reach the server ``setup_round_trips``
  round trips late (the proxy accepts on loopback at once, where a real link spends one
  round trip on the TCP handshake, and one or two more on a TLS handshake: 2 models TCP and
  a TLS 1.3 handshake over a backend that speaks plain HTTP);

and, scripted by the test while it runs:

- ``stall(seconds)``: nothing moves on open connections for a while (bytes wait, not lost);
- ``reset_all()``: every open connection is cut (RST), as a dropped mobile link does;
- ``outage(seconds)``: the link is down: open connections cut, and every new one cut at once
  (before a byte crosses) until it ends (``down()``/``up()`` for an outage of open-ended
  length).

It counts what crossed it (``stats``): connections opened, bytes each way, so tests and
benchmarks can tell a reused connection from a new one per request.

Threads: the proxy runs its own event loop thread; every public method may be called from any
thread. ``close()`` stops it. Loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field


@dataclass
class LinkStats:
    connections: int = 0
    refused: int = 0
    bytes_up: int = 0  # client -> server
    bytes_down: int = 0  # server -> client
    open_now: int = 0


@dataclass
class Shape:
    """The link's character; change it any time with ``Link.shape``."""

    latency: float = 0.0  # seconds per round trip
    jitter: float = 0.0  # seconds, spread of each one-way delay
    rate_bps: int = 0  # bits per second each way, 0 = unlimited
    setup_round_trips: float = 1.0  # what opening a connection costs (TCP: 1; TLS 1.3: +1)
    seed: int | None = None
    random: random.Random = field(default_factory=random.Random, repr=False)


class _Pipe:
    """One direction of one connection: delays, paces and forwards chunks in order."""

    def __init__(self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 upstream: bool) -> None:
        self.link = link
        self.reader = reader
        self.writer = writer
        self.upstream = upstream
        self.queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        self.next_free = 0.0  # when the rate cap lets the next byte leave
        shape = link.shape
        # a new connection's handshakes: nothing reaches the server before they are done
        # (the client sends at once, so its bytes arrive that many round trips plus one way on)
        self.not_before = (time.monotonic() + shape.latency * (shape.setup_round_trips + 0.5)
                           if upstream else 0.0)

    async def read(self) -> None:
        try:
            while chunk := await self.reader.read(16384):
                shape = self.link.shape
                one_way = max(0.0, shape.latency / 2
                              + shape.random.uniform(-shape.jitter / 2, shape.jitter / 2))
                await self.queue.put((time.monotonic() + one_way, chunk))
        except (ConnectionError, OSError):
            pass
        finally:
            await self.queue.put(None)

    async def write(self) -> None:
        last_due = 0.0
        try:
            while (item := await self.queue.get()) is not None:
                due, chunk = item
                due = max(due, last_due, self.not_before)  # in order, whatever the jitter
                last_due = due
                rate = self.link.shape.rate_bps
                if rate:
                    start = max(due, self.next_free)
                    self.next_free = start + len(chunk) * 8 / rate
                    due = self.next_free
                await self.link._wait_until(due)
                # counted before it leaves: once the far end has it, the count includes it
                if self.upstream:
                    self.link.stats.bytes_up += len(chunk)
                else:
                    self.link.stats.bytes_down += len(chunk)
                self.writer.write(chunk)
                await self.writer.drain()
            with contextlib.suppress(OSError, RuntimeError):
                if self.writer.can_write_eof():
                    self.writer.write_eof()
        except (ConnectionError, OSError):
            pass


class Link:
    """A shaped TCP link to ``127.0.0.1:target_port``. See the module docstring."""

    def __init__(self, target_port: int, shape: Shape | None = None) -> None:
        self.target_port = target_port
        self.shape = shape or Shape()
        if self.shape.seed is not None:
            self.shape.random.seed(self.shape.seed)
        self.stats = LinkStats()
        self._down_until = 0.0
        self._stalled_until = 0.0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._run, name="link-emulator", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("link emulator did not start")
        assert self._server is not None
        self.port = int(self._server.sockets[0].getsockname()[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting (any thread) -----------------------------------------------------------------

    def set_shape(self, **changes: float | int) -> None:
        for key, value in changes.items():
            setattr(self.shape, key, value)

    def stall(self, seconds: float) -> None:
        self._stalled_until = time.monotonic() + seconds

    def reset_all(self) -> None:
        self._call(self._reset_all)

    def outage(self, seconds: float) -> None:
        self._down_until = time.monotonic() + seconds
        self.reset_all()

    def down(self) -> None:
        self.outage(float("inf"))

    def up(self) -> None:
        self._down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._call(self._shutdown)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the event loop thread ------------------------------------------------------------------

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._accept, "127.0.0.1", 0))
        self._ready.set()
        self._loop.run_forever()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self._loop.close()

    def _call(self, fn: object) -> None:
        done = threading.Event()

        def run() -> None:
            try:
                fn()  # type: ignore[operator]
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    async def _wait_until(self, due: float) -> None:
        while True:
            now = time.monotonic()
            wait = max(due, self._stalled_until) - now
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, 0.05))

    async def _accept(self, client_reader: asyncio.StreamReader,
                      client_writer: asyncio.StreamWriter) -> None:
        if self.is_down:
            self.stats.refused += 1
            _abort(client_writer)
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port)
        except OSError:
            self.stats.refused += 1
            _abort(client_writer)
            return
        self.stats.connections += 1
        self.stats.open_now += 1
        self._writers.update((client_writer, server_writer))
        up = _Pipe(self, client_reader, server_writer, upstream=True)
        down = _Pipe(self, server_reader, client_writer, upstream=False)
        try:
            await asyncio.gather(up.read(), up.write(), down.read(), down.write())
        finally:
            self.stats.open_now -= 1
            for writer in (client_writer, server_writer):
                self._writers.discard(writer)
                with contextlib.suppress(OSError, RuntimeError):
                    writer.close()

    def _reset_all(self) -> None:
        for writer in list(self._writers):
            _abort(writer)
        self._writers.clear()

    def _shutdown(self) -> None:
        self._reset_all()
        if self._server is not None:
            self._server.close()


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a reset (SO_LINGER 0), as a link that drops does, not a polite FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError, RuntimeError):
        writer.transport.abort()


__all__ = ["Link", "LinkStats", "Shape"]
