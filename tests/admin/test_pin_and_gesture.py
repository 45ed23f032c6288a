"""The admin PIN (scrypt hash, lockout) and the hidden corner gesture, without widgets."""

from __future__ import annotations

import pytest

from kiosk.install.admin.gesture import CornerTaps
from kiosk.install.pin import PinError, PinGate, hash_pin, is_pin_hash, verify_pin


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pin_hash_is_salted_and_verifies() -> None:
    first, second = hash_pin("4321"), hash_pin("4321")
    assert first != second and is_pin_hash(first) and "4321" not in first
    assert verify_pin("4321", first) and verify_pin("4321", second)
    assert not verify_pin("4322", first) and not verify_pin("", first)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", " 1234", ""])
def test_bad_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError) as err:
        hash_pin(pin)
    assert err.value.code == "pin_format"


def test_five_wrong_pins_lock_for_five_minutes_then_open() -> None:
    clock = Clock()
    gate = PinGate(hash_pin("2468"), clock=clock)
    outcomes = [gate.attempt("0000") for _ in range(5)]
    assert [o.outcome for o in outcomes] == ["wrong"] * 4 + ["locked"]
    assert [o.left for o in outcomes[:4]] == [4, 3, 2, 1]
    assert outcomes[4].wait_seconds == 300
    clock.now += 120
    locked = gate.attempt("2468")  # even the right PIN waits
    assert locked.outcome == "locked" and locked.wait_seconds == 180
    clock.now += 180
    assert gate.attempt("2468").outcome == "ok"


def test_a_right_pin_resets_the_failures() -> None:
    gate = PinGate(hash_pin("2468"), clock=Clock())
    for _ in range(4):
        gate.attempt("1111")
    assert gate.attempt("2468").outcome == "ok"
    assert gate.attempt("1111").left == 4


def test_corner_gesture_needs_five_quick_taps_in_the_corner() -> None:
    clock = Clock()
    taps = CornerTaps(clock=clock)
    assert [taps.tap(10, 10) for _ in range(5)] == [False] * 4 + [True]
    for _ in range(4):
        assert not taps.tap(10, 10)
    assert not taps.tap(500, 10)  # elsewhere: start over
    slow = []
    for _ in range(6):
        slow.append(taps.tap(10, 10))
        clock.now += 1.0  # one tap a second: never 5 within 3 s
    assert slow == [False] * 6
    clock.now += 10
    assert [taps.tap(10, 10) for _ in range(5)] == [False] * 4 + [True]
