"""The endpoint methods against a real HTTP server on loopback that answers as docs/api.md
says: the right path, headers and body go out; typed results or typed errors come back."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import Reply, error_reply, json_reply
from samples import BILL, CHARGE, ELIGIBILITY, ITINERARY, SETTLEMENT, SPLIT, VISIT, sample

from kiosk.client import (
    BackendClient,
    BackendConfig,
    BackendFailure,
    BackendRejected,
    DepartmentClient,
    Transport,
    new_idempotency_key,
    rejected_settlement,
    rejected_split,
)
from kiosk.domain.card import CardProof, CardRecord, Gender


def make_client(base_url: str, **kwargs) -> BackendClient:
    config = BackendConfig(base_url, token="kiosk-tok", deadline=5.0, backoff_base=0.01,
                           backoff_cap=0.02, **kwargs)
    return BackendClient(Transport(config, sleep=lambda s: None))


CARD = CardRecord(
    ssn="990101195603140023", name="林秀英", gender=Gender.FEMALE,
    birth_date=date(1956, 3, 14), card_number="A01234567", region_code="990101",
    issue_date=date(2021, 5, 10), expiry_date=date(2031, 5, 10), spec_version="3.00",
    card_type="1", card_sn="99010141303132333435363730303030",
    proof=CardProof("00" * 16, "AB" * 16),
)


def test_eligibility_sends_the_card_record(loopback) -> None:
    loopback.script("/v1/eligibility", json_reply(200, ELIGIBILITY))
    with make_client(loopback.base_url) as client:
        result = client.eligibility(CARD)
    assert result.eligible and result.patient.patient_id == 1
    (seen,) = loopback.requests_for("/v1/eligibility")
    assert seen.method == "POST"
    assert json.loads(seen.body) == {"card": CARD.to_dict(), "challenge": "00" * 16,
                                     "cryptogram": "AB" * 16}
    assert seen.headers["Authorization"] == "Bearer kiosk-tok"


def test_check_in_new_and_already_checked_in(loopback) -> None:
    loopback.script(
        "/v1/visits",
        json_reply(201, VISIT),
        error_reply(409, "already_checked_in", "open visit exists", {"visit": VISIT}),
        error_reply(409, "not_eligible", "no", {"decision": "not_eligible",
                                                 "reasons": ["credit_score_low"]}),
    )
    with make_client(loopback.base_url) as client:
        first = client.check_in(1, "INT")
        again = client.check_in(1, "INT")
        with pytest.raises(BackendRejected) as info:
            client.check_in(1, "INT")
    assert first.visit.visit_id == 7 and not first.already_checked_in
    assert again.visit.visit_id == 7 and again.already_checked_in
    assert info.value.code == "not_eligible"
    assert info.value.details["reasons"] == ["credit_score_low"]
    bodies = [json.loads(s.body) for s in loopback.requests_for("/v1/visits")]
    assert bodies[0] == {"patient_id": 1, "department_code": "INT", "mode": "credit"}


def test_visit_itinerary_and_bill_paths(loopback) -> None:
    loopback.script("/v1/visits/7", json_reply(200, {"visit": VISIT, "charges": [CHARGE]}))
    loopback.script("/v1/visits/7/itinerary", json_reply(200, ITINERARY))
    loopback.script("/v1/visits/7/pre-settlement", json_reply(200, BILL))
    with make_client(loopback.base_url) as client:
        assert client.visit(7).charges[0].charge_id == 3
        assert client.itinerary(7).stops[0].room == "B-105"
        assert client.bill(7).split.psn_cash_pay_fen == 4000
        assert client.pre_settlement(7).visit_id == 7


def test_settle_sends_key_and_expected_amounts_once(loopback) -> None:
    loopback.script("/v1/visits/7/settlement", json_reply(201, SETTLEMENT))
    key = new_idempotency_key()
    with make_client(loopback.base_url) as client:
        settlement = client.settle(7, key, 12000, 4000)
    assert settlement.settlement_id == 4
    (seen,) = loopback.requests_for("/v1/visits/7/settlement")
    assert seen.headers["Idempotency-Key"] == key
    assert json.loads(seen.body) == {"expected_medfee_sumamt_fen": 12000,
                                     "expected_psn_cash_pay_fen": 4000,
                                     "channel": "linked_method"}


def test_settle_is_not_retried_and_reports_an_unknown_outcome(loopback) -> None:
    loopback.script("/v1/visits/7/settlement", error_reply(503, "internal_error"))
    with make_client(loopback.base_url) as client, pytest.raises(BackendFailure) as info:
        client.settle(7, "tap-1", 12000, 4000)
    assert info.value.outcome_unknown
    assert len(loopback.requests_for("/v1/visits/7/settlement")) == 1


def test_settle_answer_of_the_wrong_shape_is_a_failure_with_unknown_outcome(loopback) -> None:
    loopback.script("/v1/visits/7/settlement",
                    json_reply(201, sample(SETTLEMENT, settlement_id="four")))
    with make_client(loopback.base_url) as client, pytest.raises(BackendFailure) as info:
        client.settle(7, "tap-1", 12000, 4000)
    assert info.value.outcome_unknown and info.value.op == "settle"
    assert "settlement_id" in info.value.message and len(info.value.request_id) == 32


@pytest.mark.parametrize(
    "args",
    [(7, "", 1, 1), (7, "bad key!", 1, 1), (7, "k" * 129, 1, 1), (7, "k", -1, 1),
     (7, "k", 1, 1.5), (0, "k", 1, 1), (7, "k", True, 1)],
)
def test_settle_refuses_bad_arguments_before_sending(loopback, args) -> None:
    loopback.script("/v1/visits/7/settlement", json_reply(201, SETTLEMENT))
    with make_client(loopback.base_url) as client, pytest.raises(ValueError):
        client.settle(*args)
    assert loopback.seen == []


def test_settle_refusals_carry_what_the_kiosk_needs(loopback) -> None:
    loopback.script(
        "/v1/visits/7/settlement",
        error_reply(409, "amount_changed", "bill changed", {"split": SPLIT}),
        error_reply(409, "already_settled", "settled", {"settlement": SETTLEMENT}),
    )
    with make_client(loopback.base_url) as client:
        with pytest.raises(BackendRejected) as changed:
            client.settle(7, "tap-1", 11000, 3000)
        with pytest.raises(BackendRejected) as settled:
            client.settle(7, "tap-2", 12000, 4000)
    assert rejected_split(changed.value).psn_cash_pay_fen == 4000
    assert rejected_settlement(changed.value) is None
    assert rejected_settlement(settled.value).settlement_id == 4
    assert rejected_split(settled.value) is None


def test_settlement_status_states(loopback) -> None:
    loopback.script("/v1/settlements/by-key/tap-1", json_reply(200, SETTLEMENT))
    loopback.script("/v1/settlements/by-key/tap-2",
                    error_reply(409, "settlement_in_progress", "running"))
    loopback.script("/v1/settlements/by-key/tap-3",
                    error_reply(404, "settlement_not_found", "unknown key"))
    loopback.script("/v1/settlements/by-key/tap-4", error_reply(401, "unauthenticated", "no"))
    with make_client(loopback.base_url) as client:
        settled = client.settlement_status("tap-1")
        assert settled.state == "settled" and settled.settlement.settlement_id == 4
        assert client.settlement_status("tap-2").state == "in_progress"
        assert client.settlement_status("tap-3").state == "not_found"
        with pytest.raises(BackendRejected):
            client.settlement_status("tap-4")


def test_settlement_status_is_retried_as_a_read(loopback) -> None:
    loopback.script("/v1/settlements/by-key/tap-1", Reply(kind="hang_up"),
                    json_reply(200, SETTLEMENT))
    with make_client(loopback.base_url) as client:
        assert client.settlement_status("tap-1").state == "settled"
    assert len(loopback.requests_for("/v1/settlements/by-key/tap-1")) == 2


def test_settlement_lookups(loopback) -> None:
    loopback.script("/v1/settlements/4", json_reply(200, SETTLEMENT))
    loopback.script("/v1/visits/7/settlement", json_reply(200, SETTLEMENT))
    loopback.script("/v1/visits/8/settlement", error_reply(404, "settlement_not_found", "none"))
    with make_client(loopback.base_url) as client:
        assert client.settlement(4).visit_id == 7
        assert client.visit_settlement(7).settlement_id == 4
        assert client.visit_settlement(8) is None


def test_department_client_posts_charges(loopback) -> None:
    loopback.script("/v1/visits/7/charges", json_reply(201, CHARGE))
    loopback.script("/v1/charges/3/performed", json_reply(200, sample(CHARGE, performed=True)))
    config = BackendConfig(loopback.base_url, token="dept-tok")
    with DepartmentClient(config) as department:
        charge = department.post_charge(
            7, item_code="LAB-CBC", name="血常规", category="lab", insurance_class="A",
            unit_price_fen=2500, performing_department_code="LAB", his_order_id="ORD-1",
        )
        assert charge.charge_id == 3
        assert department.mark_performed(3).performed
    (seen,) = loopback.requests_for("/v1/visits/7/charges")
    assert seen.headers["Authorization"] == "Bearer dept-tok"
    assert json.loads(seen.body) == {
        "item_code": "LAB-CBC", "name": "血常规", "category": "lab", "insurance_class": "A",
        "unit_price_fen": 2500, "quantity": 1, "performing_department_code": "LAB",
        "his_order_id": "ORD-1",
    }
    (performed,) = loopback.requests_for("/v1/charges/3/performed")
    assert performed.method == "POST" and performed.body == b""
