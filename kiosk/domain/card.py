"""The insurance card record and the card error codes: what a card read ends in.

A read ends in exactly one ``CardRecord`` or one ``CardError`` carrying a ``CardErrorCode``
(the contract in ``shared/card-profile.md``). Both are plain data so that the card layer,
the flow, the screens and the backend client agree on one vocabulary. A read made with a
backend challenge also carries the card's ``CardProof`` (profile 2, card authentication):
its cryptogram, or ``card_not_authenticable`` for a card without the key (still readable).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum


class CardErrorCode(StrEnum):
    NO_READER = "no_reader"
    READER_SERVICE_UNAVAILABLE = "reader_service_unavailable"
    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"
    CARD_UNRESPONSIVE = "card_unresponsive"
    UNSUPPORTED_CARD = "unsupported_card"
    SECURE_MODULE_REQUIRED = "secure_module_required"
    INVALID_CARD_DATA = "invalid_card_data"
    CARD_EXPIRED = "card_expired"


class CardError(Exception):
    """A card read that did not produce a record. ``code`` is the machine-readable reason.

    ``detail`` is for logs and developers (never personal data); patients see the message
    that ``kiosk.ui`` maps from ``code``.
    """

    def __init__(self, code: CardErrorCode | str, detail: str = "") -> None:
        self.code = CardErrorCode(code)
        self.detail = detail
        super().__init__(f"{self.code.value}: {detail}" if detail else self.code.value)

    # copy and pickle rebuild from (code, detail), not from the message
    def __reduce__(self) -> tuple[type[CardError], tuple[CardErrorCode, str]]:
        return (type(self), (self.code, self.detail))


# The card's answer to INTERNAL AUTHENTICATE says it holds no key (6D00/6A81): not a read
# error (the card is still readable), the backend's policy decides what it may do.
CARD_NOT_AUTHENTICABLE = "card_not_authenticable"
# The demo and test issuer key (``shared/card-profile.md`` test vectors): the virtual card's
# keys derive from it; a production backend refuses it.
TEST_ISSUER_KEY = b"KIOSK-TEST-KEY-1"


@dataclass(frozen=True, slots=True)
class CardProof:
    """The card's answer to one backend challenge (32 upper-case hex each): ``cryptogram``,
    or ``None`` with ``error`` ``card_not_authenticable``."""

    challenge: str
    cryptogram: str | None
    error: str | None = None

    def to_body(self) -> dict[str, str | None]:
        """The eligibility body's fields for this proof (``docs/api.md``)."""
        body: dict[str, str | None] = {"challenge": self.challenge,
                                       "cryptogram": self.cryptogram}
        if self.error:
            body["authentication_error"] = self.error
        return body


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class CardRecord:
    """The fields read from a social security card, by the profile's names.

    ``repr`` hides personal data so a record that ends up in a log line leaks nothing.
    """

    ssn: str
    name: str
    gender: Gender | None
    birth_date: date | None
    card_number: str
    region_code: str
    issue_date: date | None
    expiry_date: date | None
    spec_version: str
    card_type: str
    # the card identification code (EF05 tag 01), 32 upper-case hex: the card's own identity
    card_sn: str = ""
    # the card's answer to the challenge the read was given (None: read without one)
    proof: CardProof | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, str | None]:
        """The record as JSON-ready strings, dates in ISO ``YYYY-MM-DD`` (without the proof,
        which travels next to the record)."""
        out: dict[str, str | None] = {}
        for f in fields(self):
            if f.name == "proof":
                continue
            key, value = f.name, getattr(self, f.name)
            if isinstance(value, date):
                out[key] = value.isoformat()
            elif isinstance(value, Gender):
                out[key] = value.value
            else:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> CardRecord:
        def day(key: str) -> date | None:
            value = data.get(key)
            return date.fromisoformat(value) if value else None

        gender = data.get("gender")
        return cls(
            ssn=str(data["ssn"]),
            name=str(data["name"]),
            gender=Gender(gender) if gender else None,
            birth_date=day("birth_date"),
            card_number=str(data.get("card_number") or ""),
            region_code=str(data.get("region_code") or ""),
            issue_date=day("issue_date"),
            expiry_date=day("expiry_date"),
            spec_version=str(data.get("spec_version") or ""),
            card_type=str(data.get("card_type") or ""),
            card_sn=str(data.get("card_sn") or ""),
        )

    def is_expired(self, today: date) -> bool:
        return self.expiry_date is not None and self.expiry_date < today

    def __repr__(self) -> str:
        return f"CardRecord(region_code={self.region_code!r}, <personal data hidden>)"

    __str__ = __repr__
