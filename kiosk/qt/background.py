"""The one helper for background work: run blocking I/O off the GUI thread, answer on it.

After Anki's ``QueryOp``: ``Background.run(op, success, failure)`` runs ``op()`` on a worker
thread of a small ``QThreadPool`` and then calls ``success(result)`` (or ``failure(error)``)
on the GUI thread, through a queued signal. Card reads, backend calls and journal writes all
leave the GUI thread this way and no other; the GUI thread never blocks on I/O. A program
makes one ``Background`` in its composition root and hands it to whatever needs it (there is
no module-level default).

NEVER touch a widget, a QObject living on the GUI thread, or the patient session from ``op``:
it runs on a worker thread. Hand what it found back as its return value and act on it in
``success``.

Shutdown: ``Background.shutdown(timeout)`` stops accepting work and waits for every running
``op`` (Qt aborts at exit if a pool thread is still busy when the application goes away).
Callbacks of work that finishes after shutdown are dropped.

Threads: ``run``, ``pending``, ``wait`` and ``shutdown`` are called on the GUI thread (the
thread that created the ``Background``); ``op`` runs on a pool thread; ``success`` and
``failure`` run on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]

# Threads start as needed, up to this many. Work waiting on a dead backend holds a thread
# until the client's deadline; with the open-settlement finisher and the departments refresh
# hanging too, a patient who reinserts the card twice must still find a free thread.
DEFAULT_THREADS = 8


def _log_failure(error: BaseException) -> None:
    log.error("background work failed: %s", type(error).__name__, exc_info=error)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits ``done`` and the queued slot delivers it."""

    done = Signal(int, bool, object)  # job id, ok, result or exception

    def __init__(self, owner: Background) -> None:
        super().__init__()
        self._owner = owner
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, bool, object)
    def _deliver(self, job: int, ok: bool, value: object) -> None:
        self._owner._deliver(job, ok, value)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, job: int, op: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay = relay
        self._job = job
        self._op = op

    def run(self) -> None:  # pool thread
        try:
            result = self._op()
        except BaseException as error:
            self._relay.done.emit(self._job, False, error)
        else:
            self._relay.done.emit(self._job, True, result)


class Background:
    """A pool of worker threads whose results come back on the GUI thread."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._pool.setExpiryTimeout(-1)  # keep the threads: no start-up cost per job
        self._relay = _Relay(self)
        self._callbacks: dict[int, tuple[Success, Failure]] = {}
        self._next = 0
        self._closed = False
        self._lock = threading.Lock()

    def run(self, op: Callable[[], T], success: Callable[[T], None],
            failure: Failure | None = None) -> None:
        """Run ``op`` on a worker thread, then ``success(result)`` on the GUI thread.

        ``failure(error)`` (default: log it) gets whatever ``op`` raised, on the GUI thread.
        """
        if self._closed:
            log.warning("background work refused after shutdown")
            return
        job = self._register(success, failure)
        self._pool.start(_Job(self._relay, job, op))

    def _register(self, success: Success, failure: Failure | None) -> int:
        with self._lock:
            self._next += 1
            job = self._next
            self._callbacks[job] = (success, failure or _log_failure)
        return job

    @property
    def pending(self) -> int:
        """Jobs started whose callback has not run yet."""
        with self._lock:
            return len(self._callbacks)

    def wait(self, timeout: float = 15.0) -> bool:
        """Block until every running ``op`` has returned (callbacks may still be queued)."""
        return bool(self._pool.waitForDone(int(timeout * 1000)))

    def shutdown(self, timeout: float = 15.0) -> bool:
        """Refuse new work, wait for running work, drop callbacks still to come."""
        self._closed = True
        done = self.wait(timeout)
        if not done:
            log.error("background work still running at shutdown")
        with self._lock:
            self._callbacks.clear()
        return done

    def _deliver(self, job: int, ok: bool, value: object) -> None:  # GUI thread
        with self._lock:
            callbacks = self._callbacks.pop(job, None)
        if callbacks is None or self._closed:
            return
        success, failure = callbacks
        if ok:
            success(value)
        else:
            assert isinstance(value, BaseException)
            failure(value)


__all__ = ["Background"]
