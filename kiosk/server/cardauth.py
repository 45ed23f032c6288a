"""Card authentication (profile 2) on the backend: challenges, the card authority, the policy.

A card proves it holds a key only the issuer can derive (``shared/card-profile.md``, "Card
authentication"): the backend hands out a random challenge (``issue``; single use, at most a
minute, bound to the caller that asked), the card answers ``SM4(K_card, challenge)`` with
``K_card = SM4(K_issuer, card_sn)``, and ``examine`` decides what the answer proves: nothing
wrong (``None``), ``card_not_authenticable`` (no cryptogram: an older card without the key)
or ``card_not_verified`` (a wrong cryptogram; an unknown, reused, expired or someone else's
challenge; a card other than the one the patient's record is bound to).

The policy (``Settings.card_authentication_required``, default on): credit needs an
authenticated card; a card that is not is served the traditional way with its reason
(``apply_policy``, pure); care is never refused. A patient's record is bound to the first
authenticated card seen for it (or the one the counter links), so a genuine card of one
person cannot open credit in another's name.

The card authority is an interface (``CardAuthority``): a deployment plugs in its own (a
regional security server); the reference one (``ReferenceAuthority``) holds the issuer key
from a file readable by the service only, and the test key is refused unless the
environment is demo or development. Any thread may call anything here; every decision is
made in the database (one conditional update consumes a challenge), never in memory, so it
holds across server processes.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select, update

from kiosk.domain.card import TEST_ISSUER_KEY
from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.config import Settings
from kiosk.server.context import Context, iso
from kiosk.server.errors import ApiError
from kiosk.server.models import CardProofIn

log = logging.getLogger(__name__)

TEST_KEY_ENVIRONMENTS = ("demo", "development")
# challenges this long past their expiry are deleted when a new one is issued
_PURGE_AFTER = timedelta(minutes=10)


class IssuerKeyError(ValueError):
    """The issuer key file is missing, unreadable, too open or holds a refused key."""


class CardAuthority(Protocol):
    """Verifies a card's answer to a challenge (a deployment's own authority plugs in here)."""

    def verify(self, card_sn: bytes, challenge: bytes, cryptogram: bytes) -> bool: ...


def _sm4(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


class ReferenceAuthority:
    """The issuer key in memory: ``K_card = SM4(K_issuer, card_sn)``, then compares
    ``SM4(K_card, challenge)`` with the card's answer in constant time."""

    def __init__(self, issuer_key: bytes) -> None:
        if len(issuer_key) != 16:
            raise IssuerKeyError("the issuer key is 16 bytes")
        self._key = issuer_key

    def verify(self, card_sn: bytes, challenge: bytes, cryptogram: bytes) -> bool:
        if len(card_sn) != 16 or len(challenge) != 16 or len(cryptogram) != 16:
            return False
        return hmac.compare_digest(_sm4(_sm4(self._key, card_sn), challenge), cryptogram)


def load_issuer_key(path: str | Path) -> bytes:
    """The 16-byte issuer key from ``path`` (raw bytes, or 32 hex characters), which must be
    a regular file that neither group nor others may read or write (0600 or stricter)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise IssuerKeyError(f"{path} is not a regular file")
        if info.st_mode & 0o077:
            raise IssuerKeyError(f"{path} is open to group or others: chmod 600 it")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise IssuerKeyError(f"cannot read the issuer key file: {exc.strerror}") from None
    text = raw.strip()
    if len(text) == 32:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    if len(raw) == 16:
        return raw
    raise IssuerKeyError(f"{path} holds neither 16 bytes nor 32 hex characters")


def authority_from_settings(settings: Settings) -> CardAuthority | None:
    """The reference authority for these settings. The test key (the configured file's, or
    the default when no file is configured) only in demo and development: production with
    the test key is refused (``IssuerKeyError``), production without a key file has no
    authority (no card is verified, so none opens credit while the policy is on)."""
    test_ok = settings.environment in TEST_KEY_ENVIRONMENTS
    if settings.card_issuer_key_file:
        key = load_issuer_key(settings.card_issuer_key_file)
        if key == TEST_ISSUER_KEY and not test_ok:
            raise IssuerKeyError("the test issuer key is refused outside demo and development")
        return ReferenceAuthority(key)
    if test_ok:
        return ReferenceAuthority(TEST_ISSUER_KEY)
    log.warning("no card issuer key file configured: no card can be authenticated")
    return None


def _hex16(text: str | None) -> bytes | None:
    if text is None or len(text) != 32:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def judge(*, cryptogram: str | None, challenge_fresh: bool, verified: bool
          ) -> Reason | None:
    """What a card's answer proves (pure): ``None`` when the card authenticated; no
    cryptogram is ``card_not_authenticable``; a cryptogram on a challenge that was not fresh,
    or that the authority does not verify, is ``card_not_verified``."""
    if cryptogram is None:
        return Reason.CARD_NOT_AUTHENTICABLE
    if not (challenge_fresh and verified):
        return Reason.CARD_NOT_VERIFIED
    return None


def apply_policy(answer: dict[str, Any], finding: Reason | None, required: bool
                 ) -> dict[str, Any]:
    """The eligibility answer under the policy (pure): with ``required`` and a card that did
    not authenticate, its reason joins the reasons and an eligible patient is served the
    traditional way (``not_eligible``: never refused care, only paying later)."""
    answer["card_authenticated"] = finding is None
    if required and finding is not None:
        answer["reasons"] = [*answer["reasons"], finding.value]
        if answer["decision"] == Decision.ELIGIBLE.value:
            answer["decision"] = Decision.NOT_ELIGIBLE.value
    return answer


def owner_of(who: Principal) -> str:
    """A challenge belongs to the kiosk token or the staff session that asked for it."""
    owner = who.token_hash or who.session_hash
    if owner is None:
        raise ValueError("a challenge needs a kiosk token or a staff session")
    return owner


class CardAuth:
    def __init__(self, ctx: Context, authority: CardAuthority | None = None) -> None:
        self.ctx = ctx
        self.authority = authority or authority_from_settings(ctx.settings)

    @property
    def required(self) -> bool:
        return bool(self.ctx.settings.card_authentication_required)

    def issue(self, who: Principal) -> dict[str, Any]:
        """A new challenge for ``who``: 16 random bytes as 32 upper-case hex, and its expiry."""
        now = self.ctx.now()
        challenge = secrets.token_hex(16).upper()
        expires = now + timedelta(seconds=self.ctx.settings.card_challenge_seconds)
        cc = t.card_challenges
        with self.ctx.db.write() as conn:
            conn.execute(cc.delete().where(cc.c.expires_at < now - _PURGE_AFTER))
            conn.execute(cc.insert().values(challenge=challenge, owner_hash=owner_of(who),
                                            created_at=now, expires_at=expires))
        return {"challenge": challenge, "expires_at": iso(expires),
                "expires_in_seconds": self.ctx.settings.card_challenge_seconds}

    def consume(self, who: Principal, challenge: str) -> bool:
        """Use ``challenge`` up: True only for a live challenge of ``who``'s, used the first
        time (one conditional update: two requests with one challenge never both win)."""
        cc, now = t.card_challenges, self.ctx.now()
        with self.ctx.db.write() as conn:
            used = conn.execute(update(cc).where(
                cc.c.challenge == challenge.upper(), cc.c.owner_hash == owner_of(who),
                cc.c.used_at.is_(None), cc.c.expires_at > now).values(used_at=now)).rowcount
        return bool(used == 1)

    def examine(self, who: Principal, card_sn: str | None, challenge: str | None,
                cryptogram: str | None) -> tuple[Reason | None, str | None]:
        """What the card's answer proves, before the patient is known: ``(finding,
        card_sn)``; the challenge is used up whatever the answer (``bind`` finishes it)."""
        fresh = challenge is not None and self.consume(who, challenge)
        sn, ch, cg = _hex16(card_sn), _hex16(challenge), _hex16(cryptogram)
        verified = bool(fresh and self.authority is not None and sn and ch and cg
                        and self.authority.verify(sn, ch, cg))
        finding = judge(cryptogram=cryptogram, challenge_fresh=fresh, verified=verified)
        return finding, (card_sn.upper() if sn is not None and card_sn else None)

    def bind(self, patient_id: int, finding: Reason | None, card_sn: str | None,
             bound: str | None) -> Reason | None:
        """The finding for this patient: an authenticated card that is not the one their
        record is bound to is ``card_not_verified``; the first authenticated card binds it.
        ``bound``: the record's ``card_sn`` as read with the eligibility answer (None: not
        bound then; the binding is conditional, so a card bound since still wins)."""
        if finding is not None or card_sn is None:
            return finding
        p = t.patients
        if bound is None:
            with self.ctx.db.write() as conn:
                conn.execute(update(p).where(p.c.patient_id == patient_id,
                                             p.c.card_sn.is_(None)).values(card_sn=card_sn))
                bound = conn.execute(select(p.c.card_sn).where(
                    p.c.patient_id == patient_id)).scalar()
        return None if bound == card_sn else Reason.CARD_NOT_VERIFIED

    def for_link(self, who: Principal, body: CardProofIn) -> str | None:
        """The counter's link: the patient's card must authenticate (policy on), else ``409``
        with the finding; returns the card's ``card_sn`` (the record is bound to it)."""
        card_sn = getattr(body, "card_sn", None)
        finding, sn = self.examine(who, card_sn, body.challenge, body.cryptogram)
        if finding is not None and self.required:
            raise ApiError(409, finding, "link needs the patient's card, authenticated",
                           {"reasons": [finding.value]})
        return sn if finding is None else None


def session_may_use_credit(ctx: Context, who: Principal) -> bool:
    """Whether a request may open credit under the policy: staff always (the counter checks
    the person), a kiosk only within a patient session whose card authenticated, or whose
    identity was proven another way (the insurer's voucher): ``Principal.patient_proven``,
    read with the token and the session on this very request (``Auth.authenticate``), so
    not read again."""
    if not ctx.settings.card_authentication_required or who.is_staff:
        return True
    return who.patient_session is not None and who.patient_proven
