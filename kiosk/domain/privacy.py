"""What personal data looks like in free text, and the rule that takes it out of log lines.

The rooms log correlation ids, codes and counts, never a patient's data; ``scrub`` is the
second line of defence for the kiosk, the counter and the backend alike (the backend may
import only the domain, hence this module). It replaces, in this order:

- resident ID numbers: 18 characters (17 digits and a digit or X, check digit right or not,
  also written 6-8-4 with spaces or dashes) -> ``[id]``; any other run of 9 or more digits
  (15-digit old IDs, bank card numbers, account numbers) -> ``[number]``
- card numbers written in groups (``6222 0212 3456 7890``) -> ``[number]``;
  insurance card numbers, one to three capital letters and 7 or more digits -> ``[card]``
- phone numbers: mainland mobiles (``138 0013 8000``, ``+86 13800138000``), landlines with an
  area code (``0591-87654321``), international (``+44 20 7946 0958``) -> ``[phone]``
- e-mail addresses -> ``[email]``
- dates: ``1956-03-14``, ``1956/3/14``, ``1956.03.14``, ``1956年3月14日``, ``14.03.1956``,
  ``14/03/1956``, ``19560314`` and ``date(1956, 3, 14)`` -> ``[date]``
- the value after a key that names personal data (``name=...``, ``"patient_name": "..."``)
  -> ``[redacted]``
- Chinese text (any CJK ideograph run: names, addresses) -> ``[text]``
- Latin-script names: two to four capitalised words in a row (``Lin Xiuying``, ``John
  Smith``), or two to four words in capitals that are all pinyin (``LIN XIUYING``) -> ``[name]``

It errs on the side of removing too much: a log line that loses a harmless capitalised phrase
is cheaper than one that keeps a name. Timestamps that the log format adds are not part of the
message and stay. Pure functions; ``PersonalDataFilter`` applies ``scrub`` to log records.
"""

from __future__ import annotations

import logging
import re

# Keys whose value is personal data whatever it looks like (compared lower-case, "_" for
# any separator). The journal refuses them outright; the scrubber blanks their values.
PERSONAL_KEYS = frozenset(
    {
        "name", "full_name", "patient_name", "holder_name", "given_name", "family_name",
        "surname", "ssn", "id_number", "id_no", "idcard", "id_card", "citizen_id",
        "certno", "cert_no", "psn_cert_no", "psn_name", "card_number", "card_no", "cardno",
        "phone", "mobile", "tel", "email", "address", "birth_date", "birthday", "dob",
        "username", "password",
    }
)  # fmt: skip

_ALONE = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
# CJK unified ideographs with extensions A-G, compatibility ideographs.
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
CITIZEN_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")

# key=value, key: value, "key": "value", 'key': 'value'; an unquoted value runs to the next
# separator, spaces included ("name: Lin Xiuying, ...").
_KEYED = re.compile(
    r"(?P<key>[\"']?(?P<word>[A-Za-z][A-Za-z_-]{1,30})[\"']?[ \t]*[=:][ \t]*)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^,;)}\]\n&]+)"
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"date\(\s*\d{4},\s*\d{1,2},\s*\d{1,2}\s*\)"), "[date]"),
    (re.compile(_ALONE + r"\d{6}[ -]\d{8}[ -]\d{3}[0-9Xx]" + _END), "[id]"),
    (re.compile(_ALONE + r"\d{17}[0-9Xx]" + _END), "[id]"),
    (re.compile(r"(?<![0-9A-Za-z+])\+\d{1,3}(?:[ -]?\d){7,12}" + _END), "[phone]"),
    (re.compile(_ALONE + r"1[3-9]\d[ -]\d{4}[ -]\d{4}" + _END), "[phone]"),
    (re.compile(_ALONE + r"0\d{2,3}[ -]\d{7,8}" + _END), "[phone]"),
    (re.compile(_ALONE + r"\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?" + _END), "[number]"),
    (re.compile(_ALONE + r"(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日?)"
                r"(?![0-9])"), "[date]"),
    (re.compile(_ALONE + r"\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}" + _END), "[date]"),
    (re.compile(_ALONE + r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])" + _END),
     "[date]"),
    (re.compile(_ALONE + r"1[3-9]\d{9}" + _END), "[phone]"),
    (re.compile(_ALONE + r"\d{9,}" + _END), "[number]"),
    (re.compile(_ALONE + r"[A-Z]{1,3}\d{7,}" + _END), "[card]"),
    # bounded, and only from the start of a word: no quadratic scan of a long token
    (re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"), "[email]"),
)
# Two to four capitalised words (a capital, then lower-case letters), apostrophes and hyphens
# inside: "Lin Xiuying", "John O'Brien-Smith".
_NAME_WORD = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
_TITLE_NAME = re.compile(rf"(?<![\w.]){_NAME_WORD}(?:[ ]+{_NAME_WORD}){{1,3}}(?![\w])")
_CAPS_WORDS = re.compile(r"(?<![\w.])[A-Z]{2,}(?:[ ]+[A-Z]{2,}){1,3}(?!\w)")
_INITIALS = "zh|ch|sh|b|p|m|f|d|t|n|l|g|k|h|j|q|x|r|z|c|s|y|w"  # longest first
_FINALS = (
    "iang|iong|uang|ueng|ang|eng|ong|iao|ian|ing|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|"
    "in|ua|uo|ui|un|ve|vn|ue|a|o|e|i|u|v"
)
_PINYIN = re.compile(f"(?:(?:{_INITIALS})?(?:{_FINALS}))+")


def _normal_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "_", key.lower()).strip("_")


def is_pinyin(word: str) -> bool:
    """True when ``word`` (any case) splits into Mandarin pinyin syllables without tones."""
    return bool(_PINYIN.fullmatch(word.lower()))


def _keyed(match: re.Match[str]) -> str:
    if _normal_key(match.group("word")) not in PERSONAL_KEYS:
        return match.group(0)
    return match.group("key") + "[redacted]"


def _caps_name(match: re.Match[str]) -> str:
    words = match.group(0).split()
    return "[name]" if all(is_pinyin(word) for word in words) else match.group(0)


def scrub(text: str) -> str:
    """``text`` with everything that looks like personal data replaced by a placeholder."""
    text = _KEYED.sub(_keyed, text)
    for pattern, placeholder in _RULES:
        text = pattern.sub(placeholder, text)
    text = CJK.sub("[text]", text)
    text = _TITLE_NAME.sub("[name]", text)
    return _CAPS_WORDS.sub(_caps_name, text)


class PersonalDataFilter(logging.Filter):
    """Rewrites a record's message, exception text and stack through ``scrub``.

    Put it on handlers (not loggers), so records that propagate from any logger pass it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
