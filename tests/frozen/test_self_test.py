"""``kiosk --self-test``, from source and from the frozen build (dist/kiosk), against the
test's own pcscd (a reader the kiosk can be pinned to, and the vpcd reader when a test adds
it) and the reference backend on loopback; and what the packaged build leaves out: the
backend service, unused Qt, the demo and the virtual card (``--demo`` is refused).

The frozen tests build dist/kiosk with ``tools/build`` if it is not there yet (``tools/test``
builds it once before a whole-suite run); they are skipped only with ``KIOSK_SKIP_FROZEN=1``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.frozen.support import (
    PINNABLE_PIN,
    ROOT,
    frozen_cmd,
    kiosk_env,
    source_cmd,
    start_until_attract,
    write_installed_config,
)

pytestmark = pytest.mark.pcsc
CHECKS = ("config", "tls", "pin", "reader-pin", "virtual-reader", "qt", "font",
          "translations", "speech", "reader", "journal", "printer", "backend", "backend-auth",
          "clock")


def run_self_test(cmd: list[str], env: dict[str, str]) -> tuple[int, dict[str, str]]:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return done.returncode, lines


def test_self_test_from_source_passes_and_fails_with_reasons(backend, pinnable_pcscd,
                                                             tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token)
    env = kiosk_env(config, tmp_path / "logs")
    code, lines = run_self_test(source_cmd("--self-test"), env)
    assert code == 0, lines
    assert all(lines[name].startswith("ok") for name in CHECKS), lines
    assert "2 reader(s)" in lines["reader"] and lines["reader-pin"] == f"ok ({PINNABLE_PIN})"

    bad = write_installed_config(tmp_path / "bad", backend.base_url, "wrong-token",
                                 reader="No Such Reader *")
    code, lines = run_self_test(source_cmd("--self-test"), kiosk_env(bad, tmp_path / "logs"))
    assert code == 1
    assert lines["backend"].startswith("ok")
    assert lines["backend-auth"] == "FAIL: unauthenticated"
    assert lines["reader"] == "FAIL: reader_missing (No Such Reader *)"
    assert "wrong-token" not in "\n".join(lines.values())

    pinnable_pcscd.set_virtual(True)  # the demo's reader on an installed kiosk
    code, lines = run_self_test(source_cmd("--self-test", "--output", str(tmp_path / "out")),
                                env)
    assert code == 1 and lines["reader"].startswith("ok")
    assert lines["virtual-reader"] == "FAIL: virtual_reader_present (Virtual PCD 00 00, " \
        "Virtual PCD 00 01)"
    assert "virtual-reader: FAIL: virtual_reader_present" in (tmp_path / "out").read_text()

    pinnable_pcscd.stop()
    code, lines = run_self_test(source_cmd("--self-test"), env)
    assert code == 1 and lines["reader"] == "FAIL: no_pcsc_service"


def test_frozen_kiosk_passes_its_self_test(frozen_kiosk, backend, pinnable_pcscd,
                                           tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token)
    code, lines = run_self_test(frozen_cmd("--self-test"), kiosk_env(config, tmp_path / "logs"))
    assert code == 0, lines
    assert all(lines[name].startswith("ok") for name in CHECKS), lines
    assert lines["speech"].startswith("ok (cmn, "), lines  # the bundled voice said Mandarin


def test_frozen_folder_ships_no_backend_and_no_unused_qt(frozen_kiosk) -> None:
    internal = frozen_kiosk.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("fastapi", "uvicorn", "sqlalchemy", "psycopg", "argon2", "pytest",
                     "QtQuick.abi3.so", "QtQml.abi3.so", "libQt6Quick.so.6", "libQt6Qml.so.6"):
        assert unwanted not in names, unwanted
    assert not list(internal.rglob("kiosk/server*"))
    # No demo and no virtual card: neither as files nor inside the program's archive.
    assert not list(internal.rglob("kiosk/demo*")) and not list(internal.rglob("virtual.py*"))
    archive = subprocess.run(
        [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer", "--list",
         "--recursive", str(frozen_kiosk)], capture_output=True, text=True, timeout=120)
    assert archive.returncode == 0, archive.stderr[-2000:]
    assert "kiosk.app" in archive.stdout
    for module in ("kiosk.demo", "kiosk.card.virtual", "kiosk.scanner.virtual", "kiosk.server"):
        assert module not in archive.stdout, module
    assert (internal / "assets" / "fonts" / "wqy-microhei.ttc").exists()
    assert {"kiosk_zh_CN.qm", "kiosk_en.qm"} <= {p.name for p in
                                                 (internal / "assets" / "translations").iterdir()}
    assert list(internal.rglob("_scard*.so")) or list(internal.rglob("_scard*.pyd"))


def test_frozen_kiosk_refuses_demo_mode(frozen_kiosk, tmp_path) -> None:
    env = kiosk_env(tmp_path / "absent.toml", tmp_path / "logs")
    done = subprocess.run(frozen_cmd("app", "--demo"), env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "no demo mode" in done.stderr
    # nor the demo's other doors: a clear word, not an import error
    done = subprocess.run(frozen_cmd("demo", "info"), env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "not part of this build" in done.stderr
    assert "Traceback" not in done.stderr


def test_frozen_kiosk_starts_to_the_attract_screen(frozen_kiosk, backend, pinnable_pcscd,
                                                   tmp_path) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token)
    seconds = start_until_attract(frozen_cmd(), kiosk_env(config, tmp_path / "logs"))
    assert seconds > 0
    log_text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "attract screen shown" in log_text
