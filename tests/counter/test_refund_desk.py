"""The counter's partial-refund desk, pure: what can be ticked, one action at a time, and the
Idempotency-Key kept for the same action while its outcome may be unknown (a retry after a
lost answer sends the same key), forgotten after a final answer; the staff client's own key
keeping for reversals and refunds (``ActionKeys``, ``keeps_key``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kiosk.client.errors import BackendRejected
from kiosk.client.models import BillSplit, Charge, Payment, Settlement
from kiosk.client.staff import ActionKeys, RefundedSettlement, RefundLine, keeps_key
from kiosk.counter import refund_desk as rd

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _charge(charge_id: int, amount: int = 1_000) -> Charge:
    return Charge(charge_id=charge_id, visit_id=5, item_code=f"D{charge_id}", name="药",
                  category="drug", insurance_class="C", unit_price_fen=amount, quantity=1,
                  amount_fen=amount, ordering_department_code="INT",
                  performing_department_code="INT", his_order_id=None, performed=True,
                  posted_at=AT)


def _settled(status: str = "completed", refunds: tuple[RefundLine, ...] = (),
             refund_id: int | None = None) -> RefundedSettlement:
    split = BillSplit(**{name: 0 for name in BillSplit.__dataclass_fields__})
    settlement = Settlement(settlement_id=9, visit_id=5, patient_id=1, status=status,
                            channel="counter", split=split,
                            payment=Payment(status="counter", amount_fen=0,
                                            gateway_reference=None),
                            debt=None, created_at=AT, completed_at=AT, reversal=None)
    return RefundedSettlement(settlement, refunds, refund_id)


def _line(refund_id: int, ids: tuple[int, ...], status: str = "refunded") -> RefundLine:
    return RefundLine(refund_id, status, ids, 0, 0, 1_000, 1_000, "at_counter")


CHARGES = (_charge(1), _charge(2), _charge(3))


def _loaded(settled: RefundedSettlement | None = None) -> rd.RefundDesk:
    desk = rd.RefundDesk()
    assert desk.handle(rd.Find(9)) == [rd.LoadSettlement(9)]
    desk.handle(rd.Loaded(settled or _settled(refunds=(_line(1, (1,)),
                                                       _line(2, (2,), "declined"))), CHARGES))
    return desk


def test_only_items_no_refund_returned_can_be_ticked() -> None:
    desk = _loaded()
    assert desk.view().refundable == {2, 3}  # 1 went back; the declined refund freed 2
    desk.handle(rd.Tick(1, True))
    desk.handle(rd.Tick(3, True))
    assert desk.view().ticked == {3}
    desk.handle(rd.Tick(3, False))
    assert not desk.view().can_refund


def test_a_reversed_settlement_offers_nothing() -> None:
    desk = _loaded(_settled(status="reversed"))
    assert desk.view().refundable == frozenset()


def test_one_action_at_a_time_and_nothing_without_a_reason() -> None:
    desk = _loaded()
    desk.handle(rd.Tick(2, True))
    assert desk.handle(rd.Confirm("   ", "k1")) == []
    [send] = desk.handle(rd.Confirm("returned", "k1"))
    assert send == rd.SendRefund(9, (2,), "returned", "k1")
    assert desk.handle(rd.Confirm("returned", "k2")) == []  # a double click
    assert desk.handle(rd.Find(9)) == []


def test_a_lost_answer_keeps_the_key_for_the_same_refund() -> None:
    desk = _loaded()
    desk.handle(rd.Tick(3, True))
    desk.handle(rd.Tick(2, True))
    [first] = desk.handle(rd.Confirm("returned", "k1"))
    desk.handle(rd.Failed(first, rd.NO_ANSWER))
    assert desk.view().problem is not None
    [again] = desk.handle(rd.Confirm(" returned ", "k2"))
    assert again == replace(first) and again.idempotency_key == "k1"
    desk.handle(rd.Failed(again, "settlement_in_progress"))
    [third] = desk.handle(rd.Confirm("returned", "k3"))
    assert third.idempotency_key == "k1"
    done = _settled(refunds=(_line(1, (1,)), _line(3, (2, 3))), refund_id=3)
    assert desk.handle(rd.Refunded(done)) == []
    view = desk.view()
    assert view.done == done and view.refundable == frozenset() and not view.ticked


def test_a_final_refusal_forgets_the_key_and_shows_the_settlement_as_it_is() -> None:
    desk = _loaded()
    desk.handle(rd.Tick(2, True))
    [first] = desk.handle(rd.Confirm("returned", "k1"))
    assert desk.handle(rd.Failed(first, "reversal_not_allowed")) == [rd.LoadSettlement(9)]
    desk.handle(rd.Loaded(_settled(), CHARGES))
    desk.handle(rd.Tick(2, True))
    [second] = desk.handle(rd.Confirm("returned", "k2"))
    assert second.idempotency_key == "k2"


def test_another_choice_of_items_is_another_refund_with_its_own_key() -> None:
    desk = _loaded()
    desk.handle(rd.Tick(2, True))
    [first] = desk.handle(rd.Confirm("returned", "k1"))
    desk.handle(rd.Failed(first, rd.NO_ANSWER))
    desk.handle(rd.Tick(3, True))
    [other] = desk.handle(rd.Confirm("returned", "k2"))
    assert (other.charge_ids, other.idempotency_key) == ((2, 3), "k2")


def test_the_staff_client_keeps_a_key_until_the_answer_is_final() -> None:
    made = iter(["a", "b", "c"])
    keys = ActionKeys(lambda: next(made))
    action = ("reversal", 9, "wrong bill")
    assert keys.key_for(action) == keys.key_for(action) == "a"
    assert keys.key_for(("reversal", 10, "wrong bill")) == "b"
    keys.forget(action)
    assert keys.key_for(action) == "c"
    assert keeps_key(TimeoutError("no answer"))
    assert keeps_key(BackendRejected("settlement_in_progress", 409, "running", op="reverse"))
    assert not keeps_key(BackendRejected("reversal_not_allowed", 409, "no", op="reverse"))
