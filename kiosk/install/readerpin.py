"""The reader pin: an installed kiosk takes cards from the reader its setup chose, and from no
virtual reader.

A pin is a reader name pattern (``KioskConfig.reader``), ``*`` standing for any run of
characters and nothing else special: ``"ACS ACR39U ICC Reader *"`` matches that model in any
slot (PC/SC appends slot numbers such as ``" 00 00"`` that change with the USB port), an exact
name matches itself. The setup writes ``pattern_for(chosen reader)``.

A virtual reader (vsmartcard's vpcd, named "Virtual PCD ...") takes cards over TCP from
anyone on the network: demo machines only. A pin that is empty, matches every reader or
matches a virtual reader is refused (``pin_problem``); a kiosk that is not a demo refuses
every card while a virtual reader is present (``card_refusal``), and its self-test fails.

``PinnedReaders`` sits between the reader watcher and the kiosk: it passes on the events of
pinned readers, drops card events while a virtual reader is present, and tells its
``on_virtual(present)`` when that changes. Its ``on_event`` runs ON THE WATCHER THREAD
(``kiosk.card.watcher``): it only keeps the set of readers it has been told about and calls
the next listener and ``on_virtual``, which must be safe to call from that thread (a Qt
signal emit is).

Everything else here is pure and stdlib only; any thread.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

log = logging.getLogger(__name__)

VIRTUAL_READER_MARKS = ("Virtual PCD",)  # vsmartcard vpcd's reader name
# What a pin must not match: a vpcd reader in its first slots.
VIRTUAL_SAMPLES = ("Virtual PCD 00 00", "Virtual PCD 00 01", "Virtual PCD 01 00")
_SLOTS = re.compile(r"( \d\d)+$")


def is_virtual(reader: str) -> bool:
    return any(mark.casefold() in reader.casefold() for mark in VIRTUAL_READER_MARKS)


def virtual_readers(readers: Iterable[str]) -> list[str]:
    return [reader for reader in readers if is_virtual(reader)]


def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


def matches(pattern: str, reader: str) -> bool:
    """Whether ``reader`` is a reader the pin ``pattern`` takes (never a virtual one)."""
    return (bool(pattern) and not is_virtual(reader)
            and _regex(pattern).fullmatch(reader) is not None)


def pattern_for(reader: str) -> str:
    """The pin the setup writes for a reader seen now: its name with PC/SC's slot numbers
    replaced by ``*`` (the same model in another USB port is still taken)."""
    stripped = _SLOTS.sub("", reader)
    return f"{stripped} *" if stripped != reader else reader


def pin_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot pin an installed kiosk's reader, or None: ``reader_not_pinned``
    (empty, or it takes any reader), ``reader_pin_virtual`` (it names a virtual reader)."""
    if not pattern.strip() or not pattern.replace("*", "").strip():
        return "reader_not_pinned"
    if any(_regex(pattern).fullmatch(sample) for sample in VIRTUAL_SAMPLES) \
            or is_virtual(pattern):
        return "reader_pin_virtual"
    return None


def card_refusal(pattern: str, reader: str, readers: Iterable[str]) -> str | None:
    """Why a card in ``reader`` is refused on an installed kiosk pinned to ``pattern`` with
    ``readers`` present, or None: ``virtual_reader_present`` (any virtual reader present),
    ``reader_not_pinned`` (the card is in a reader the pin does not take)."""
    if virtual_readers(readers):
        return "virtual_reader_present"
    if not matches(pattern, reader):
        return "reader_not_pinned"
    return None


class Listener(Protocol):
    def on_event(self, event: Any) -> None: ...


class PinnedReaders:
    """A reader-event listener in front of ``listener`` (see the module docstring).
    ``event`` is a ``kiosk.card.watcher.ReaderEvent``, read by value (``kind``, ``reader``)."""

    def __init__(self, listener: Listener, pattern: str,
                 on_virtual: Callable[[bool], None]) -> None:
        self.listener = listener
        self.pattern = pattern
        self.on_virtual = on_virtual
        self._readers: set[str] = set()
        self._virtual = False
        self._lock = threading.Lock()
        self.refused = 0  # cards refused so far (for admin status and tests)

    @property
    def virtual_present(self) -> bool:
        return self._virtual

    def on_event(self, event: Any) -> None:
        kind, reader = str(event.kind), event.reader
        with self._lock:
            if kind == "reader_added":
                self._readers.add(reader)
            elif kind == "reader_removed":
                self._readers.discard(reader)
            elif kind == "service_unavailable":
                self._readers.clear()
            virtual = bool(virtual_readers(self._readers))
            changed, self._virtual = virtual != self._virtual, virtual
        if changed:
            log.warning("virtual reader %s: cards refused while it is there",
                        "present" if virtual else "gone")
            self.on_virtual(virtual)
        if not reader:
            self.listener.on_event(event)  # the service's health
        elif kind == "card_inserted":
            refusal = card_refusal(self.pattern, reader, self._readers)
            if refusal is None:
                self.listener.on_event(event)
            else:
                self.refused += 1
                log.warning("card refused: %s", refusal)
        elif matches(self.pattern, reader):
            self.listener.on_event(event)
