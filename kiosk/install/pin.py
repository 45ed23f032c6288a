"""The admin PIN: hashing with scrypt and a random salt, and the lockout after failures.

``hash_pin(pin)`` -> ``"scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>"``; ``verify_pin(pin, stored)``
compares in constant time. The PIN itself is never stored or logged.

A PIN is 6 to 12 digits (a million PINs at least).

``PinGate`` decides whether an attempt may be made and what a failure costs: ``max_failures``
wrong PINs in a row (5) lock the gate for 5 minutes, each further wrong PIN locks it twice as
long as the last, up to 4 hours (``lockout_seconds``); the right PIN resets the count. The
count and the lock's end live in ``Settings`` (the kiosk's journal, ``admin_pin.failures`` and
``admin_pin.locked_until``), so a restart of the kiosk clears neither. Time comes from an
injected wall clock, so tests need no sleep.

Stdlib only; its only I/O is the ``Settings`` it is given. One ``PinGate`` per admin entry
point, used on the GUI thread.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

PIN_RE = re.compile(r"[0-9]{6,12}")
MAX_FAILURES = 5  # wrong PINs in a row before the first lock
FIRST_LOCKOUT = 300.0  # seconds; doubled with each wrong PIN after that
LONGEST_LOCKOUT = 4 * 3600.0
FAILURES_KEY = "admin_pin.failures"
LOCKED_UNTIL_KEY = "admin_pin.locked_until"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_HASH_RE = re.compile(r"scrypt\$(\d+)\$(\d+)\$(\d+)\$([0-9a-f]{32})\$([0-9a-f]{64})")


class PinError(ValueError):
    """A PIN or a stored hash that cannot be used; ``code`` is machine-readable."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def check_pin_format(pin: str) -> str:
    """A PIN is 6 to 12 digits. Raises ``PinError('pin_format')``."""
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        raise PinError("pin_format")
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=32)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    check_pin_format(pin)
    salt = salt or secrets.token_bytes(16)
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def is_pin_hash(stored: object) -> bool:
    return isinstance(stored, str) and _HASH_RE.fullmatch(stored) is not None


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches ``stored``. Raises ``PinError('pin_hash')`` for a bad hash."""
    match = _HASH_RE.fullmatch(stored) if isinstance(stored, str) else None
    if match is None:
        raise PinError("pin_hash")
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if n > 2**20 or r > 32 or p > 16:
        raise PinError("pin_hash")
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        return False
    digest = _derive(pin, bytes.fromhex(match.group(4)), n, r, p)
    return hmac.compare_digest(digest.hex(), match.group(5))


@dataclass(frozen=True, slots=True)
class Attempt:
    """What came of one PIN attempt: ``ok``, ``wrong`` (``left`` tries before the lock),
    or ``locked`` (``wait_seconds`` until the next try is allowed). ``failures``: wrong PINs
    in a row, this one included, when this attempt was one (0 for ``ok`` and for an attempt
    refused because the gate was already locked)."""

    outcome: str
    left: int = 0
    wait_seconds: int = 0
    failures: int = 0


def lockout_seconds(failures: int, max_failures: int = MAX_FAILURES,
                    first: float = FIRST_LOCKOUT, longest: float = LONGEST_LOCKOUT) -> float:
    """How long ``failures`` wrong PINs in a row lock the gate: nothing below
    ``max_failures``, then ``first`` seconds, doubled with each further wrong PIN, at most
    ``longest``."""
    if failures < max_failures:
        return 0.0
    return float(min(first * 2 ** min(failures - max_failures, 32), longest))


class Settings(Protocol):
    """Where the gate keeps its state (``kiosk.journal.Journal`` is one): integer settings."""

    def get_setting(self, key: str, default: int) -> int | None: ...

    def set_setting(self, key: str, value: int) -> None: ...


class MemorySettings:
    """Settings held in memory (a gate without a journal: tests, tools)."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def get_setting(self, key: str, default: int) -> int | None:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: int) -> None:
        self.values[key] = value


class PinGate:
    """Checks PINs against the stored hash and locks out after repeated failures, each lock
    longer than the last (``lockout_seconds``). The count of wrong PINs and the end of the
    lock are kept in ``settings`` (the kiosk's journal), so a restart neither clears them nor
    shortens the lock; the lock's end is wall-clock time (``clock``: ``time.time``)."""

    def __init__(self, stored_hash: str, *, settings: Settings | None = None,
                 max_failures: int = MAX_FAILURES, first_lockout: float = FIRST_LOCKOUT,
                 longest_lockout: float = LONGEST_LOCKOUT,
                 clock: Callable[[], float] = time.time) -> None:
        self.stored_hash = stored_hash
        self.settings: Settings = settings if settings is not None else MemorySettings()
        self.max_failures = max_failures
        self.first_lockout = first_lockout
        self.longest_lockout = longest_lockout
        self.clock = clock

    @property
    def failures(self) -> int:
        return int(self.settings.get_setting(FAILURES_KEY, 0) or 0)

    def locked_for(self) -> int:
        """Seconds until the gate opens again (0: not locked). A lock's end further away than
        the longest lock (the clock was set back) counts as the longest lock from now."""
        until = int(self.settings.get_setting(LOCKED_UNTIL_KEY, 0) or 0)
        left = min(until - self.clock(), self.longest_lockout)
        return max(1, int(left + 0.999)) if left > 0 else 0

    def attempt(self, pin: str) -> Attempt:
        wait = self.locked_for()
        if wait:
            return Attempt("locked", wait_seconds=wait)  # not counted: the PIN was not tried
        if verify_pin(pin, self.stored_hash):
            self.settings.set_setting(FAILURES_KEY, 0)
            self.settings.set_setting(LOCKED_UNTIL_KEY, 0)
            return Attempt("ok")
        failures = self.failures + 1
        self.settings.set_setting(FAILURES_KEY, failures)
        lock = lockout_seconds(failures, self.max_failures, self.first_lockout,
                               self.longest_lockout)
        if lock:
            self.settings.set_setting(LOCKED_UNTIL_KEY, int(self.clock() + lock + 0.999))
            return Attempt("locked", wait_seconds=self.locked_for(), failures=failures)
        return Attempt("wrong", left=self.max_failures - failures, failures=failures)
