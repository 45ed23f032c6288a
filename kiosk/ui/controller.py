"""The kiosk controller: joins the patient session, the runner, the window and the card reader.

``KioskController`` owns the ``kiosk.flow.session.Session`` and feeds it every event: card
events from the watcher (``ReaderEvent`` -> ``CardInserted``/``CardRemoved``), the patient's
intents from the window (``MainWindow.intent``), a clock tick every second, and the results
of earlier effects. It stamps ``now`` (``time.monotonic()``) on each event, hands every
effect to the ``Runner`` through the one background helper it is given
(``kiosk.qt.background.Background``: card reads, backend calls and journal writes never run
on the GUI thread, so a slow backend cannot freeze the screen), feeds the events each effect
ends in back in order, and after every change shows ``session.view()`` in the window (a
"please wait" view only once the wait has lasted ``busy_delay``, so fast answers do not flash
a wait screen and do not compete with the work for the interpreter). Screens never switch
each other: this is the one place that moves between them.

Open settlements (a crash, a backend that was away) are finished with ``Runner.finish_open``
on start, every ``finish_every`` seconds, and as soon as a backend call succeeds after a
failure; never two at a time. On the same schedule the runner's departments list is
refreshed (``Runner.refresh_departments``), so check-in never waits for it; the next card's
challenge is fetched ahead the same way (``Runner.refresh_challenge``, whenever the runner
needs one and no effect is out), so authenticating a card never waits for it. That refresh is
also the kiosk's check that the backend answers: a failure (or any call that finds no
backend) tells the session ``BackendStatus(reachable=False)``, so the attract screen says
"out of service" before a card goes in; while it is out, the check runs every
``recheck_every`` seconds, and the first answer brings the kiosk back by itself. After every
result the controller also judges the link's speed from the last calls' round trips
(``Runner.round_trips``, ``kiosk.flow.link.link_is_slow``) and tells the session
``LinkSpeed`` when that changes, so the attract screen says when the link is slow.

Reader events are taken by their ``kind`` value (``card_inserted``, ``card_removed``,
``reader_removed``), so this room needs no import of ``kiosk.card`` at run time.

Threads: everything here runs on the GUI thread. ``on_card_event`` is a slot meant to be
connected to ``CardSignals.event`` (queued from the watcher thread).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from kiosk.flow import session as fs
from kiosk.flow.link import link_is_slow
from kiosk.qt.background import Background

log = logging.getLogger(__name__)

# Results that prove the backend answered (a refusal is an answer too).
_BACKEND_ANSWERS = (
    fs.EligibilityReceived, fs.CheckedIn, fs.ItineraryReceived, fs.BillReceived,
    fs.SettlementFinished, fs.RequestRejected,
)


class CardEvent(Protocol):
    """What the controller reads of a reader event (``kiosk.card.watcher.ReaderEvent``): the
    reader's name and the event's kind by value (``card_inserted``, ``card_removed``,
    ``reader_removed``)."""

    reader: str
    kind: Any  # a StrEnum: compared by its value


class EffectRunner(Protocol):
    """What the controller needs of the runner (``kiosk.flow.runner.Runner``): the first
    three block, so they run on the background helper; ``round_trips`` does not."""

    def run(self, effect: fs.Effect) -> tuple[fs.Event, ...]: ...

    def refresh_departments(self) -> object: ...

    def refresh_challenge(self) -> object: ...

    def needs_challenge(self) -> bool: ...

    def finish_open(self) -> list[Any]: ...

    def round_trips(self) -> tuple[float, ...]: ...


class KioskWindow(Protocol):
    """What the controller needs of the window (``kiosk.ui.window.MainWindow``)."""

    intent: Any  # Signal(object) emitting the session's intent events

    def show_view(self, view: fs.SessionView) -> None: ...


def stamped(event: Any, now: float) -> Any:
    """The event with ``now`` set (events are frozen dataclasses; ``Tick`` carries its own)."""
    if dataclasses.is_dataclass(event) and any(f.name == "now" for f in dataclasses.fields(event)):
        return dataclasses.replace(event, now=now)
    return event


class KioskController(QObject):
    """Drives one kiosk. See the module docstring."""

    view_shown = Signal(object)  # every SessionView handed to the window (tests, benchmark)
    effect_started = Signal(object)
    open_settlements_finished = Signal(object)  # list of OutboxEntry after a finish_open run

    def __init__(
        self,
        window: KioskWindow,
        runner: EffectRunner,
        *,
        timing: fs.Timing | None = None,
        background: Background,
        clock: Callable[[], float] = time.monotonic,
        tick_seconds: float = 1.0,
        finish_every: float = 30.0,
        reader: str = "",
        busy_delay: float = 0.15,
        recheck_every: float = 5.0,
    ) -> None:
        super().__init__()
        self.window = window
        self.runner = runner
        self.session = fs.Session(timing)
        self.background = background
        self.clock = clock
        self.reader = reader
        self._backend_failing = False
        self._link_slow = False  # what the session was last told (LinkSpeed)
        self._finishing = False
        self._started = False
        self._in_flight = 0
        window.intent.connect(self.on_intent)
        self._tick = QTimer(self)
        self._tick.setInterval(max(1, int(tick_seconds * 1000)))
        self._tick.timeout.connect(self._on_tick)
        self._finisher = QTimer(self)
        self._finisher.setInterval(max(1, int(finish_every * 1000)))
        self._finisher.timeout.connect(self.finish_open)
        self._finisher.timeout.connect(self.refresh_departments)
        self._refreshing = False
        self._challenging = False
        self._recheck_every = recheck_every
        self._last_check = float("-inf")
        # A wait screen is shown only when the wait lasts: a card read and a backend answer
        # that together take a few milliseconds go straight from one screen to the next.
        self._pending_view: fs.SessionView | None = None
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(max(0, int(busy_delay * 1000)))
        self._busy_timer.timeout.connect(self._show_pending)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._show()
        self._tick.start()
        self._finisher.start()
        self.finish_open()
        self.refresh_departments()
        self.refresh_challenge()

    def stop(self) -> None:
        """Stop the timers and ignore late results (the app then shuts the pool down)."""
        self._started = False
        self._busy_timer.stop()
        self._tick.stop()
        self._finisher.stop()

    def attach_card_signals(self, signals: QObject) -> None:
        """Listen to a ``CardSignals`` (queued: the watcher thread never runs our code)."""
        signals.event.connect(self.on_card_event, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """Whether any effect, finish run or departments refresh is still out in the
        background."""
        return self._in_flight > 0 or self._finishing or self._refreshing

    # -- inputs ------------------------------------------------------------------------------

    @Slot(object)
    def on_card_event(self, event: CardEvent) -> None:
        if self.reader and event.reader != self.reader:
            return  # a kiosk configured for one reader ignores cards in any other
        kind = str(event.kind)  # kiosk.card.watcher.EventKind, a StrEnum
        if kind == "card_inserted":
            self.dispatch(fs.CardInserted(event.reader))
        elif kind in ("card_removed", "reader_removed"):
            # A reader that vanished took its card with it (the watcher reports the card
            # removal first; a second CardRemoved for the same reader is ignored).
            self.dispatch(fs.CardRemoved(event.reader))

    @Slot(object)
    def on_intent(self, event: Any) -> None:
        self.dispatch(event)

    def _on_tick(self) -> None:
        now = self.clock()
        self.dispatch(fs.Tick(now))
        if (self.session.view().out_of_service and not self._refreshing
                and now - self._last_check >= self._recheck_every):
            self.refresh_departments()  # out of service: look again soon
        if self._in_flight == 0:  # between a patient's requests, never among them
            self.refresh_challenge()

    def dispatch(self, event: Any) -> None:
        """Feed one event (``now`` stamped here) into the session, show, run the effects."""
        if not isinstance(event, fs.Tick):
            event = stamped(event, self.clock())
        before = self.session.view()
        effects = self.session.handle(event)
        after = self.session.view()
        if after != before:
            if after.busy and self._busy_timer.interval() > 0:
                self._pending_view = after  # shown if the wait outlasts the delay
                if not self._busy_timer.isActive():
                    self._busy_timer.start()
            else:
                self._show(after)
        for effect in effects:
            self._run(effect)

    # -- effects -----------------------------------------------------------------------------

    def _show(self, view: fs.SessionView | None = None) -> None:
        self._busy_timer.stop()
        self._pending_view = None
        view = view or self.session.view()
        self.window.show_view(view)
        self.view_shown.emit(view)

    def _show_pending(self) -> None:
        if self._pending_view is not None:
            self._show(self._pending_view)

    def _run(self, effect: fs.Effect) -> None:
        # Every effect goes to the runner, ``EndSession`` too: the card is out, so the runner
        # ends the patient's session at the backend (bounded, best-effort).
        self.effect_started.emit(effect)
        self._in_flight += 1
        runner = self.runner
        self.background.run(lambda: runner.run(effect), self._on_results, self._on_crash)

    def _on_results(self, events: tuple[fs.Event, ...]) -> None:
        self._in_flight -= 1
        for event in events:
            if isinstance(event, fs.BackendUnavailable):
                self._backend_failing = True
                self._reachable(False)
            elif isinstance(event, _BACKEND_ANSWERS):
                self._reachable(True)
                if self._backend_failing:
                    self._backend_failing = False
                    self.finish_open()  # the backend is back: finish what was left open
            self.dispatch(event)
        self._judge_link()
        if self._in_flight == 0:  # e.g. the card is out: the next card's challenge, now
            self.refresh_challenge()

    def _reachable(self, reachable: bool) -> None:
        """Tell the session whether the backend answers (only when that changes)."""
        if self.session.view().out_of_service == reachable:
            self.dispatch(fs.BackendStatus(reachable))

    def _judge_link(self) -> None:
        """Tell the session whether the link is slow (only when that changes)."""
        slow = link_is_slow(self.runner.round_trips())
        if slow != self._link_slow:
            self._link_slow = slow
            self.dispatch(fs.LinkSpeed(slow))

    def _on_crash(self, error: BaseException) -> None:
        # The runner turns every expected failure into an event; this is a bug. Show the
        # error screen rather than leave the patient on a spinner.
        self._in_flight -= 1
        log.error("runner failed: %s", type(error).__name__, exc_info=error)
        self.dispatch(fs.BackendUnavailable(self.session.generation, "failure"))

    # -- the departments list ----------------------------------------------------------------

    @Slot()
    def refresh_departments(self) -> None:
        """Keep the runner's departments list fresh in the background, so an eligible
        patient's check-in screen needs no second round trip (``Runner.refresh_departments``);
        never two at a time. A failure only means the list is fetched when it is needed."""
        if self._refreshing:
            return
        self._refreshing = True
        self._last_check = self.clock()
        self.background.run(self.runner.refresh_departments, self._refreshed,
                            self._refresh_failed)

    def _refreshed(self, _result: object) -> None:
        self._refreshing = False
        if self._started:
            self._reachable(True)
            self._judge_link()

    def _refresh_failed(self, error: BaseException) -> None:
        self._refreshing = False
        log.info("departments refresh failed: %s", type(error).__name__)
        if self._started:
            self._reachable(False)

    # -- the next card's challenge -------------------------------------------------------------

    def refresh_challenge(self) -> None:
        """Fetch the next card's challenge ahead in the background when the runner needs one
        (none held, or the one held nears its end; ``kiosk.flow.challenge``), never two at a
        time: the card's authentication then adds no round trip. A failure only means the
        next card is read without one (the backend serves it the traditional way)."""
        if not self._started or self._challenging or not self.runner.needs_challenge():
            return
        self._challenging = True
        self.background.run(self.runner.refresh_challenge, self._challenge_done,
                            self._challenge_failed)

    def _challenge_done(self, _result: object) -> None:
        self._challenging = False

    def _challenge_failed(self, error: BaseException) -> None:
        self._challenging = False
        log.info("card challenge not fetched: %s", type(error).__name__)

    # -- open settlements --------------------------------------------------------------------

    @Slot()
    def finish_open(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        self.background.run(self.runner.finish_open, self._finished, self._finish_failed)

    def _finished(self, entries: list[Any]) -> None:
        self._finishing = False
        if any(e.is_open and e.last_error == "offline" for e in entries):
            self._backend_failing = True
        self.open_settlements_finished.emit(entries)

    def _finish_failed(self, error: BaseException) -> None:
        self._finishing = False
        self._backend_failing = True
        log.warning("finishing open settlements failed: %s", type(error).__name__)


__all__ = ["CardEvent", "EffectRunner", "KioskController", "KioskWindow", "stamped"]
