"""The card read of the counter station, for rooms that may not import ``kiosk.card``.

``kiosk.counter`` may not import the card room directly; its composition
(``kiosk.counter.app``) injects ``read_counter_card`` into the counter's runner, the way the
kiosk's composition injects ``kiosk.card.read_insurance_card`` into ``kiosk.flow.runner``.

Threads: blocks for up to ``timeout`` seconds (PC/SC): worker threads only.
"""

from __future__ import annotations

from kiosk.card import read_insurance_card
from kiosk.domain.card import CardRecord

CARD_TIMEOUT = 6.0


def read_counter_card(timeout: float = CARD_TIMEOUT, challenge: bytes | None = None
                      ) -> CardRecord:
    """The record of the insurance card in the first reader holding one (with the card's
    proof when given a backend ``challenge``); raises ``kiosk.domain.card.CardError``."""
    return read_insurance_card(timeout=timeout, challenge=challenge)
