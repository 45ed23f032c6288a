"""Demo patients' cards read in-process: the virtual card's applet (``kiosk.card.virtual``)
answers the real reading sequence, INTERNAL AUTHENTICATE included, without a reader.

For tests, benchmarks and tools that inject a card reader into the runner instead of using
PC/SC: ``demo_card_read(key, challenge)`` is what that demo patient's card reads as, with its
proof when given a challenge (the key derived from the demo issuer key, as on the vpcd
stack); ``authenticated_demo_record(client, key)`` also fetches the challenge first, for
callers that ask the backend directly. Blocking only in ``authenticated_demo_record`` (one
backend call); any thread.
"""

from __future__ import annotations

from datetime import date

from kiosk.card.reader import read_card_files, record_from_files
from kiosk.card.transport import exchange
from kiosk.card.virtual import CardApplet, CardBehaviour, behaviour_for_demo, card_data_for_demo
from kiosk.client.api import BackendClient
from kiosk.domain.card import CardRecord


def demo_card_read(key: str, challenge: bytes | None = None, *, today: date | None = None,
                   behaviour: CardBehaviour | None = None) -> CardRecord:
    """The record demo patient ``key``'s card reads as (raises ``CardError`` as a read
    would); with ``challenge`` the record carries the card's proof."""
    applet = CardApplet(card_data_for_demo(key), behaviour_for_demo(key, behaviour))
    files = read_card_files(
        lambda command, fetch_more: exchange(applet.process, command, fetch_more), challenge)
    return record_from_files(files, today or date.today())


def authenticated_demo_record(client: BackendClient, key: str) -> CardRecord:
    """Demo patient ``key``'s card read with a fresh challenge from ``client``'s backend."""
    return demo_card_read(key, client.card_challenge().challenge)
