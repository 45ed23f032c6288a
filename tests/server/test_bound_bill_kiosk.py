"""The kiosk side of the bound bill, against the real reference backend on loopback: the bill
the kiosk showed carries its digest, the tap (through the journal's backend, as the runner
sends it) cites it, and a bill changed since with equal totals is refused ``amount_changed``
with the new split for the kiosk to show; a tap for other totals cites nothing.
"""

from __future__ import annotations

import pytest

from kiosk.client import (
    BackendClient,
    BackendConfig,
    BackendRejected,
    DepartmentClient,
    new_idempotency_key,
    rejected_split,
)
from kiosk.demo.cards import authenticated_demo_record
from kiosk.flow.settling import JournalBackend


def test_the_kiosk_settles_only_the_bill_it_showed(live_backend) -> None:
    kiosk = BackendClient(BackendConfig(live_backend.base_url, token=live_backend.kiosk_token,
                                        deadline=10.0))
    department = DepartmentClient(BackendConfig(live_backend.base_url,
                                                token=live_backend.department_token))
    try:
        answer = kiosk.eligibility(authenticated_demo_record(kiosk, "eligible"))
        session = answer.session_token
        assert answer.patient is not None and session
        visit = kiosk.check_in(answer.patient.patient_id, live_backend.department_code,
                               session=session).visit
        department.post_charge(visit.visit_id, item_code="LAB-1", name="血常规",
                               category="lab", insurance_class="A", unit_price_fen=2_500)
        shown = kiosk.bill(visit.visit_id, session=session)
        assert shown.digest is not None and len(shown.digest) == 64
        bills: dict[str, tuple[int, int, str]] = {}
        bills[str(visit.visit_id)] = (shown.split.medfee_sumamt_fen,
                                      shown.split.psn_cash_pay_fen, shown.digest)
        backend = JournalBackend(kiosk, session, bills)
        # the department adds an item at no cost: the totals stay, the bill does not
        department.post_charge(visit.visit_id, item_code="DRUG-0", name="赠药", category="drug",
                               insurance_class="A", unit_price_fen=0)
        with pytest.raises(BackendRejected) as refused:
            backend.settle(str(visit.visit_id), new_idempotency_key(),
                           shown.split.medfee_sumamt_fen, shown.split.psn_cash_pay_fen)
        assert refused.value.code == "amount_changed"
        assert rejected_split(refused.value) == shown.split  # same totals: the new bill
        now = kiosk.bill(visit.visit_id, session=session)
        assert len(now.charges) == 2 and now.digest != shown.digest
        bills[str(visit.visit_id)] = (now.split.medfee_sumamt_fen, now.split.psn_cash_pay_fen,
                                      now.digest)
        record = backend.settle(str(visit.visit_id), new_idempotency_key(),
                                now.split.medfee_sumamt_fen, now.split.psn_cash_pay_fen)
        assert record["settlement_id"]
    finally:
        kiosk.close()
        department.close()
