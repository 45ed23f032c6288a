"""The supervisor's partial refund at the counter as a pure state machine (no Qt, no I/O): find
a settled visit's settlement, tick the items going back, give the reason, refund, and get the
refund's receipt.

``RefundDesk.handle(event)`` takes one event (what the supervisor did, or the result of earlier
work) and returns the effects to carry out, as data; ``kiosk.counter.refund_view`` carries them
out on the counter's background helper and shows ``RefundDesk.view()``.

The rules it keeps: one action at a time (a double click never refunds twice); only items of
a completed settlement that no refund returned yet can be ticked; a refund's
Idempotency-Key is chosen once per action (the same settlement, items and reason) and kept
while its outcome may be unknown (no answer, or ``settlement_in_progress``), so "refund"
pressed again after a lost answer replays it instead of refunding twice; a final answer
(refunded, or a refusal) forgets it. After a refund the settlement is shown as it is now.

Threads: not thread-safe by design; the GUI thread owns it. Tests call it from theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.client.models import Charge
from kiosk.client.staff import RefundedSettlement

NO_ANSWER = "unreachable"  # the backend could not be reached or its answer was lost
UNFINISHED = (NO_ANSWER, "settlement_in_progress")  # the outcome may still be unknown


# --- what the supervisor does ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Find:
    settlement_id: int


@dataclass(frozen=True, slots=True)
class Tick:
    charge_id: int
    ticked: bool


@dataclass(frozen=True, slots=True)
class Confirm:
    reason: str
    fresh_key: str  # used unless this very action already has one


# --- effects, carried out by the view ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LoadSettlement:
    settlement_id: int


@dataclass(frozen=True, slots=True)
class SendRefund:
    settlement_id: int
    charge_ids: tuple[int, ...]
    reason: str
    idempotency_key: str


Effect = LoadSettlement | SendRefund


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Loaded:
    settled: RefundedSettlement
    charges: tuple[Charge, ...]


@dataclass(frozen=True, slots=True)
class Refunded:
    settled: RefundedSettlement


@dataclass(frozen=True, slots=True)
class Failed:
    effect: Effect
    code: str  # the backend's reason code, or NO_ANSWER


Event = Find | Tick | Confirm | Loaded | Refunded | Failed


@dataclass(frozen=True, slots=True)
class RefundView:
    settled: RefundedSettlement | None
    charges: tuple[Charge, ...]
    refundable: frozenset[int]
    ticked: frozenset[int]
    busy: bool
    done: RefundedSettlement | None  # the refund just made (its receipt)
    problem: Failed | None

    @property
    def can_refund(self) -> bool:
        return not self.busy and bool(self.ticked)


@dataclass(slots=True)
class RefundDesk:
    settled: RefundedSettlement | None = None
    charges: tuple[Charge, ...] = ()
    ticked: set[int] = field(default_factory=set)
    running: Effect | None = None
    done: RefundedSettlement | None = None
    problem: Failed | None = None
    keys: dict[tuple[int, tuple[int, ...], str], str] = field(default_factory=dict)

    def refundable(self) -> frozenset[int]:
        if self.settled is None or self.settled.settlement.status != "completed":
            return frozenset()
        return frozenset(c.charge_id for c in self.charges) - self.settled.refunded_charge_ids

    def view(self) -> RefundView:
        return RefundView(self.settled, self.charges, self.refundable(),
                          frozenset(self.ticked), self.running is not None, self.done,
                          self.problem)

    def _start(self, effect: Effect) -> list[Effect]:
        if self.running is not None:
            return []  # one action at a time
        self.running = effect
        self.problem = None
        return [effect]

    def handle(self, event: Event) -> list[Effect]:
        if isinstance(event, Find):
            return self._start(LoadSettlement(event.settlement_id))
        if isinstance(event, Tick):
            if event.ticked and event.charge_id in self.refundable():
                self.ticked.add(event.charge_id)
            else:
                self.ticked.discard(event.charge_id)
            return []
        if isinstance(event, Confirm):
            return self._confirm(event)
        self.running = None
        if isinstance(event, Loaded):
            self._show(event.settled, event.charges)
            self.done = None
        elif isinstance(event, Refunded):
            self._forget(event.settled.settlement.settlement_id)
            self._show(event.settled, self.charges)
            self.done = event.settled
        else:
            self.problem = event
            if isinstance(event.effect, SendRefund) and event.code not in UNFINISHED:
                effect = event.effect
                self.keys.pop((effect.settlement_id, effect.charge_ids, effect.reason), None)
                return self._start(LoadSettlement(effect.settlement_id))  # as it is now
        return []

    def _confirm(self, event: Confirm) -> list[Effect]:
        reason = event.reason.strip()
        if self.settled is None or not self.ticked or not reason or self.running is not None:
            return []
        sid = self.settled.settlement.settlement_id
        action = (sid, tuple(sorted(self.ticked)), reason)
        key = self.keys.setdefault(action, event.fresh_key)
        return self._start(SendRefund(sid, action[1], reason, key))

    def _show(self, settled: RefundedSettlement, charges: tuple[Charge, ...]) -> None:
        if self.settled is not None and (settled.settlement.settlement_id
                                         != self.settled.settlement.settlement_id):
            self.ticked.clear()
        self.settled, self.charges = settled, charges
        self.ticked &= self.refundable()

    def _forget(self, settlement_id: int) -> None:
        for action in [a for a in self.keys if a[0] == settlement_id]:
            del self.keys[action]
