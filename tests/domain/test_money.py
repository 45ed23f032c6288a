"""Money as integer fen: parsing, formatting and ratio rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.money import apply_ratio, format_yuan, yuan_to_fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [("12.5", 1250), ("12.50", 1250), ("12", 1200), ("0.07", 7), ("0", 0), ("-3.07", -307),
     ("-0.5", -50), (" 1.00 ", 100), ("1234567.89", 123456789), ("007.1", 710)],
)
def test_yuan_to_fen(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    "text",
    ["", " ", "1.234", "1.", ".5", "+1", "1,000.00", "¥1", "abc", "1e3", "nan", "--1", "1 .5",
     "１２", "١٢.٥", "12\n.5", "0x10"],
)
def test_yuan_to_fen_refuses(text):
    with pytest.raises(ValueError, match="not a yuan amount"):
        yuan_to_fen(text)


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "¥0.00"), (5, "¥0.05"), (100, "¥1.00"), (123456, "¥1,234.56"), (-307, "-¥3.07"),
     (100_000_000, "¥1,000,000.00")],
)
def test_format_yuan(fen, text):
    assert format_yuan(fen) == text


def test_format_yuan_symbol_and_types():
    assert format_yuan(1250, symbol="") == "12.50"
    assert format_yuan(1250, symbol="RMB ") == "RMB 12.50"
    for bad in (1.5, True, Decimal("1"), "100"):
        with pytest.raises(TypeError):
            format_yuan(bad)


@given(st.integers(-10**12, 10**12))
def test_format_then_parse_round_trips(fen):
    assert yuan_to_fen(format_yuan(fen, symbol="").replace(",", "")) == fen


@pytest.mark.parametrize(
    ("amount", "ratio", "expected"),
    [(100, "0.85", 85), (5, "0.5", 3), (5, "1/2", 3), (1, "0.5", 1), (1, "0.49", 0),
     (3, Fraction(1, 3), 1), (2, Fraction(1, 3), 1), (1, Fraction(1, 3), 0), (10204, "0.7", 7143),
     (0, "0.7", 0), (999, "0", 0), (999, "1", 999), (-5, "0.5", -3), (-1, "0.5", -1),
     (-2, Fraction(1, 3), -1), (5, "-0.5", -3), (7, 2, 14)],
)
def test_apply_ratio_rounds_half_away_from_zero(amount, ratio, expected):
    result = apply_ratio(amount, ratio)
    assert result == expected
    assert type(result) is int


def test_apply_ratio_refuses_floats_anywhere():
    with pytest.raises(TypeError):
        apply_ratio(100, 0.5)
    for amount in (1.5, 100.0, True, Decimal("1")):
        with pytest.raises(TypeError):
            apply_ratio(amount, "0.5")
    with pytest.raises(ValueError):
        apply_ratio(100, "half")


ratios = st.integers(1, 10_000).flatmap(lambda d: st.integers(0, d).map(lambda n: Fraction(n, d)))


@given(st.integers(-10**9, 10**9), ratios)
def test_apply_ratio_is_within_half_a_fen_and_symmetric(amount, ratio):
    result = apply_ratio(amount, ratio)
    exact = amount * ratio
    assert abs(result - exact) <= Fraction(1, 2)
    if abs(result - exact) == Fraction(1, 2):
        assert abs(result) > abs(exact)  # a half goes away from zero
    assert apply_ratio(-amount, ratio) == -result
    assert apply_ratio(amount, f"{ratio.numerator}/{ratio.denominator}") == result
