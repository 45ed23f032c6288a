"""What the window's keyboard scanner holds back and what it lets through: ``KeyGate`` directly.

Items are strings naming key events (``"a↓"``, ``"a↑"``); a scan's keys and its Enter must
never come out in a ``Deliver``, a person's keys must all come out, in the order they went in.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode
from kiosk.scanner.framing import MAX_LENGTH
from kiosk.scanner.keyboard import ENTER
from kiosk.scanner.keyboard_gate import Deliver, KeyGate

TOKEN = "E4B1C0FFEE2026DEMO77"


class Keys:
    """Feeds a gate key events as a keyboard sends them: press, then release, per key."""

    def __init__(self) -> None:
        self.gate: KeyGate[str] = KeyGate()
        self.out: list[object] = []
        self.t = 100.0

    def press(self, key: str, gap: float, *, release: bool = True) -> None:
        self.t += gap
        self.out += self.gate.press(key, self.t, f"{key}↓", key)
        if release:
            self.out += self.gate.other(f"{key}↑", key, release=True)

    def type(self, text: str, gap: float, enter: bool = True) -> None:
        for char in text:
            self.press(char, gap)
        if enter:
            self.press(ENTER, gap)

    def idle(self, after: float = 1.0) -> None:
        self.out += self.gate.idle(self.t + after)

    def delivered(self) -> list[str]:
        return [item for a in self.out if isinstance(a, Deliver) for item in a.items]

    def codes(self) -> list[str]:
        return [a.text for a in self.out if isinstance(a, ScannedCode)]

    def errors(self) -> list[ScannerError]:
        return [a for a in self.out if isinstance(a, ScannerError)]


AN_ENTER = [f"{ENTER}↓", f"{ENTER}↑"]


def both(text: str) -> list[str]:
    return [e for c in text for e in (f"{c}↓", f"{c}↑")]


def test_a_scan_is_reported_and_none_of_its_keys_nor_its_enter_come_out():
    keys = Keys()
    keys.type(TOKEN, 0.004)
    keys.idle()
    assert keys.codes() == [TOKEN]
    assert keys.delivered() == []
    assert not keys.gate.holding


def test_typing_comes_out_whole_and_in_order_enter_included():
    keys = Keys()
    keys.type("hello", 0.2)
    keys.idle()
    assert keys.codes() == [] and keys.errors() == []
    assert keys.delivered() == [*both("hello"), *AN_ENTER]


def test_characters_wait_until_their_burst_is_closed_then_come_out():
    keys = Keys()
    keys.press("?", 0.0)
    assert keys.delivered() == [] and keys.gate.holding  # it could start a scan
    keys.idle(after=0.02)
    assert keys.delivered() == []  # not quiet long enough yet
    keys.idle(after=0.06)
    assert keys.delivered() == ["?↓", "?↑"]
    assert not keys.gate.holding


def test_keys_no_scanner_sends_and_a_lone_enter_go_on_at_once():
    keys = Keys()
    keys.press("KEY_1000015", 0.0)  # an arrow
    assert keys.delivered() == ["KEY_1000015↓", "KEY_1000015↑"]
    keys.press(ENTER, 1.0)
    assert keys.delivered()[-2:] == [f"{ENTER}↓", f"{ENTER}↑"]


def test_an_arrow_after_held_characters_lets_them_out_first():
    keys = Keys()
    keys.press(" ", 0.0)
    keys.press("KEY_1000015", 0.01)
    assert keys.delivered() == [" ↓", " ↑", "KEY_1000015↓", "KEY_1000015↑"]


def test_a_scanner_fast_burst_too_short_is_typing_and_comes_out():
    keys = Keys()
    keys.type(TOKEN[:6], 0.004)
    assert keys.codes() == []
    assert keys.delivered() == [*both(TOKEN[:6]), *AN_ENTER]


def test_a_scanner_burst_without_enter_is_unreadable_and_swallowed():
    keys = Keys()
    keys.type(TOKEN, 0.004, enter=False)
    keys.idle()
    assert [e.code for e in keys.errors()] == [ScannerErrorCode.UNREADABLE]
    assert keys.delivered() == []


def test_releases_that_come_after_the_scan_is_decided_are_swallowed_too():
    keys = Keys()
    for char in TOKEN:
        keys.press(char, 0.003, release=False)
    keys.press(ENTER, 0.003, release=False)
    assert keys.codes() == [TOKEN]
    for char in [*TOKEN, ENTER]:
        keys.out += keys.gate.other(f"{char}↑", char, release=True)
    assert keys.delivered() == []
    keys.press("x", 1.0)  # a later key of the same letter still has its release
    keys.idle()
    assert keys.delivered() == ["x↓", "x↑"]


def test_shift_and_other_keys_wait_behind_held_presses_and_none_overtakes():
    keys = Keys()
    keys.out += keys.gate.other("shift↓", "shift", release=False)  # nothing held: at once
    assert keys.delivered() == ["shift↓"]
    keys.press("A", 0.2, release=False)
    keys.out += keys.gate.other("shift↑", "shift", release=True)
    keys.out += keys.gate.other("A↑", "A", release=True)
    assert keys.delivered() == ["shift↓"]
    keys.idle()
    assert keys.delivered() == ["shift↓", "A↓", "shift↑", "A↑"]


def test_a_scan_with_capitals_lets_only_the_shift_keys_through():
    keys = Keys()
    keys.press("a", 0.003)
    keys.out += keys.gate.other("shift↓", "shift", release=False)
    keys.press("B", 0.003)
    keys.out += keys.gate.other("shift↑", "shift", release=True)
    keys.type("cdefghij", 0.003)
    assert keys.codes() == ["aBcdefghij"]
    assert keys.delivered() == ["shift↓", "shift↑"]


def test_the_rest_of_a_scan_cut_by_a_held_up_caller_is_swallowed_enter_included():
    keys = Keys()
    keys.type(TOKEN[:5], 0.004, enter=False)
    keys.idle(after=0.06)  # the caller's idle came between two keys only 4 ms apart
    assert keys.delivered() == both(TOKEN[:5])  # taken for typing: too short for a scan
    keys.type(TOKEN[5:8], 0.004)  # the rest: too short a burst of its own, then Enter
    assert keys.delivered() == both(TOKEN[:5])
    keys.press("z", 1.0)  # a key after a real pause is typing again
    keys.idle()
    assert keys.delivered()[-2:] == ["z↓", "z↑"]


def test_a_code_too_long_is_unreadable_and_its_tail_and_enter_never_come_out():
    keys = Keys()
    keys.type("X" * (MAX_LENGTH + 100), 0.002)
    keys.idle()
    assert keys.codes() == []
    assert [e.code for e in keys.errors()] == [ScannerErrorCode.UNREADABLE]
    assert keys.delivered() == []


def test_a_scan_right_after_typing_lets_the_typing_out_and_keeps_the_scan():
    keys = Keys()
    keys.type("hi", 0.15, enter=False)
    keys.press(TOKEN[0], 0.2)
    for char in TOKEN[1:]:
        keys.press(char, 0.003)
    keys.press(ENTER, 0.003)
    assert keys.delivered() == both("hi")
    assert keys.codes() == [TOKEN]


@pytest.mark.parametrize("gaps", [[0.25, 0.18, 0.3], [0.06, 0.055, 0.07], [0.015, 0.11, 0.02]])
def test_people_typing_get_every_key_through(gaps):
    keys = Keys()
    gap = itertools.cycle(gaps)
    for char in "990101195603140023":
        keys.press(char, next(gap))
    keys.press(ENTER, 0.03)
    keys.idle()
    assert keys.codes() == [] and keys.errors() == []
    assert keys.delivered() == [*both("990101195603140023"), *AN_ENTER]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "1", "?", " ", ENTER, "KEY_1000015"]),
                          st.floats(0.0, 0.4), st.booleans()), max_size=40))
def test_every_event_comes_out_once_or_is_part_of_a_scan_and_order_is_kept(events):
    keys = Keys()
    sent: list[str] = []
    for n, (key, gap, release) in enumerate(events):
        keys.t += gap
        keys.out += keys.gate.press(key, keys.t, f"{n}:{key}↓", key)
        sent.append(f"{n}:{key}↓")
        if release:
            keys.out += keys.gate.other(f"{n}:{key}↑", key, release=True)
            sent.append(f"{n}:{key}↑")
    keys.idle()
    out = keys.delivered()
    assert not keys.gate.holding
    assert len(out) == len(set(out))
    assert out == [e for e in sent if e in out]  # in the order sent
    if not keys.codes() and not keys.errors():
        assert out == sent  # nothing decided as a scan: everything came out
