"""The kiosk's own parts driven through whole journeys, without widgets: for the poor-link
tests, the soak test and ``bench/poor_link.py``.

``KioskRig`` builds what ``kiosk.app`` builds for a kiosk, minus the screens: the real
``BackendClient``, a ``Journal`` of its own, the ``Runner``, the one ``Background`` pool
(``QThreadPool``) and the real ``KioskController``, whose window is a stand-in that records
the views it is shown. The card read is the injected boundary (a demo patient's record), as
in ``tests/flow/test_runner.py``; card events and taps go in as the watcher and the window
send them (``on_card_event``, ``on_intent``). ``journey()`` plays an eligible patient's day:
check in, the department posts charges, the patient comes back and pays.

Requests are counted from the client's own log lines (one per attempt, named by operation),
and ``open_sockets()`` / ``close_wait_sockets()`` count this process's descriptors and
sockets from ``/proc``.

No pytest in here (the benchmark uses it). Threads: the caller's thread is the GUI thread;
it must have a ``QApplication``. ``wait_for`` turns the Qt event loop until a condition holds.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.card.watcher import EventKind, ReaderEvent
from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.cards import demo_card_read
from kiosk.demo.fixtures import post_demo_charges
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from kiosk.qt.background import Background
from kiosk.ui.controller import KioskController

READER = "Poor Link Reader 00"
# What the kiosk asks on its own, off any patient's critical path: the departments list it
# refreshes (and checks the backend with), and the pings that keep the connection warm.
BACKGROUND_OPS = frozenset({"departments", "keep_warm", "card_challenge"})


class ViewLog(QWidget):
    """The window as the controller sees it: ``intent`` and ``show_view``, views recorded."""

    intent = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.views: list[fs.SessionView] = []

    def show_view(self, view: fs.SessionView) -> None:
        self.views.append(view)


class RequestLog(logging.Handler):
    """Counts the client's attempts by operation, from its log lines (``kiosk.client``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.ops: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("backend %s %s") and record.args:
            self.ops.append(str(record.args[0]))  # type: ignore[index]


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Turn the Qt event loop until ``predicate()`` holds; ``TimeoutError`` after ``timeout``."""
    give_up = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= give_up:
            raise TimeoutError(f"not reached in {timeout:.0f} s: {what}")
        loop = QEventLoop()
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def pause(seconds: float) -> None:
    """Let ``seconds`` pass with the event loop turning (a patient reading the screen)."""
    end = time.monotonic() + seconds
    wait_for(lambda: time.monotonic() >= end, seconds + 5)


@dataclass(frozen=True)
class Planned:
    """A step to take: ``prepare`` (no screen change is timed), then ``act``, which ends on
    ``until``."""

    name: str
    prepare: Callable[[], None] | None
    act: Callable[[], None]
    until: fs.State


@dataclass
class Step:
    """One patient-visible step: what was done and how long until the next screen."""

    name: str
    seconds: float
    requests: list[str] = field(default_factory=list)

    @property
    def patient_requests(self) -> list[str]:
        """The requests made for the patient (the background's left out)."""
        return [op for op in self.requests if op not in BACKGROUND_OPS]


class KioskRig:
    """A kiosk without screens, on the real controller, runner, client and pool."""

    def __init__(self, base_url: str, token: str, workdir: Path, *,
                 timing: fs.Timing | None = None, config: dict[str, Any] | None = None,
                 card: str = "eligible", finish_every: float = 30.0) -> None:
        self.config = BackendConfig(base_url=base_url, token=token, **(config or {}))
        self.client = BackendClient(self.config)
        self.journal = Journal.open(workdir / "journal.sqlite3")
        self.card = card
        self.runner = Runner(self.client, self.journal,
                             lambda _reader, challenge: demo_card_read(self.card, challenge))
        self.background = Background()
        self.window = ViewLog()
        self.controller = KioskController(
            self.window, self.runner, timing=timing, background=self.background, reader=READER,
            tick_seconds=0.2, recheck_every=1.0, finish_every=finish_every)
        self.requests = RequestLog()
        logging.getLogger("kiosk.client").addHandler(self.requests)
        logging.getLogger("kiosk.client").setLevel(logging.INFO)
        self.controller.start()
        wait_for(lambda: not self.controller.busy, 30, "the kiosk's start")

    # -- what the patient does ---------------------------------------------------------------

    @property
    def view(self) -> fs.SessionView:
        return self.controller.session.view()

    def insert(self) -> None:
        self.controller.on_card_event(ReaderEvent(EventKind.CARD_INSERTED, READER, "3B"))

    def remove(self) -> None:
        self.controller.on_card_event(ReaderEvent(EventKind.CARD_REMOVED, READER))

    def tap(self, intent: Any) -> None:
        self.window.intent.emit(intent)

    def settled(self, state: fs.State) -> Callable[[], bool]:
        """The session shows ``state`` and waits for nothing."""
        return lambda: self.view.state == state and not self.view.busy

    def step(self, name: str, act: Callable[[], None], until: fs.State,
             timeout: float = 60.0) -> Step:
        """Do ``act`` and wait for ``until``: the time from the tap to the next screen, and
        the requests made meanwhile."""
        before = len(self.requests.ops)
        start = time.perf_counter()
        act()
        wait_for(self.settled(until), timeout, f"{name} -> {until}")
        took = time.perf_counter() - start
        return Step(name, took, self.requests.ops[before:])

    def leave(self) -> None:
        """The patient is done: "finish", then the card comes out."""
        if self.view.state not in (fs.State.ATTRACT, fs.State.TAKE_CARD):
            self.tap(fs.Finish())
        self.remove()
        wait_for(lambda: self.view.state == fs.State.ATTRACT and not self.controller.busy, 30,
                 "back to the attract screen")

    def journey_plan(self, post_charges: Callable[[int], None]) -> list[Planned]:
        """An eligible patient's whole day, step by step: card in, check in, card out; the
        department posts charges (``post_charges(visit_id)``); card in, the itinerary, the
        bill, pay. (The caller ends it with ``leave()``.)"""
        def come_back() -> None:
            ticket = self.view.ticket
            assert ticket is not None
            self.leave()
            post_charges(ticket.visit_id)
            self.await_challenge()

        return [
            Planned("card -> check-in", self.await_challenge, self.insert, fs.State.CHECK_IN),
            Planned("tap check in -> ticket", lambda: self.tap(fs.ChooseDepartment("INT")),
                    lambda: self.tap(fs.ConfirmCheckIn()), fs.State.TICKET),
            Planned("card -> itinerary", come_back, self.insert, fs.State.ITINERARY),
            Planned("tap bill -> bill", None, lambda: self.tap(fs.ShowBill()), fs.State.BILL),
            Planned("tap pay -> receipt", None, lambda: self.tap(fs.ConfirmPayment()),
                    fs.State.RECEIPT),
        ]

    def await_challenge(self) -> None:
        """A patient comes some seconds after the kiosk is ready: by then it holds the next
        card's challenge (asked at start and once the last card left; a card right behind
        it would wait for it, or ask one inline: a request this rig would count)."""
        wait_for(self.runner.challenges.ready, 30, "the next card's challenge")

    def journey(self, post_charges: Callable[[int], None], think: float = 0.0) -> list[Step]:
        """The whole day of ``journey_plan``, then card out. ``think``: seconds the patient
        reads each screen before tapping (a card comes after such a pause too)."""
        steps = []
        for planned in self.journey_plan(post_charges):
            if planned.prepare is not None:
                planned.prepare()
            pause(think)
            steps.append(self.step(planned.name, planned.act, planned.until))
        self.leave()
        return steps

    def close(self) -> None:
        logging.getLogger("kiosk.client").removeHandler(self.requests)
        self.controller.stop()
        self.background.shutdown(30)
        self.client.close()
        self.journal.close()


def charges_poster(base_url: str, kiosk_token: str, department_tokens: dict[str, str]
                   ) -> Callable[[int], None]:
    """The department's system posting the demo charges straight to the backend at
    ``base_url`` (not through the kiosk's link, and not counted as the kiosk's requests)."""
    config = BackendConfig(base_url=base_url, token=kiosk_token)

    def post(visit_id: int) -> None:
        logger = logging.getLogger("kiosk.client")
        level = logger.disabled
        logger.disabled = True
        try:
            post_demo_charges(config, department_tokens, visit_id=visit_id)
        finally:
            logger.disabled = level
    return post


# --- this process's descriptors and sockets ---------------------------------------------------


def _socket_inodes() -> set[str]:
    inodes = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_rows() -> Iterator[tuple[str, str, int]]:
    """``(state, inode, remote port)`` of every TCP socket in this network namespace."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            yield cols[3], cols[9], int(cols[2].rsplit(":", 1)[1], 16)


CLOSE_WAIT = "08"


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def open_sockets() -> int:
    """TCP sockets this process holds open (any state)."""
    mine = _socket_inodes()
    return sum(1 for _state, inode, _port in _tcp_rows() if inode in mine)


def close_wait_sockets(port: int | None = None) -> int:
    """This process's TCP sockets the other end has closed and it has not (CLOSE_WAIT); with
    ``port``, only those whose other end is that port (a socket an earlier test of the same
    process left to its own, long-gone server is not this test's)."""
    mine = _socket_inodes()
    return sum(1 for state, inode, remote in _tcp_rows()
               if state == CLOSE_WAIT and inode in mine and port in (None, remote))


def sockets_to(port: int) -> set[str]:
    """This process's TCP sockets (their inodes) connected to ``port`` on the other end. An
    earlier test's socket left to its own, long-gone server that had the same port number is
    among them: compare with the set taken before the test's own connections."""
    mine = _socket_inodes()
    return {inode for _state, inode, remote in _tcp_rows() if inode in mine and remote == port}
