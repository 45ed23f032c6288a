"""Holding a keyboard's keys back until it is known whether they are a scan, then passing them
on or swallowing them: the pure decisions behind the keyboard-mode scanner read from the
kiosk's own window (``kiosk.app.keyboard_window``).

There the scanner's keys arrive like any keyboard's, on their way to a widget. A scan's
characters and its final Enter must never reach one (an Enter on a focused "Pay" would press
it), and a person's keys (the accessibility keypad's, an admin's PIN) must still arrive. So
``KeyGate`` holds every key press that could belong to a scan, feeds it to a
``KeyboardDecoder`` (``kiosk.scanner.keyboard``) and, once the decoder has decided, says what
to do with the held keys, in the order they came:

- typing (too slow, too short, or a key no scanner sends): ``Deliver`` them, each to where
  it was going;
- a scan, or a scanner-fast burst that is no code: the keys are swallowed and the code (or
  the ``ScannerError``) is the action instead.

Keys that are not presses of their own (releases, auto-repeats, Shift and other modifiers:
``other``) wait behind the presses held before them, so nothing overtakes; a release or
auto-repeat of a swallowed press is swallowed too. A key no scanner sends (an arrow, Escape,
F1) ends a held burst as typing and goes on at once; Enter with nothing held goes on at once
too, so only character keys are ever late (by about ``KeyboardTiming.max_gap``, until
``idle`` closes their burst).

``idle(now)`` closes a burst that has gone quiet, ``now`` on the keys' clock. A caller that can
be held up (a GUI thread) may call it only after the rest of a scan has reached it late: the
keys' own times then show that the burst went on (a gap within ``max_gap``), and the gate
swallows the rest of it, its Enter included, rather than let a cut scan's tail through.

Items are opaque to the gate (the window's copies of Qt key events; strings in the tests);
``ident`` ties a release or auto-repeat to its press (the Qt key code). Pure: no Qt, no clock,
no I/O, one thread. Tested directly (``tests/scanner/test_keyboard_gate.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerKind
from kiosk.scanner.keyboard import (
    DEFAULT_TIMING,
    ENTER,
    KeyboardDecoder,
    KeyboardTiming,
    KeyPress,
    Outcome,
    Typed,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Deliver(Generic[T]):
    """Pass these on, in this order, each to where it was going."""

    items: tuple[T, ...] = field(repr=False)

    def __repr__(self) -> str:
        return f"Deliver(count={len(self.items)})"


Action = Deliver[T] | ScannedCode | ScannerError


@dataclass(slots=True)
class _Held(Generic[T]):
    item: T
    ident: Hashable
    press: bool  # a press fed to the decoder; else a release, auto-repeat or modifier
    release: bool = False


class KeyGate(Generic[T]):
    """Key presses in, what to do with them out (pure, one thread). See the module's text."""

    def __init__(self, timing: KeyboardTiming = DEFAULT_TIMING,
                 kind: ScannerKind = ScannerKind.KEYBOARD) -> None:
        self.timing = timing
        self._decoder = KeyboardDecoder(timing, kind)
        self._held: list[_Held[T]] = []
        self._unreleased: Counter[Hashable] = Counter()  # swallowed presses not yet released
        self._last_t: float | None = None  # the last press's time
        self._cut_at: float | None = None  # the last key of a burst ``idle`` closed

    @property
    def holding(self) -> bool:
        """Whether keys are held (the caller's cue to call ``idle`` soon)."""
        return bool(self._held)

    def press(self, key: str, t: float, item: T, ident: Hashable) -> list[Action[T]]:
        """A key pressed at ``t`` seconds: ``key`` is its character, ``ENTER``, or a name for
        a key that gives no character (``kiosk.scanner.keyboard.KeyPress``)."""
        self._unreleased.pop(ident, None)  # a new press: no release of an old one to wait for
        self._last_t = t
        if self._cut_at is not None:
            if 0 <= t - self._cut_at <= self.timing.max_gap:  # the rest of a burst cut by idle
                self._cut_at = None if key == ENTER else t
                self._unreleased[ident] += 1
                return []
            self._cut_at = None
        actions = self._resolve(self._decoder.idle(t))
        self._held.append(_Held(item, ident, press=True))
        actions += self._resolve(self._decoder.feed(KeyPress(key, t)))
        if not self._decoder.pending:  # presses the decoder took as a too-long code's rest
            actions += self._drop(len(self._presses()))
        return actions

    def other(self, item: T, ident: Hashable, *, release: bool) -> list[Action[T]]:
        """A key event that is no press of its own: a release (``release``), an auto-repeat,
        or a modifier's press."""
        if self._unreleased[ident] > 0:  # of a swallowed press
            if release:
                self._unreleased[ident] -= 1
            return []
        if self._held:
            self._held.append(_Held(item, ident, press=False, release=release))
            return []
        return [Deliver((item,))]

    def idle(self, now: float) -> list[Action[T]]:
        """Close a burst that has had no key for longer than ``max_gap`` before ``now`` (the
        keys' clock)."""
        if not self._held:
            return []
        actions = self._resolve(self._decoder.idle(now))
        if not self._held:
            self._cut_at = self._last_t
        return actions

    def _presses(self) -> list[_Held[T]]:
        return [h for h in self._held if h.press]

    def _resolve(self, outcomes: Sequence[Outcome]) -> list[Action[T]]:
        actions: list[Action[T]] = []
        for i, outcome in enumerate(outcomes):
            if isinstance(outcome, Typed):
                actions.append(Deliver(tuple(h.item for h in self._take(len(outcome.keys)))))
                continue
            later = sum(len(o.keys) for o in outcomes[i + 1:] if isinstance(o, Typed))
            actions += self._drop(len(self._presses()) - later)
            actions.append(outcome)
        return [a for a in actions if not isinstance(a, Deliver) or a.items]

    def _take(self, presses: int) -> list[_Held[T]]:
        """The held keys up to the ``presses``-th press, with what followed it before the next
        press (or all that is left)."""
        seen = 0
        for index, held in enumerate(self._held):
            if held.press:
                if seen == presses:
                    taken, self._held = self._held[:index], self._held[index:]
                    return taken
                seen += 1
        taken, self._held = self._held, []
        return taken

    def _drop(self, presses: int) -> list[Action[T]]:
        """Swallow the first ``presses`` held presses (a scan's), their releases and repeats;
        what else waited among them (a modifier, an earlier key's release) goes on."""
        passed: list[T] = []
        for held in self._take(presses):
            if held.press:
                self._unreleased[held.ident] += 1
            elif self._unreleased[held.ident] > 0:
                if held.release:
                    self._unreleased[held.ident] -= 1
            else:
                passed.append(held.item)
        return [Deliver(tuple(passed))] if passed else []


__all__ = ["Action", "Deliver", "KeyGate"]
