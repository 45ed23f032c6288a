"""The backend's finance-office calls for the counter's supervisors (docs/api.md, "Finance
operations"): the unresolved list (``GET /v1/finance/unresolved``), a resolution (``POST
/v1/finance/unresolved/{id}/resolution``) and a reconcile run (``POST
/v1/finance/reconciliations``), each answer parsed strictly into frozen dataclasses (ids and
amounts only: no personal data).

Threads: every call blocks up to the client's deadline: worker threads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from kiosk.client.api import BackendClient
from kiosk.client.models import ResponseShapeError, _Obj, _root
from kiosk.client.transport import path_of

FINANCE_DEADLINE = 30.0  # a resolution asks the gateway; a reconcile reads a day


@dataclass(frozen=True, slots=True)
class UnresolvedItem:
    kind: str  # settlement | refund
    item_id: int
    settlement_id: int
    state: str  # charging | reversing | charge_unknown | refunding
    amount_fen: int
    since: str | None
    gateway_reference: str


@dataclass(frozen=True, slots=True)
class Resolution:
    kind: str
    item_id: int
    state: str
    outcome: str  # charged | paid_twice | declined | not_charged | reversed | ...


@dataclass(frozen=True, slots=True)
class Finding:
    side: str  # gateway | insurer
    kind: str  # missing_at_gateway | missing_at_insurer | missing_here | amount_mismatch
    key: str  # the gateway reference or the settlement id
    ours: tuple[tuple[str, int], ...]  # amounts by name; empty when we have no line
    theirs: tuple[tuple[str, int], ...]
    unresolved: bool = False  # its settlement's outcome is still unknown: resolve it first


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    start: str
    end: str
    settlements: int
    balanced: bool
    insurer_compared: bool
    findings: tuple[Finding, ...]


def _item(o: _Obj) -> UnresolvedItem:
    return UnresolvedItem(kind=o.str("kind"), item_id=o.int("id", minimum=1),
                          settlement_id=o.int("settlement_id", minimum=1), state=o.str("state"),
                          amount_fen=o.fen("amount_fen"), since=o.opt_str("since"),
                          gateway_reference=o.str("gateway_reference"))


def parse_unresolved(data: Any) -> tuple[UnresolvedItem, ...]:
    return _root(data).list("items", _item)


def parse_resolution(data: Any) -> Resolution:
    o = _root(data)
    return Resolution(kind=o.str("kind"), item_id=o.int("id", minimum=1), state=o.str("state"),
                      outcome=o.str("outcome"))


def _amounts(value: Any, where: str) -> tuple[tuple[str, int], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in value.items()):
        raise ResponseShapeError(where, "expected amounts by name")
    return tuple(sorted(value.items()))


def _findings(side: str, value: Any) -> tuple[Finding, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ResponseShapeError(side, "expected a list")
    out = []
    for raw in value:
        o = _Obj(raw, side)
        out.append(Finding(side=side, kind=o.str("kind"), key=o.str("key"),
                           ours=_amounts(raw.get("ours"), f"{side}.ours"),
                           theirs=_amounts(raw.get("theirs"), f"{side}.theirs"),
                           unresolved=raw.get("unresolved") is True))
    return tuple(out)


def parse_reconcile(data: Any) -> ReconcileResult:
    o = _root(data)
    if not isinstance(data, dict):
        raise ResponseShapeError("$", "expected an object")
    return ReconcileResult(start=o.str("from"), end=o.str("to"),
                           settlements=o.int("settlements", minimum=0),
                           balanced=o.bool("balanced"),
                           insurer_compared=data.get("insurer") is not None,
                           findings=_findings("gateway", data.get("gateway"))
                           + _findings("insurer", data.get("insurer")))


def unresolved(client: BackendClient) -> tuple[UnresolvedItem, ...]:
    return client._call("GET", "/v1/finance/unresolved", "finance_unresolved",
                        parse_unresolved, deadline=FINANCE_DEADLINE)


def resolve(client: BackendClient, kind: str, item_id: int) -> Resolution:
    path = path_of("v1", "finance", "unresolved", item_id, "resolution") + "?kind=" + quote(
        kind, safe="")
    return client._call("POST", path, "finance_resolve", parse_resolution,
                        deadline=FINANCE_DEADLINE)


def reconcile(client: BackendClient, day: date) -> ReconcileResult:
    return client._call("POST", "/v1/finance/reconciliations", "finance_reconcile",
                        parse_reconcile, body={"date": day.isoformat()},
                        deadline=FINANCE_DEADLINE)
