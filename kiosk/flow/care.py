"""Care mode's pure rules: who is offered it (the patient's age from the card, on a date
passed in), and amounts in words for the voice ("一百二十三元五角", "one hundred twenty-three
yuan and fifty fen"). Pure; any thread.
"""

from __future__ import annotations

from datetime import date

CARE_OFFER_AGE = 65  # the age from which the kiosk offers care mode once

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_UNITS = ("", "十", "百", "千")
_EN_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")


def age_on(birth_date: date, today: date) -> int:
    """Full years between ``birth_date`` and ``today`` (a birthday counts on its day)."""
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def offers_care(birth_date: date | None, today: date | None) -> bool:
    """Whether a card's patient is offered care mode (65 or more on ``today``)."""
    if birth_date is None or today is None:
        return False
    return age_on(birth_date, today) >= CARE_OFFER_AGE


def _zh_below_10000(number: int) -> str:
    """1..9999 in Chinese numerals, zeros between digits spoken once (一千零五)."""
    digits = [int(d) for d in f"{number:04d}"]
    out: list[str] = []
    pending_zero = False
    for position, digit in enumerate(digits):
        unit = _ZH_UNITS[3 - position]
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_ZH_DIGITS[digit] + unit)
    return "".join(out)


def zh_number(number: int) -> str:
    """A whole number in spoken Chinese: 12 -> 十二, 105 -> 一百零五, 10050 -> 一万零五十."""
    if number < 0:
        raise ValueError("no negative amounts")
    if number == 0:
        return "零"
    parts: list[str] = []
    for value, unit in ((number // 100_000_000, "亿"), (number // 10_000 % 10_000, "万"),
                        (number % 10_000, "")):
        if value == 0:
            if parts and not parts[-1].endswith("零"):
                parts.append("零")
            continue
        if parts and value < 1000 and not parts[-1].endswith("零"):
            parts.append("零")
        parts.append(_zh_below_10000(value) + unit)
    text = "".join(parts).rstrip("零")
    return text[1:] if text.startswith("一十") else text


def yuan_zh(fen: int) -> str:
    """An amount in fen as spoken in Chinese: 12350 -> 一百二十三元五角, 5 -> 五分."""
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    text = f"{zh_number(yuan)}元" if yuan or not rest else ""
    if jiao:
        text += f"{_ZH_DIGITS[jiao]}角"
    elif cents and yuan:
        text += "零"
    if cents:
        text += f"{_ZH_DIGITS[cents]}分"
    return text


def en_number(number: int) -> str:
    """A whole number in English words: 123 -> one hundred twenty-three."""
    if number < 0:
        raise ValueError("no negative amounts")
    if number < 20:
        return _EN_ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"),
                       (100, "hundred")):
        if number >= size:
            head, rest = divmod(number, size)
            return f"{en_number(head)} {name}" + (f" {en_number(rest)}" if rest else "")
    raise AssertionError("unreachable")


def yuan_en(fen: int) -> str:
    """An amount in fen in English words: 12350 -> one hundred twenty-three yuan and fifty
    fen."""
    yuan, cents = divmod(fen, 100)
    if cents and not yuan:
        return f"{en_number(cents)} fen"
    text = f"{en_number(yuan)} yuan"
    return f"{text} and {en_number(cents)} fen" if cents else text


def yuan_words(fen: int, language: str) -> str:
    """The amount in words in ``language`` (``zh_CN`` or ``en``)."""
    return yuan_zh(fen) if language.startswith("zh") else yuan_en(fen)
