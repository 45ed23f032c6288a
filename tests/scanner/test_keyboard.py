"""Keyboard-mode scans told apart from typing: the pure decision and decoder, directly.

Human timings from typing studies: an average typist ~200-300 ms a key, a fast one ~100 ms, a
very fast one sustains ~60 ms and rolls some key pairs within 10-30 ms. A scanner in keyboard
mode sends a key every 1-10 ms (a slow setting ~20 ms) and Enter right after.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.keyboard import (
    ENTER,
    Burst,
    KeyboardDecoder,
    KeyboardTiming,
    KeyPress,
    Typed,
    classify_burst,
    key_char,
)

TOKEN = "E4B1C0FFEE2026DEMO77"


def presses(text: str, gaps: list[float], start: float = 100.0,
            enter_gap: float | None = None) -> list[KeyPress]:
    """``text`` typed with ``gaps[i]`` seconds before key i+1 (cycled), then Enter."""
    out, t = [], start
    gap_cycle = itertools.cycle(gaps)
    for i, char in enumerate(text):
        if i:
            t += next(gap_cycle)
        out.append(KeyPress(char, t))
    if enter_gap is not None:
        out.append(KeyPress(ENTER, t + enter_gap))
    return out


def decode(keys: list[KeyPress], idle_after: float = 1.0) -> list[object]:
    decoder = KeyboardDecoder()
    out: list[object] = []
    for key in keys:
        out += decoder.feed(key)
    out += decoder.idle(keys[-1].t + idle_after)
    assert not decoder.pending
    return out


def scans(outcomes: list[object]) -> list[str]:
    return [o.text for o in outcomes if isinstance(o, ScannedCode)]


# --- what a scanner sends ---------------------------------------------------------------------

@pytest.mark.parametrize("gap", [0.001, 0.004, 0.008, 0.015, 0.020])
def test_a_scanner_burst_with_enter_is_one_scan(gap):
    out = decode(presses(TOKEN, [gap], enter_gap=gap))
    assert scans(out) == [TOKEN]
    assert out[0].kind is ScannerKind.KEYBOARD


def test_a_scanner_with_jitter_up_to_the_largest_gap_still_scans():
    out = decode(presses(TOKEN, [0.002, 0.003, 0.045, 0.002], enter_gap=0.004))
    assert scans(out) == [TOKEN]


def test_two_scans_back_to_back_are_two_codes():
    first = presses(TOKEN, [0.003], enter_gap=0.003)
    second = presses("SECOND-CODE-99", [0.003], start=first[-1].t + 0.5, enter_gap=0.003)
    assert scans(decode(first + second)) == [TOKEN, "SECOND-CODE-99"]


def test_a_scanner_burst_without_enter_is_unreadable_once_it_goes_quiet():
    out = decode(presses(TOKEN, [0.003]))
    assert len(out) == 1 and isinstance(out[0], ScannerError)
    assert out[0].code is ScannerErrorCode.UNREADABLE
    assert TOKEN not in out[0].detail


def test_a_late_enter_after_a_scanner_burst_is_not_a_scan():
    keys = presses(TOKEN, [0.003], enter_gap=0.4)
    out = decode(keys)
    assert scans(out) == []
    assert isinstance(out[0], ScannerError)  # the burst, cut off
    assert out[1] == Typed((ENTER,))  # the Enter alone, as typed


def test_a_scan_that_follows_typing_within_a_moment_is_still_found():
    typed = presses("hi", [0.150])
    scan = presses(TOKEN, [0.003], start=typed[-1].t + 0.2, enter_gap=0.003)
    assert scans(decode(typed + scan)) == [TOKEN]


def test_a_scan_with_control_characters_is_unreadable():
    keys = presses("ABCDEFGH\x07", [0.002], enter_gap=0.002)
    out = decode(keys)
    assert isinstance(out[0], ScannerError) and out[0].code is ScannerErrorCode.UNREADABLE


def test_a_scanner_that_never_stops_is_cut_at_the_longest_code():
    decoder = KeyboardDecoder(max_length=16)
    out: list[object] = []
    for key in presses("X" * 40, [0.002]):
        out += decoder.feed(key)
    out += decoder.feed(KeyPress(ENTER, 100.0 + 39 * 0.002 + 0.002))
    assert len(out) == 1 and isinstance(out[0], ScannerError)  # the tail is no code either
    assert scans(out) == []
    after = presses("SHORT-CODE-1", [0.002], start=101.0, enter_gap=0.002)
    assert scans([o for k in after for o in decoder.feed(k)]) == ["SHORT-CODE-1"]


# --- what people type: never a scan -----------------------------------------------------------

HUMAN_TYPING = {
    "hunt and peck": [0.450, 0.600, 0.380],
    "average typist": [0.250, 0.180, 0.300, 0.220],
    "fast typist, 120 wpm": [0.100, 0.090, 0.120, 0.080],
    "very fast typist, 200 wpm": [0.060, 0.055, 0.070, 0.050],
    "fast typist with rollover pairs": [0.015, 0.110, 0.020, 0.095, 0.012, 0.120],
    "rollover then bursts at 40 ms": [0.010, 0.040, 0.040, 0.030, 0.045, 0.040],
    "numpad digits": [0.080, 0.075, 0.090],
}


@pytest.mark.parametrize("name", list(HUMAN_TYPING))
@pytest.mark.parametrize("enter_gap", [0.010, 0.030, 0.150])
def test_people_typing_and_pressing_enter_is_never_a_scan(name, enter_gap):
    keys = presses("990101195603140023", HUMAN_TYPING[name], enter_gap=enter_gap)
    out = decode(keys)
    assert scans(out) == []
    assert not any(isinstance(o, ScannerError) for o in out)
    assert "".join(k for o in out if isinstance(o, Typed) for k in o.keys
                   if k != ENTER) == "990101195603140023"


def test_a_short_fast_burst_like_a_key_pair_rolled_is_typing():
    out = decode(presses("ok", [0.005], enter_gap=0.005))
    assert scans(out) == [] and out == [Typed(("o", "k", ENTER))]


def test_editing_keys_mean_a_person():
    keys = presses("ABCDEFGHIJ", [0.002])
    keys.insert(5, KeyPress("BACKSPACE", keys[4].t + 0.001))
    keys.append(KeyPress(ENTER, keys[-1].t + 0.002))
    assert scans(decode(keys)) == []


def test_typed_keys_are_handed_back_in_order_for_a_caller_to_pass_on():
    keys = presses("abc", [0.200], enter_gap=0.200)
    out = decode(keys)
    assert [k for o in out for k in o.keys] == ["a", "b", "c", ENTER]
    assert repr(Typed(("p", "i", "n"))) == "Typed(count=3)"  # never the keys themselves


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=40),
       gaps=st.lists(st.floats(0.060, 2.0), min_size=1, max_size=40),
       enter_gap=st.floats(0.0, 2.0))
def test_property_typing_at_200_wpm_or_slower_is_never_a_scan(text, gaps, enter_gap):
    assert scans(decode(presses(text, gaps, enter_gap=enter_gap))) == []


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=40),
       rolled=st.lists(st.floats(0.0, 0.030), min_size=1, max_size=20),
       slow=st.lists(st.floats(0.060, 1.0), min_size=1, max_size=20),
       enter_gap=st.floats(0.0, 1.0))
def test_property_rollover_pairs_between_human_gaps_are_never_a_scan(text, rolled, slow,
                                                                      enter_gap):
    """However fast a typist rolls two keys, the next key comes at a human pace."""
    gaps = [g for pair in zip(rolled, itertools.cycle(slow), strict=False) for g in pair]
    assert scans(decode(presses(text, gaps, enter_gap=enter_gap))) == []


# --- the decision itself ----------------------------------------------------------------------

TIMING = KeyboardTiming(min_length=4, max_gap=0.05, max_mean_gap=0.02)


@pytest.mark.parametrize(("times", "enter_at", "expected"), [
    ([0, 0.01, 0.02, 0.03], 0.04, Burst.SCAN),
    ([0, 0.01, 0.02], 0.03, Burst.TYPING),  # too short
    ([0, 0.01, 0.02, 0.03], None, Burst.CUT_SCAN),  # no Enter
    ([0, 0.01, 0.02, 0.03], 0.09, Burst.CUT_SCAN),  # Enter too late
    ([0, 0.01, 0.02, 0.03], 0.02, Burst.CUT_SCAN),  # Enter before the last key: clocks
    ([0, 0.01, 0.07, 0.08], 0.09, Burst.TYPING),  # one gap over max_gap
    ([0, 0.04, 0.08, 0.12], 0.13, Burst.TYPING),  # every gap allowed, the mean too slow
    ([0, 0.04, 0.08, 0.12], None, Burst.TYPING),
    ([0, 0.02, 0.01, 0.03], 0.04, Burst.TYPING),  # time going backwards
    ([0, 0.0, 0.0, 0.0], 0.0, Burst.SCAN),  # all in one report
    ([0, 0.05, 0.055, 0.06], 0.065, Burst.SCAN),  # gap at max_gap, mean 16 ms
])
def test_classify_burst(times, enter_at, expected):
    assert classify_burst(times, enter_at, TIMING) is expected


# --- key codes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "shift", "caps", "expected"), [
    (30, False, False, "a"), (30, True, False, "A"), (30, False, True, "A"),
    (30, True, True, "a"), (2, False, True, "1"), (2, True, False, "!"),
    (11, False, False, "0"), (12, True, False, "_"), (52, False, False, "."),
    (53, True, False, "?"), (43, False, False, "\\"), (41, True, False, "~"),
    (57, False, False, " "), (82, False, False, "0"), (98, False, False, "/"),
    (28, False, False, ENTER), (96, True, False, ENTER), (1, False, False, None),
    (59, False, False, None),
])
def test_key_char(code, shift, caps, expected):
    assert key_char(code, shift, caps) == expected


def test_key_codes_match_the_kernel_names():
    ecodes = pytest.importorskip("evdev.ecodes", reason="evdev is Linux-only")
    names = {"a": "KEY_A", "z": "KEY_Z", "q": "KEY_Q", "m": "KEY_M", "1": "KEY_1",
             "0": "KEY_0", "-": "KEY_MINUS", "=": "KEY_EQUAL", "[": "KEY_LEFTBRACE",
             "]": "KEY_RIGHTBRACE", ";": "KEY_SEMICOLON", "'": "KEY_APOSTROPHE",
             "`": "KEY_GRAVE", "\\": "KEY_BACKSLASH", ",": "KEY_COMMA", ".": "KEY_DOT",
             "/": "KEY_SLASH", " ": "KEY_SPACE"}
    for char, name in names.items():
        assert key_char(getattr(ecodes, name), shift=False) == char, name
    for digit in "0123456789":
        assert key_char(getattr(ecodes, f"KEY_KP{digit}"), shift=False) == digit
    assert key_char(ecodes.KEY_KPENTER, shift=False) == ENTER
