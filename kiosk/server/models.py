"""The request bodies the API accepts: strict pydantic models (extra fields forbidden, integers
strict, strings bounded and free of control characters), so malformed input is refused with
``422 validation_error`` before any service code runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kiosk.domain.citizen_id import is_valid

MAX_FEN = 100_000_000  # one million yuan: more than any outpatient line
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def text(max_length: int, min_length: int = 1, pattern: str = _NO_CONTROL) -> object:
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern)


Fen = Annotated[int, Field(strict=True, ge=0, le=MAX_FEN)]
# the check digit "x" is the same person as "X": stored and compared upper-case
Ssn = Annotated[str, text(18, 18, r"^\d{17}[\dXx]$"), AfterValidator(str.upper)]
CardNumber = Annotated[str, text(20, 1, r"^[A-Za-z0-9]+$")]
DeptCode = Annotated[str, text(16, 1, r"^[A-Za-z0-9_-]+$")]
Reason500 = Annotated[str, text(500)]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_text(value: object) -> object:
    """A card date is a ``YYYY-MM-DD`` string: never a number (pydantic would read ``0``
    as 1970-01-01), a timestamp string or a date-time."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a date is a string YYYY-MM-DD")
    return value


CardDate = Annotated[date, BeforeValidator(_date_text)]


def _valid_ssn(value: str) -> str:
    if not is_valid(value):
        raise ValueError("not a valid 18-character citizen ID (check digit or date)")
    return value.upper()


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CardIn(Model):
    """``CardRecord.to_dict()``: ssn and card number required, the rest optional."""

    ssn: Ssn
    card_number: CardNumber
    name: Annotated[str, text(64, 0)] | None = None
    gender: Literal["male", "female"] | None = None
    birth_date: CardDate | None = None
    region_code: Annotated[str, text(6, 0, r"^(\d{6})?$")] | None = None
    issue_date: CardDate | None = None
    expiry_date: CardDate | None = None
    spec_version: Annotated[str, text(16, 0)] | None = None
    card_type: Annotated[str, text(16, 0)] | None = None
    card_sn: Annotated[str, text(32, 0, r"^([0-9A-Fa-f]{32})?$")] | None = None


Hex16 = Annotated[str, text(32, 32, r"^[0-9A-Fa-f]{32}$")]


class CardProofIn(Model):
    """The card's answer to a backend challenge (card authentication, profile 2): the
    challenge and the cryptogram, or no cryptogram with ``authentication_error``."""

    challenge: Hex16 | None = None
    cryptogram: Hex16 | None = None
    authentication_error: Literal["card_not_authenticable"] | None = None


class EligibilityIn(CardProofIn):
    card: CardIn


class StaffLoginIn(Model):
    username: Annotated[str, text(64)]
    password: Annotated[str, text(256, 1, r"^[^\x00]*$")]


class QueueIn(Model):
    queue_length: Annotated[int, Field(strict=True, ge=0, le=10_000)]


class CheckInIn(Model):
    patient_id: Annotated[int, Field(strict=True, ge=1, le=2**53)]
    department_code: DeptCode
    mode: Literal["credit", "counter"] = "credit"


class ChargeIn(Model):
    item_code: Annotated[str, text(32)]
    name: Annotated[str, text(128)]
    category: Literal["consultation", "drug", "lab", "imaging", "procedure"]
    insurance_class: Literal["A", "B", "C"]
    unit_price_fen: Fen
    quantity: Annotated[int, Field(strict=True, ge=1, le=1000)]
    performing_department_code: DeptCode | None = None
    his_order_id: Annotated[str, text(64)] | None = None


class SettleIn(Model):
    expected_medfee_sumamt_fen: Annotated[int, Field(strict=True, ge=0, le=10**12)]
    expected_psn_cash_pay_fen: Annotated[int, Field(strict=True, ge=0, le=10**12)]
    channel: Literal["linked_method", "counter"] = "linked_method"
    # the pre-settlement's ``bill.digest``: settle only that exact bill (fee details and
    # split), else ``409 amount_changed``; a precondition, not part of the key's request
    bill_digest: Annotated[str, text(64, 64, r"^[0-9a-f]{64}$")] | None = None


class ReasonIn(Model):
    reason: Reason500


class PatientCreateIn(Model):
    card: CardIn
    insurance_type: Literal["310", "390"]

    @field_validator("card")
    @classmethod
    def _card_ssn_is_valid(cls, card: CardIn) -> CardIn:
        _valid_ssn(card.ssn)
        return card


class PatientSearchIn(Model):
    ssn: Ssn


MAX_SIGNATURE_PNG_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MAX_SIGNATURE_BASE64 = 4 * -(-MAX_SIGNATURE_PNG_BYTES // 3)


class ConsentIn(Model):
    """The signed consent. ``signature_png_base64`` (the counter sends it): the signature
    image, at most 512 KiB decoded, a PNG; the backend keeps its sha256. ``signature_sha256``
    alone is accepted from integrations that archive the image themselves; given with the
    image it must be the image's hash. After validation ``signature_sha256`` holds the
    (lower-case) hash either way."""

    text: Annotated[str, text(10_000, 1, r"^[^\x00]*$")]
    signature_png_base64: Annotated[str, StringConstraints(
        min_length=1, max_length=_MAX_SIGNATURE_BASE64)] | None = None
    signature_sha256: Annotated[str, text(64, 64, r"^[0-9a-fA-F]{64}$")] | None = None
    signed_at: AwareDatetime

    @model_validator(mode="after")
    def _signature(self) -> ConsentIn:
        given = self.signature_sha256.lower() if self.signature_sha256 else None
        if self.signature_png_base64 is None:
            if given is None:
                raise ValueError("send signature_png_base64 (or signature_sha256)")
            self.signature_sha256 = given
            return self
        try:
            png = base64.b64decode(self.signature_png_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("signature_png_base64 is not valid base64") from None
        if len(png) > MAX_SIGNATURE_PNG_BYTES:
            raise ValueError("the signature image is larger than 512 KiB")
        if not png.startswith(PNG_MAGIC):
            raise ValueError("the signature image is not a PNG")
        digest = hashlib.sha256(png).hexdigest()
        if given is not None and given != digest:
            raise ValueError("signature_sha256 is not the hash of the signature image")
        self.signature_sha256 = digest
        return self

    @field_validator("signed_at")
    @classmethod
    def _plausible_time(cls, value: datetime) -> datetime:
        if not 2000 <= value.year <= 2999:
            raise ValueError("signed_at must lie in the years 2000..2999")
        return value


class PaymentMethodIn(Model):
    type: Literal["bank_card", "wechat", "alipay"]
    reference: Annotated[str, text(64)]


class LinkIn(CardProofIn):
    """A link: the identity checked, the signed consent, the payment method, and the
    patient's card authenticated at the counter (``card_sn`` with the proof fields)."""

    identity_verified: Literal[True]
    consent: ConsentIn
    payment_method: PaymentMethodIn
    card_sn: Annotated[str, text(32, 32, r"^[0-9A-Fa-f]{32}$")] | None = None
    card_ssn: Ssn | None = None  # the card's holder: must be the patient linked


class DebtPaymentIn(Model):
    channel: Literal["cash", "card", "wechat", "alipay"]
    amount_fen: Annotated[int, Field(strict=True, ge=1, le=10**12)]


class HeartbeatIn(Model):
    """A kiosk's heartbeat (``kiosk.flow.heartbeat`` builds it): versions, device states,
    counts and an error code, never personal data."""

    version: Annotated[str, text(32, 1, r"^[A-Za-z0-9._+-]+$")]
    reader_state: Literal["ok", "no_reader", "fault"]
    printer_state: Literal["ok", "offline", "fault", "none"]
    paper: Literal["ok", "low", "out", "unknown"]
    # the QR scanner: "none" when none is fitted; absent from kiosks that do not say
    scanner_state: Literal["ok", "no_scanner", "fault", "none"] | None = None
    outbox_depth: Annotated[int, Field(strict=True, ge=0, le=100_000)]
    last_error_code: Annotated[str, text(48, 1, r"^[a-z0-9_.:-]+$")] | None = None
    uptime_seconds: Annotated[int, Field(strict=True, ge=0, le=10**10)]
