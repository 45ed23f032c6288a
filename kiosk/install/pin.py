"""The admin PIN: hashing with scrypt and a random salt, and the lockout after failures.

``hash_pin(pin)`` -> ``"scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>"``; ``verify_pin(pin, stored)``
compares in constant time. The PIN itself is never stored or logged.

``PinGate`` decides, without I/O, whether an attempt may be made and what a failure costs:
``max_failures`` wrong PINs within the window lock the gate for ``lockout_seconds`` (defaults:
5 failures -> 5 minutes). Time comes from an injected monotonic clock, so tests need no sleep.

Pure and stdlib only; any thread may call it (one ``PinGate`` per admin entry point, used on
the GUI thread).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

PIN_RE = re.compile(r"[0-9]{4,12}")
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
    """A PIN is 4 to 12 digits. Raises ``PinError('pin_format')``."""
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
    or ``locked`` (``wait_seconds`` until the next try is allowed)."""

    outcome: str
    left: int = 0
    wait_seconds: int = 0


class PinGate:
    """Checks PINs against the stored hash and locks out after repeated failures."""

    def __init__(self, stored_hash: str, *, max_failures: int = 5, lockout_seconds: float = 300,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stored_hash = stored_hash
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self.clock = clock
        self._failures = 0
        self._locked_until: float | None = None

    def locked_for(self) -> int:
        """Seconds until the gate opens again (0: not locked)."""
        if self._locked_until is None:
            return 0
        left = self._locked_until - self.clock()
        if left <= 0:
            self._locked_until = None
            self._failures = 0
            return 0
        return max(1, int(left + 0.999))

    def attempt(self, pin: str) -> Attempt:
        wait = self.locked_for()
        if wait:
            return Attempt("locked", wait_seconds=wait)
        if verify_pin(pin, self.stored_hash):
            self._failures = 0
            return Attempt("ok")
        self._failures += 1
        if self._failures >= self.max_failures:
            self._locked_until = self.clock() + self.lockout_seconds
            return Attempt("locked", wait_seconds=self.locked_for())
        return Attempt("wrong", left=self.max_failures - self._failures)
