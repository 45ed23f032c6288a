"""APDU builders and the T=0 response rules (61xx, 6Cxx, broken answers), without PC/SC."""

from __future__ import annotations

import pytest

from kiosk.card import apdu as A
from kiosk.card.transport import BrokenResponse, exchange
from kiosk.card.virtual import CardApplet, CardBehaviour, CardData


def test_select_df_is_the_profile_bytes():
    assert A.select_df().hex(" ").upper() == (
        "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF"
    )


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (A.select_ef(A.EF05), "00A4020002EF05"),
        (A.select_ef(A.EF05, 0x00), "00A4000002EF05"),
        (A.select_ef(A.EF06), "00A4020002EF06"),
        (A.read_record(1), "00B2010400"),
        (A.read_record(7, 0x20), "00B2070420"),
        (A.read_record_by_id(0x09), "00B2090000"),
        (A.read_record_sfi(3, 5), "00B2032C00"),
        (A.read_record_sfi(1, 6), "00B2013400"),
        (A.get_response(0x10), "00C0000010"),
        (A.get_response(0x00), "00C0000000"),
    ],
)
def test_builders(command, expected):
    assert command.hex().upper() == expected


def test_with_le_replaces_or_appends():
    assert A.with_le(A.read_record(2), 0x12).hex() == "00b2020412"
    assert A.with_le(bytes.fromhex("00A4020002EF05"), 0x20).hex() == "00a4020002ef0520"
    assert A.with_le(bytes.fromhex("00A4020002EF0500"), 0x20).hex() == "00a4020002ef0520"
    assert A.with_le(bytes.fromhex("00840000"), 8).hex() == "0084000008"
    with pytest.raises(ValueError):
        A.with_le(b"\x00\xb2", 1)


def test_split_response():
    assert A.split_response(b"\x90") is None
    assert A.split_response(b"") is None
    r = A.split_response(b"\x01\x02\x61\x10")
    assert r == A.Response(b"\x01\x02", 0x6110)
    assert r.more_data and not r.ok and r.sw2 == 0x10 and r.select_ok
    assert "01" not in repr(r)  # data never shown


class RecordingCard:
    """An in-process card (the real applet) that records the commands it was sent."""

    def __init__(self, behaviour: CardBehaviour, answers: dict[int, bytes] | None = None):
        self.applet = CardApplet(CardData(), behaviour)
        self.sent: list[bytes] = []
        self.answers = answers or {}

    def __call__(self, command: bytes) -> bytes:
        self.sent.append(command)
        if len(self.sent) - 1 in self.answers:
            return self.answers[len(self.sent) - 1]
        return self.applet.process(command)


def _select_ef05(card):
    assert exchange(card, A.select_df(), False).select_ok
    assert exchange(card, A.select_ef(A.EF05), False).ok


def test_get_response_loop_appends_the_chunks():
    card = RecordingCard(CardBehaviour(chaining=8))
    _select_ef05(card)
    response = exchange(card, A.read_record(1))
    assert response.ok
    assert response.data[:2] == b"\x01\x10" and len(response.data) == 18
    # 61 08 -> three GET RESPONSE rounds of 8 bytes for 18 bytes
    assert [c[1] for c in card.sent[2:]] == [0xB2, 0xC0, 0xC0, 0xC0]
    assert card.sent[3] == A.get_response(0x08)


def test_6100_asks_for_256_bytes():
    card = RecordingCard(CardBehaviour(), answers={0: b"\x61\x00", 1: bytes(256) + b"\x90\x00"})
    response = exchange(card, A.read_record(1))
    assert card.sent[1] == A.get_response(0)
    assert response.ok and len(response.data) == 256


def test_get_response_loop_is_capped_at_8():
    endless = {i: b"\x01\x61\x01" for i in range(1, 20)}
    card = RecordingCard(CardBehaviour(), answers={0: b"\x61\x01", **endless})
    with pytest.raises(BrokenResponse):
        exchange(card, A.read_record(1))
    assert len(card.sent) == 1 + 8  # the command and 8 GET RESPONSE; no ninth is sent


def test_wrong_le_resends_once_with_the_right_le():
    card = RecordingCard(CardBehaviour(wrong_le=True))
    _select_ef05(card)
    response = exchange(card, A.read_record(2))
    assert response.ok and response.data == b"\x02\x011"
    assert card.sent[2:] == [A.read_record(2), A.read_record(2, 3)]


def test_wrong_le_twice_is_broken():
    card = RecordingCard(CardBehaviour(), answers={0: b"\x6c\x05", 1: b"\x6c\x06"})
    with pytest.raises(BrokenResponse):
        exchange(card, A.read_record(1))
    assert len(card.sent) == 2


@pytest.mark.parametrize("answer", [b"", b"\x90"])
def test_short_response_is_broken(answer):
    card = RecordingCard(CardBehaviour(), answers={0: answer})
    with pytest.raises(BrokenResponse):
        exchange(card, A.read_record(1))


def test_select_does_not_fetch_its_fci():
    card = RecordingCard(CardBehaviour(chaining=8))
    response = exchange(card, A.select_df(), fetch_more=False)
    assert response.more_data and len(card.sent) == 1
