"""Login throttling, decided by pure functions over what the ``login_failures`` table remembers.

Failures are counted per key: ``account:<username>`` (whether or not the account exists, so a
lockout tells nothing about which usernames are real) and ``address:<client address>``. For
each key a ``Limit`` says after how many failures each further try must wait (doubling:
1 s, 2 s, 4 s...) and after how many the key is locked for ``lock_seconds``. Failures older
than ``forget_seconds`` are forgotten. A refused try never reaches the password hash, so it
costs no argon2 work (64 MiB each).

No I/O here: ``kiosk.server.auth`` reads and writes the rows; any thread may call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    backoff_after: int  # failures before tries start to wait
    lock_after: int  # failures that lock the key
    lock_seconds: int = 15 * 60
    forget_seconds: int = 15 * 60
    max_backoff_seconds: int = 60


ACCOUNT_LIMIT = Limit(backoff_after=5, lock_after=10)
ADDRESS_LIMIT = Limit(backoff_after=20, lock_after=50)


@dataclass(frozen=True, slots=True)
class Memory:
    """One key's row: failures so far, the last one's time, and a lock if any."""

    failures: int
    last_failure_at: datetime
    locked_until: datetime | None = None


def wait_seconds(limit: Limit, memory: Memory | None, now: datetime) -> int:
    """How long a try on this key must still wait (0: it may try now, the password is
    checked)."""
    if memory is None:
        return 0
    if memory.locked_until is not None and memory.locked_until > now:
        return _ceil_seconds(memory.locked_until - now)
    if now - memory.last_failure_at > timedelta(seconds=limit.forget_seconds):
        return 0
    if memory.failures < limit.backoff_after:
        return 0
    backoff = min(limit.max_backoff_seconds, 2 ** (memory.failures - limit.backoff_after))
    ready = memory.last_failure_at + timedelta(seconds=backoff)
    return _ceil_seconds(ready - now) if ready > now else 0


def after_failure(limit: Limit, memory: Memory | None, now: datetime) -> Memory:
    """The key's memory after one more failed try; locked once it reaches ``lock_after``."""
    failures = 1
    if memory is not None and now - memory.last_failure_at <= timedelta(
            seconds=limit.forget_seconds):
        failures = memory.failures + 1
    locked = now + timedelta(seconds=limit.lock_seconds) if failures >= limit.lock_after else None
    return Memory(failures, now, locked)


def _ceil_seconds(delta: timedelta) -> int:
    return max(1, int(-(-delta.total_seconds() // 1)))
