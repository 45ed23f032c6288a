"""Keyboard-mode scanners: telling a scan from a person typing, by timing and the final Enter.

A scanner in keyboard mode "types" its code: one key every few milliseconds (1-10 ms is
usual, a slow setting about 20 ms), then Enter right after the last character. A person types
about 100-300 ms a key; a very fast typist sustains about 60 ms (200 words a minute) and
rolls some pairs of keys within 10-30 ms, but never a run of eight keys at 20 ms each. So a
burst of key presses is a scan exactly when (``classify_burst``):

- it has at least ``min_length`` characters,
- no gap between two of its keys, nor before its Enter, exceeds ``max_gap``,
- the mean gap (its Enter included) is at most ``max_mean_gap``,
- and it ends with Enter.

A burst as fast as a scanner that never gets its Enter (cut off, or a scanner set to send
no suffix) is an unreadable scan; anything else is typing, handed back as ``Typed`` so that a
caller that does not grab the device can pass the keys on.

``KeyboardDecoder`` applies that to key presses one at a time, times passed in (seconds from
any one clock: evdev's event timestamps, Qt's event times); ``idle(now)`` closes a burst that
has gone quiet. ``key_char`` turns a Linux key code (``linux/input-event-codes.h``, the
numbers evdev reports) into the character a US-layout keyboard gives, which is what scanners
emulate unless set otherwise. Auto-repeat events are not presses: callers feed presses only.

Pure: no I/O, no clock, no logging. Tested directly (``tests/scanner/test_keyboard.py``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.framing import MAX_LENGTH, check_code

ENTER = "ENTER"  # the key name for Enter (and keypad Enter); characters are 1-char strings


@dataclass(frozen=True, slots=True)
class KeyPress:
    """One key pressed at ``t`` seconds: ``key`` is the character it gives, or a key name
    (``ENTER``, ``BACKSPACE``, ...) for keys that give none."""

    key: str = field(repr=False)
    t: float


@dataclass(frozen=True, slots=True)
class KeyboardTiming:
    min_length: int = 8
    max_gap: float = 0.050
    max_mean_gap: float = 0.020


DEFAULT_TIMING = KeyboardTiming()


class Burst(StrEnum):
    SCAN = "scan"
    CUT_SCAN = "cut_scan"  # scanner-fast, but no Enter (in time)
    TYPING = "typing"


@dataclass(frozen=True, slots=True)
class Typed:
    """Keys a person typed (not a scan), in order, for a caller that passes them on."""

    keys: tuple[str, ...] = field(repr=False)

    def __repr__(self) -> str:
        return f"Typed(count={len(self.keys)})"


Outcome = ScannedCode | ScannerError | Typed


def classify_burst(times: Sequence[float], enter_at: float | None,
                   timing: KeyboardTiming = DEFAULT_TIMING) -> Burst:
    """Whether character presses at ``times`` (then Enter at ``enter_at``, or none) were a
    scanner's (pure)."""
    if len(times) < timing.min_length:
        return Burst.TYPING
    gaps = [b - a for a, b in itertools.pairwise(times)]
    if any(g < 0 or g > timing.max_gap for g in gaps):
        return Burst.TYPING
    end_gap = None if enter_at is None else enter_at - times[-1]
    if end_gap is None or end_gap < 0 or end_gap > timing.max_gap:
        if sum(gaps) / len(gaps) <= timing.max_mean_gap:
            return Burst.CUT_SCAN
        return Burst.TYPING
    if (sum(gaps) + end_gap) / (len(gaps) + 1) <= timing.max_mean_gap:
        return Burst.SCAN
    return Burst.TYPING


class KeyboardDecoder:
    """Turns key presses into scans, unreadable scans and typing (pure, one thread)."""

    def __init__(self, timing: KeyboardTiming = DEFAULT_TIMING,
                 kind: ScannerKind = ScannerKind.KEYBOARD, max_length: int = MAX_LENGTH) -> None:
        self.timing = timing
        self.kind = kind
        self.max_length = max_length
        self._keys: list[KeyPress] = []
        self._overlong_at: float | None = None  # last key of a code cut for length

    @property
    def pending(self) -> bool:
        return bool(self._keys)

    def feed(self, press: KeyPress) -> list[Outcome]:
        if self._overlong_at is not None:  # the rest of a code too long: never a code itself
            if press.t - self._overlong_at <= self.timing.max_gap:
                self._overlong_at = None if press.key == ENTER else press.t
                return []
            self._overlong_at = None
        out: list[Outcome] = []
        if self._keys and press.t - self._keys[-1].t > self.timing.max_gap:
            out += self._close(None)
        if press.key == ENTER:
            if self._keys:
                out += self._close(press.t)
            else:
                out.append(Typed((ENTER,)))
            return out
        if len(press.key) != 1:  # a key a scanner never sends: someone is at a keyboard
            out += self._close(None)
            out.append(Typed((press.key,)))
            return out
        self._keys.append(press)
        if len(self._keys) > self.max_length:
            out += self._close(None)
            if isinstance(out[-1], ScannerError):
                self._overlong_at = press.t
        return out

    def idle(self, now: float) -> list[Outcome]:
        """Close a burst that has had no key for longer than ``max_gap`` before ``now``."""
        if self._keys and now - self._keys[-1].t > self.timing.max_gap:
            return self._close(None)
        return []

    def _close(self, enter_at: float | None) -> list[Outcome]:
        keys, self._keys = self._keys, []
        burst = classify_burst([k.t for k in keys], enter_at, self.timing)
        if burst is Burst.SCAN:
            return [check_code("".join(k.key for k in keys), self.kind, self.max_length)]
        if burst is Burst.CUT_SCAN:
            return [ScannerError(ScannerErrorCode.UNREADABLE,
                                 f"no Enter after {len(keys)} keys")]
        typed = tuple(k.key for k in keys)
        return [Typed((*typed, ENTER) if enter_at is not None else typed)]


# Linux key codes (linux/input-event-codes.h) -> (character, with shift), US layout.
_ROWS: tuple[tuple[int, str, str], ...] = (
    (2, "1234567890-=", "!@#$%^&*()_+"),
    (16, "qwertyuiop[]", "QWERTYUIOP{}"),
    (30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),
    (43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
)
_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/"}
KEY_CHARS: dict[int, tuple[str, str]] = {
    start + i: (plain[i], shifted[i])
    for start, plain, shifted in _ROWS for i in range(len(plain))
}
KEY_CHARS[57] = (" ", " ")
KEY_CHARS.update({code: (char, char) for code, char in _KEYPAD.items()})
ENTER_CODES = frozenset({28, 96})  # KEY_ENTER, KEY_KPENTER
SHIFT_CODES = frozenset({42, 54})  # KEY_LEFTSHIFT, KEY_RIGHTSHIFT
CAPSLOCK_CODE = 58


def key_char(code: int, shift: bool, caps_lock: bool = False) -> str | None:
    """The character key ``code`` gives (US layout), ``ENTER`` for Enter, None for a key that
    gives no character (pure)."""
    if code in ENTER_CODES:
        return ENTER
    chars = KEY_CHARS.get(code)
    if chars is None:
        return None
    plain, shifted = chars
    if plain.isalpha() and caps_lock:
        shift = not shift
    return shifted if shift else plain
