"""The finance-office answers are parsed strictly: a malformed one is a ``ResponseShapeError``
naming where (the counter shows "the backend answered strangely"), never a ``TypeError`` from
the parser itself (the defect mypy found when the module moved into the client room)."""

from __future__ import annotations

import pytest

from kiosk.client.finance import parse_reconcile
from kiosk.client.models import ResponseShapeError

GOOD = {"from": "2026-11-23", "to": "2026-11-23", "settlements": 2, "balanced": False,
        "gateway": [{"kind": "amount_mismatch", "key": "settlement-7",
                     "ours": {"amount_fen": 1500}, "theirs": {"amount_fen": 1400}}],
        "insurer": None}


def test_a_reconcile_answer_is_read_with_its_findings() -> None:
    result = parse_reconcile(GOOD)
    assert result.settlements == 2 and not result.balanced and not result.insurer_compared
    (finding,) = result.findings
    assert (finding.side, finding.kind, finding.key) == ("gateway", "amount_mismatch",
                                                         "settlement-7")
    assert finding.ours == (("amount_fen", 1500),) and finding.theirs == (("amount_fen", 1400),)


@pytest.mark.parametrize("bad, where", [
    ({**GOOD, "gateway": "not a list"}, "gateway"),
    ({**GOOD, "gateway": [{**GOOD["gateway"][0], "ours": {"amount_fen": "1500"}}]},
     "gateway.ours"),
])
def test_a_malformed_reconcile_answer_is_a_shape_error(bad, where) -> None:
    with pytest.raises(ResponseShapeError) as info:
        parse_reconcile(bad)
    assert info.value.where == where
