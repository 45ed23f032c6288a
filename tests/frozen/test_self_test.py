"""``kiosk --self-test``, from source and from the frozen build (dist/kiosk), against the
test's own pcscd with the vpcd reader and the reference backend on loopback.

The frozen tests build dist/kiosk with ``tools/build`` if it is not there yet (``tools/test``
builds it once before a whole-suite run); they are skipped only with ``KIOSK_SKIP_FROZEN=1``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.frozen.support import (
    FROZEN,
    ROOT,
    frozen_cmd,
    kiosk_env,
    source_cmd,
    start_until_attract,
    write_installed_config,
)
from tests.support import pcsc

pytestmark = pytest.mark.pcsc
CHECKS = ("config", "qt", "font", "translations", "reader", "journal", "printer", "backend",
          "backend-auth")


def run_self_test(cmd: list[str], env: dict[str, str]) -> tuple[int, dict[str, str]]:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return done.returncode, lines


def test_self_test_from_source_passes_and_fails_with_reasons(backend, pcscd, tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token,
                                    reader=pcsc.READER_0)
    env = kiosk_env(config, tmp_path / "logs")
    code, lines = run_self_test(source_cmd("--self-test"), env)
    assert code == 0, lines
    assert all(lines[name].startswith("ok") for name in CHECKS), lines
    assert "2 reader(s)" in lines["reader"]

    bad = write_installed_config(tmp_path / "bad", backend.base_url, "wrong-token",
                                 reader="No Such Reader 00 00")
    code, lines = run_self_test(source_cmd("--self-test"), kiosk_env(bad, tmp_path / "logs"))
    assert code == 1
    assert lines["backend"].startswith("ok")
    assert lines["backend-auth"] == "FAIL: unauthenticated"
    assert lines["reader"] == "FAIL: reader_missing (No Such Reader 00 00)"
    assert "wrong-token" not in "\n".join(lines.values())

    pcscd.stop()
    code, lines = run_self_test(source_cmd("--self-test"), env)
    assert code == 1 and lines["reader"] == "FAIL: no_pcsc_service"


@pytest.fixture(scope="module")
def frozen_kiosk() -> Path:
    if os.environ.get("KIOSK_SKIP_FROZEN") == "1":
        pytest.skip("KIOSK_SKIP_FROZEN=1")
    if not FROZEN.exists():
        done = subprocess.run([str(ROOT / "tools" / "build")], cwd=ROOT, capture_output=True,
                              text=True, timeout=1500,
                              env={**os.environ, "KIOSK_BUILD_SKIP_BOOTSTRAP": "1"})
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return FROZEN


def test_frozen_kiosk_passes_its_self_test(frozen_kiosk, backend, pcscd, tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token,
                                    reader=pcsc.READER_0)
    code, lines = run_self_test(frozen_cmd("--self-test"), kiosk_env(config, tmp_path / "logs"))
    assert code == 0, lines
    assert all(lines[name].startswith("ok") for name in CHECKS), lines


def test_frozen_folder_ships_no_backend_and_no_unused_qt(frozen_kiosk) -> None:
    internal = frozen_kiosk.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("fastapi", "uvicorn", "sqlalchemy", "psycopg", "argon2", "pytest",
                     "QtQuick.abi3.so", "QtQml.abi3.so", "libQt6Quick.so.6", "libQt6Qml.so.6"):
        assert unwanted not in names, unwanted
    assert not list(internal.rglob("kiosk/server*"))
    assert (internal / "assets" / "fonts" / "wqy-microhei.ttc").exists()
    assert {"kiosk_zh_CN.qm", "kiosk_en.qm"} <= {p.name for p in
                                                 (internal / "assets" / "translations").iterdir()}
    assert list(internal.rglob("_scard*.so")) or list(internal.rglob("_scard*.pyd"))


def test_frozen_kiosk_starts_to_the_attract_screen(frozen_kiosk, backend, pcscd,
                                                   tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token)
    seconds = start_until_attract(frozen_cmd(), kiosk_env(config, tmp_path / "logs"))
    assert seconds > 0
    log_text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "attract screen shown" in log_text
