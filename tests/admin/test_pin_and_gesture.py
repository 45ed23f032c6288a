"""The admin PIN (scrypt hash, at least 6 digits, a lockout that grows and survives a restart
in the journal) and the hidden corner gesture, without widgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.install.admin.gesture import CornerTaps
from kiosk.install.pin import (
    PinError,
    PinGate,
    hash_pin,
    is_pin_hash,
    lockout_seconds,
    verify_pin,
)
from kiosk.journal import Journal


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pin_hash_is_salted_and_verifies() -> None:
    first, second = hash_pin("654321"), hash_pin("654321")
    assert first != second and is_pin_hash(first) and "654321" not in first
    assert verify_pin("654321", first) and verify_pin("654321", second)
    assert not verify_pin("654322", first) and not verify_pin("", first)


@pytest.mark.parametrize("pin", ["123", "1234", "12345", "1234567890123", "12a456", " 123456",
                                 ""])
def test_bad_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError) as err:
        hash_pin(pin)
    assert err.value.code == "pin_format"


def test_five_wrong_pins_lock_for_five_minutes_then_open() -> None:
    clock = Clock()
    gate = PinGate(hash_pin("246810"), clock=clock)
    outcomes = [gate.attempt("000000") for _ in range(5)]
    assert [o.outcome for o in outcomes] == ["wrong"] * 4 + ["locked"]
    assert [o.left for o in outcomes[:4]] == [4, 3, 2, 1]
    assert outcomes[4].wait_seconds == 300
    clock.now += 120
    locked = gate.attempt("246810")  # even the right PIN waits
    assert locked.outcome == "locked" and locked.wait_seconds == 180
    clock.now += 180
    assert gate.attempt("246810").outcome == "ok"


def test_a_right_pin_resets_the_failures() -> None:
    gate = PinGate(hash_pin("246810"), clock=Clock())
    for _ in range(4):
        gate.attempt("111111")
    assert gate.attempt("246810").outcome == "ok"
    assert gate.attempt("111111").left == 4


def test_each_lock_is_twice_as_long_as_the_last_up_to_four_hours() -> None:
    assert [lockout_seconds(n) for n in range(1, 11)] == \
        [0, 0, 0, 0, 300, 600, 1200, 2400, 4800, 9600]
    assert lockout_seconds(11) == lockout_seconds(500) == 4 * 3600
    clock = Clock()
    gate = PinGate(hash_pin("246810"), clock=clock)
    waits = []
    for _ in range(8):
        while gate.locked_for():
            clock.now += gate.locked_for()
        waits.append(gate.attempt("000000").wait_seconds)
    assert waits == [0, 0, 0, 0, 300, 600, 1200, 2400]


def test_failures_and_the_lock_survive_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    stored = hash_pin("246810")
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        gate = PinGate(stored, settings=journal, clock=clock)
        for _ in range(5):
            last = gate.attempt("000000")
        assert last.outcome == "locked" and last.wait_seconds == 300
    clock.now += 60  # the kiosk restarts a minute later
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        gate = PinGate(stored, settings=journal, clock=clock)
        assert gate.failures == 5 and gate.locked_for() == 240
        assert gate.attempt("246810").outcome == "locked"
        clock.now += 240
        wrong = gate.attempt("000000")  # the count goes on where it was
    assert wrong.outcome == "locked" and wrong.wait_seconds == 600 and wrong.failures == 6
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        gate = PinGate(stored, settings=journal, clock=clock)
        clock.now += 600
        assert gate.attempt("246810").outcome == "ok" and gate.failures == 0


def test_a_lock_set_far_ahead_waits_no_longer_than_the_longest_lock() -> None:
    clock = Clock()
    gate = PinGate(hash_pin("246810"), clock=clock)
    gate.settings.set_setting("admin_pin.locked_until", int(clock.now) + 10**9)
    assert gate.locked_for() == 4 * 3600


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
