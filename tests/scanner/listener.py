"""A scan event listener for tests: collects events (watcher thread) and waits on conditions.

``next(kind)`` waits until an event of that kind arrives and returns it, failing the test with
the events seen so far if none comes within the deadline (a deadline, never a timing assert).
To check that an action said nothing, send a marker code after it: events come in order, so
the marker's ``code_scanned`` must be the very next event.
"""

from __future__ import annotations

import queue

from kiosk.scanner.events import ScanEvent, ScanEventKind

DEADLINE = 10.0


class Collector:
    def __init__(self) -> None:
        self.queue: queue.Queue[ScanEvent] = queue.Queue()
        self.seen: list[ScanEvent] = []

    def on_event(self, event: ScanEvent) -> None:
        self.queue.put(event)

    def next(self, kind: ScanEventKind | None = None, deadline: float = DEADLINE) -> ScanEvent:
        """The next event (of ``kind``, skipping others, which stay in ``seen``)."""
        while True:
            try:
                event = self.queue.get(timeout=deadline)
            except queue.Empty:
                kinds = [e.kind.value for e in self.seen]
                raise AssertionError(
                    f"no {kind or 'event'} within {deadline} s; saw {kinds}") from None
            self.seen.append(event)
            if kind is None or event.kind is kind:
                return event
