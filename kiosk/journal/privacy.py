"""The guard that keeps personal data out of the kiosk's local store.

Event details, event kinds, correlation ids and the outbox's opaque ids all pass through here.
Refused: anything that looks like an 18-character resident ID number (17 digits and a digit or
X, whether or not the check digit is right), any CJK ideograph (Chinese names, addresses), and
any key that names personal data (``name``, ``ssn``, ``card_number``...) whatever its value.
Details must be small JSON objects. Pure functions; ``PersonalDataError`` carries a
machine-readable ``code`` and a ``path`` saying where the offending value sits, never the value.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DETAIL_BYTES = 4096

_CITIZEN_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
# CJK unified ideographs with extensions A-G, compatibility ideographs.
_CJK = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f]"
)
PERSONAL_KEYS = frozenset(
    {
        "name", "full_name", "patient_name", "holder_name", "given_name", "family_name",
        "surname", "ssn", "id_number", "id_no", "idcard", "id_card", "citizen_id",
        "certno", "cert_no", "psn_cert_no", "psn_name", "card_number", "card_no", "cardno",
        "phone", "mobile", "address", "birth_date", "birthday", "dob",
    }
)  # fmt: skip


class PersonalDataError(ValueError):
    """A value that looks like personal data (or is not small, plain JSON) was refused."""

    def __init__(self, code: str, path: str) -> None:
        self.code = code
        self.path = path
        super().__init__(f"{code} at {path or '<root>'}")


def _normal_key(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "_", key.lower()).strip("_")


def check_text(text: str, path: str = "") -> None:
    """Refuse a string that contains an ID-number pattern or CJK characters."""
    if _CITIZEN_ID.search(text):
        raise PersonalDataError("citizen_id_pattern", path)
    if _CJK.search(text):
        raise PersonalDataError("cjk_text", path)


def check_detail(detail: Any, path: str = "") -> None:
    """Walk a JSON-like value and refuse personal data anywhere in it (keys included)."""
    if detail is None or isinstance(detail, bool):
        return
    if isinstance(detail, int):
        check_text(str(detail), path)  # an ID number stored as a number
        return
    if isinstance(detail, float):
        raise PersonalDataError("float_not_allowed", path)  # money is integer fen
    if isinstance(detail, str):
        check_text(detail, path)
        return
    if isinstance(detail, dict):
        for key, value in detail.items():
            if not isinstance(key, str):
                raise PersonalDataError("non_string_key", path)
            where = f"{path}.{key}" if path else key
            check_text(key, where)
            if _normal_key(key) in PERSONAL_KEYS:
                raise PersonalDataError("personal_field", where)
            check_detail(value, where)
        return
    if isinstance(detail, list | tuple):
        for index, value in enumerate(detail):
            check_detail(value, f"{path}[{index}]")
        return
    raise PersonalDataError("not_json", path)


def encode_detail(detail: dict[str, Any] | None) -> str | None:
    """Check ``detail`` and return it as compact JSON for storage (None stays None)."""
    if detail is None:
        return None
    if not isinstance(detail, dict):
        raise PersonalDataError("not_an_object", "")
    check_detail(detail)
    text = json.dumps(detail, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if len(text.encode()) > MAX_DETAIL_BYTES:
        raise PersonalDataError("too_large", "")
    return text


def check_opaque_id(value: str, field: str) -> str:
    """An opaque backend id: a short non-empty printable ASCII string that is not personal data."""
    if not isinstance(value, str) or not value or len(value) > 128:
        raise PersonalDataError("bad_opaque_id", field)
    if not value.isascii() or not value.isprintable():
        raise PersonalDataError("bad_opaque_id", field)
    check_text(value, field)
    return value
