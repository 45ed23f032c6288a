"""Carries out the patient session's effects: reads the card, asks the backend, settles.

``Runner.run(effect)`` does the blocking work of one effect (``kiosk.flow.session``) and
returns the events to feed back into the session, in order (none for effects that answer
nothing). ``ReadCardAndCheck`` answers with two: the card read (``CardReadOk``), then the
backend's eligibility answer for that record; the session asks for both at once, so the
question leaves the moment the card is read, on the same thread, without a hop through the
GUI thread in between. The read runs INTERNAL AUTHENTICATE with the challenge fetched ahead
(``refresh_challenge``, ``kiosk.flow.challenge``), so authenticating the card adds no round
trip. Every failure becomes an event, through the one classifier
``kiosk.client.errors.classify`` (a card error code, a backend failure kind, a refusal code):
the session sees data, never exceptions. Backend answers become the view models of
``kiosk.flow.models`` (``kiosk.flow.views``): screens never see the client's types, and names
and ID numbers stay on the card record. The backend's patient session (the eligibility
answer's token) stays here too, kept per session generation and presented with every call
about that patient's visits; ``EndSession`` (the card is out) ends it at the backend.

Settlements go through the journal first (``Journal.begin_settlement`` writes the outbox entry
with its idempotency key and the amounts the patient saw before anything is sent), then
``kiosk.journal.worker.settle_entry`` sends it or finds out what became of it, always with the
same key. A settlement whose outcome is unknown stays open in the journal; ``finish_open``
(on start and when the backend is back) finishes it, and the result is shown at the next
insertion of that card. The departments list an eligible patient's check-in screen needs is
fetched in the background beforehand (``refresh_departments``), not while the patient waits.

Threads: ``run``, ``refresh_departments`` and ``finish_open`` block (card, network, fsync):
call them from worker threads only, never the GUI thread (``kiosk.qt.background`` does
that). The runner has no threads of its own. One runner may serve several worker threads at
once: the client and the journal are thread-safe and the journal's claim keeps one sender per
settlement.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from time import monotonic as time_monotonic

from kiosk.client.api import BackendClient
from kiosk.client.errors import (
    BackendError,
    BackendFailure,
    BackendRejected,
    FailureKind,
    classify,
)
from kiosk.client.models import Department, Eligibility, Settlement
from kiosk.domain.card import CardError, CardErrorCode, CardRecord
from kiosk.domain.clock import BackendClock, backend_clock
from kiosk.domain.reasons import Decision, Reason
from kiosk.flow import help_effects
from kiosk.flow import session as fs
from kiosk.flow.challenge import INLINE_DEADLINE, ChallengeHolder
from kiosk.flow.events import CheckHelp
from kiosk.flow.models import DepartmentView, Receipt, Ticket
from kiosk.flow.settling import (
    JournalBackend,
    receipt_from_record,
    settlement_outcome,
    settlement_record,
)
from kiosk.flow.views import (
    bill_view,
    check_in_targets,
    department_view,
    eligibility_view,
    itinerary_view,
)
from kiosk.journal.outbox import EntryState, OutboxEntry
from kiosk.journal.store import Journal
from kiosk.journal.worker import finish_open_entries, settle_entry

log = logging.getLogger(__name__)

# reads the card in the named reader; with a backend challenge (16 bytes) the record carries
# the card's proof, from the same card transaction
CardReader = Callable[[str, bytes | None], CardRecord]

# How old the departments list shown at check-in may be (``Runner.refresh_departments``).
DEPARTMENTS_MAX_AGE = 90.0


def failure_event(generation: int, error: Exception) -> fs.Event:
    """The session's event for a failed effect (pure). Raises ``error`` again if it is not a
    failure the session knows (a bug: the caller shows the error screen)."""
    failure = classify(error)
    if failure.kind is FailureKind.CARD:
        return fs.CardReadFailed(generation, CardErrorCode(failure.code))
    if failure.kind is FailureKind.REJECTED:
        return fs.RequestRejected(generation, failure.code, dict(failure.details))
    if failure.kind.backend_unavailable:
        log.info("backend call failed: %s", error)
        return fs.BackendUnavailable(generation, failure.kind.value)
    raise error


class Runner:
    """Does the work behind each session effect. See the module docstring."""

    def __init__(self, client: BackendClient, journal: Journal, read_card: CardReader, *,
                 clock: BackendClock = backend_clock) -> None:
        self.client = client
        self.journal = journal
        self.read_card = read_card
        self.clock = clock  # the backend's time: card expiry and age, opening hours
        self._bills: dict[str, tuple[int, int, str]] = {}  # JournalBackend.bills
        self.settlements = JournalBackend(client, bills=self._bills)
        self._departments: tuple[DepartmentView, ...] = ()
        self._listed: tuple[float, tuple[Department, ...]] | None = None
        self._lock = threading.Lock()
        # the backend's patient session per session generation (the eligibility answer's
        # token): every call about that patient's visits presents it; the flow never sees it
        self._sessions: dict[int, str] = {}
        # the next card's challenge, fetched ahead (kiosk.flow.challenge), and the reader the
        # current card was read in (a retried question reads it again with a fresh one)
        self.challenges = ChallengeHolder(client.card_challenge)
        self._readers: dict[int, str] = {}

    def run(self, effect: fs.Effect) -> tuple[fs.Event, ...]:
        """The events ``effect`` ends in, in order; expected failures included as events."""
        handler: Callable[[fs.Effect], tuple[fs.Event, ...]] = getattr(
            self, f"_run_{type(effect).__name__}")
        try:
            return handler(effect)
        except Exception as error:
            return (failure_event(getattr(effect, "generation", 0), error),)

    def refresh_departments(self) -> tuple[Department, ...]:
        """Fetch the departments list now and keep it (the controller calls this at start
        and every half minute, in the background): an eligible patient's check-in screen then
        shows at once, without a second round trip while the patient waits. Raises
        ``BackendError``."""
        listed = self.client.departments()
        with self._lock:
            self._listed = (time_monotonic(), listed)
        return listed

    def needs_challenge(self) -> bool:
        """Whether the next card's challenge should be fetched now. Does not block."""
        return self.challenges.needs_refresh()

    def refresh_challenge(self) -> None:
        """Fetch the next card's challenge ahead (the controller calls this in the
        background whenever ``needs_challenge``). Raises ``BackendError``."""
        self.challenges.refresh()

    def _departments_now(self) -> tuple[Department, ...]:
        """The departments list: the one fetched last if younger than
        ``DEPARTMENTS_MAX_AGE`` seconds (queues and waits may be that old; the ticket shows the
        backend's fresh figures), else fetched now."""
        with self._lock:
            listed = self._listed
        if listed is not None and time_monotonic() - listed[0] < DEPARTMENTS_MAX_AGE:
            return listed[1]
        return self.refresh_departments()

    def round_trips(self) -> tuple[float, ...]:
        """How long the client's last few answered calls took (seconds, oldest first): what
        the kiosk judges the link's speed by (``kiosk.flow.link``). Does not block."""
        return self.client.transport.round_trips()

    def finish_open(self) -> list[OutboxEntry]:
        """Finish settlements left open (on start, and when the backend is back)."""
        return finish_open_entries(self.journal, self.settlements,
                                   classify=settlement_outcome)

    # -- effects ---------------------------------------------------------------------------

    def _run_ReadCardAndCheck(self, effect: fs.ReadCardAndCheck) -> tuple[fs.Event, ...]:
        """Read the card, then ask about it at once on this thread: the read's event, then
        the answer's (or the failure's). A failed read asks nothing."""
        # fetched ahead; else asked now (bounded); None: read without, the backend decides
        challenge = (self.challenges.take(wait=INLINE_DEADLINE)
                     or self.challenges.fetch_now(INLINE_DEADLINE))
        read = fs.CardReadOk(effect.generation, self.read_card(effect.reader, challenge),
                            today=self.clock.today())
        with self._lock:
            self._readers = {effect.generation: effect.reader}  # for a retry's fresh read
        answer: fs.Event
        try:
            answer = self._eligibility(effect.generation, read.record)
        except Exception as error:
            answer = failure_event(effect.generation, error)
        return read, answer

    def _run_CheckEligibility(self, effect: fs.CheckEligibility) -> tuple[fs.Event, ...]:
        """The question again (a retry): the card still in its reader answers a fresh
        challenge first, as the first try's is spent (or there was none)."""
        return (self._eligibility(effect.generation,
                                  self._authenticated_again(effect.generation, effect.record)),)

    def _authenticated_again(self, generation: int, record: CardRecord) -> CardRecord:
        """``record`` read again with a fresh challenge from the reader it was read in (best
        effort: without a challenge, or with the card gone or another card in, ``record``)."""
        with self._lock:
            reader = self._readers.get(generation)
        challenge = None if reader is None else (self.challenges.take(wait=INLINE_DEADLINE)
                                                 or self.challenges.fetch_now(INLINE_DEADLINE))
        if reader is None or challenge is None:
            return record
        try:
            again = self.read_card(reader, challenge)
        except CardError as error:
            log.info("card not read again for the retry: %s", error.code.value)
            return record
        return again if again.ssn == record.ssn else record

    def _eligibility(self, generation: int, record: CardRecord) -> fs.EligibilityReceived:
        """Ask the backend about ``record`` and turn the answer into the session's event:
        with a result the journal kept for this patient, and the departments if the patient
        checks in next."""
        return self._eligibility_received(generation, self.client.eligibility(record))

    def _run_CheckVoucher(self, effect: fs.CheckVoucher) -> tuple[fs.Event, ...]:
        """A scanned voucher: the backend resolves it through the insurer and answers as for
        a card, so the rest of the journey is the card's (``kiosk.flow.voucher``). An insurer
        that does not answer is the backend's answer (503 ``insurer_unavailable``), not the
        backend away: the patient is told, and the kiosk stays in service."""
        try:
            answer = self.client.voucher_eligibility(effect.voucher)
        except BackendFailure as error:
            if error.code != Reason.INSURER_UNAVAILABLE:
                raise
            return (fs.RequestRejected(effect.generation, error.code),)
        return (self._eligibility_received(effect.generation, answer),)

    def _eligibility_received(self, generation: int, answer: Eligibility
                              ) -> fs.EligibilityReceived:
        if answer.session_token is not None:
            with self._lock:
                self._sessions[generation] = answer.session_token
        now = self.clock.local_now().time()
        elig = eligibility_view(answer, now)
        kept: Receipt | None = None
        unconfirmed: fs.PendingPayment | None = None
        departments: tuple[DepartmentView, ...] = ()
        if elig.patient_id is not None:
            unconfirmed = self._resolve_open(str(elig.patient_id), answer.session_token)
            entry = self.journal.result_for_patient(str(elig.patient_id))
            if entry is not None and entry.state is EntryState.DONE and entry.response:
                kept = receipt_from_record(entry.response, earlier=True)
        if (elig.decision == Decision.ELIGIBLE and not elig.open_visits and kept is None
                and unconfirmed is None):
            departments = check_in_targets(tuple(department_view(d, now)
                                               for d in self._departments_now()))
            self._departments = departments
        itinerary = itinerary_view(answer.itinerary) if answer.itinerary is not None else None
        return fs.EligibilityReceived(generation, elig, departments, kept, unconfirmed,
                                      itinerary)

    def _resolve_open(self, patient_ref: str, session: str | None) -> fs.PendingPayment | None:
        """Try once more to finish this patient's settlements left open (the card was pulled,
        the backend was away), with the new patient session (a tap the backend never heard
        goes now): a finished one then shows as the kept receipt; one still unconfirmed comes
        back, so nothing offers to pay that visit again."""
        still_open: OutboxEntry | None = None
        for entry in self.journal.open_entries(patient_ref):
            try:
                entry = settle_entry(self.journal, self._backend(session), entry,
                                     classify=settlement_outcome)
            except Exception as error:  # the answer stays unknown; the session keeps asking
                log.info("open settlement still unconfirmed: %s", type(error).__name__)
            if entry.is_open:
                still_open = entry
        if still_open is None:
            return None
        visit_id = int(still_open.visit_id)
        return fs.PendingPayment(visit_id, still_open.psn_cash_pay_fen,
                                 fs.PendingPayment.reference_for(visit_id))

    def _run_CheckIn(self, effect: fs.CheckIn) -> tuple[fs.Event, ...]:
        result = self.client.check_in(effect.patient_id, effect.department_code,
                                      session=self._session(effect.generation))
        visit = result.visit
        known = {d.code: d for d in self._departments}
        base = known.get(visit.department_code)
        dept = DepartmentView(
            visit.department_code,
            base.name_zh if base else visit.department_code,
            base.name_en if base else visit.department_code,
            visit.building, visit.floor, visit.room, visit.estimated_wait_minutes,
        )
        ticket = Ticket(visit.visit_id, visit.ticket_number, dept, result.already_checked_in)
        return (fs.CheckedIn(effect.generation, ticket),)

    def _run_LoadItinerary(self, effect: fs.LoadItinerary) -> tuple[fs.Event, ...]:
        itinerary = itinerary_view(self.client.itinerary(
            effect.visit_id, session=self._session(effect.generation)))
        return (fs.ItineraryReceived(effect.generation, itinerary),)

    def _backend(self, session: str | None) -> JournalBackend:
        """The client as the journal's backend within ``session``, citing the bills shown."""
        return JournalBackend(self.client, session, self._bills)

    def _run_LoadBill(self, effect: fs.LoadBill) -> tuple[fs.Event, ...]:
        bill = self.client.bill(effect.visit_id, session=self._session(effect.generation))
        if bill.digest is not None:
            self._bills[str(effect.visit_id)] = (bill.split.medfee_sumamt_fen,
                                                 bill.split.psn_cash_pay_fen, bill.digest)
        return (fs.BillReceived(effect.generation, bill_view(bill)),)

    def _run_Settle(self, effect: fs.Settle) -> tuple[fs.Event, ...]:
        entry = self.journal.begin_settlement(
            str(effect.visit_id), str(effect.patient_id), effect.expected_medfee_sumamt_fen,
            effect.expected_psn_cash_pay_fen,
        )
        return (self._drive(effect.generation, entry),)

    def _run_ConfirmSettlement(self, effect: fs.ConfirmSettlement) -> tuple[fs.Event, ...]:
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        if entry is None:  # nothing was ever written: nothing can have been charged
            return (fs.RequestRejected(effect.generation, "settlement_not_found"),)
        return (self._drive(effect.generation, entry),)

    def _drive(self, generation: int, entry: OutboxEntry) -> fs.Event:
        session = self._session(generation)
        if entry.is_open:
            entry = settle_entry(self.journal, self._backend(session), entry,
                                 classify=settlement_outcome)
        if entry.state is EntryState.DONE and entry.response:
            return fs.SettlementFinished(generation, receipt_from_record(entry.response))
        if entry.state is EntryState.REJECTED:
            code = entry.last_error or "rejected"
            if code == "already_settled":
                # Settled under another key (another kiosk, or the automatic settlement).
                existing = self._visit_settlement(int(entry.visit_id), session)
                if existing is not None:
                    return fs.SettlementFinished(
                        generation, receipt_from_record(settlement_record(existing)))
            return fs.RequestRejected(generation, code)
        return fs.SettlementPending(generation)

    def _visit_settlement(self, visit_id: int, session: str | None) -> Settlement | None:
        """The visit's settlement to show, or None: also when the patient session has ended
        (the patient is then told the visit is already paid, never that nothing was)."""
        try:
            return self.client.visit_settlement(visit_id, session=session)
        except BackendRejected as error:
            if error.code != Reason.PATIENT_SESSION_ENDED:
                raise
            return None

    def _run_MarkReceiptShown(self, effect: fs.MarkReceiptShown) -> tuple[fs.Event, ...]:
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        if entry is not None and entry.is_finished:
            self.journal.mark_shown(entry.id)
        return ()

    def _run_RequestHelp(self, effect: fs.RequestHelp) -> tuple[fs.Event, ...]:
        """A call for staff (``kiosk.client.help``): the screen's name, no personal data."""
        return help_effects.request_help(self.client, effect)

    def _run_CheckHelp(self, effect: CheckHelp) -> tuple[fs.Event, ...]:
        return help_effects.check_help(self.client, effect)

    def _run_EndSession(self, effect: fs.EndSession) -> tuple[fs.Event, ...]:
        """The card is out: end the backend's patient sessions this runner holds, each
        bounded (``END_SESSION_DEADLINE``) and best-effort (a session the backend does not
        hear about ends at its idle expiry). ``EndSession`` names no generation, so every
        held session ends: the runner serves one patient at a time."""
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            try:
                self.client.end_session(session)
            except BackendError as error:
                log.info("card out not heard by the backend: %s", type(error).__name__)
        return ()

    def _session(self, generation: int) -> str | None:
        with self._lock:
            return self._sessions.get(generation)
