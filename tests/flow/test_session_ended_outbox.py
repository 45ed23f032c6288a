"""The settlement outbox when the answer is ``401 patient_session_ended`` (the patient's
session at the backend is over), against the real backend on loopback.

Such a refusal comes before the backend claims the key, so the entry ends ``rejected``
(nothing was charged under it) and the patient may tap again with a new key; and a visit
settled under another key while the session ended is shown as already paid, never as
"nothing was charged".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.client import BackendClient, BackendConfig
from kiosk.client.api import DepartmentClient
from kiosk.client.errors import BackendRejected
from kiosk.demo.cards import demo_card_read
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.flow.settling import settlement_outcome
from kiosk.journal.outbox import EntryState
from kiosk.journal.recovery import Action, CallResult, Outcome, Step, decide
from kiosk.journal.store import Journal
from tests.support.server_proc import Backend


def test_the_refusal_is_final_and_not_ambiguous() -> None:
    refusal = BackendRejected("patient_session_ended", 401, "m",
                              {"patient_session": "required"}, op="settle")
    result = settlement_outcome(refusal)
    assert result == CallResult(Outcome.REJECTED, "patient_session_ended", 401)
    assert decide(EntryState.SENDING, None, result) == Step(EntryState.REJECTED,
                                                           Action.SHOW_RESULT)


@pytest.fixture
def made(backend: Backend, tmp_path: Path) -> Iterator[tuple[Runner, list[str]]]:
    client = BackendClient(BackendConfig(base_url=backend.base_url, token=backend.kiosk_token))
    tokens: list[str] = []
    real = client.eligibility

    def eligibility(*args: Any, **kwargs: Any) -> Any:
        answer = real(*args, **kwargs)
        tokens.append(answer.session_token)
        return answer

    client.eligibility = eligibility  # type: ignore[method-assign]
    runner = Runner(client, Journal.open(tmp_path / "journal.sqlite3"),
                    lambda _reader, challenge: demo_card_read("eligible", challenge))
    try:
        yield runner, tokens
    finally:
        client.close()


def _bill_shown(runner: Runner, backend: Backend) -> tuple[int, fs.BillReceived]:
    """The demo patient checked in, a charge posted, the bill shown: (patient id, bill)."""
    _read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert isinstance(answer, fs.EligibilityReceived)
    (checked_in,) = runner.run(fs.CheckIn(1, answer.eligibility.patient_id,
                                          backend.department_code))
    assert isinstance(checked_in, fs.CheckedIn), checked_in
    with DepartmentClient(BackendConfig(base_url=backend.base_url,
                                        token=backend.department_token)) as department:
        department.post_charge(checked_in.ticket.visit_id, item_code="LAB-1", name="血常规",
                               category="lab", insurance_class="A", unit_price_fen=2_500)
    (bill,) = runner.run(fs.LoadBill(1, checked_in.ticket.visit_id))
    assert isinstance(bill, fs.BillReceived), bill
    return answer.eligibility.patient_id, bill


def test_a_visit_paid_under_another_key_is_already_paid_after_the_session_ended(
        made: tuple[Runner, list[str]], backend: Backend) -> None:
    runner, tokens = made
    patient_id, bill = _bill_shown(runner, backend)
    split, visit_id = bill.bill.split, bill.bill.visit_id
    # paid under another key (the automatic settlement, another kiosk): that settlement
    # leaves the patient nothing to pay, so it ends the patient's session too
    runner.client.settle(visit_id, "another-key-1", split.medfee_sumamt_fen,
                         split.psn_cash_pay_fen, session=tokens[-1])
    with pytest.raises(BackendRejected) as info:
        runner.client.bill(visit_id, session=tokens[-1])
    assert info.value.code == "patient_session_ended"
    (answer,) = runner.run(fs.Settle(1, patient_id, visit_id, split.medfee_sumamt_fen,
                                     split.psn_cash_pay_fen))
    assert answer == fs.RequestRejected(1, "already_settled")
    entry = runner.journal.entry_for_visit(str(visit_id))
    assert entry is not None and entry.state is EntryState.REJECTED
