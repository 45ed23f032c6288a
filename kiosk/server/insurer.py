"""The medical insurer's interface, as a real deployment implements it, and the reference
insurer that stands in for it on demo machines and in tests.

``InsurerQuery`` is modelled on the national platform's person query (NHSA 1101) and its
cross-province filing (备案) look-up:

* ``person_query(cert_type, cert_no, card_sn=None)``: the person behind a certificate.
  ``cert_type`` is ``"01"`` (an e-insurance voucher token, 医保电子凭证: the opaque text of
  the patient's QR code), ``"02"`` (a citizen ID number) or ``"03"`` (a social security card
  number, with the card's ``card_sn``). The answer is the person number (``psn_no``), name,
  ID number, insured place (``insuplc_admdvs``), insurance type and whether the insurance is
  active. A voucher the insurer refuses raises ``VoucherRefused`` with its reason
  (``voucher_expired``, ``voucher_forged``, ``voucher_reused``); an insurer that cannot be
  reached raises ``InsurerUnavailable``.
* ``filing_status(person, treatment_admdvs)``: whether the person filed for direct settlement
  of treatment at that place (asked for cross-province patients only).

The voucher token is never an identity and never logged or stored: the person number that
comes back is. ``ReferenceInsurer`` issues signed tokens (``issue_voucher``: HMAC-SHA256
over a random id and the expiry, two minutes, single use; the ids it issued and their use in
``ref_vouchers``) and resolves them in that order of checks: a token that does not parse or
whose signature is wrong is forged, then one past its expiry is expired, then one already
resolved is reused. Its people are ``ref_insured`` rows; a person without a row (one the
hospital's demo data knows) is insured where the hospital is, with a person number derived
from the ID number (kept in a row once a voucher is issued for them).

Every method may be called from any thread; each reference call uses its own transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.db import Database

CertType = Literal["01", "02", "03"]
VOUCHER_SECONDS = 120
_PREFIX = "NHSAQR1."
_ID_BYTES, _MAC_BYTES = 16, 32
_KEY_NAME = "voucher-hmac"
# the key the insurer's own tests and docs sign with: refused outside demo and development
TEST_KEY = b"kiosk-reference-insurer-test-key-0000"


class VoucherRefused(Exception):
    """The insurer refused an e-voucher token; ``reason`` says why (no token in the text)."""

    def __init__(self, reason: Reason) -> None:
        self.reason = reason
        super().__init__(reason.value)


class InsurerUnavailable(Exception):
    """The insurer could not be reached or did not answer in time."""


@dataclass(frozen=True, slots=True)
class InsuredPerson:
    """The person query's answer (1101 ``baseinfo`` and ``insuinfo``, the fields we use)."""

    psn_no: str
    psn_name: str
    certno: str  # the citizen ID number
    insuplc_admdvs: str  # the insured place, 6 digits
    insutype: str  # "310" employee, "390" resident
    active: bool


class InsurerQuery(Protocol):
    def person_query(self, cert_type: CertType, cert_no: str,
                     card_sn: str | None = None) -> InsuredPerson | None: ...

    def filing_status(self, person: InsuredPerson, treatment_admdvs: str) -> bool: ...


def filing_covers(filed_admdvs: str | None, treatment_admdvs: str) -> bool:
    """Whether a filing for ``filed_admdvs`` covers treatment at ``treatment_admdvs``: a
    province code (``XX0000``) covers the province, a city code (``XXXX00``) the city, any
    other code that one place."""
    if not filed_admdvs:
        return False
    if filed_admdvs.endswith("0000"):
        return treatment_admdvs[:2] == filed_admdvs[:2]
    if filed_admdvs.endswith("00"):
        return treatment_admdvs[:4] == filed_admdvs[:4]
    return treatment_admdvs == filed_admdvs


def sign_voucher(key: bytes, token_id: bytes, expires_at: datetime) -> str:
    """The token text for ``token_id`` expiring at ``expires_at`` (naive UTC)."""
    body = token_id + struct.pack(">Q", int(expires_at.replace(tzinfo=UTC).timestamp()))
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return _PREFIX + base64.urlsafe_b64encode(body + mac).decode().rstrip("=")


def open_voucher(key: bytes, token: str) -> tuple[str, datetime]:
    """The token's id (hex) and expiry (naive UTC), or ``VoucherRefused(forged)`` when the
    text is not a token this key signed. Pure: no clock, no store."""
    forged = VoucherRefused(Reason.VOUCHER_FORGED)
    if not token.startswith(_PREFIX):
        raise forged
    text = token[len(_PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise forged from None
    if len(raw) != _ID_BYTES + 8 + _MAC_BYTES:
        raise forged
    body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()):
        raise forged
    (seconds,) = struct.unpack(">Q", body[_ID_BYTES:])
    return body[:_ID_BYTES].hex(), datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def key_from_file(path: str | Path, *, production: bool) -> bytes:
    """The signing key in ``path``: at least 32 bytes, readable by its owner only (mode 0600
    or stricter); the well-known test key is refused in production."""
    info = os.stat(path)
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ValueError("the insurer key file must be mode 0600 (no group or other access)")
    key = Path(path).read_bytes().strip()
    if len(key) < 32:
        raise ValueError("the insurer key file must hold at least 32 bytes")
    if production and key == TEST_KEY:
        raise ValueError("the insurer's test key is refused in production")
    return key


def deployment_key(db: Database, now: datetime) -> bytes:
    """This deployment's random key, made by the first process that asks."""
    with db.read() as conn:
        found = conn.execute(select(t.ref_insurer_keys.c.key_hex).where(
            t.ref_insurer_keys.c.name == _KEY_NAME)).scalar()
    if found is None:
        try:
            with db.write() as conn:
                conn.execute(t.ref_insurer_keys.insert().values(
                    name=_KEY_NAME, key_hex=secrets.token_hex(32), created_at=now))
        except IntegrityError:
            pass  # another process made it first: read theirs
        with db.read() as conn:
            found = conn.execute(select(t.ref_insurer_keys.c.key_hex).where(
                t.ref_insurer_keys.c.name == _KEY_NAME)).scalar_one()
    return bytes.fromhex(found)


def derived_psn_no(certno: str) -> str:
    """The reference insurer's person number for someone it has no row for (not the ID)."""
    return "99" + hashlib.sha256(b"psn:" + certno.encode()).hexdigest()[:18].upper()


def _of_ssn(column: Any) -> Any:
    return select(column).where(column.table.c.ssn == bindparam("ssn")).scalar_subquery()


# what the reference insurer knows of an ID number (each None where it has no row), in one
# statement: eligibility asks it on every card
_PERSON_BY_SSN = select(
    _of_ssn(t.ref_insured.c.psn_no).label("psn_no"),
    _of_ssn(t.ref_insured.c.insuplc_admdvs).label("insuplc_admdvs"),
    _of_ssn(t.patients.c.name).label("name"),
    _of_ssn(t.patients.c.insurance_type).label("insurance_type"),
    _of_ssn(t.ref_people.c.insurance_active).label("active"))


class ReferenceInsurer:
    """The insurer of demo machines and tests, over its own tables (see the module doc).

    ``home_admdvs``: the insured place of people it has no ``ref_insured`` row for (the
    hospital's own); ``clock`` gives the time (aware); ``key`` signs the vouchers (None: this
    deployment's key from ``deployment_key``, fetched on first use)."""

    def __init__(self, db: Database, key: bytes | None, home_admdvs: str,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self._key = key
        self.home_admdvs = home_admdvs
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = deployment_key(self.db, self._now())
        return self._key

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC).replace(tzinfo=None)

    def _person_by_ssn(self, ssn: str) -> InsuredPerson | None:
        p = self.db.query(_PERSON_BY_SSN, {"ssn": ssn})[0]
        if p.psn_no is None and p.name is None and p.active is None:
            return None
        return InsuredPerson(
            psn_no=p.psn_no or derived_psn_no(ssn), psn_name=p.name or "", certno=ssn,
            insuplc_admdvs=p.insuplc_admdvs or self.home_admdvs,
            insutype=p.insurance_type or "390",
            active=True if p.active is None else bool(p.active))

    def _ssn_of_psn(self, psn_no: str) -> str | None:
        with self.db.read() as conn:
            ssn = conn.execute(select(t.ref_insured.c.ssn).where(
                t.ref_insured.c.psn_no == psn_no)).scalar()
        return None if ssn is None else str(ssn)

    def person_query(self, cert_type: CertType, cert_no: str,
                     card_sn: str | None = None) -> InsuredPerson | None:
        if cert_type == "01":
            return self._resolve_voucher(cert_no)
        if cert_type in ("02", "03"):
            return self._person_by_ssn(cert_no.upper())
        raise ValueError(f"unknown certificate type {cert_type!r}")

    def filing_status(self, person: InsuredPerson, treatment_admdvs: str) -> bool:
        with self.db.read() as conn:
            filed = conn.execute(select(t.ref_insured.c.filed_admdvs).where(
                t.ref_insured.c.psn_no == person.psn_no)).scalar()
        return filing_covers(filed, treatment_admdvs)

    # ---- the e-voucher ---------------------------------------------------------------------
    def issue_voucher(self, ssn: str) -> tuple[str, datetime]:
        """A fresh token for the person with ``ssn`` (demo machines and tests: the phone
        app's QR code) and its expiry (naive UTC). Raises ``LookupError`` for nobody."""
        person = self._person_by_ssn(ssn)
        if person is None:
            raise LookupError("no such person")
        now = self._now()
        token_id, expires_at = secrets.token_bytes(_ID_BYTES), now + timedelta(
            seconds=VOUCHER_SECONDS)
        with self.db.write() as conn:
            if conn.execute(select(t.ref_insured.c.ssn).where(
                    t.ref_insured.c.ssn == ssn)).first() is None:
                # the person number the token resolves to, kept from now on
                conn.execute(t.ref_insured.insert().values(
                    ssn=ssn, psn_no=person.psn_no, insuplc_admdvs=person.insuplc_admdvs))
            conn.execute(t.ref_vouchers.insert().values(
                token_id=token_id.hex(), psn_no=person.psn_no, issued_at=now,
                expires_at=expires_at.replace(microsecond=0)))
            # a token a day past its expiry can only ever be refused as expired (its
            # signature says so): its row is no longer needed
            conn.execute(delete(t.ref_vouchers).where(
                t.ref_vouchers.c.expires_at < now - timedelta(days=1)))
        return sign_voucher(self.key, token_id, expires_at), expires_at.replace(microsecond=0)

    def _resolve_voucher(self, token: str) -> InsuredPerson | None:
        token_id, expires_at = open_voucher(self.key, token)
        now = self._now()
        if now >= expires_at:
            raise VoucherRefused(Reason.VOUCHER_EXPIRED)
        with self.db.write() as conn:
            psn_no = conn.execute(select(t.ref_vouchers.c.psn_no).where(
                t.ref_vouchers.c.token_id == token_id)).scalar()
            if psn_no is None:  # signed with our key, never issued: treat as forged
                raise VoucherRefused(Reason.VOUCHER_FORGED)
            claimed = conn.execute(update(t.ref_vouchers).where(
                t.ref_vouchers.c.token_id == token_id, t.ref_vouchers.c.used_at.is_(None))
                .values(used_at=now)).rowcount
        if claimed != 1:
            raise VoucherRefused(Reason.VOUCHER_REUSED)
        ssn = self._ssn_of_psn(psn_no)
        return None if ssn is None else self._person_by_ssn(ssn)
