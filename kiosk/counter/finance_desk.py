"""The supervisors' finance desk at the counter as a pure state machine (no Qt, no I/O): the
money movements whose outcome is unknown or stuck, their resolution, and a day's
reconciliation.

``FinanceDesk.handle(event)`` takes one event (what the supervisor asked for, or the result of
earlier work) and returns the effects to carry out, as data; ``kiosk.counter.finance_view``
carries them out on the counter's background helper and shows ``FinanceDesk.view()``.

The rules it keeps: one action at a time (while one runs, another is refused, so a double
click never resolves twice); after a resolution the list is read again, so the supervisor sees
what is left; a failure keeps what was shown and says so (``problem``).

Threads: not thread-safe by design; the GUI thread owns it. Tests call it from theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.client.finance import ReconcileResult, Resolution, UnresolvedItem


# --- what the supervisor asks for ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Refresh:
    pass


@dataclass(frozen=True, slots=True)
class ResolveItem:
    kind: str
    item_id: int


@dataclass(frozen=True, slots=True)
class RunReconcile:
    day: date


# --- effects, carried out by the view ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LoadUnresolved:
    pass


@dataclass(frozen=True, slots=True)
class SendResolution:
    kind: str
    item_id: int


@dataclass(frozen=True, slots=True)
class SendReconcile:
    day: date


Effect = LoadUnresolved | SendResolution | SendReconcile


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Loaded:
    items: tuple[UnresolvedItem, ...]


@dataclass(frozen=True, slots=True)
class Resolved:
    resolution: Resolution


@dataclass(frozen=True, slots=True)
class Reconciled:
    result: ReconcileResult


@dataclass(frozen=True, slots=True)
class Failed:
    effect: Effect
    code: str  # the backend's reason code, or "unreachable"


Event = Refresh | ResolveItem | RunReconcile | Loaded | Resolved | Reconciled | Failed


@dataclass(frozen=True, slots=True)
class FinanceView:
    items: tuple[UnresolvedItem, ...] = ()
    busy: bool = False
    last_resolution: Resolution | None = None
    reconciliation: ReconcileResult | None = None
    problem: Failed | None = None


@dataclass(slots=True)
class FinanceDesk:
    items: tuple[UnresolvedItem, ...] = ()
    running: Effect | None = None
    last_resolution: Resolution | None = None
    reconciliation: ReconcileResult | None = None
    problem: Failed | None = None
    _queue: list[Effect] = field(default_factory=list)

    def view(self) -> FinanceView:
        return FinanceView(self.items, self.running is not None, self.last_resolution,
                           self.reconciliation, self.problem)

    def _start(self, effect: Effect) -> list[Effect]:
        if self.running is not None:
            return []  # one action at a time
        self.running = effect
        self.problem = None
        return [effect]

    def handle(self, event: Event) -> list[Effect]:
        if isinstance(event, Refresh):
            return self._start(LoadUnresolved())
        if isinstance(event, ResolveItem):
            if not any((i.kind, i.item_id) == (event.kind, event.item_id) for i in self.items):
                return []  # not (or no longer) listed
            return self._start(SendResolution(event.kind, event.item_id))
        if isinstance(event, RunReconcile):
            return self._start(SendReconcile(event.day))
        self.running = None
        if isinstance(event, Loaded):
            self.items = event.items
        elif isinstance(event, Resolved):
            self.last_resolution = event.resolution
            return self._start(LoadUnresolved())  # what is left
        elif isinstance(event, Reconciled):
            self.reconciliation = event.result
        else:
            self.problem = event
            if isinstance(event.effect, SendResolution):  # show what is left now
                self.running = LoadUnresolved()
                return [self.running]
        return []
