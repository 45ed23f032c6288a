"""The counter's controller: joins the staff session, the runner and the window.

``CounterController`` owns the pure ``kiosk.counter.session.CounterSession`` and feeds it every
event: what staff asked for on a screen (``dispatch``, connected to the window), keyboard,
mouse, touch and pen input (an application-wide event filter: ``Activity``), a clock tick
(``Tick``, for the idle sign-out) and the results of earlier effects. It stamps ``now``
(``clock()``) on each event, hands every effect to the ``CounterRunner`` through the
``kiosk.qt.background.Background`` it is given (card reads, backend calls and journal writes
never run on the GUI thread), feeds the result back, and after every change emits the new
``CounterView`` (``view_changed``); the window shows it. Nothing else decides.

Threads: construct and call everything on the GUI thread; only ``CounterRunner.run`` runs on
the pool's threads, and it touches no Qt object.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kiosk.client.errors import classify
from kiosk.client.staff import StaffPatientView, StaffSession
from kiosk.counter import events as ev
from kiosk.counter import session as cs
from kiosk.counter.runner import CounterRunner
from kiosk.domain.card import CardRecord
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

DEFAULT_IDLE_MINUTES = 10
TICK_MS = 500

_ACTIVITY_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class CounterController(QObject):
    view_changed = Signal(object)  # CounterView

    def __init__(self, runner: CounterRunner, *, background: Background,
                 timing: cs.Timing | None = None, clock: Callable[[], float] = time.monotonic,
                 tick_ms: int = TICK_MS, clinic: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.background = background
        self.clock = clock
        self.session = cs.CounterSession(timing, clinic=clinic)
        self._view = self.session.view()
        self._in_flight = 0
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(lambda: self.dispatch(ev.Tick(self.clock())))
        self._tick.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # --- what tests and the window read ----------------------------------------------------
    def view(self) -> cs.CounterView:
        return self._view

    @property
    def busy(self) -> bool:
        """Whether any effect is still out in the background."""
        return self._in_flight > 0

    @property
    def staff(self) -> StaffSession | None:
        return self._view.staff

    @property
    def patient(self) -> StaffPatientView | None:
        return self._view.patient

    @property
    def card(self) -> CardRecord | None:
        return self._view.card

    @property
    def staff_generation(self) -> int | None:
        """The generation of the signed-in staff session, or None while signed out."""
        return None if self._view.staff is None else self.session.generation

    # --- events in -------------------------------------------------------------------------
    def dispatch(self, event: ev.Event) -> None:
        """Feed one event (``now`` stamped here for intents) in, show, run the effects."""
        if any(f.name == "now" for f in dataclasses.fields(event)) and not isinstance(
                event, ev.Tick | ev.Activity):
            event = dataclasses.replace(event, now=self.clock())  # type: ignore[call-arg]
        effects = self.session.handle(event)
        view = self.session.view()
        if view != self._view:
            self._view = view
            self.view_changed.emit(view)
        for effect in effects:
            self._run(effect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY_EVENTS and self._view.staff is not None:
            self.session.handle(ev.Activity(self.clock()))
        return False

    # --- effects ---------------------------------------------------------------------------
    def _run(self, effect: ev.Effect) -> None:
        self._in_flight += 1
        runner = self.runner

        def crashed(error: BaseException) -> None:  # a bug in the runner: still an event
            log.error("counter effect crashed: %s", type(error).__name__, exc_info=error)
            self._done(ev.Failed(effect, classify(error)))

        self.background.run(lambda: runner.run(effect), self._done, crashed)

    def _done(self, result: ev.Result | None) -> None:
        self._in_flight -= 1
        if result is not None:
            self.dispatch(result)

    def stop(self) -> None:
        """Sign out and stop listening (at shutdown; the composition then shuts the pool)."""
        self.dispatch(ev.SignOut())
        self._tick.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
