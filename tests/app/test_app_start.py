"""``kiosk`` with no arguments: embedded backend, journal, window, clean shutdown on SIGTERM.

Runs the real command in a child process (offscreen Qt) next to the test's private pcscd, with
its data directory in the test's temporary directory.
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

from kiosk.app import read_start
from kiosk.install.pin import hash_pin
from tests.app.support import ROOT

pytestmark = pytest.mark.pcsc


def test_the_start_reads_file_environment_and_command_line(tmp_path: Path) -> None:
    env = {"KIOSK_CONFIG": str(tmp_path / "none.toml"), "KIOSK_DATA_DIR": str(tmp_path)}
    start = read_start([], env)
    config = start.config
    # No installed file: the demo start, windowed unless --fullscreen.
    assert config.embedded and config.size == (1080, 1920) and not config.fullscreen
    assert config.data_path == tmp_path and not start.installed and start.demo_panel is None
    flags = ["--landscape", "--fullscreen", "--language", "en", "--data-dir", "/srv/k",
             "--no-demo-panel"]
    start = read_start(flags, env)
    assert start.config.size == (1920, 1080) and start.config.fullscreen
    assert start.config.language == "en" and start.config.data_path == Path("/srv/k")
    assert start.demo_panel is False
    (tmp_path / "kiosk.toml").write_text(
        'backend_url = "https://his.example:8443"\ntoken = "t"\n'
        'orientation = "landscape"\nreader = "ACS ACR39U 00 00"\n'
        f'admin_pin_hash = "{hash_pin("135790")}"\n')
    start = read_start([], {"KIOSK_CONFIG": str(tmp_path / "kiosk.toml")})
    config = start.config
    # An installed kiosk: full screen by default, never the demo panel.
    assert start.installed and not config.embedded and config.fullscreen
    assert config.size == (1920, 1080) and config.reader == "ACS ACR39U 00 00"
    assert start.demo_panel is False
    start = read_start(["--backend-url", "https://other.example"],
                       {"KIOSK_CONFIG": str(tmp_path / "kiosk.toml"),
                        "KIOSK_BACKEND_TOKEN": "t2"})
    assert start.config.backend_url == "https://other.example" and start.config.token == "t2"
    with pytest.raises(ValueError, match="token"):
        read_start(["--backend-url", "https://x"], {"KIOSK_CONFIG": str(tmp_path / "no")})
    with pytest.raises(ValueError, match="backend_url_plain_http"):
        read_start(["--backend-url", "http://x.example"],
                   {"KIOSK_CONFIG": str(tmp_path / "no"), "KIOSK_BACKEND_TOKEN": "t"})
    (tmp_path / "bad.toml").write_text('colour = "red"\n')
    with pytest.raises(ValueError, match="unknown_key: colour"):
        read_start([], {"KIOSK_CONFIG": str(tmp_path / "bad.toml")})


def test_bare_kiosk_starts_on_embedded_defaults_and_stops_cleanly(pcscd, tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(tmp_path / "d"),
           "KIOSK_CONFIG": str(tmp_path / "absent.toml"), "PYTHONUNBUFFERED": "1"}
    env.pop("KIOSK_BACKEND_URL", None)
    log = tmp_path / "kiosk.log"
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "kiosk"], cwd=ROOT, env=env,
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
