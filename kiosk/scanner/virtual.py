"""A virtual QR scanner: a pseudo-terminal that speaks like a USB scanner in serial mode.

For demo machines and tests only. ``VirtualSerialScanner(link)`` opens a pseudo-terminal pair
(``os.openpty``), puts the terminal side in raw mode and publishes it under ``link`` (a
symbolic link, as ``/dev/serial/by-id/...`` is for a real scanner), so a ``SerialScanner``
watching ``link`` reads it exactly as it reads a real one. ``scan(text)`` sends a code followed
by CR LF (or any terminator, split into any chunks, for framing tests). ``unplug()`` removes
the link and closes the pair: a reader gets EIO as from an unplugged USB device, and the
terminal's name is given back to the system. ``plug()`` opens a new pair under the same link.

POSIX only (``os.openpty``). Threads: one owner; ``scan`` may be called from any one thread
at a time.
"""

from __future__ import annotations

import contextlib
import os
import time
import tty
from pathlib import Path


class VirtualSerialScanner:
    """A pseudo-terminal scanner published at ``link``; plugged in on construction unless
    ``plugged=False``."""

    def __init__(self, link: str | os.PathLike[str], *, plugged: bool = True) -> None:
        self.link = Path(link)
        self._master: int | None = None
        self._slave: int | None = None
        if plugged:
            self.plug()

    @property
    def plugged(self) -> bool:
        return self._master is not None

    @property
    def device(self) -> str:
        """The terminal the link points at now (``/dev/pts/N``)."""
        if self._slave is None:
            raise RuntimeError("the virtual scanner is unplugged")
        return os.ttyname(self._slave)

    def plug(self) -> None:
        if self._master is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass as a CDC device passes them
        self._master, self._slave = master, slave
        tmp = self.link.with_name(self.link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.link)  # atomic: a watcher never sees a half-made link

    def unplug(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        master, slave, self._master, self._slave = self._master, self._slave, None, None
        for fd in (master, slave):
            if fd is not None:
                os.close(fd)

    def scan(self, text: str, terminator: bytes = b"\r\n", *, chunk: int = 0,
             char_delay: float = 0.0) -> None:
        """Send ``text`` (UTF-8) and ``terminator``, all at once, or ``chunk`` bytes per write
        with ``char_delay`` seconds between writes (a slow scanner, or a split terminator)."""
        self.send(text.encode("utf-8") + terminator, chunk=chunk, char_delay=char_delay)

    def send(self, data: bytes, *, chunk: int = 0, char_delay: float = 0.0) -> None:
        """Send raw bytes, as a scanner with a broken setting might."""
        if self._master is None:
            raise RuntimeError("the virtual scanner is unplugged")
        step = chunk if chunk > 0 else len(data) or 1
        for start in range(0, len(data), step):
            view = memoryview(data)[start:start + step]
            while view:
                view = view[os.write(self._master, view):]
            if char_delay:
                time.sleep(char_delay)

    def close(self) -> None:
        self.unplug()

    def __enter__(self) -> VirtualSerialScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
