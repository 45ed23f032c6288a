"""Schema migrations when several processes start at once on an empty database (the
multi-worker deployment): every ``kiosk server init-db`` succeeds, each migration is applied
exactly once, and a second run applies nothing. SQLite and PostgreSQL (advisory lock).
"""

from __future__ import annotations

import os
import subprocess
from contextlib import nullcontext

import pytest
from sqlalchemy import func, inspect, select

from kiosk.server import schema
from kiosk.server.db import Database
from kiosk.server.migrations import LATEST, MIGRATIONS
from tests.support import server_proc as sp

PROCESSES = 4


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        ctx = nullcontext(sp.sqlite_url(tmp_path))
    else:
        dsn = os.environ.get(sp.PG_ENV)
        if not dsn:
            pytest.skip(f"{sp.PG_ENV} is not set (run ./tools/test)")
        ctx = sp.pg_database(dsn)
    with ctx as url:
        yield url


def test_concurrent_init_db_applies_each_migration_once(empty_db: str) -> None:
    procs = [subprocess.Popen(sp.server_cmd("init-db", "--database-url", empty_db),
                              env=sp.child_env(), cwd=sp.REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
        assert out.splitlines()[0] == f"schema version {LATEST}"
    db = Database(empty_db, pool_size=1)
    try:
        with db.read() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)
                                    .order_by(schema.schema_version.c.version)).scalars().all()
            tables = set(inspect(conn).get_table_names())
        assert versions == [v for v, _name, _fn in MIGRATIONS]
        assert set(schema.metadata.tables) <= tables
        from kiosk.server.migrations import migrate

        assert migrate(db) == []
        with db.read() as conn:
            assert conn.execute(select(func.count()).select_from(
                schema.schema_version)).scalar_one() == len(MIGRATIONS)
    finally:
        db.dispose()
