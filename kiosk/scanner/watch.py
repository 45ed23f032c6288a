"""The one small interface every scanner source stands behind: a watcher thread with backoff.

``ScannerWatcher`` owns the thread and the events; a source supplies three steps, each run on
the watcher thread: ``open()`` (raise ``ScannerError(NO_SCANNER | SCANNER_UNAVAILABLE)`` when it
cannot), ``pump(handle)`` (read until ``should_stop()`` and hand each code or unreadable scan to
``deliver``; raise ``ScannerError(SCANNER_REMOVED)`` when the device goes away) and
``close(handle)``. The watcher opens the device again and again with backoff, so a scanner
plugged in later, or unplugged and plugged in again, is picked up by itself.

Threads: ``start()`` and ``stop()`` are called from the owning thread (usually the GUI
thread); ``stop()`` returns within about one read timeout of the source (a fraction of a
second). The listener is called on the watcher thread (see ``kiosk.scanner.events``).
Nothing a scanner reads is logged, only kinds and lengths.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Generic, TypeVar

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode
from kiosk.scanner.events import (
    CONNECTED,
    Availability,
    ScanEvent,
    ScanEventKind,
    ScanEventListener,
    availability_event,
)

log = logging.getLogger(__name__)

BACKOFF = (0.1, 0.2, 0.5, 1.0, 2.0)
READ_TIMEOUT = 0.2  # how long a source may block in one read: bounds how long stop() takes

H = TypeVar("H")


class ScannerWatcher(Generic[H]):
    """Watches one scanner on its own thread and reports ``ScanEvent``s to ``listener``.

    Subclasses implement ``open``, ``pump`` and ``close``; ``name`` is what events call the
    scanner (a device path or a description, never anything read from it).
    """

    thread_name = "scanner-watcher"

    def __init__(self, name: str, listener: ScanEventListener,
                 backoff: Sequence[float] = BACKOFF) -> None:
        self.name = name
        self._listener = listener
        self._backoff = tuple(backoff)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._told: Availability = None  # watcher thread only

    # --- owning thread --------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ScannerWatcher[H]:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the source's steps (watcher thread) ----------------------------------------------

    def open(self) -> H:
        raise NotImplementedError

    def pump(self, handle: H) -> None:
        raise NotImplementedError

    def close(self, handle: H) -> None:
        raise NotImplementedError

    def should_stop(self) -> bool:
        return self._stop.is_set()

    def deliver(self, item: ScannedCode | ScannerError) -> None:
        """Report one scan: a code, or why it is not one."""
        if isinstance(item, ScannedCode):
            self._emit(ScanEvent(ScanEventKind.CODE_SCANNED, self.name, code=item))
        else:
            self._emit(ScanEvent(ScanEventKind.SCAN_UNREADABLE, self.name, error=item.code,
                                 detail=item.detail))

    # --- watcher thread -------------------------------------------------------------------

    def _emit(self, event: ScanEvent) -> None:
        log.info("scanner event %s %s%s", event.kind.value, event.scanner,
                 f" length={len(event.code.text)}" if event.code else "")
        try:
            self._listener.on_event(event)
        except Exception:
            log.exception("scan event listener failed on %s", event.kind.value)

    def _tell(self, now: Availability, error: ScannerError | None = None) -> None:
        kind = availability_event(self._told, now)
        if kind is None:
            return
        self._told = now
        code = None if now == CONNECTED else ScannerErrorCode(str(now))
        self._emit(ScanEvent(kind, self.name, error=code,
                             detail=error.detail if error is not None else ""))

    def _wait(self, attempt: int) -> None:
        self._stop.wait(self._backoff[min(attempt, len(self._backoff) - 1)])

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                handle = self.open()
            except ScannerError as error:
                self._tell(error.code, error)
                self._wait(attempt)
                attempt += 1
                continue
            except Exception as exc:  # a source's bug must not kill the watcher
                log.exception("scanner open failed unexpectedly: %s", type(exc).__name__)
                self._tell(ScannerErrorCode.SCANNER_UNAVAILABLE,
                           ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, type(exc).__name__))
                self._wait(attempt)
                attempt += 1
                continue
            attempt = 0
            try:
                self._tell(CONNECTED)
                self.pump(handle)
            except ScannerError as error:
                log.warning("scanner %s lost: %s", self.name, error.code.value)
                self._tell(ScannerErrorCode.SCANNER_REMOVED, error)
                self._wait(0)
            except Exception as exc:
                log.exception("scanner read failed unexpectedly: %s", type(exc).__name__)
                self._tell(ScannerErrorCode.SCANNER_REMOVED,
                           ScannerError(ScannerErrorCode.SCANNER_REMOVED, type(exc).__name__))
                self._wait(0)
            finally:
                try:
                    self.close(handle)
                except Exception:
                    log.debug("closing the scanner failed", exc_info=True)
