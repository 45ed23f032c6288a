"""``kiosk app``: an installed kiosk or, asked for with ``--demo``, a demo machine; an installed
kiosk fails closed (the out-of-service screen naming the problem) and takes no card while a
virtual reader is present; the demo starts the embedded backend and stops cleanly on SIGTERM.

Runs the real command in a child process (offscreen Qt) next to the test's private pcscd, with
its data directory in the test's temporary directory, or builds the installed kiosk in the
test's process on a pcscd whose reader it can be pinned to (``pinnable_pcscd``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.app import OUT_OF_SERVICE_MARKER, install_kiosk, read_start
from kiosk.card.virtual import VirtualCard
from kiosk.flow.session import State
from kiosk.install import config as kconfig
from kiosk.install.pin import hash_pin
from kiosk.journal.logs import LOG_MARKER_ATTRACT
from tests.app.screens import current_state, wait_screen
from tests.app.support import ROOT
from tests.frozen import conftest as frozen_fixtures
from tests.frozen.support import (
    PINNABLE_PIN,
    PINNABLE_READER,
    kiosk_env,
    source_cmd,
    write_installed_config,
)
from tests.support import pcsc

pytestmark = pytest.mark.pcsc
pinnable_pcscd = frozen_fixtures.pinnable_pcscd  # a reader an installed kiosk can be pinned to


def test_the_start_reads_file_environment_and_command_line(tmp_path: Path) -> None:
    absent = str(tmp_path / "none.toml")
    env = {"KIOSK_CONFIG": absent, "KIOSK_DATA_DIR": str(tmp_path)}
    # Demo mode is asked for: without --demo and without a file there is no kiosk to run,
    # even with a backend in the environment - and never a demo panel.
    for environment in (env, {**env, "KIOSK_BACKEND_URL": "https://his.example",
                              "KIOSK_BACKEND_TOKEN": "t"}):
        start = read_start([], environment)
        assert not start.demo and not start.demo_panel
        assert start.problem is not None
        assert (start.problem.name, start.problem.code) == ("config", "no_config")
    start = read_start(["--demo"], env)
    config = start.config
    assert config.embedded and config.size == (1080, 1920) and not config.fullscreen
    assert config.data_path == tmp_path and start.demo and start.demo_panel
    flags = ["--demo", "--landscape", "--fullscreen", "--language", "en", "--data-dir",
             "/srv/k", "--no-demo-panel"]
    start = read_start(flags, env)
    assert start.config.size == (1920, 1080) and start.config.fullscreen
    assert start.config.language == "en" and start.config.data_path == Path("/srv/k")
    assert start.demo and not start.demo_panel
    (tmp_path / "kiosk.toml").write_text(
        'backend_url = "https://his.example:8443"\ntoken = "t"\n'
        'orientation = "landscape"\nreader = "ACS ACR39U *"\n'
        f'admin_pin_hash = "{hash_pin("135790")}"\n')
    start = read_start([], {"KIOSK_CONFIG": str(tmp_path / "kiosk.toml")})
    config = start.config
    # An installed kiosk: full screen by default, never the demo panel.
    assert not start.demo and start.problem is None and not config.embedded
    assert config.fullscreen and config.size == (1920, 1080)
    assert config.reader == "ACS ACR39U *" and not start.demo_panel
    start = read_start(["--backend-url", "https://other.example"],
                       {"KIOSK_CONFIG": str(tmp_path / "kiosk.toml"),
                        "KIOSK_BACKEND_TOKEN": "t2"})
    assert start.config.backend_url == "https://other.example" and start.config.token == "t2"
    with pytest.raises(ValueError, match="token"):
        read_start(["--demo", "--backend-url", "https://x"], {"KIOSK_CONFIG": absent})
    with pytest.raises(ValueError, match="backend_url_plain_http"):
        read_start(["--demo", "--backend-url", "http://x.example"],
                   {"KIOSK_CONFIG": absent, "KIOSK_BACKEND_TOKEN": "t"})
    (tmp_path / "bad.toml").write_text('colour = "red"\n')
    start = read_start([], {"KIOSK_CONFIG": str(tmp_path / "bad.toml")})
    assert start.problem is not None
    assert (start.problem.code, start.problem.detail) == ("unknown_key", "colour")


def run_until_marker(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> list[str]:
    """Start the kiosk; return its output lines up to the out-of-service marker or the
    attract marker, whichever comes first; then stop it with SIGTERM (it must exit 0)."""
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + timeout
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if OUT_OF_SERVICE_MARKER in line or LOG_MARKER_ATTRACT in line:
                break
            assert time.monotonic() < deadline, "\n".join(lines[-40:])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, "\n".join(lines[-40:])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    return lines


@pytest.mark.parametrize(("extra", "reader", "expected"), [
    ({"ca_bundle": "/nonexistent/ca.pem"}, PINNABLE_PIN, "tls: FAIL: file_missing (ca_bundle)"),
    ({}, "", "reader-pin: FAIL: reader_not_pinned"),
])
def test_an_installed_kiosk_that_cannot_be_safe_is_out_of_service(
        backend, pinnable_pcscd, tmp_path, extra, reader, expected) -> None:
    config = write_installed_config(tmp_path, backend.base_url, backend.kiosk_token,
                                    reader=reader, **extra)
    env = kiosk_env(config, tmp_path / "logs")
    lines = run_until_marker(source_cmd("app"), env)
    assert lines[-1] == f"{OUT_OF_SERVICE_MARKER}: {expected}", lines[-40:]
    assert not any(LOG_MARKER_ATTRACT in line for line in lines)
    done = subprocess.run(source_cmd("--self-test"), env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and expected in done.stdout.splitlines(), done.stdout


def insert_after_restart(card: VirtualCard) -> None:
    """Insert the virtual card into the pinnable reader of a pcscd just restarted. The vpcd
    driver may take the card's connection before its reader is up and then never report it:
    the card is pulled and put in again (a harness matter; a real card meets no vpcd)."""
    for _attempt in range(3):
        card.insert()
        try:
            pcsc.wait_for(lambda: pcsc.card_present(PINNABLE_READER), 5.0, what="the card")
            return
        except TimeoutError:
            card.remove()
    raise TimeoutError("the virtual card never showed in the restarted pcscd")


def test_an_installed_kiosk_refuses_cards_while_a_virtual_reader_is_present(
        qtbot, qapp, kiosk, backend, pinnable_pcscd, tmp_path) -> None:
    from kiosk.install.outofservice import VirtualReaderAlarm

    config = kconfig.validate({"backend_url": backend.base_url, "token": backend.kiosk_token,
                               "admin_pin_hash": hash_pin("135790"), "reader": PINNABLE_PIN,
                               "data_dir": str(tmp_path), "fullscreen": False})
    alarm = VirtualReaderAlarm()
    app = kiosk(reader=config.reader, on_virtual_reader=alarm.on_virtual)
    installed = install_kiosk(qapp, app, config, alarm)
    wait_screen(qtbot, app, State.ATTRACT)
    card = VirtualCard.from_demo("eligible", port=pcsc.PORT_0)
    try:
        card.insert()
        qtbot.waitUntil(lambda: current_state(app) != State.ATTRACT, timeout=15000)
        card.remove()
        wait_screen(qtbot, app, State.ATTRACT, timeout=30000)

        pinnable_pcscd.set_virtual(True)
        qtbot.waitUntil(lambda: installed.virtual_reader_screen is not None, timeout=15000)
        screen = installed.virtual_reader_screen
        assert screen.isVisible() and "virtual_reader_present" in screen.details.text()
        insert_after_restart(card)
        qtbot.waitUntil(lambda: app.reader_guard.refused >= 1, timeout=15000)
        assert current_state(app) == State.ATTRACT  # the card was not read
        qtbot.waitUntil(lambda: app.journal.events(kind="reader.virtual_present") != [])
        card.remove()

        pinnable_pcscd.set_virtual(False)
        qtbot.waitUntil(lambda: installed.virtual_reader_screen is None, timeout=15000)
        card.insert()
        qtbot.waitUntil(lambda: current_state(app) != State.ATTRACT, timeout=15000)
    finally:
        card.remove()
        installed.admin.lock.allow_close()
        if installed.virtual_reader_screen is not None:
            installed.virtual_reader_screen.lock.release()


def test_demo_kiosk_starts_on_embedded_defaults_and_stops_cleanly(pcscd, tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(tmp_path / "d"),
           "KIOSK_CONFIG": str(tmp_path / "absent.toml"), "PYTHONUNBUFFERED": "1"}
    env.pop("KIOSK_BACKEND_URL", None)
    log = tmp_path / "kiosk.log"
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "kiosk", "app", "--demo"], cwd=ROOT,
                                 env=env,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        port = None
        while port is None and time.monotonic() < deadline:
            assert child.poll() is None, log.read_text()
            found = re.search(r"embedded backend starting on port (\d+)", log.read_text())
            port = int(found.group(1)) if found else None
            time.sleep(0.1)
        assert port is not None, log.read_text()
        session = requests.Session()
        session.trust_env = False
        while time.monotonic() < deadline:
            try:
                if session.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail(f"embedded backend never answered:\n{log.read_text()}")
        data = tmp_path / "d"
        assert (data / "journal.sqlite3").exists()
        credentials = data / "demo-backend" / "demo-credentials.json"
        assert credentials.exists() and (credentials.stat().st_mode & 0o077) == 0
        child.send_signal(signal.SIGTERM)
        assert child.wait(30) == 0, log.read_text()
        with pytest.raises(requests.RequestException):
            session.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
