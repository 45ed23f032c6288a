"""Helpers for the packaging tests and the start-up benchmark: an installed configuration for
a backend on loopback, the frozen executable, starting a kiosk until its attract marker, and
a private pcscd whose reader an installed kiosk can be pinned to (``PinnablePcscd``).

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
from tests.support import pcsc

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "kiosk" / ("kiosk.exe" if os.name == "nt" else "kiosk")


# The vpcd driver under another name: to the kiosk a reader like any USB one, so an
# installed kiosk can be pinned to it. Its slots take virtual cards on pcsc.PORT_0/PORT_1.
PINNABLE_NAME = "Test CCID Reader"
PINNABLE_READER = f"{PINNABLE_NAME} 00 00"
PINNABLE_PIN = f"{PINNABLE_NAME} *"
VIRTUAL_CHANNEL = 0x8C7D  # a vpcd reader by its own name next to it ("Virtual PCD 01 00")


def write_installed_config(directory: Path, base_url: str, token: str, *,
                           reader: str = PINNABLE_PIN, printer: str = "none",
                           **extra: str) -> Path:
    cfg = kconfig.validate({"backend_url": base_url, "token": token,
                            "admin_pin_hash": hash_pin("135790"), "reader": reader,
                            "printer": printer, "data_dir": str(directory / "data"),
                            "fullscreen": False, **extra}, check_files=False)
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


class PinnablePcscd(pcsc.PrivatePcscd):
    """A private pcscd (inside the sandbox only) offering ``PINNABLE_NAME`` readers, and with
    ``virtual=True`` the vpcd reader under its own name too. ``set_virtual(bool)`` restarts
    it with or without that one."""

    def __init__(self, workdir: Path, virtual: bool = False) -> None:
        self.virtual = virtual
        super().__init__(workdir, with_reader=False)

    def _write_conf(self, with_reader: bool) -> None:
        (self.confdir / "pinnable").write_text(
            pcsc.vpcd_conf().replace('"Virtual PCD"', f'"{PINNABLE_NAME}"'))
        virtual = self.confdir / "virtual"
        if self.virtual:
            virtual.write_text(pcsc.vpcd_conf(VIRTUAL_CHANNEL))
        else:
            virtual.unlink(missing_ok=True)

    def start(self, timeout: float = 10.0) -> None:
        super().start(timeout)

        def ready() -> bool:
            readers = pcsc.list_readers() or []
            return PINNABLE_READER in readers and self.virtual == any(
                "Virtual PCD" in reader for reader in readers)

        pcsc.wait_for(ready, timeout, what="the pinnable reader")

    def set_virtual(self, virtual: bool) -> None:
        self.stop()
        self.virtual = virtual
        self._write_conf(True)
        self.start()
