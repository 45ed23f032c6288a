"""The server's periodic repair: ``resume_stale`` every ``resume_stale_interval_seconds`` (a
settlement a dead server process left in flight is resolved within
``settle_stale_seconds`` plus that interval) and ``auto_settle`` (old open visits; it resumes
too) every ``auto_settle_interval_seconds``, each on its own schedule.

``due(now, next_resume, next_auto)`` is the pure decision; ``RepairThread`` is the one daemon
thread of a server process that runs it (safe with several processes: both tasks are
idempotent). ``start()`` and ``stop()`` are called by the app's lifespan; the tasks run on the
thread itself.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.server.errors import describe

log = logging.getLogger("kiosk.server")


def due(now: float, next_resume: float, next_auto: float) -> str | None:
    """Which task runs at ``now``: ``"auto"`` (auto-settle, which resumes first), ``"resume"``
    or none; a disabled task's next time is ``inf``."""
    if now >= next_auto:
        return "auto"
    if now >= next_resume:
        return "resume"
    return None


def next_time(now: float, interval: float) -> float:
    return now + interval if interval > 0 else math.inf


class RepairThread:
    def __init__(self, resume: Callable[[], list[int]], auto_settle: Callable[[], dict[str, Any]],
                 resume_interval: float, auto_interval: float,
                 on_run: Callable[[str], None] = lambda _task: None) -> None:
        self._resume, self._auto = resume, auto_settle
        self._resume_interval, self._auto_interval = resume_interval, auto_interval
        self._on_run = on_run
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self._resume_interval > 0 or self._auto_interval > 0

    def start(self) -> None:
        if self.enabled:
            self._thread = threading.Thread(target=self._loop, name="repair", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        now = time.monotonic()
        next_resume = next_time(now, self._resume_interval)
        next_auto = next_time(now, self._auto_interval)
        while not self._stop.wait(max(0.0, min(next_resume, next_auto) - time.monotonic())):
            now = time.monotonic()
            task = due(now, next_resume, next_auto)
            if task is None:
                continue
            try:
                if task == "auto":
                    result = self._auto()
                    if any(result.values()):
                        log.info("auto-settle %s", result)
                else:
                    resumed = self._resume()
                    if resumed:
                        log.info("resumed stale settlements %s", resumed)
                self._on_run(task)
            except Exception as exc:
                log.error("%s failed: %s", task, describe(exc))
            next_resume = next_time(now, self._resume_interval)  # auto-settle resumed too
            if task == "auto":
                next_auto = next_time(now, self._auto_interval)
