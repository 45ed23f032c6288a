"""Carries out the patient session's effects: reads the card, asks the backend, settles.

``Runner.run(effect)`` does the blocking work of one effect (``kiosk.flow.session``) and
returns the event to feed back into the session, or ``None`` for effects that answer nothing.
It turns every failure into an event (a card error code, a backend failure kind, a refusal
code), so the session sees data, never exceptions. Backend answers become the view models of
``kiosk.flow.models``: screens never see the client's types, and names and ID numbers stay on
the card record.

Settlements go through the journal first (``Journal.begin_settlement`` writes the outbox entry
with its idempotency key and the amounts the patient saw before anything is sent), then
``kiosk.journal.worker.settle_entry`` sends it or finds out what became of it, always with the
same key. A settlement whose outcome is unknown stays open in the journal; ``finish_open``
(on start and when the backend is back) finishes it, and the result is shown at the next
insertion of that card.

Asking ahead: ``submit(ReadCard)`` reads the card on a thread of the runner's own, hands the
read to the session, and the same thread goes straight on to send the eligibility question
with that record (``Runner._read_and_ask``); ``submit(CheckEligibility)`` then returns that
answer's future instead of asking again. The session still decides every step; this only
overlaps the network with the hop to the GUI thread and back, and no thread waits for another
in between. The departments list an eligible patient's check-in screen needs is fetched in the
background beforehand (``refresh_departments``), not while the patient waits.

Threads: ``run`` and ``finish_open`` block (card, network, fsync): call them from worker threads
only, never the GUI thread (``kiosk.qt.background`` does that). One runner may serve several
worker threads at once: the client and the journal are thread-safe and the journal's claim
keeps one sender per settlement. ``submit`` and ``forget`` do not block; any thread. ``close``
waits for a read under way; at shutdown.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from time import monotonic as time_monotonic
from typing import Any

from kiosk.client.api import BackendClient
from kiosk.client.errors import BackendError, BackendRejected, failure_kind
from kiosk.client.models import Department as ClientDepartment
from kiosk.domain.card import CardError, CardRecord
from kiosk.domain.reasons import Decision
from kiosk.flow import session as fs
from kiosk.flow.models import (
    Department,
    Receipt,
    Ticket,
)
from kiosk.flow.settling import (
    JournalBackend,
    receipt_from_record,
    settlement_outcome,
    settlement_record,
)
from kiosk.flow.views import bill_view, department_view, eligibility_view, itinerary_view
from kiosk.journal.outbox import EntryState, OutboxEntry
from kiosk.journal.store import Journal
from kiosk.journal.worker import finish_open_entries, settle_entry

log = logging.getLogger(__name__)

CardReader = Callable[[str], CardRecord]

# How old the departments list shown at check-in may be (``Runner.refresh_departments``).
DEPARTMENTS_MAX_AGE = 90.0
# Threads that read cards and ask ahead (``Runner._read_and_ask``); idle ones cost no CPU.
AHEAD_THREADS = 8

@dataclass(frozen=True, slots=True)
class _AskedAhead:
    """Questions sent ahead for one card read (``Runner._read_and_ask``)."""

    generation: int
    record: CardRecord
    answer: Future[fs.Event | None]  # EligibilityReceived, or the failure's event


class Runner:
    """Does the work behind each session effect. See the module docstring."""

    def __init__(self, client: BackendClient, journal: Journal, read_card: CardReader) -> None:
        self.client = client
        self.journal = journal
        self.read_card = read_card
        self.settlements = JournalBackend(client)
        self._departments: tuple[Department, ...] = ()
        # Reading and asking ahead (see ``_read_and_ask``): threads of the runner's own, so a
        # read and the question after it never wait for a slot of the caller's pool. Started
        # as needed, up to ``AHEAD_THREADS``: questions hanging on a dead backend (each until
        # the client's deadline) do not hold up the read of the next card.
        self._ahead = ThreadPoolExecutor(AHEAD_THREADS, thread_name_prefix="kiosk-ask-ahead")
        self._asked: _AskedAhead | None = None
        self._listed: tuple[float, tuple[ClientDepartment, ...]] | None = None
        self._forgotten_before = 0  # asks of sessions older than this generation are void
        self._lock = threading.Lock()

    def run(self, effect: fs.Effect) -> fs.Event | None:
        handler = getattr(self, f"_run_{type(effect).__name__}")
        return self._guarded(getattr(effect, "generation", 0), handler, effect)

    @staticmethod
    def _guarded(generation: int, work: Callable[..., fs.Event | None],
                 *args: Any) -> fs.Event | None:
        """``work(*args)``, with every expected failure turned into the session's event."""
        try:
            return work(*args)
        except CardError as error:
            return fs.CardReadFailed(generation, error.code)
        except BackendRejected as error:
            return fs.RequestRejected(generation, error.code, dict(error.details or {}))
        except BackendError as error:
            log.info("backend call failed: %s", error)
            return fs.BackendUnavailable(generation, failure_kind(error))

    def submit(self, effect: fs.Effect) -> Future[fs.Event | None] | None:
        """Start ``effect`` on the runner's own threads if they carry it and return the future
        of its event; ``None`` for any other effect (``run`` that on a worker thread).

        - ``ReadCard``: read the card, then ask ahead on the same thread (``_read_and_ask``).
        - ``CheckEligibility`` whose answer was asked ahead for this card: that answer.

        The futures hold events (expected failures included), as ``run`` returns them. Does
        not block; any thread."""
        if isinstance(effect, fs.ReadCard):
            read: Future[fs.Event | None] = Future()
            try:
                self._ahead.submit(self._read_and_ask, effect, read)
            except RuntimeError:  # closed
                return None
            return read
        if isinstance(effect, fs.CheckEligibility):
            asked = self._take_asked(effect.generation, effect.record)
            return asked.answer if asked is not None else None
        return None

    def forget(self, generation: int) -> None:
        """The session of every generation below ``generation`` is over: drop what was asked
        ahead for it (it holds the card record). Does not block; any thread."""
        with self._lock:
            self._forgotten_before = max(self._forgotten_before, generation)
            if self._asked is not None and self._asked.generation < generation:
                self._asked = None

    def close(self) -> None:
        """Stop asking ahead (at shutdown, after the last effect): a read under way is
        finished, so every future handed out is done; nothing more is asked."""
        self.forget(2**62)
        self._ahead.shutdown(wait=True)

    def _read_and_ask(self, effect: fs.ReadCard, read: Future[fs.Event | None]) -> None:
        """Read the card, set ``read``, then send the question the session asks next.

        Runs on an ask-ahead thread. After a successful read the session always asks for
        eligibility with exactly this record: the answer is registered before the read is
        handed over, and sent from here at once, while the read's result goes to the GUI
        thread and the session comes back with ``CheckEligibility``, which takes it
        (``_take_asked``). The session still decides every step: an answer it never asks for
        is dropped (when the card is pulled first)."""
        try:
            event = self._guarded(effect.generation, self._read, effect)
            answer = (self._remember_asked(effect.generation, event.record)
                      if isinstance(event, fs.CardReadOk) else None)
        except BaseException as error:  # a bug: reaches the caller as the read's failure
            read.set_exception(error)
            return
        read.set_result(event)
        if answer is None or not isinstance(event, fs.CardReadOk):
            return
        try:
            answer.set_result(self._guarded(effect.generation, self._eligibility,
                                            effect.generation, event.record))
        except BaseException as error:
            answer.set_exception(error)

    def _remember_asked(self, generation: int, record: CardRecord
                        ) -> Future[fs.Event | None] | None:
        """The future the answer asked ahead for this read goes into; ``None`` if the
        session is already over (the card was pulled during the read)."""
        with self._lock:
            if generation < self._forgotten_before:
                return None
            answer: Future[fs.Event | None] = Future()
            self._asked = _AskedAhead(generation, record, answer)
            return answer

    def refresh_departments(self) -> tuple[ClientDepartment, ...]:
        """Fetch the departments list now and keep it (the controller calls this at start
        and every half minute, in the background): an eligible patient's check-in screen then
        shows at once, without a second round trip while the patient waits. Raises
        ``BackendError``."""
        listed = self.client.departments()
        with self._lock:
            self._listed = (time_monotonic(), listed)
        return listed

    def _departments_now(self) -> tuple[ClientDepartment, ...]:
        """The departments list: the one fetched last if younger than
        ``DEPARTMENTS_MAX_AGE`` seconds (queues and waits may be that old; the ticket shows the
        backend's fresh figures), else fetched now."""
        with self._lock:
            listed = self._listed
        if listed is not None and time_monotonic() - listed[0] < DEPARTMENTS_MAX_AGE:
            return listed[1]
        return self.refresh_departments()

    def _take_asked(self, generation: int, record: CardRecord) -> _AskedAhead | None:
        with self._lock:
            asked, self._asked = self._asked, None
        if asked is None or asked.generation != generation or asked.record != record:
            return None
        return asked

    def finish_open(self) -> list[OutboxEntry]:
        """Finish settlements left open (on start, and when the backend is back)."""
        return finish_open_entries(self.journal, self.settlements,
                                   classify=settlement_outcome)

    # -- effects ---------------------------------------------------------------------------

    def _read(self, effect: fs.ReadCard) -> fs.Event:
        return fs.CardReadOk(effect.generation, self.read_card(effect.reader))

    def _run_ReadCard(self, effect: fs.ReadCard) -> fs.Event | None:
        read = self.submit(effect)
        if read is None:  # closed: read here, ask nothing ahead
            return self._read(effect)
        return read.result()

    def _run_CheckEligibility(self, effect: fs.CheckEligibility) -> fs.Event | None:
        asked = self.submit(effect)
        if asked is None:  # nothing asked ahead for this card: ask now
            return self._eligibility(effect.generation, effect.record)
        return asked.result()

    def _eligibility(self, generation: int, record: CardRecord) -> fs.EligibilityReceived:
        """Ask the backend about ``record`` and turn the answer into the session's event:
        with a result the journal kept for this patient, and the departments if the patient
        checks in next."""
        elig = eligibility_view(self.client.eligibility(record))
        kept: Receipt | None = None
        departments: tuple[Department, ...] = ()
        if elig.patient_id is not None:
            entry = self.journal.result_for_patient(str(elig.patient_id))
            if entry is not None and entry.state is EntryState.DONE and entry.response:
                kept = receipt_from_record(entry.response, earlier=True)
        if elig.decision == Decision.ELIGIBLE and not elig.open_visits and kept is None:
            departments = tuple(department_view(d) for d in self._departments_now())
            self._departments = departments
        return fs.EligibilityReceived(generation, elig, departments, kept)

    def _run_CheckIn(self, effect: fs.CheckIn) -> fs.Event:
        result = self.client.check_in(effect.patient_id, effect.department_code)
        visit = result.visit
        known = {d.code: d for d in self._departments}
        base = known.get(visit.department_code)
        dept = Department(
            visit.department_code,
            base.name_zh if base else visit.department_code,
            base.name_en if base else visit.department_code,
            visit.building, visit.floor, visit.room, visit.estimated_wait_minutes,
        )
        ticket = Ticket(visit.visit_id, visit.ticket_number, dept, result.already_checked_in)
        return fs.CheckedIn(effect.generation, ticket)

    def _run_LoadItinerary(self, effect: fs.LoadItinerary) -> fs.Event:
        return fs.ItineraryReceived(effect.generation,
                                    itinerary_view(self.client.itinerary(effect.visit_id)))

    def _run_LoadBill(self, effect: fs.LoadBill) -> fs.Event:
        return fs.BillReceived(effect.generation, bill_view(self.client.bill(effect.visit_id)))

    def _run_Settle(self, effect: fs.Settle) -> fs.Event:
        entry = self.journal.begin_settlement(
            str(effect.visit_id), str(effect.patient_id), effect.expected_total_fen,
            effect.expected_cash_fen,
        )
        return self._drive(effect.generation, entry)

    def _run_ConfirmSettlement(self, effect: fs.ConfirmSettlement) -> fs.Event:
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        if entry is None:  # nothing was ever written: nothing can have been charged
            return fs.RequestRejected(effect.generation, "settlement_not_found")
        return self._drive(effect.generation, entry)

    def _drive(self, generation: int, entry: OutboxEntry) -> fs.Event:
        if entry.is_open:
            entry = settle_entry(self.journal, self.settlements, entry,
                                 classify=settlement_outcome)
        if entry.state is EntryState.DONE and entry.response:
            return fs.SettlementFinished(generation, receipt_from_record(entry.response))
        if entry.state is EntryState.REJECTED:
            code = entry.last_error or "rejected"
            if code == "already_settled":
                # Settled under another key (another kiosk, or the automatic settlement).
                existing = self.client.visit_settlement(int(entry.visit_id))
                if existing is not None:
                    return fs.SettlementFinished(
                        generation, receipt_from_record(settlement_record(existing)))
            return fs.RequestRejected(generation, code)
        return fs.SettlementPending(generation)

    def _run_MarkReceiptShown(self, effect: fs.MarkReceiptShown) -> None:
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        if entry is not None and entry.is_finished:
            self.journal.mark_shown(entry.id)
        return None

    def _run_EndSession(self, effect: fs.EndSession) -> None:
        return None
