"""Check-in rules, charges and the credit limit, performed items, itinerary, pre-settlement."""

from __future__ import annotations

from sqlalchemy import insert, update

from kiosk.server import schema
from kiosk.server.routing import StopInput, plan


def test_check_in_gives_ticket_room_and_wait(api) -> None:
    visit = api.check_in("eligible", "INT")
    assert visit["status"] == "open" and visit["mode"] == "credit"
    assert visit["ticket_number"] == 1
    assert (visit["building"], visit["floor"], visit["room"]) == ("A", 2, "A-201")
    assert visit["estimated_wait_minutes"] == 4 * 6  # seeded queue x minutes per patient
    assert visit["visit_date"] == "2026-11-23"
    other = api.check_in("rare_name", "INT")
    assert other["ticket_number"] == 2
    assert other["estimated_wait_minutes"] == 5 * 6  # the first patient joined the queue


def test_one_open_visit_per_patient_department_and_day(api, clock) -> None:
    first = api.check_in("eligible", "INT")
    r = api.session("eligible").post("/v1/visits", {"patient_id": api.patient_id("eligible"),
                                                    "department_code": "INT"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "already_checked_in"
    assert r.json()["error"]["details"]["visit"]["visit_id"] == first["visit_id"]
    assert api.check_in("eligible", "SUR")["status"] == "open"  # another department is fine
    clock.advance(days=1)
    assert api.check_in("eligible", "INT")["ticket_number"] == 1  # a new day


def test_not_eligible_patient_cannot_check_in_on_credit(api) -> None:
    r = api.session("blacklisted").post("/v1/visits", {
        "patient_id": api.patient_id("blacklisted"), "department_code": "INT"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "not_eligible"
    assert r.json()["error"]["details"]["reasons"] == ["monitoring_blacklist"]
    # counter mode is for staff only
    body = {"patient_id": api.patient_id("blacklisted"), "department_code": "INT",
            "mode": "counter"}
    assert api.session("blacklisted").post("/v1/visits", body).status_code == 403
    r = api.clerk.post("/v1/visits", body)
    assert r.status_code == 201 and r.json()["mode"] == "counter"


def test_unknown_and_closed_departments(api) -> None:
    pid = api.patient_id("eligible")
    kiosk = api.session("eligible")
    r = kiosk.post("/v1/visits", {"patient_id": pid, "department_code": "NOPE"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "department_unknown"
    with api.service.context.db.write() as conn:
        conn.execute(insert(schema.departments).values(
            code="TCM", name_zh="中医科", name_en="TCM", building="C", floor=2, room="C-201",
            opens="13:00", closes="17:00", queue_length=0, minutes_per_patient=10))
    r = kiosk.post("/v1/visits", {"patient_id": pid, "department_code": "TCM"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "department_closed"
    r = api.clerk.post("/v1/visits", {"patient_id": 999999, "department_code": "INT"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "patient_not_found"


def test_charges_within_credit_and_refused_beyond(api) -> None:
    visit = api.check_in()
    vid = visit["visit_id"]
    limit = api.service.context.settings.credit_limit_for(720)
    charge = api.charge(vid, "INT", performing="LAB", price=limit - 1000)
    assert charge["amount_fen"] == limit - 1000
    assert charge["ordering_department_code"] == "INT"
    assert charge["performing_department_code"] == "LAB"
    r = api.dept("INT").post(f"/v1/visits/{vid}/charges", {
        "item_code": "X", "name": "x", "category": "drug", "insurance_class": "B",
        "unit_price_fen": 1001, "quantity": 1})
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "credit_limit_exceeded"
    assert err["details"] == {"available_credit_fen": 1000, "requested_fen": 1001}
    api.charge(vid, "INT", price=1000)  # exactly up to the limit is fine
    # the refused charge changed nothing
    got = api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()
    assert [c["amount_fen"] for c in got["charges"]] == [limit - 1000, 1000]
    assert got["visit"]["unsettled_total_fen"] == limit


def test_credit_is_shared_across_the_patients_open_visits(api) -> None:
    limit = api.service.context.settings.credit_limit_for(720)
    a = api.check_in("eligible", "INT")["visit_id"]
    b = api.check_in("eligible", "SUR")["visit_id"]
    api.charge(a, "INT", price=limit - 500)
    err = api.charge(b, "SUR", price=501, expect=409)
    assert err["error"]["code"] == "credit_limit_exceeded"


def test_charge_retry_with_the_same_order_id_is_not_doubled(api) -> None:
    vid = api.check_in()["visit_id"]
    first = api.charge(vid, order="ORD-1")
    again = api.charge(vid, order="ORD-1", expect=200)
    assert again == first
    assert len(api.kiosk_for(vid).get(f"/v1/visits/{vid}").json()["charges"]) == 1


def test_charge_errors(api) -> None:
    vid = api.check_in()["visit_id"]
    assert api.charge(vid, performing="NOPE", expect=422)["error"]["code"] == "department_unknown"
    assert api.charge(424242, expect=404)["error"]["code"] == "visit_not_found"


def test_counter_visit_has_no_credit_limit(api) -> None:
    r = api.clerk.post("/v1/visits", {"patient_id": api.patient_id("not_eligible"),
                                      "department_code": "INT", "mode": "counter"})
    vid = r.json()["visit_id"]
    api.charge(vid, price=5_000_000)


def test_performed_by_the_performing_department_only(api) -> None:
    vid = api.check_in()["visit_id"]
    charge = api.charge(vid, "INT", performing="LAB")
    path = f"/v1/charges/{charge['charge_id']}/performed"
    assert api.dept("INT").post(path).status_code == 403
    r = api.dept("LAB").post(path)
    assert r.status_code == 200 and r.json()["performed"] is True
    assert api.dept("LAB").post(path).status_code == 200  # idempotent
    assert api.dept("LAB").post("/v1/charges/999999/performed").status_code == 404


def test_itinerary_orders_stops_for_least_total_time(api) -> None:
    vid = api.check_in("eligible", "INT")["visit_id"]
    with api.service.context.db.write() as conn:  # known queues
        for code, q in {"LAB": 10, "RAD": 0, "PHA": 0}.items():
            conn.execute(update(schema.departments).where(schema.departments.c.code == code)
                         .values(queue_length=q))
    lab = api.charge(vid, "INT", performing="LAB")
    api.charge(vid, "INT", performing="RAD", category="imaging", price=12000)
    api.charge(vid, "INT", performing="PHA", category="drug", price=800)
    r = api.kiosk_for(vid).get(f"/v1/visits/{vid}/itinerary")
    assert r.status_code == 200
    body = r.json()
    stops = body["stops"]
    # LAB has 10 x 2 min queued: it goes last, its queue drains while the patient is away.
    # PHA (C) 7 walk + 2; RAD (B) 5 walk + 10; LAB (B) 2 walk, wait max(0, 20 - 26) + 2 = 28,
    # better than RAD, LAB, PHA (4+10, 2+4+2, 5+2 = 29) and every other order.
    assert [s["department_code"] for s in stops] == ["PHA", "RAD", "LAB"]
    assert stops[1]["room"] == "B-210" and stops[1]["floor"] == 2
    assert stops[1]["items"][0]["item_code"] == "IT-12000"
    assert (stops[0]["walk_minutes"], stops[0]["expected_wait_minutes"]) == (7, 0)
    assert (stops[2]["arrive_after_minutes"], stops[2]["expected_wait_minutes"]) == (26, 0)
    assert body["total_expected_minutes"] == 28
    api.dept("LAB").post(f"/v1/charges/{lab['charge_id']}/performed")
    left = api.kiosk_for(vid).get(f"/v1/visits/{vid}/itinerary").json()["stops"]
    assert sorted(s["department_code"] for s in left) == ["PHA", "RAD"]


def test_routing_is_optimal_for_small_and_greedy_for_large_sets() -> None:
    def walk(a: str, b: str) -> int:
        return 0 if a == b else 5

    stops = [StopInput("X", "B", 0, 3), StopInput("Y", "A", 6, 1), StopInput("Z", "B", 0, 3)]
    planned = plan("A", stops, walk)
    assert [p.code for p in planned] == ["X", "Z", "Y"]
    assert planned[-1].done_after_minutes == 5 + 3 + 3 + 5 + 1
    many = [StopInput(f"D{i}", "AB"[i % 2], i, 2) for i in range(9)]
    planned = plan("A", many, walk)
    assert sorted(p.code for p in planned) == sorted(s.code for s in many)
    assert plan("A", [], walk) == []


def test_pre_settlement_split_adds_up(api) -> None:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=30_000, klass="A")
    api.charge(vid, price=10_000, klass="B", category="drug")
    api.charge(vid, price=5_000, klass="C", category="procedure")
    r = api.kiosk_for(vid).get(f"/v1/visits/{vid}/pre-settlement")
    assert r.status_code == 200
    body = r.json()
    s = body["split"]
    assert body["insurance_type"] == "310" and len(body["charges"]) == 3
    assert s["medfee_sumamt_fen"] == 45_000
    assert s["fulamt_ownpay_amt_fen"] == 5_000
    assert s["preselfpay_amt_fen"] == 1_000
    assert s["medfee_sumamt_fen"] == (s["fulamt_ownpay_amt_fen"] + s["preselfpay_amt_fen"]
                                      + s["inscp_scp_amt_fen"])
    assert s["medfee_sumamt_fen"] == s["fund_pay_sumamt_fen"] + s["acct_pay_fen"] \
        + s["psn_cash_pay_fen"]
    # 310 defaults: 200 yuan deductible, 70 % above it; account pays own in-scope share
    assert s["act_pay_dedc_fen"] == 20_000
    assert s["hifp_pay_fen"] == 13_300  # (39_000 - 20_000) * 0.7
    assert s["acct_pay_fen"] == 39_000 - 13_300 + 1_000
    assert s["psn_cash_pay_fen"] == 5_000
