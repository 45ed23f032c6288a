"""The backend's files are private whatever the umask (the SQLite database with its -wal and
-shm, ``seed-demo --output``, the log folder and files), and its log holds no personal data
after a journey that carries plenty of it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

from sqlalchemy import text

from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.server.db import Database
from tests.support.server_proc import child_env, server_cmd


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_database_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new" / "backend.sqlite3"
        db = Database(f"sqlite:///{path}", pool_size=1)
        with db.write() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert (mode(path.parent), mode(path), mode(wal), mode(shm)) == (
            0o700, 0o600, 0o600, 0o600)
        db.dispose()
    finally:
        os.umask(old)


def test_seed_output_and_logs_are_private_and_scrubbed(tmp_path: Path) -> None:
    output = tmp_path / "credentials.json"
    output.write_text("{}", encoding="utf-8")
    os.chmod(output, 0o644)  # an existing world-readable file
    logs = tmp_path / "logs"
    env = child_env({"KIOSK_SERVER_LOG_DIR": str(logs)})
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        ["bash", "-c", "umask 022; exec \"$@\"", "-",
         *server_cmd("seed-demo", "--database-url", url, "--output", str(output))],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout)["kiosk_token"]
    assert mode(output) == 0o600 and json.loads(output.read_text())["kiosk_token"]
    assert mode(logs) == 0o700 and mode(logs / "server.log") == 0o600
    # the server's own log lines, with personal data thrown at them, come out scrubbed
    patient = DEMO_PATIENTS[0]
    script = (
        "import logging, sys; from kiosk.server.logs import setup_server_logging;"
        "setup_server_logging(console=False);"
        "logging.getLogger('uvicorn.error').error('bad body %s', sys.argv[1:]);"
        "raise ValueError(' '.join(sys.argv[1:]))")
    secrets = [patient.name, patient.ssn, patient.card_number, "Lin Xiuying",
               patient.birth_date.isoformat(), "13800138000"]
    subprocess.run([*server_cmd()[:1], "-c", script, *secrets], env=env, timeout=60,
                   capture_output=True, check=False)
    text_ = "\n".join(p.read_text(encoding="utf-8") for p in logs.glob("server.log*"))
    assert "bad body" in text_ and "unhandled ValueError" in text_
    for secret in secrets:
        assert secret not in text_, secret
