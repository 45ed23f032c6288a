"""Fixtures of the scanner's real-stack tests: ``voucher_backend``, the seeded reference
backend in environment ``development``, whose reference insurer issues the demo patients'
signed vouchers (``POST /v1/insurer/demo-vouchers``; a production backend answers 404), and
``kiosk``, the kiosk tests' factory (``tests/app/conftest.py``) on that backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app import conftest as app_fixtures
from tests.support import server_proc

DEVELOPMENT = server_proc.QUIET_CONFIG + 'environment = "development"\n'


@pytest.fixture
def voucher_backend(tmp_path, backend_template) -> Iterator[server_proc.Backend]:
    workdir = tmp_path / "backend"
    workdir.mkdir()
    server = server_proc.Backend(workdir, template=backend_template,
                                 config=server_proc.write_config(workdir, DEVELOPMENT))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def backend(voucher_backend: server_proc.Backend) -> server_proc.Backend:
    """The kiosk factory's backend here is the development one."""
    return voucher_backend


kiosk = app_fixtures.kiosk  # kiosk(**build_kiosk arguments): started on the real window
