"""Signed e-receipt links: what the receipt's QR code holds, and how anyone checks it.

A link is ``<public base url>/r/<payload>.<signature>``:

- ``payload`` is ``<settlement id>-<total fen>-<created, Unix seconds>``: the settlement, the
  medical fee total and when it was made; digits only, no leading zeros, nothing about the
  patient;
- ``signature`` is the Ed25519 signature over ``b"kiosk-receipt/v1\\n" + payload``, in
  unpadded base64url (86 characters).

``verify_token(token, public_key)`` / ``verify_link(url, public_key)`` are the verifier anyone
can run with the published public key (``GET /v1/receipts/public-key``, ``kiosk server receipts
verify URL``): they return the signed ``ReceiptClaim`` or ``None`` for a forged, altered or
malformed link. Pure but for the signature arithmetic; any thread.

``ReceiptSigner`` holds the server's private key: a PEM file readable by the service only
(0600), created on first use if missing (``kiosk server init-db`` and the server's start make
it so) at ``receipt_key_file``, by default next to the SQLite database or in the server's data
folder. It loads the key once, under a lock; any thread may call it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.domain.files import private_dir
from kiosk.server.config import Settings

DOMAIN = b"kiosk-receipt/v1\n"
KEY_FILE_NAME = "receipt-signing-key.pem"
_NUMBER = r"(0|[1-9][0-9]{0,15})"
TOKEN = re.compile(rf"^{_NUMBER}-{_NUMBER}-{_NUMBER}\.([A-Za-z0-9_-]{{86}})$")


@dataclass(frozen=True, slots=True)
class ReceiptClaim:
    """What a valid link's signature vouches for."""

    settlement_id: int
    medfee_sumamt_fen: int
    created_at: datetime  # UTC, whole seconds

    @property
    def payload(self) -> str:
        return f"{self.settlement_id}-{self.medfee_sumamt_fen}-{_epoch(self.created_at)}"


def _epoch(when: datetime) -> int:
    """A stored (naive UTC) or aware time as whole Unix seconds."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return int(aware.timestamp())


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes | None:
    """``text`` decoded, or None unless it is the one canonical encoding of its bytes (a
    second spelling of the same signature would be a second link for the same receipt)."""
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return data if b64url(data) == text else None


def sign_token(private_key: Ed25519PrivateKey, claim: ReceiptClaim) -> str:
    """The link's last path segment for ``claim``."""
    payload = claim.payload
    return f"{payload}.{b64url(private_key.sign(DOMAIN + payload.encode('ascii')))}"


def parse_token(token: str) -> tuple[ReceiptClaim, bytes] | None:
    """The claim and signature a token states (not yet checked), or None if malformed."""
    match = TOKEN.match(token)
    if match is None:
        return None
    signature = _unb64(match.group(4))
    if signature is None or len(signature) != 64:
        return None
    claim = ReceiptClaim(int(match.group(1)), int(match.group(2)),
                         datetime.fromtimestamp(int(match.group(3)), UTC))
    return claim, signature


def public_key_from(value: Ed25519PublicKey | bytes | str) -> Ed25519PublicKey:
    """A public key from the key itself, its 32 raw bytes, their base64url text (as
    ``GET /v1/receipts/public-key`` gives ``public_key``) or its PEM text."""
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, str) and value.lstrip().startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(value.encode("ascii"))
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    raw = value if isinstance(value, bytes) else _unb64(value.strip())
    if raw is None or len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_token(token: str, public_key: Ed25519PublicKey | bytes | str) -> ReceiptClaim | None:
    """The claim ``token`` carries if ``public_key``'s owner signed it, else None."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    claim, signature = parsed
    try:
        public_key_from(public_key).verify(signature, DOMAIN + claim.payload.encode("ascii"))
    except InvalidSignature:
        return None
    return claim


def token_of_link(link: str) -> str | None:
    """The token of a receipt link (``.../r/<token>``, query and fragment ignored), or None."""
    path = urlsplit(link.strip()).path
    _, sep, token = path.rpartition("/r/")
    return token if sep and "/" not in token else None


def verify_link(link: str, public_key: Ed25519PublicKey | bytes | str) -> ReceiptClaim | None:
    """``verify_token`` for a whole link, as scanned from a receipt."""
    token = token_of_link(link)
    return None if token is None else verify_token(token, public_key)


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint of the public key (the first 16 hex digits of SHA-256 of its raw
    bytes), to tell keys apart when one is replaced."""
    return hashlib.sha256(raw_public_key(public_key)).hexdigest()[:16]


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_json(public_key: Ed25519PublicKey) -> dict[str, str]:
    """How the public key is published (``GET /v1/receipts/public-key``)."""
    return {"algorithm": "Ed25519", "key_id": public_key_id(public_key),
            "public_key": b64url(raw_public_key(public_key)),
            "public_key_pem": public_key_pem(public_key)}


# ---- the server's key ---------------------------------------------------------------------


def receipt_key_path(settings: Settings) -> Path:
    """``receipt_key_file``; by default beside the SQLite database file, else (PostgreSQL, an
    in-memory database) in the server's data folder."""
    if settings.receipt_key_file:
        return Path(settings.receipt_key_file)
    url = settings.database_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///").split("?", 1)[0]).parent / KEY_FILE_NAME
    return Path(platformdirs.user_data_dir("kiosk-server", appauthor=False)) / KEY_FILE_NAME


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The private key in ``path`` (made 0600 if it was not); a new one written there 0600
    if there is none. Safe when several processes start at once: the file appears whole (a
    private temporary file hard-linked into place) and the first one wins."""
    if not path.exists():
        private_dir(path.parent, tighten=False)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):  # another process was first: use theirs
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


class ReceiptSigner:
    """Signs receipt links with the server's key (loaded or created on first use)."""

    def __init__(self, key_file: Path, base_url: str) -> None:
        self.key_file = key_file
        self.base_url = base_url.rstrip("/")
        self._key: Ed25519PrivateKey | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings) -> ReceiptSigner:
        return cls(receipt_key_path(settings), settings.public_base_url)

    def private_key(self) -> Ed25519PrivateKey:
        with self._lock:
            if self._key is None:
                self._key = load_or_create_key(self.key_file)
            return self._key

    def public_key(self) -> Ed25519PublicKey:
        return self.private_key().public_key()

    def link(self, settlement_id: int, medfee_sumamt_fen: int, created_at: datetime) -> str:
        claim = ReceiptClaim(settlement_id, medfee_sumamt_fen,
                             datetime.fromtimestamp(_epoch(created_at), UTC))
        return f"{self.base_url}/r/{sign_token(self.private_key(), claim)}"

    def verify(self, token: str) -> ReceiptClaim | None:
        return verify_token(token, self.public_key())

    def with_link(self, settlement: dict[str, Any]) -> dict[str, Any]:
        """``settlement`` (the API's JSON of one) with its signed ``receipt_url`` added."""
        created = datetime.fromisoformat(str(settlement["created_at"]).replace("Z", "+00:00"))
        settlement["receipt_url"] = self.link(int(settlement["settlement_id"]),
                                              int(settlement["split"]["medfee_sumamt_fen"]),
                                              created)
        return settlement
