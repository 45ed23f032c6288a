"""The city load generator (``bench/city_load.py``) against one real server process, small:
50 kiosks, a step every quarter second, for a few seconds. Every operation of the journey
runs, journeys settle and nothing fails (the benchmark's own figures are read from the
bench, against the cluster, never asserted here)."""

from __future__ import annotations

from pathlib import Path

from bench.backend_load import CONFIG
from bench.city_load import OPS, prepare, run_city
from tests.support import server_proc as sp


def test_fifty_kiosks_at_pace_run_every_step_without_errors(db_url: str, tmp_path: Path
                                                            ) -> None:
    credentials, patients, first = prepare(db_url, 50, hospitals=5)  # 10 kiosks a hospital
    config = sp.write_config(tmp_path, CONFIG)
    with sp.ServerProcess.start(db_url, tmp_path, config=config, name="city") as server:
        result = run_city(server.base_url, credentials, patients, first, step_seconds=0.25,
                          duration=4.0, connections=20)
    assert not result.error_count(), dict(result.errors)
    assert all(result.values(op) for op in OPS), {op: len(result.values(op)) for op in OPS}
    assert result.journeys >= len(patients)  # each kiosk settled at least one patient
    assert [len(c) for c in credentials["clinics"]] == [3] * 5  # each hospital's own clinics
