"""Clinic mode's journey: the kiosk's patient session, run by staff at the counter station.

At a clinic whose one PC is both counter and kiosk, staff run the patient's whole journey
there: read the card, eligibility, check-in, the bill, and the one-tap settlement the patient
confirms. ``ClinicController`` owns a ``kiosk.flow.session.Session`` (the kiosk's own pure
state machine, the same rules: generations, bounded waits, never a second payment) and carries
its effects out with a ``kiosk.flow.runner.Runner`` (the kiosk's: the card read, the backend
calls, and settlements through the journal's outbox and recovery rules) on the counter's
injected ``kiosk.qt.background.Background``. The clinic's journal is a file of its own
(``kiosk.counter.app``), apart from the counter's journal of counter payments.

The runner speaks with the signed-in staff member's client (``make_runner(generation)``), so
the journey exists only while staff are signed in: signing out (or the idle lock) starts a
fresh session and drops late answers for the old one; a settlement under way is finished by
the journal all the same (``Runner.finish_open`` at the next sign-in and whenever the backend
answers again, and by the patient session itself at the next read of that card).

The card has no watcher here: staff press "read card" (``read_card``: the session's
``CardInserted`` for ``CLINIC_READER``; the runner reads the first reader holding a card) and
"patient leaves" (``end``: ``Finish``, then ``CardRemoved``). Everything else is the patient
session's intents, from the staff screen or the customer-facing screen (``intent``).

Threads: GUI thread only; ``Runner.run`` and ``Runner.finish_open`` run on the background
pool and touch no Qt object.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

CLINIC_READER = "clinic"
# Staff work through the steps with the patient: longer than the kiosk's idle minute.
CLINIC_TIMING = fs.Timing(idle_seconds=300.0, warning_seconds=60.0)
TICK_MS = 1000

RunnerFactory = Callable[[int], Runner | None]

# Results that prove the backend answered (a refusal is an answer too).
_ANSWERS = (fs.EligibilityReceived, fs.CheckedIn, fs.ItineraryReceived, fs.BillReceived,
            fs.SettlementFinished, fs.RequestRejected)


class ClinicController(QObject):
    """Drives the clinic's patient session. See the module docstring."""

    view_changed = Signal(object)  # fs.SessionView

    def __init__(self, make_runner: RunnerFactory, *, background: Background,
                 timing: fs.Timing | None = None, clock: Callable[[], float] = time.monotonic,
                 tick_ms: int = TICK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.make_runner = make_runner
        self.background = background
        self.timing = timing or CLINIC_TIMING
        self.clock = clock
        self.session = fs.Session(self.timing)
        self.runner: Runner | None = None
        self._staff_generation: int | None = None
        self._epoch = 0  # a new one per staff session: late answers for an older one drop
        self._in_flight = 0
        self._finishing = False
        self._backend_away = False
        self._view = self.session.view()
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(lambda: self.dispatch(fs.Tick(self.clock())))

    # --- what the screens and tests read ---------------------------------------------------
    def view(self) -> fs.SessionView:
        return self._view

    @property
    def active(self) -> bool:
        """Whether staff are signed in, so the journey can run."""
        return self.runner is not None

    @property
    def busy(self) -> bool:
        return self._in_flight > 0 or self._finishing

    # --- the staff session -----------------------------------------------------------------
    def follow_staff(self, generation: int | None) -> None:
        """Staff signed in for ``generation`` (``None``: signed out). A new staff session
        starts a fresh patient session on a runner with that staff member's client."""
        if generation == self._staff_generation:
            return
        self._staff_generation = generation
        self._epoch += 1
        self._in_flight = 0
        self._finishing = False
        self._backend_away = False
        self.session = fs.Session(self.timing)
        self.runner = None if generation is None else self.make_runner(generation)
        self._publish()
        if self.runner is None:
            self._tick.stop()
            return
        self._tick.start()
        self.finish_open()

    def stop(self) -> None:
        self.follow_staff(None)

    # --- events in -------------------------------------------------------------------------
    @Slot(object)
    def intent(self, event: Any) -> None:
        """A patient-session intent from the staff or the customer screen."""
        self.dispatch(event)

    def read_card(self) -> None:
        self.dispatch(fs.CardInserted(CLINIC_READER))

    def end(self) -> None:
        """The patient leaves with the card: done, then the card is out."""
        self.dispatch(fs.Finish())
        self.dispatch(fs.CardRemoved(CLINIC_READER))

    def dispatch(self, event: Any) -> None:
        if self.runner is None:
            return  # nobody signed in: the clinic desk is not open
        if not isinstance(event, fs.Tick) and any(
                f.name == "now" for f in dataclasses.fields(event)):
            event = dataclasses.replace(event, now=self.clock())
        effects = self.session.handle(event)
        self._publish()
        for effect in effects:
            self._run(effect)

    def _publish(self) -> None:
        view = self.session.view()
        if view != self._view:
            self._view = view
            self.view_changed.emit(view)

    # --- effects ---------------------------------------------------------------------------
    def _run(self, effect: fs.Effect) -> None:
        runner, epoch = self.runner, self._epoch
        if isinstance(effect, fs.EndSession) or runner is None:
            return  # staff clients hold no patient session at the backend
        self._in_flight += 1

        def done(events: tuple[fs.Event, ...]) -> None:
            if epoch != self._epoch:
                return
            self._in_flight -= 1
            for event in events:
                self._note_backend(event)
                self.dispatch(event)

        def crashed(error: BaseException) -> None:  # a bug in the runner: still an event
            log.error("clinic effect crashed: %s", type(error).__name__, exc_info=error)
            done((fs.BackendUnavailable(self.session.generation, "failure"),))

        self.background.run(lambda: runner.run(effect), done, crashed)

    def _note_backend(self, event: fs.Event) -> None:
        """Whether the backend answers, for the session's flag; the first answer after an
        outage finishes the settlements left open meanwhile."""
        if isinstance(event, fs.BackendUnavailable):
            self._backend_away = True
            if not self._view.out_of_service:
                self.dispatch(fs.BackendStatus(False))
        elif isinstance(event, _ANSWERS):
            if self._view.out_of_service:
                self.dispatch(fs.BackendStatus(True))
            if self._backend_away:
                self._backend_away = False
                self.finish_open()

    @Slot()
    def finish_open(self) -> None:
        """Finish the clinic's settlements left open (never two runs at a time)."""
        runner, epoch = self.runner, self._epoch
        if runner is None or self._finishing:
            return
        self._finishing = True

        def finished(entries: list[Any]) -> None:
            if epoch == self._epoch:
                self._finishing = False
                self._backend_away = any(e.is_open and e.last_error == "offline"
                                         for e in entries)

        def failed(error: BaseException) -> None:
            if epoch == self._epoch:
                self._finishing = False
                self._backend_away = True
                log.info("finishing clinic settlements failed: %s", type(error).__name__)

        self.background.run(runner.finish_open, finished, failed)
