"""The reader watcher: readers coming and going, cards in and out, the PC/SC service's health.

Runs in its own thread on ``smartcard.scard`` (pyscard's ``CardMonitor`` stops for good on the
errors a kiosk meets every day). It blocks in ``SCardGetStatusChange`` on every reader plus
``\\\\?PnP?\\Notification`` and feeds each reader's ``dwEventState`` back, so the event counter in
its top 16 bits reveals a quick remove-and-reinsert between two of pcscd's polls. When pcscd
dies (``SCARD_F_COMM_ERROR`` / ``SCARD_E_NO_SERVICE``) the old context is useless for good: the
watcher reports ``service_unavailable`` and ``card_removed`` for each card that was in (none
can be vouched for once the service is gone: another may be in by the time it is back),
releases it and establishes a new one with backoff, reports ``service_available`` and then
what is there: ``card_inserted`` for each card in, to be read afresh.

Events go to a ``ReaderEventListener``; on start it first hears ``reader_added`` for each reader
and ``card_inserted`` for each card already in. The listener's ``on_event`` is called ON THE
WATCHER THREAD, one event at a time, in order: it must return quickly and must not touch Qt
widgets (the Qt side wraps it in a queued signal). ``start()`` and ``stop()`` are called from
the owning thread (usually the GUI thread); ``stop()`` cancels the blocking call
(``SCardCancel``) and returns promptly. ``card_events`` and ``reader_events`` are the pure
decisions, tested directly. No personal data is ever read or logged here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from smartcard import scard

from kiosk.card.transport import READER_GONE, SERVICE_DOWN

log = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
BACKOFF = (0.1, 0.2, 0.5, 1.0, 2.0)
WAIT_MS = 2000  # a finite wait: a stop that races the blocking call is still seen in time
_COUNTER_MASK = 0xFFFF0000


class EventKind(StrEnum):
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"
    SERVICE_UNAVAILABLE = "service_unavailable"
    SERVICE_AVAILABLE = "service_available"


@dataclass(frozen=True, slots=True)
class ReaderEvent:
    """One thing that happened: ``reader`` is empty for service events, ``atr`` (hex) is set
    for ``card_inserted``."""

    kind: EventKind
    reader: str = ""
    atr: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"event": self.kind.value}
        if self.reader:
            out["reader"] = self.reader
        if self.atr:
            out["atr"] = self.atr
        return out


class ReaderEventListener(Protocol):
    def on_event(self, event: ReaderEvent) -> None:
        """Called on the watcher thread for every event, in order."""


def card_events(reader: str, old_state: int, new_state: int, atr: bytes = b"",
                compare_counter: bool = True) -> list[ReaderEvent]:
    """What changed in one reader between two ``dwEventState`` values (pure).

    A card present both times but with a different event counter was swapped (or pulled and
    put back) between two polls: that is a removal and an insertion.
    """
    was = bool(old_state & scard.SCARD_STATE_PRESENT)
    now = bool(new_state & scard.SCARD_STATE_PRESENT)
    inserted = ReaderEvent(EventKind.CARD_INSERTED, reader, atr.hex().upper())
    if was and not now:
        return [ReaderEvent(EventKind.CARD_REMOVED, reader)]
    if now and not was:
        return [inserted]
    if (was and now and compare_counter
            and (old_state & _COUNTER_MASK) != (new_state & _COUNTER_MASK)):
        return [ReaderEvent(EventKind.CARD_REMOVED, reader), inserted]
    return []


def reader_events(old: Sequence[str], new: Sequence[str]) -> list[ReaderEvent]:
    """Readers that went away (first) and readers that appeared, in list order (pure)."""
    gone = [ReaderEvent(EventKind.READER_REMOVED, r) for r in old if r not in new]
    came = [ReaderEvent(EventKind.READER_ADDED, r) for r in new if r not in old]
    return gone + came


class _ServiceLost(Exception):
    pass


class ReaderWatcher:
    """Watches every reader on its own thread and reports ``ReaderEvent``s to ``listener``."""

    def __init__(self, listener: ReaderEventListener, backoff: Sequence[float] = BACKOFF) -> None:
        self._listener = listener
        self._backoff = tuple(backoff)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._context: int | None = None
        self._thread: threading.Thread | None = None
        # what the listener has been told so far (watcher thread only)
        self._readers: list[str] = []
        self._states: dict[str, int] = {}
        self._service_up: bool | None = None

    # --- owning thread --------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread promptly: cancel the blocking wait and join."""
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return
        waited = 0.0
        while thread.is_alive() and waited < timeout:
            with self._lock:
                if self._context is not None:
                    scard.SCardCancel(self._context)
            thread.join(0.05)
            waited += 0.05
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ReaderWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- watcher thread -------------------------------------------------------------------

    def _emit(self, event: ReaderEvent) -> None:
        log.info("card event %s %s", event.kind.value, event.reader)
        try:
            self._listener.on_event(event)
        except Exception:
            log.exception("reader event listener failed on %s", event.kind.value)

    def _set_service(self, up: bool) -> None:
        if up and self._service_up is False:
            self._emit(ReaderEvent(EventKind.SERVICE_AVAILABLE))
        elif not up and self._service_up is not False:
            self._emit(ReaderEvent(EventKind.SERVICE_UNAVAILABLE))
        self._service_up = up

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hr != scard.SCARD_S_SUCCESS:
                self._set_service(False)
                self._stop.wait(self._backoff[min(attempt, len(self._backoff) - 1)])
                attempt += 1
                continue
            with self._lock:
                self._context = context
            try:
                if self._stop.is_set():
                    break
                self._watch(context)
            except _ServiceLost:
                log.warning("PC/SC service lost; establishing a new context")
                self._set_service(False)
                self._forget_cards()
                attempt = 0
                self._stop.wait(self._backoff[0])
            finally:
                with self._lock:
                    self._context = None
                scard.SCardReleaseContext(context)

    def _forget_cards(self) -> None:
        """The service is gone: each card the listener was told is in is reported removed,
        and forgotten, so that whatever is in once the service is back is reported inserted.
        (Its presence alone was compared before: a card swapped while pcscd restarted, or
        put back before the first look, went unreported and the kiosk kept the old one.)"""
        for reader, state in self._states.items():
            if state & scard.SCARD_STATE_PRESENT:
                self._emit(ReaderEvent(EventKind.CARD_REMOVED, reader))
        self._states = dict.fromkeys(self._states, 0)

    def _list_readers(self, context: int) -> list[str]:
        hr, readers = scard.SCardListReaders(context, [])
        if hr == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hr != scard.SCARD_S_SUCCESS:
            raise _ServiceLost()
        return list(readers)

    def _apply_readers(self, readers: list[str]) -> None:
        for event in reader_events(self._readers, readers):
            if event.kind is EventKind.READER_REMOVED:
                old = self._states.pop(event.reader, 0)
                if old & scard.SCARD_STATE_PRESENT:
                    self._emit(ReaderEvent(EventKind.CARD_REMOVED, event.reader))
            self._emit(event)
        self._readers = list(readers)

    def _watch(self, context: int) -> None:
        readers = self._list_readers(context)
        self._set_service(True)
        self._apply_readers(readers)
        # After a new context the event counters start again: compare presence only once.
        fresh = set(readers)
        current = {r: scard.SCARD_STATE_UNAWARE for r in readers}
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            query = [(PNP_NOTIFICATION, pnp_state)] + [(r, current[r]) for r in self._readers]
            hr, results = scard.SCardGetStatusChange(context, WAIT_MS, query)
            if hr in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if hr in SERVICE_DOWN:
                raise _ServiceLost()
            if hr in READER_GONE or hr == scard.SCARD_E_UNKNOWN_READER:
                self._relist(context, current, fresh)
                continue
            if hr != scard.SCARD_S_SUCCESS:
                log.warning("SCardGetStatusChange returned 0x%08X", hr & 0xFFFFFFFF)
                raise _ServiceLost()
            relist = False
            for name, state, atr in results:
                if name == PNP_NOTIFICATION:
                    if pnp_state != scard.SCARD_STATE_UNAWARE and state != pnp_state:
                        relist = True
                    pnp_state = state & ~scard.SCARD_STATE_CHANGED
                    continue
                if name not in current:
                    continue
                if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    relist = True
                    continue
                old = self._states.get(name, 0)
                for event in card_events(name, old, state, bytes(atr),
                                         compare_counter=name not in fresh):
                    self._emit(event)
                fresh.discard(name)
                self._states[name] = state & ~scard.SCARD_STATE_CHANGED
                current[name] = state & ~scard.SCARD_STATE_CHANGED
            if relist:
                self._relist(context, current, fresh)

    def _relist(self, context: int, current: dict[str, int], fresh: set[str]) -> None:
        readers = self._list_readers(context)
        self._apply_readers(readers)
        for name in list(current):
            if name not in readers:
                del current[name]
        for name in readers:
            if name not in current:
                current[name] = scard.SCARD_STATE_UNAWARE
                fresh.discard(name)
