"""The backend's highly available set (``tools/cluster``) for the failover tests.

The cluster's daemons run as their own system user on the machine's loopback, so these tests
run outside the PC/SC sandbox (``tools/test`` runs them first, on their own); inside it they
are skipped. ``cluster`` brings a cluster up in a directory of its own, on ports of its own
(``KIOSK_CLUSTER_PORT``), once for the module, and purges it afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "tools" / "cluster"
TEST_PORT = "27000"  # away from the default 26000 of a cluster someone runs by hand


def run_cluster(*args: str, timeout: float = 400) -> str:
    done = subprocess.run([str(CLUSTER), *args], capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"tools/cluster {' '.join(args)}:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def cluster() -> Iterator[dict[str, str]]:
    if os.environ.get("KIOSK_PCSC_SANDBOX") == "1":
        pytest.skip("the cluster runs on the machine's loopback: tools/test runs these tests "
                    "outside the sandbox")
    missing = [tool for tool in ("patroni", "etcd", "haproxy") if shutil.which(tool) is None
               and not Path("/usr/sbin", tool).exists()]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (tools/bootstrap installs them)")
    directory = tempfile.mkdtemp(prefix="kiosk-cluster-test-")
    os.environ["KIOSK_CLUSTER_DIR"] = directory
    os.environ["KIOSK_CLUSTER_PORT"] = TEST_PORT
    try:
        run_cluster("up", "--servers", "2")
        yield dict(line.split("=", 1) for line in run_cluster("env").splitlines() if "=" in line)
    finally:
        subprocess.run([str(CLUSTER), "purge"], capture_output=True, timeout=300, check=False)
        os.environ.pop("KIOSK_CLUSTER_DIR", None)
        os.environ.pop("KIOSK_CLUSTER_PORT", None)
