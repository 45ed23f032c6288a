"""Money as integer fen (1 yuan = 100 fen): never a float anywhere in the product.

``Fen`` is a plain ``int`` subtype alias for readability; arithmetic stays integer. The
helpers here parse and format amounts and split a total by a ratio with explicit rounding,
so that the parts of any split always add up to the whole.
"""

from __future__ import annotations

import re
from fractions import Fraction

Fen = int

_YUAN_RE = re.compile(r"(?P<sign>-)?(?P<yuan>\d+)(?:\.(?P<frac>\d{1,2}))?", re.ASCII)


def yuan_to_fen(text: str) -> Fen:
    """Parse a decimal yuan amount such as ``"12.5"`` or ``"-3.07"`` into fen, exactly.

    Raises ``ValueError`` for anything that is not a plain amount with at most two decimals.
    """
    match = _YUAN_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a yuan amount: {text!r}")
    frac = (match["frac"] or "").ljust(2, "0")
    fen = int(match["yuan"]) * 100 + int(frac)
    return -fen if match["sign"] else fen


def format_yuan(fen: Fen, *, symbol: str = "¥") -> str:
    """Format fen as yuan with two decimals and thousands separators: ``123456 -> ¥1,234.56``."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError("money must be integer fen")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{symbol}{yuan:,}.{cents:02d}"


def apply_ratio(amount: Fen, ratio: Fraction | str) -> Fen:
    """``amount * ratio`` rounded half up to whole fen (the convention of settlement slips).

    ``ratio`` is a ``Fraction`` or a decimal string such as ``"0.85"``; floats are refused so
    that no binary rounding error can enter a money computation. ``amount`` must be integer
    fen. Halves round away from zero, so a negative amount (a reversal) mirrors the positive one.
    """
    if isinstance(ratio, float):
        raise TypeError("ratios must be Fraction or decimal strings, not float")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("money must be integer fen")
    exact = abs(Fraction(amount) * Fraction(ratio))
    floor = exact.numerator // exact.denominator
    rounded = floor + (1 if exact - floor >= Fraction(1, 2) else 0)
    return -rounded if amount * Fraction(ratio) < 0 else rounded
