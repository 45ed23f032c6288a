"""The 18-character resident identity number (GB 11643) and its ISO 7064 MOD 11-2 check digit.

The social security number on the insurance card is this number. ``mask_id`` gives the form
patients see on screen: region prefix and last four kept, the rest starred.
"""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"\d{17}[\dX]", re.ASCII)


def check_digit(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def is_valid(number: str) -> bool:
    """True when ``number`` has the 18-character shape, a real birth date and the right check."""
    number = number.upper()
    if not _SHAPE.fullmatch(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_digit(number[:17]) == number[17]


def mask_id(number: str) -> str:
    """``990101199001010027 -> 9901**********0027``: what a patient may see on a kiosk screen."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """``林小平 -> 林**``, ``林平 -> 林*``: the family name stays, the given name is starred.

    Latin names keep their first letter: ``Lin Ping -> L*******``.
    """
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
