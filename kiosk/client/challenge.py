"""The backend's card challenge as the client sees it (card authentication, profile 2), and
the card fields of a counter's link.

``parse_card_challenge`` checks the answer of ``POST /v1/card-challenges``: 16 random bytes
(sent as 32 hex characters) for the next card's INTERNAL AUTHENTICATE, and how many seconds
the backend keeps it (at most 60; the kiosk counts from before it asked, so its clock never
needs to agree with the backend's). Pure; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.client.models import ResponseShapeError, _root
from kiosk.domain.card import CardRecord

MAX_LIFETIME = 60


@dataclass(frozen=True, slots=True)
class CardChallenge:
    challenge: bytes  # 16 bytes
    expires_in_seconds: int

    def __repr__(self) -> str:  # single use, but still not for logs
        return f"CardChallenge(expires_in_seconds={self.expires_in_seconds})"


def parse_card_challenge(data: Any) -> CardChallenge:
    o = _root(data)
    text = o.str("challenge")
    try:
        challenge = bytes.fromhex(text)
    except ValueError:
        raise ResponseShapeError("$.challenge", "not hex") from None
    if len(challenge) != 16:
        raise ResponseShapeError("$.challenge", "not 16 bytes")
    lifetime = o.int("expires_in_seconds", minimum=1)
    return CardChallenge(challenge, min(lifetime, MAX_LIFETIME))


def link_card_fields(card: CardRecord) -> dict[str, Any]:
    """What a counter's link request adds about the patient's card, read with a challenge:
    its ssn (the backend checks it is the patient's), ``card_sn`` and the card's proof."""
    out: dict[str, Any] = {"card_ssn": card.ssn, "card_sn": card.card_sn or None}
    if card.proof is not None:
        out.update(card.proof.to_body())
    return out

