"""Reconciliation: the per-settlement export (JSON and CSV, fund, personal account and cash
shares, ids and amounts only) and the reconcile run against the reference gateway's and
insurer's lists, on SQLite and PostgreSQL: it finds a gateway record planted without a
settlement, a settlement whose gateway record was removed, and an amount mismatch; the pure
``compare`` directly.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from kiosk.server import schema
from kiosk.server.reconcile import EXPORT_COLUMNS, Finding, compare, settlement_of
from tests.server.conftest import Api

DAY = "2026-11-23"  # the test clock's local day


def test_settlement_of_reads_references() -> None:
    assert [settlement_of(k) for k in ("settlement-7", "refund-7", "refund-7-3", "7",
                                       "planted-1", "settlement-x", "refund-1-2-3", "0")] == [
        7, 7, 7, 7, None, None, None, None]


def test_compare_names_each_side() -> None:
    ours = {"a": {"amount_fen": 1}, "b": {"amount_fen": 2}, "c": {"amount_fen": 3}}
    theirs = {"b": {"amount_fen": 2}, "c": {"amount_fen": 4}, "d": {"amount_fen": 5}}
    assert compare(ours, theirs, "missing_at_gateway") == [
        Finding("missing_at_gateway", "a", {"amount_fen": 1}, None),
        Finding("amount_mismatch", "c", {"amount_fen": 3}, {"amount_fen": 4}),
        Finding("missing_here", "d", None, {"amount_fen": 5})]
    assert compare(ours, dict(ours), "missing_at_insurer") == []


def _settled(api: Api, price: int) -> dict[str, Any]:
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=price, klass="C")
    r = api.settle(vid)
    assert r.status_code == 201 and r.json()["payment"]["status"] == "charged", r.text
    return r.json()


def _reconcile(api: Api, **body: Any) -> dict[str, Any]:
    r = api.supervisor.post("/v1/finance/reconciliations", body or {"date": DAY})
    assert r.status_code == 200, r.text
    return r.json()


def test_the_export_has_each_settlement_with_its_shares(api: Api) -> None:
    first, second = _settled(api, 8_000), _settled(api, 3_000)
    r = api.supervisor.get("/v1/reports/settlements", params={"from": DAY, "to": DAY})
    assert r.status_code == 200, r.text
    export = r.json()
    rows = {row["settlement_id"]: row for row in export["settlements"]}
    assert set(rows) == {first["settlement_id"], second["settlement_id"]}
    for s in (first, second):
        row = rows[s["settlement_id"]]
        for share in ("fund_pay_sumamt_fen", "acct_pay_fen", "psn_cash_pay_fen",
                      "medfee_sumamt_fen"):
            assert row[share] == s["split"][share]
        assert row["gateway_reference"] == f"settlement-{s['settlement_id']}"
    assert export["totals"]["psn_cash_pay_fen"] == sum(
        s["split"]["psn_cash_pay_fen"] for s in (first, second))
    text = api.supervisor.get("/v1/reports/settlements",
                              params={"from": DAY, "format": "csv"})
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(text.text)))
    assert tuple(table[0]) == EXPORT_COLUMNS and len(table) == 2
    assert {int(t["psn_cash_pay_fen"]) for t in table} == {
        s["split"]["psn_cash_pay_fen"] for s in (first, second)}
    with api.service.context.db.read() as conn:
        people = conn.execute(select(schema.patients.c.name, schema.patients.c.ssn)).all()
    assert people and not any(p.name in text.text or p.ssn in text.text for p in people)
    assert api.supervisor.get("/v1/reports/settlements",
                              params={"from": "2026-11-22"}).json()["settlements"] == []


def test_a_clean_day_balances_a_reversal_included(api: Api) -> None:
    _settled(api, 8_000)
    reversed_one = _settled(api, 3_000)
    r = api.supervisor.post(f"/v1/settlements/{reversed_one['settlement_id']}/reversal",
                            {"reason": "test"})
    assert r.status_code == 200, r.text
    result = _reconcile(api)
    assert result["balanced"] is True, result
    assert (result["gateway"], result["insurer"]) == ([], [])
    assert result["settlements"] == 2


def test_reconcile_finds_a_planted_record_a_removed_one_and_a_mismatch(api: Api) -> None:
    removed, changed, fine = _settled(api, 8_000), _settled(api, 3_000), _settled(api, 5_000)
    g = schema.gateway_transactions
    with api.service.context.db.write() as conn:
        conn.execute(delete(g).where(g.c.reference == f"settlement-{removed['settlement_id']}"))
        conn.execute(update(g).where(g.c.reference == f"settlement-{changed['settlement_id']}")
                     .values(amount_fen=g.c.amount_fen + 100))
        conn.execute(g.insert().values(
            reference="settlement-99999", kind="charge", patient_id=fine["patient_id"],
            amount_fen=4_200, status="succeeded", created_at=datetime(2026, 11, 23, 3, 0)))
    result = _reconcile(api)
    assert result["balanced"] is False
    found = {(f["kind"], f["key"]): f for f in result["gateway"]}
    assert set(found) == {
        ("missing_at_gateway", f"settlement-{removed['settlement_id']}"),
        ("amount_mismatch", f"settlement-{changed['settlement_id']}"),
        ("missing_here", "settlement-99999")}
    mismatch = found[("amount_mismatch", f"settlement-{changed['settlement_id']}")]
    cash = changed["split"]["psn_cash_pay_fen"]
    assert (mismatch["ours"], mismatch["theirs"]) == ({"amount_fen": cash},
                                                      {"amount_fen": cash + 100})
    assert found[("missing_here", "settlement-99999")]["theirs"] == {"amount_fen": 4_200}
    assert not any(f["unresolved"] for f in result["gateway"])
    assert result["insurer"] == []


def test_a_finding_about_an_unknown_charge_says_resolve_it_first(api: Api) -> None:
    r = api.supervisor.post("/v1/admin/rehearsal/faults", {
        "target": "gateway", "operation": "charge", "fault": "unknown"})
    assert r.status_code == 201, r.text
    vid = api.check_in()["visit_id"]
    api.charge(vid, price=8_000, klass="C")
    unknown = api.settle(vid).json()
    assert unknown["payment"]["status"] == "failed"
    g = schema.gateway_transactions
    with api.service.context.db.write() as conn:  # the reference gateway stamps real time
        conn.execute(update(g).values(created_at=datetime(2026, 11, 23, 2, 0)))
    [finding] = _reconcile(api)["gateway"]
    assert (finding["kind"], finding["key"], finding["unresolved"]) == (
        "missing_here", f"settlement-{unknown['settlement_id']}", True)
    r = api.supervisor.post(f"/v1/finance/unresolved/{unknown['settlement_id']}/resolution")
    assert r.status_code == 200 and r.json()["outcome"] == "charged", r.text
    assert _reconcile(api)["balanced"] is True


def test_reconcile_is_for_supervisors_and_checks_the_period(api: Api) -> None:
    assert api.clerk.post("/v1/finance/reconciliations", {"date": DAY}).status_code == 403
    assert api.clerk.get("/v1/reports/settlements").status_code == 403
    bad = api.supervisor.post("/v1/finance/reconciliations", {"date": DAY, "to": "2026-11-01"})
    assert bad.status_code == 422
    assert api.supervisor.get("/v1/reports/settlements",
                              params={"from": "2026-13-01"}).status_code == 422
