"""The backend rides a dead primary host: kiosks settling through HAProxy and two stateless
server processes, the primary's Patroni and PostgreSQL SIGKILLed mid-load; afterwards every
settlement a kiosk was told succeeded exists exactly once, nothing was charged twice and
nothing is left unknown. A planned switchover and a killed server process are ridden too.

The heavier drill (more kiosks, several kills, the figures) is ``bench/failover_drill.py``.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.cluster.conftest import ROOT, run_cluster

sys.path.insert(0, str(ROOT / "bench"))

from failover_drill import run_drill

# bringing a cluster up from empty takes 30 s on an idle 2-core machine, minutes on a busy one
pytestmark = pytest.mark.timeout(900)


def health(base_url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base_url}/v1/health", timeout=5) as answer:
        return dict(json.load(answer))


def test_a_dead_primary_loses_no_settlement_and_charges_none_twice(cluster, tmp_path: Path):
    result = run_drill(kiosks=3, kills=1, interval=10, settle_after=10, workdir=tmp_path)
    assert result.problems == []
    assert result.acknowledged > 0 and result.left_open == 0
    # kiosks settled again after the failover (how soon: the drill's figure, not asserted)
    assert result.outages and result.outages[0] != float("inf")


def test_a_planned_switchover_moves_the_primary_and_the_backend_follows(cluster):
    before = run_cluster("leader").strip()
    run_cluster("failover")
    run_cluster("rejoin")
    after = run_cluster("leader").strip()
    assert before and after and after != before
    assert health(cluster["KIOSK_CLUSTER_HTTP"])["status"] == "ok"


def test_a_dead_server_process_is_routed_around(cluster):
    run_cluster("kill-server", "1")
    try:
        for _ in range(5):  # every request lands on the living server
            assert health(cluster["KIOSK_CLUSTER_HTTP"])["status"] == "ok"
    finally:
        run_cluster("restart-server", "1")
