"""Making a live SQLite database private never loses a commit.

SQLite's locks are POSIX locks, held per process: closing ANY descriptor of the database
file drops every lock this process holds on it. ``private_database`` used to open and close
the file to create it; called on a database a connection of this process had open (a second
engine on the same file, a health check opening the journal again), it left that connection
unlocked, so another process's close checkpointed and deleted the write-ahead log under it,
and what it committed afterwards went into a deleted file: answered, and never seen again.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from kiosk.domain.files import private_database


def count_from_another_process(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "print(c.execute('select count(*) from t').fetchone()[0]); c.close()", str(path)],
        capture_output=True, text=True, timeout=60, check=True)
    return int(done.stdout)


def test_a_live_database_made_private_keeps_every_commit(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    live = sqlite3.connect(path, isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")  # commits stay in the log, as under load
    live.execute("CREATE TABLE t (n INTEGER)")
    live.execute("INSERT INTO t VALUES (1)")
    private_database(path)  # as a second engine or a second journal open does
    assert count_from_another_process(path) == 1  # it opens and closes the file
    live.execute("INSERT INTO t VALUES (2)")  # committed: others must see it
    assert count_from_another_process(path) == 2
    assert Path(f"{path}-wal").exists()  # the log of a live connection is still there
    live.close()
    assert (path.stat().st_mode & 0o777) == 0o600
