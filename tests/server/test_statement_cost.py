"""``bench/statement_cost.py`` runs the token lookup each of its four ways on both databases
(a short count: the figures themselves are the benchmark's, never asserted here)."""

from __future__ import annotations

import pytest

from bench.statement_cost import main, measure
from kiosk.server.db import Database
from kiosk.server.migrations import migrate


def test_each_way_runs_the_lookup_and_reports_its_cpu(db_url: str) -> None:
    db = Database(db_url)
    try:
        migrate(db)
        figures = measure(db, 20)
    finally:
        db.dispose()
    assert [way for way, _ in figures] == ["Database.query", "held connection", "driver SQL",
                                           "DB-API cursor"]
    assert all(micros >= 0 for _, micros in figures), figures


def test_the_report_gives_each_way_against_the_baseline(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    assert main(["--count", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("one statement (the token lookup) on sqlite, 20 times")
    assert lines[1].endswith("1.00 of Database.query")  # the baseline against itself
    assert len(lines) == 5
