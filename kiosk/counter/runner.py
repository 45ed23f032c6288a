"""Carries out the counter session's effects: card reads, staff calls, counter payments.

``CounterRunner.run(effect)`` does the blocking work of one effect (``kiosk.counter.session``)
and returns the event to feed back, or ``None`` for an effect that answers nothing. Every
failure becomes ``Failed(effect, classify(error))`` through the one classifier of the client
side (``kiosk.client.errors.classify``), so the session sees data, never exceptions.

Each signed-in staff session has its own ``StaffClient``, kept by the generation it was signed
in for: an effect of a generation that has ended finds no client and fails as
``unauthenticated`` (its result is dropped anyway).

Counter payments go through the counter's own journal (``kiosk.journal.Journal``, a file of
the counter's, not the kiosk's): ``Journal.begin_settlement`` writes the entry with its
idempotency key and the amounts staff saw before anything is sent, then
``kiosk.journal.worker.settle_entry`` sends it or finds out what became of it, always with
that key, by the same recovery rules as the kiosk's outbox (``kiosk.journal.recovery``) and the
same reading of failures (``kiosk.flow.settling.settlement_outcome``). A payment whose outcome
is not known stays open in the journal, across restarts; ``FinishOpen`` finishes it.

Threads: ``run`` blocks (card, network, fsync): worker threads only, never the GUI thread.
Several worker threads may run effects at once: the clients and the journal are thread-safe,
and the journal's claim keeps one sender per payment. ``close``: at shutdown.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.client.challenge import link_card_fields
from kiosk.client.errors import BackendRejected, classify
from kiosk.client.staff import StaffClient, StaffPatientView, StaffSession, sign_in
from kiosk.client.transport import BackendConfig
from kiosk.counter import events as ev
from kiosk.domain.card import CardRecord
from kiosk.flow.settling import (
    JournalBackend,
    receipt_from_record,
    settlement_outcome,
    settlement_record,
)
from kiosk.journal.outbox import EntryState, OutboxEntry
from kiosk.journal.store import Journal
from kiosk.journal.worker import finish_open_entries, settle_entry

log = logging.getLogger("kiosk.counter")

# reads the card in the reader; ``challenge=`` (16 bytes) adds the card's proof to the record
CardReader = Callable[..., CardRecord]
SignInCall = Callable[[BackendConfig, str, str], StaffSession]


class CounterSettlements(JournalBackend):
    """The staff client as the journal's ``SettlementBackend``: payments taken at the counter
    (``channel: counter``); the status query is the kiosk's."""

    def settle(self, visit_id: str, idempotency_key: str, expected_medfee_sumamt_fen: int,
               expected_psn_cash_pay_fen: int) -> dict[str, Any]:
        client = self.client
        assert isinstance(client, StaffClient)
        return settlement_record(client.settle_at_counter(
            int(visit_id), idempotency_key, expected_medfee_sumamt_fen, expected_psn_cash_pay_fen))


class CounterRunner:
    """Does the work behind each counter effect. See the module docstring."""

    def __init__(self, config: BackendConfig, journal: Journal, read_card: CardReader, *,
                 sign_in_call: SignInCall = sign_in) -> None:
        self.config = config
        self.journal = journal
        self.read_card = read_card
        self._sign_in = sign_in_call
        self._clients: dict[int, StaffClient] = {}
        self._ended_below = 0  # generations below this one are signed out
        self._lock = threading.Lock()

    def run(self, effect: ev.Effect) -> ev.Result | None:
        try:
            result: ev.Result | None = getattr(self, f"_run_{type(effect).__name__}")(effect)
        except Exception as error:  # every failure becomes an event; classify says which
            failure = classify(error)
            log.info("counter %s failed: %s %s", type(effect).__name__, failure.kind.value,
                     failure.code)
            return ev.Failed(effect, failure, getattr(error, "request_id", ""))
        return result

    def close(self) -> None:
        """Close every client still open (at shutdown, after the last effect)."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
            self._ended_below = 2**62
        for client in clients:
            client.close()

    def staff_client(self, generation: int) -> StaffClient | None:
        """The signed-in client of staff session ``generation`` (clinic mode's patient
        journey speaks with it), or None once that session has ended."""
        with self._lock:
            return self._clients.get(generation)

    def _client(self, generation: int) -> StaffClient:
        with self._lock:
            client = self._clients.get(generation)
        if client is None:
            raise BackendRejected("unauthenticated", 401, "no staff session", op="counter")
        return client

    # -- staff sessions --------------------------------------------------------------------

    def _run_Authenticate(self, effect: ev.Authenticate) -> ev.Result:
        staff = self._sign_in(self.config, effect.username, effect.password)
        client = StaffClient(self.config, staff)
        with self._lock:
            ended = effect.generation < self._ended_below
            if not ended:
                self._clients[effect.generation] = client
        if ended:  # signed out while signing in: end it at once
            self._end(client)
        return ev.SignedIn(effect.generation, staff)

    def _run_EndStaffSession(self, effect: ev.EndStaffSession) -> None:
        with self._lock:
            self._ended_below = max(self._ended_below, effect.generation + 1)
            client = self._clients.pop(effect.generation, None)
        if client is not None:
            self._end(client)
        return None

    @staticmethod
    def _end(client: StaffClient) -> None:
        try:
            client.sign_out()
        except Exception as error:  # best effort: the token expires on its own
            log.info("staff sign-out failed: %s", classify(error).kind.value)
        finally:
            client.close()

    def _run_LoadDepartments(self, effect: ev.LoadDepartments) -> ev.Result:
        return ev.DepartmentsLoaded(effect.generation,
                                    self._client(effect.generation).departments())

    # -- the patient ------------------------------------------------------------------------

    def _run_ReadPatientCard(self, effect: ev.ReadPatientCard) -> ev.Result:
        client = self._client(effect.generation)
        card = self.read_card()
        return ev.CardIdentified(effect.generation, card, client.find_patient(card.ssn))

    def _run_SearchPatient(self, effect: ev.SearchPatient) -> ev.Result:
        return ev.PatientFound(effect.generation,
                               self._client(effect.generation).find_patient(effect.ssn))

    def _run_RegisterPatient(self, effect: ev.RegisterPatient) -> ev.Result:
        client = self._client(effect.generation)
        try:
            view = client.create_patient(effect.card, effect.insurance_type)
        except BackendRejected as error:
            found = (client.find_patient(effect.card.ssn) if error.code == "patient_exists"
                     else None)
            if found is None:
                raise
            view = found  # registered meanwhile (another counter): show that record
        return ev.PatientLoaded(effect.generation, view)

    def _run_LoadPatient(self, effect: ev.LoadPatient) -> ev.Result:
        return ev.PatientLoaded(effect.generation,
                                self._client(effect.generation).patient(effect.patient_id))

    def _run_SendLink(self, effect: ev.SendLink) -> ev.Result:
        # the patient's card proves itself first (card authentication): a challenge, the
        # card read again with it (still in the reader), then the link with its proof
        client = self._client(effect.generation)
        card = self.read_card(challenge=client.card_challenge().challenge)
        view = client.link(effect.patient_id, {**effect.body, **link_card_fields(card)})
        return ev.PatientLoaded(effect.generation, view, ev.LINKED)

    def _run_ChangeLink(self, effect: ev.ChangeLink) -> ev.Result:
        client = self._client(effect.generation)
        change: Callable[[int, str], StaffPatientView] = {
            "unlink": client.unlink, "suspend": client.suspend, "reinstate": client.reinstate,
        }[effect.action]
        return ev.PatientLoaded(effect.generation, change(effect.patient_id, effect.reason))

    def _run_Refund(self, effect: ev.Refund) -> ev.Result:
        client = self._client(effect.generation)
        client.reverse(effect.settlement_id, effect.reason)
        return ev.PatientLoaded(effect.generation, client.patient(effect.patient_id),
                                ev.REFUNDED)

    def _run_SettleDebt(self, effect: ev.SettleDebt) -> ev.Result:
        client = self._client(effect.generation)
        client.pay_debt(effect.debt_id, effect.channel, effect.amount_fen)
        return ev.PatientLoaded(effect.generation, client.patient(effect.patient_id))

    def _run_CounterCheckIn(self, effect: ev.CounterCheckIn) -> ev.Result:
        client = self._client(effect.generation)
        client.check_in_at_counter(effect.patient_id, effect.department_code)
        return ev.PatientLoaded(effect.generation, client.patient(effect.patient_id))

    # -- payments at the counter ------------------------------------------------------------

    def _run_LoadBill(self, effect: ev.LoadBill) -> ev.Result:
        bill = self._client(effect.generation).bill(effect.visit_id)
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        return ev.BillLoaded(effect.generation, bill, entry is not None and entry.is_open)

    def _run_Settle(self, effect: ev.Settle) -> ev.Result:
        client = self._client(effect.generation)
        entry = self.journal.begin_settlement(
            str(effect.visit_id), str(effect.patient_id), effect.expected_medfee_sumamt_fen,
            effect.expected_psn_cash_pay_fen)
        return self._drive(effect.generation, client, entry)

    def _run_ConfirmSettlement(self, effect: ev.ConfirmSettlement) -> ev.Result:
        client = self._client(effect.generation)
        entry = self.journal.entry_for_visit(str(effect.visit_id))
        if entry is None:  # nothing was ever written: nothing can have been charged
            return ev.SettlementRejected(effect.generation, effect.visit_id,
                                         "settlement_not_found")
        return self._drive(effect.generation, client, entry)

    def _drive(self, generation: int, client: StaffClient, entry: OutboxEntry) -> ev.Result:
        if entry.is_open:
            entry = settle_entry(self.journal, CounterSettlements(client), entry,
                                 classify=settlement_outcome)
        visit_id = int(entry.visit_id)
        if entry.state is EntryState.DONE and entry.response:
            return ev.SettlementFinished(generation, visit_id, receipt_from_record(entry.response))
        if entry.state is EntryState.REJECTED:
            return ev.SettlementRejected(generation, visit_id, entry.last_error or "rejected")
        return ev.SettlementPending(generation, visit_id, entry.last_error or "")

    def _run_FinishOpen(self, effect: ev.FinishOpen) -> ev.Result:
        entries = finish_open_entries(self.journal,
                                      CounterSettlements(self._client(effect.generation)),
                                      classify=settlement_outcome)
        return ev.OpenSettlementsChecked(
            effect.generation,
            finished=tuple(receipt_from_record(e.response) for e in entries
                           if e.state is EntryState.DONE and e.response),
            rejected=tuple(int(e.visit_id) for e in entries if e.state is EntryState.REJECTED),
            still_open=tuple(int(e.visit_id) for e in entries if e.is_open),
            backend_away=any(e.is_open and e.last_error == "offline" for e in entries))
