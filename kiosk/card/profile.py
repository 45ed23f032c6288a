"""The insurance card profile as pure functions over bytes: records, fields, checks.

Turns the raw records read from EF05 (issuer data) and EF06 (holder data) into a
``kiosk.domain.card.CardRecord``, or raises ``CardError`` with ``invalid_card_data`` or
``card_expired`` (the contract in ``shared/card-profile.md``). Today's date is injected.
No I/O, no logging: every function here is tested directly, including with random bytes
(any input ends in a record or a ``CardError``, never another exception).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from kiosk.domain import citizen_id
from kiosk.domain.card import CardError, CardErrorCode, CardRecord, Gender

# Tags by file, and the ones the kiosk actually uses (the reader stops once it has them).
EF05_TAGS = (0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07)
EF06_TAGS = (0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D)
EF05_NEEDED = frozenset({0x01, 0x02, 0x03, 0x05, 0x06, 0x07})
EF06_NEEDED = frozenset({0x08, 0x09, 0x0A, 0x0D})
REQUIRED_TAGS = frozenset({0x08, 0x09})

TAG_CARD_ID = 0x01
TAG_CARD_TYPE = 0x02
TAG_SPEC_VERSION = 0x03
TAG_INIT_ORG = 0x04
TAG_ISSUE_DATE = 0x05
TAG_EXPIRY_DATE = 0x06
TAG_CARD_NUMBER = 0x07
TAG_SSN = 0x08
TAG_NAME = 0x09
TAG_GENDER = 0x0A
TAG_ETHNICITY = 0x0B
TAG_BIRTHPLACE = 0x0C
TAG_BIRTH_DATE = 0x0D

_PADDING = b"\x00\x20\xff"


def _invalid(detail: str) -> CardError:
    return CardError(CardErrorCode.INVALID_CARD_DATA, detail)


def is_empty_record(record: bytes) -> bool:
    """An empty record (no bytes, or all ``00``/``FF``) is skipped."""
    return not record or all(b in (0x00, 0xFF) for b in record) or (
        len(record) >= 2 and record[1] == 0 and all(b in (0x00, 0xFF) for b in record[2:])
    )


def parse_record(record: bytes) -> tuple[int, bytes] | None:
    """One record is one TLV: ``tag, length, value``. ``None`` for an empty record.

    A record whose length byte runs past its end is malformed card data.
    """
    if is_empty_record(record):
        return None
    if len(record) < 2:
        raise _invalid("record shorter than a tag and a length")
    tag, length = record[0], record[1]
    if 2 + length > len(record):
        raise _invalid(f"record with tag {tag:02X} is truncated")
    return tag, bytes(record[2 : 2 + length])


def collect_fields(records: Iterable[bytes], known: Iterable[int]) -> dict[int, bytes]:
    """Dispatch records on the tag inside them; unknown tags are ignored, the first wins."""
    known_tags = frozenset(known)
    fields: dict[int, bytes] = {}
    for record in records:
        parsed = parse_record(record)
        if parsed is None:
            continue
        tag, value = parsed
        if tag in known_tags and tag not in fields:
            fields[tag] = value
    return fields


def bcd_digits(value: bytes) -> str:
    """Packed BCD to its decimal digits; any nibble above 9 is malformed data."""
    digits = []
    for byte in value:
        hi, lo = byte >> 4, byte & 0x0F
        if hi > 9 or lo > 9:
            raise _invalid("not a BCD value")
        digits.append(f"{hi}{lo}")
    return "".join(digits)


def bcd_date(value: bytes) -> date | None:
    """4 bytes BCD ``YYYYMMDD`` to a date; all zero (or empty) means no date."""
    if not value or all(b in (0x00, 0xFF) for b in value):
        return None
    if len(value) != 4:
        raise _invalid("a date is 4 bytes of BCD")
    digits = bcd_digits(value)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _invalid("not a calendar date") from None


def card_sn(card_id: bytes) -> str:
    """The card identification code as the profile reports it: 32 upper-case hex characters
    ("" when the card holds none, or one that is not 16 bytes)."""
    return card_id.hex().upper() if len(card_id) == 16 else ""


def region_code(card_id: bytes) -> str:
    """The issuing region: the first 3 bytes of the card identification code, BCD."""
    if len(card_id) < 3:
        raise _invalid("card identification code shorter than its region code")
    return bcd_digits(card_id[:3])


def decode_ascii(value: bytes) -> str:
    """An ASCII field with ``00``/space/``FF`` padding stripped."""
    stripped = value.strip(_PADDING)
    try:
        text = stripped.decode("ascii")
    except UnicodeDecodeError:
        raise _invalid("a text field is not ASCII") from None
    if not text.isprintable():
        raise _invalid("a text field holds control characters")
    return text


def decode_name(value: bytes) -> str:
    """The holder's name: GB 18030 (GBK would lose rare characters), padding stripped."""
    stripped = value.strip(_PADDING)
    try:
        name = stripped.decode("gb18030")
    except UnicodeDecodeError:
        raise _invalid("the name is not GB 18030 text") from None
    name = name.strip()
    if not name or not name.isprintable():
        raise _invalid("the name is empty or holds control characters")
    return name


def decode_gender(value: bytes) -> Gender | None:
    text = value.strip(_PADDING)
    if not text:
        return None
    if text == b"1":
        return Gender.MALE
    if text == b"2":
        return Gender.FEMALE
    raise _invalid("gender is neither 1 nor 2")


def decode_ssn(value: bytes) -> str:
    """The social security number: 18 ASCII characters with a valid GB 11643 check digit."""
    ssn = decode_ascii(value).upper()
    if not citizen_id.is_valid(ssn):
        raise _invalid("the social security number fails its GB 11643 check")
    return ssn


def build_record(
    issuer: Mapping[int, bytes], holder: Mapping[int, bytes], today: date
) -> CardRecord:
    """The card record from the fields of EF05 and EF06, after every check of the profile.

    Raises ``CardError``: ``invalid_card_data`` for missing or malformed fields, then
    ``card_expired`` when the expiry date is before ``today``.
    """
    missing = sorted(REQUIRED_TAGS - set(holder))
    if missing:
        raise _invalid("missing tag " + ", ".join(f"{t:02X}" for t in missing))
    ssn = decode_ssn(holder[TAG_SSN])
    name = decode_name(holder[TAG_NAME])
    record = CardRecord(
        ssn=ssn,
        name=name,
        gender=decode_gender(holder.get(TAG_GENDER, b"")),
        birth_date=bcd_date(holder.get(TAG_BIRTH_DATE, b"")),
        card_number=decode_ascii(issuer.get(TAG_CARD_NUMBER, b"")),
        region_code=region_code(issuer[TAG_CARD_ID]) if TAG_CARD_ID in issuer else "",
        issue_date=bcd_date(issuer.get(TAG_ISSUE_DATE, b"")),
        expiry_date=bcd_date(issuer.get(TAG_EXPIRY_DATE, b"")),
        spec_version=decode_ascii(issuer.get(TAG_SPEC_VERSION, b"")),
        card_type=decode_ascii(issuer.get(TAG_CARD_TYPE, b"")),
        card_sn=card_sn(issuer.get(TAG_CARD_ID, b"")),
    )
    if record.is_expired(today):
        raise CardError(CardErrorCode.CARD_EXPIRED, "expiry date is in the past")
    return record


def record_from_raw(
    ef05_records: Iterable[bytes], ef06_records: Iterable[bytes], today: date
) -> CardRecord:
    """Raw records of both files straight to a card record (or a ``CardError``)."""
    issuer = collect_fields(ef05_records, EF05_TAGS)
    holder = collect_fields(ef06_records, EF06_TAGS)
    return build_record(issuer, holder, today)


# --- the other direction, for the virtual card and the tests -------------------------------


def tlv(tag: int, value: bytes) -> bytes:
    if len(value) > 255:
        raise ValueError("a record value is at most 255 bytes")
    return bytes([tag, len(value)]) + value


def bcd_encode(digits: str) -> bytes:
    if len(digits) % 2 or not digits.isdigit():
        raise ValueError("need an even number of decimal digits")
    return bytes(int(digits[i : i + 2], 16) for i in range(0, len(digits), 2))


def bcd_encode_date(day: date) -> bytes:
    return bcd_encode(day.strftime("%Y%m%d"))


def encode_name(name: str, width: int = 30, pad: bytes = b"\x00") -> bytes:
    raw = name.encode("gb18030")
    if len(raw) > width:
        raise ValueError("name too long for its field")
    return raw + pad * (width - len(raw))
