"""A private pcscd with the vpcd virtual readers, for tests and benchmarks.

Only ever runs inside the PC/SC sandbox (``tools/sandbox`` sets ``KIOSK_PCSC_SANDBOX=1`` and
gives the process its own ``/run/pcscd`` and loopback), so the machine's own pcscd is never
touched. The daemon reads a reader.conf directory of its own; ``remove_reader()`` and
``add_reader()`` restart it without or with the vpcd readers.

Threads: one controlling thread (the test) calls everything here.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from smartcard import scard

from kiosk.card.transport import list_readers as card_list_readers
from kiosk.domain.card import CardError

READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
PORT_0 = 35963
PORT_1 = 35964
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
SOCKET_DIR = Path("/run/pcscd")

SANDBOX_MESSAGE = (
    "PC/SC tests need their own pcscd in a private namespace: run them through ./tools/test "
    "(or tools/sandbox), never against the machine's pcscd"
)


class SandboxRequired(RuntimeError):
    pass


def require_sandbox() -> None:
    if os.environ.get("KIOSK_PCSC_SANDBOX") != "1":
        raise SandboxRequired(SANDBOX_MESSAGE)


def vpcd_conf(channel: int = 0x8C7B) -> str:
    return (
        'FRIENDLYNAME "Virtual PCD"\n'
        f"DEVICENAME   /dev/null:0x{channel:04X}\n"
        f"LIBPATH      {VPCD_DRIVER}\n"
        f"CHANNELID    0x{channel:04X}\n"
    )


def wait_for(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.02,
             what: str = "condition") -> object:
    """Poll ``predicate`` until it returns a truthy value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.1f} s waiting for {what}")
        time.sleep(interval)


def list_readers() -> list[str] | None:
    """Readers as a fresh client sees them; ``None`` when the service does not answer."""
    try:
        return card_list_readers()
    except CardError:
        return None


def card_present(reader: str) -> bool | None:
    """Whether pcscd sees a card in ``reader`` right now (``None``: no such reader/service)."""
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return None
    try:
        hr, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if hr != scard.SCARD_S_SUCCESS:
            return None
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(ctx)


def _die_with_parent() -> None:
    """In the child: ask Linux for SIGTERM if the test process dies without stopping us."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class PrivatePcscd:
    """``pcscd -f -c <own reader.conf.d>`` with the vpcd readers, started and stopped at will."""

    def __init__(self, workdir: str | os.PathLike[str] | None = None, with_reader: bool = True):
        require_sandbox()
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="kiosk-pcscd-"))
        self.confdir = self.workdir / "reader.conf.d"
        self.confdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / "pcscd.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._write_conf(with_reader)

    def _write_conf(self, with_reader: bool) -> None:
        conf = self.confdir / "vpcd"
        if with_reader:
            conf.write_text(vpcd_conf())
        else:
            conf.unlink(missing_ok=True)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 75.0, attempt: float = 8.0) -> None:
        """Start the daemon and wait until it serves (and lists the vpcd reader), for up to
        ``timeout`` seconds. A daemon whose vpcd reader does not appear within ``attempt``
        seconds is stopped and started again: vpcd tries to listen on its port once, when
        pcscd starts, and while the port is still held after the last daemon (its log says
        "Address already in use") pcscd serves with no reader and never tries again. CI saw
        that as a 75 s wait ending in a timeout."""
        if self.running:
            return
        expect_reader = (self.confdir / "vpcd").exists()
        deadline = time.monotonic() + timeout
        while True:
            self._spawn()
            left = deadline - time.monotonic()
            try:
                wait_for(lambda: self._ready(expect_reader),
                         min(left, attempt) if expect_reader else left, what="pcscd to serve")
                return
            except TimeoutError:
                if time.monotonic() + 1.0 >= deadline:
                    raise
            self.stop()  # the reader never came: start again once the port may be free
            time.sleep(1.0)

    def _spawn(self) -> None:
        self._clean_socket_dir()
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            self.proc = subprocess.Popen(
                ["pcscd", "-f", "-c", str(self.confdir)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()

    def _ready(self, expect_reader: bool) -> bool:
        if not self.running:
            raise RuntimeError(f"pcscd exited early, see {self.log_path}")
        readers = list_readers()
        if readers is None:
            return False
        return READER_0 in readers if expect_reader else True

    def stop(self) -> None:
        """Terminate the daemon cleanly (SIGTERM) and wait for it."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
        self._clean_socket_dir()

    def kill(self) -> None:
        """The service dies (SIGKILL): clients see their connection drop."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        self._clean_socket_dir()

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove_reader(self) -> None:
        """Take the vpcd readers away: restart the daemon without their configuration.

        pcscd 1.9.9 re-reads no serial reader configuration at run time (SIGUSR1, what
        ``pcscd --hotplug`` sends, does nothing for serial readers), so a restart is what
        really makes a vpcd reader go away; clients see the service drop and come back.
        """
        self.stop()
        self._write_conf(False)
        self.start()

    def add_reader(self) -> None:
        """Give the vpcd readers back (a restart with their configuration)."""
        self.stop()
        self._write_conf(True)
        self.start()

    @staticmethod
    def _clean_socket_dir() -> None:
        for name in ("pcscd.comm", "pcscd.pid"):
            with contextlib.suppress(FileNotFoundError):
                (SOCKET_DIR / name).unlink()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> PrivatePcscd:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
