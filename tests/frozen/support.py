"""Helpers for the packaging tests and the start-up benchmark: an installed configuration for
a backend on loopback, the frozen executable, and starting a kiosk until its attract marker.

No pytest in here (``bench/`` uses it). Threads: the calling thread only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.install import config as kconfig
from kiosk.install.pin import hash_pin
from kiosk.journal.logs import LOG_MARKER_ATTRACT

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "kiosk" / ("kiosk.exe" if os.name == "nt" else "kiosk")


def write_installed_config(directory: Path, base_url: str, token: str, *,
                           reader: str = "", printer: str = "none") -> Path:
    cfg = kconfig.validate({"backend_url": base_url, "token": token,
                            "admin_pin_hash": hash_pin("135790"), "reader": reader,
                            "printer": printer, "data_dir": str(directory / "data"),
                            "fullscreen": False})
    return kconfig.write_config(cfg, directory / "config" / "kiosk.toml")


def kiosk_env(config_path: Path, log_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_BACKEND")}
    env.update({"KIOSK_CONFIG": str(config_path), "KIOSK_LOG_DIR": str(log_dir),
                "QT_QPA_PLATFORM": "offscreen", "NO_PROXY": "*"})
    return env


def source_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *args]


def frozen_cmd(*args: str) -> list[str]:
    return [str(FROZEN), *args]


def start_until_attract(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Start the kiosk, wait for the attract-screen marker on stdout, stop it (SIGTERM).
    Returns the seconds from start to the marker. Raises ``RuntimeError`` with its output."""
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "app", "--no-demo-panel"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = start + timeout
        for line in proc.stdout:
            lines.append(line)
            if LOG_MARKER_ATTRACT in line:
                return time.perf_counter() - start
            if time.perf_counter() > deadline:
                break
        raise RuntimeError("no attract marker:\n" + "".join(lines[-40:]))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
