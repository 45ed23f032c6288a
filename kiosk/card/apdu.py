"""Command APDUs of the insurance card profile and status-word helpers, as pure functions.

"Decide, then do": every command the card layer sends is built here from plain values, so the
exact bytes are tested without a card (see ``shared/card-profile.md``). Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# ASCII "sx1.sh." followed by GBK "社会保障": the basic-data directory of the card.
SSC_AID = b"sx1.sh." + "社会保障".encode("gbk")

EF05 = 0xEF05  # issuer data, SFI 5
EF06 = 0xEF06  # holder data, SFI 6
SFI_OF = {EF05: 5, EF06: 6}

SW_OK = 0x9000
SW_NO_SUCH_RECORD = 0x6A83
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_WRONG_P1P2_OLD = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_FUNCTION_NOT_SUPPORTED = 0x6A81
# INTERNAL AUTHENTICATE answered by a card without the key (profile 2)
NOT_AUTHENTICABLE = frozenset({SW_INS_NOT_SUPPORTED, SW_FUNCTION_NOT_SUPPORTED})
CHALLENGE_LENGTH = 16

# Status words after which the other form of SELECT, or other addressing, is tried.
SELECT_REFUSED = frozenset({SW_WRONG_P1P2, SW_FILE_NOT_FOUND, SW_WRONG_P1P2_OLD})
READ_RECORD_REFUSED = frozenset({SW_WRONG_P1P2, SW_WRONG_P1P2_OLD, SW_INS_NOT_SUPPORTED})

MAX_GET_RESPONSE = 8


@dataclass(frozen=True, slots=True)
class Response:
    """A response APDU split into its data and the status word (``0x9000``)."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    @property
    def more_data(self) -> bool:
        """``61xx``: the card holds more response bytes for GET RESPONSE."""
        return self.sw1 == 0x61

    @property
    def wrong_le(self) -> bool:
        """``6Cxx``: resend the same command with Le = xx."""
        return self.sw1 == 0x6C

    @property
    def select_ok(self) -> bool:
        """SELECT succeeded: ``9000`` or ``61xx`` (file control information waiting)."""
        return self.ok or self.more_data

    def __repr__(self) -> str:  # data may be personal: never shown
        return f"Response(sw={self.sw:04X}, {len(self.data)} bytes)"


def split_response(raw: bytes) -> Response | None:
    """``data || SW1 SW2`` into a ``Response``; ``None`` for a broken (<2 bytes) response."""
    if len(raw) < 2:
        return None
    return Response(bytes(raw[:-2]), (raw[-2] << 8) | raw[-1])


def select_df(aid: bytes = SSC_AID) -> bytes:
    """SELECT the basic-data directory by name: ``00 A4 04 00 Lc AID``."""
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def select_ef(fid: int, p1: int = 0x02) -> bytes:
    """SELECT an EF under the current DF: ``00 A4 02 00 02 EF xx`` (or ``P1=00``)."""
    return bytes([0x00, 0xA4, p1, 0x00, 0x02, fid >> 8, fid & 0xFF])


def read_record(number: int, le: int = 0) -> bytes:
    """READ RECORD number ``number`` of the current EF: ``00 B2 nn 04 Le``."""
    return bytes([0x00, 0xB2, number, 0x04, le])


def read_record_by_id(tag: int, le: int = 0) -> bytes:
    """READ RECORD by record identifier (first occurrence), current EF: ``00 B2 tag 00 Le``."""
    return bytes([0x00, 0xB2, tag, 0x00, le])


def read_record_sfi(number: int, sfi: int, le: int = 0) -> bytes:
    """READ RECORD by short file identifier, no SELECT of the EF: P2 = ``(SFI << 3) | 4``."""
    return bytes([0x00, 0xB2, number, (sfi << 3) | 0x04, le])


def internal_authenticate(challenge: bytes) -> bytes:
    """INTERNAL AUTHENTICATE with the backend's 16-byte challenge, asking for the 16-byte
    cryptogram: ``00 88 00 00 10 <challenge> 10``."""
    if len(challenge) != CHALLENGE_LENGTH:
        raise ValueError("a challenge is 16 bytes")
    return bytes([0x00, 0x88, 0x00, 0x00, CHALLENGE_LENGTH]) + challenge + bytes(
        [CHALLENGE_LENGTH])


def get_response(le: int) -> bytes:
    """GET RESPONSE ``00 C0 00 00 Le`` (``Le = 0`` asks for 256 bytes)."""
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


def with_le(apdu: bytes, le: int) -> bytes:
    """The same command with its Le byte replaced (for ``6Cxx``); appends Le to a case-1/3 APDU.

    A case-2 command (``len == 5``) has Le as its last byte; a case-3/4 command has
    ``5 + Lc`` bytes, optionally followed by Le.
    """
    if len(apdu) < 4:
        raise ValueError("an APDU has at least 4 header bytes")
    if len(apdu) == 4:
        return apdu + bytes([le & 0xFF])
    if len(apdu) == 5:
        return apdu[:4] + bytes([le & 0xFF])
    body_end = 5 + apdu[4]
    return apdu[:body_end] + bytes([le & 0xFF])


def is_read_record(apdu: bytes) -> bool:
    return len(apdu) >= 2 and apdu[1] == 0xB2
