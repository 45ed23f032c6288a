"""A virtual social security card that speaks vpcd's protocol: the card layer's test double.

``CardApplet`` is the card itself (files, records, status words, every behaviour of
``shared/card-profile.md`` as a knob in ``CardBehaviour``): pure and synchronous, so it can
also answer APDUs in-process. It answers INTERNAL AUTHENTICATE (profile 2) with its key
``K_card = SM4(K_issuer, card_sn)``, the issuer key being the demo one; ``CardBehaviour.auth``
makes it a card without the key (``6D00`` or ``6A81``) or a forger (a key of its own).
``VirtualCard`` plugs an applet into a vpcd reader over TCP
(2-byte big-endian length framing; control bytes ``00`` off, ``01`` on, ``02`` reset, ``04``
get ATR): ``insert()`` connects, ``remove()`` closes the socket.

Threads: ``insert()``, ``remove()`` and ``close()`` are called from any one controlling
thread; the card answers vpcd on its own background thread, which is the only one touching
the applet while the card is inserted. ``apdu_count`` may be read from any thread.

``python -m kiosk.card.virtual --demo eligible [--port 35963]`` inserts a demo card until
Ctrl-C. Never run vpcd on a real kiosk: anyone on the network could insert a card.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, replace
from datetime import date

from kiosk.card import apdu as A
from kiosk.card import sm4
from kiosk.card.profile import bcd_encode, bcd_encode_date, encode_name, tlv
from kiosk.domain.card import TEST_ISSUER_KEY
from kiosk.domain.demo import REGION_CODE
from kiosk.domain.demo_regions import demo_person

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963

# ATRs: without TD1 the card offers T=0 only; TD1 = 01 announces T=1 (TCK then required).
ATR_T0 = bytes.fromhex("3B680000") + b"KIOSKSSC"
_T1_BODY = bytes.fromhex("3B8801") + b"KIOSKSSC"


def _with_tck(body: bytes) -> bytes:
    tck = 0
    for b in body[1:]:
        tck ^= b
    return body + bytes([tck])


ATR_T1 = _with_tck(_T1_BODY)


@dataclass(frozen=True, slots=True)
class CardData:
    """What the card holds, in the profile's terms. Defaults give a valid, unexpired card."""

    ssn: str = "11010519491231002X"
    name: str = "测试"
    gender: str = "male"
    birth_date: date = date(1949, 12, 31)
    card_number: str = "A00000001"
    region_code: str = REGION_CODE
    issue_date: date = date(2020, 1, 1)
    expiry_date: date = date(2035, 1, 1)
    spec_version: str = "3.00"
    card_type: str = "1"
    ethnicity: int = 1
    birthplace: str = "990101"
    name_padding: bytes = b"\x00"
    omit_tags: frozenset[int] = frozenset()

    @property
    def card_id(self) -> bytes:
        """The card identification code (EF05 tag 01, 16 bytes): region, then card number."""
        return (bcd_encode(self.region_code)
                + self.card_number.encode("ascii").ljust(13, b"0"))[:16]

    def issuer_fields(self) -> dict[int, bytes]:
        fields = {
            0x01: self.card_id,
            0x02: self.card_type.encode("ascii"),
            0x03: self.spec_version.encode("ascii"),
            0x04: b"KIOSK-TEST".ljust(12, b"\x00"),
            0x05: bcd_encode_date(self.issue_date),
            0x06: bcd_encode_date(self.expiry_date),
            0x07: self.card_number.encode("ascii"),
        }
        return {t: v for t, v in fields.items() if t not in self.omit_tags}

    def holder_fields(self) -> dict[int, bytes]:
        fields = {
            0x08: self.ssn.encode("ascii"),
            0x09: encode_name(self.name, pad=self.name_padding),
            0x0A: b"1" if self.gender == "male" else b"2",
            0x0B: bcd_encode(f"{self.ethnicity:02d}"),
            0x0C: bcd_encode(self.birthplace),
            0x0D: bcd_encode_date(self.birth_date),
        }
        return {t: v for t, v in fields.items() if t not in self.omit_tags}


@dataclass(frozen=True, slots=True)
class CardBehaviour:
    """Knobs for every card variant and failure the profile describes.

    ``*_after`` counters are numbers of command APDUs answered since insertion: with
    ``pull_after=3`` the card answers three APDUs and disconnects on the fourth.
    """

    protocol: str = "T=0"  # "T=0" or "T=1": which ATR the card presents
    chaining: int = 0  # >0: data is returned through 61xx + GET RESPONSE, this many bytes a time
    wrong_le: bool = False  # READ RECORD wants the exact Le: anything else gets 6Cxx
    sparse_records: bool = False  # EF06 tags 08,09,0A,0B,0D in records 1,2,4,5,7
    select_p1_zero_only: bool = False  # SELECT EF with P1=02 gets 6A86
    sfi_only: bool = False  # SELECT EF fails (6A82): only SFI addressing works
    record_id_only: bool = False  # READ RECORD by number gets 6A86: only by record identifier
    third_generation: bool = False  # 6982 on READ RECORD of EF06
    not_social_security: bool = False  # 6A82 on the SELECT of the directory
    mute_after: int | None = None  # never answer APDUs past this count (0: mute card)
    pull_after: int | None = None  # disconnect instead of answering APDU number N+1
    garbage_after: int | None = None  # answer APDUs past this count with one byte
    delay: float = 0.0  # seconds to sleep before every answer (0.045: a slow real card)
    extra_records: tuple[tuple[int, bytes], ...] = ()  # (file id, raw record) appended
    # INTERNAL AUTHENTICATE: "issuer" (the key derived from the demo issuer key), "keyless"
    # (6D00, an older card), "keyless_6a81", or "forger" (right fields, a key of its own)
    auth: str = "issuer"
    auth_get_response: bool = False  # answer 6110 and give the cryptogram on GET RESPONSE

    @property
    def atr(self) -> bytes:
        return ATR_T1 if self.protocol == "T=1" else ATR_T0


def _layout(fields: dict[int, bytes], order: tuple[int, ...], sparse: bool) -> list[bytes]:
    """The records of one EF: one TLV a record, or the sparse layout with gaps between."""
    if not sparse:
        return [tlv(tag, fields[tag]) for tag in order if tag in fields]
    empty = b"\xff" * 8
    other = tlv(0x30, b"\x01\x02")
    # record:    1     2     3      4     5     6      7
    plan = [0x08, 0x09, None, 0x0A, 0x0B, 0x30, 0x0D]
    records = []
    for tag in plan:
        if tag is None:
            records.append(empty)
        elif tag == 0x30:
            records.append(other)
        else:
            records.append(tlv(tag, fields[tag]) if tag in fields else b"\x00\x00")
    return records


class CardApplet:
    """The card's logic: answers one command APDU at a time, keeps selection state.

    Not thread-safe; one thread at a time (the ``VirtualCard`` thread while inserted).
    """

    def __init__(self, data: CardData, behaviour: CardBehaviour | None = None) -> None:
        self.data = data
        self.behaviour = behaviour or CardBehaviour()
        b = self.behaviour
        self.files: dict[int, list[bytes]] = {
            A.EF05: _layout(data.issuer_fields(), (1, 2, 3, 4, 5, 6, 7), False),
            A.EF06: _layout(data.holder_fields(), (8, 9, 10, 11, 12, 13), b.sparse_records),
        }
        for fid, record in b.extra_records:
            self.files[fid].append(record)
        self.reset()

    def reset(self) -> None:
        """Power off, power on and reset all forget the selection and pending data."""
        self.df_selected = False
        self.current_ef: int | None = None
        self.pending = b""

    def process(self, command: bytes) -> bytes:
        """One command APDU in, one response APDU (data + SW1 SW2) out."""
        if len(command) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = command[:4]
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == 0xC0:
            return self._get_response(command)
        self.pending = b""
        if ins == 0xA4:
            return self._select(p1, command)
        if ins == 0xB2:
            return self._read_record(p1, p2, command)
        if ins == 0x88:
            return self._internal_authenticate(command)
        return b"\x6d\x00"

    # --- commands -----------------------------------------------------------------------

    def _select(self, p1: int, command: bytes) -> bytes:
        body = command[5 : 5 + command[4]] if len(command) > 5 else b""
        b = self.behaviour
        if p1 == 0x04:
            if b.not_social_security or body != A.SSC_AID:
                return b"\x6a\x82"
            self.df_selected = True
            self.current_ef = None
            return self._answer(b"\x6f\x11\x84\x0f" + A.SSC_AID)
        if p1 in (0x00, 0x02) and len(body) == 2:
            fid = (body[0] << 8) | body[1]
            if not self.df_selected or fid not in self.files or b.sfi_only:
                return b"\x6a\x82"
            if b.select_p1_zero_only and p1 != 0x00:
                return b"\x6a\x86"
            self.current_ef = fid
            return b"\x90\x00"
        return b"\x6a\x86"

    def _read_record(self, p1: int, p2: int, command: bytes) -> bytes:
        b = self.behaviour
        sfi, mode = p2 >> 3, p2 & 0x07
        if not self.df_selected:
            return b"\x69\x86"
        if sfi:
            fid = {5: A.EF05, 6: A.EF06}.get(sfi)
            if fid is None:
                return b"\x6a\x82"
        elif self.current_ef is None:
            return b"\x69\x86"
        else:
            fid = self.current_ef
        if fid == A.EF06 and b.third_generation:
            return b"\x69\x82"
        records = self.files[fid]
        if mode == 0x04:
            if b.record_id_only:
                return b"\x6a\x86"
            if not 1 <= p1 <= len(records):
                return b"\x6a\x83"
            record = records[p1 - 1]
        elif mode == 0x00:
            found = [r for r in records if r and r[0] == p1]
            if not found:
                return b"\x6a\x83"
            record = found[0]
        else:
            return b"\x6a\x86"
        le = command[4] if len(command) == 5 else 0
        if (b.wrong_le and le != len(record) % 256) or (le and le < len(record)):
            return bytes([0x6C, len(record) % 256])
        return self._answer(record)

    def card_key(self) -> bytes:
        """K_card = SM4(K_issuer, card_sn); a forger's issuer key is not the issuer's."""
        issuer = b"FORGED-CARD-KEY!" if self.behaviour.auth == "forger" else TEST_ISSUER_KEY
        return sm4.encrypt_block(issuer, self.data.card_id)

    def _internal_authenticate(self, command: bytes) -> bytes:
        b = self.behaviour
        if b.auth == "keyless":
            return b"\x6d\x00"
        if b.auth == "keyless_6a81":
            return b"\x6a\x81"
        if not self.df_selected:
            return b"\x69\x85"
        if len(command) < 5 + A.CHALLENGE_LENGTH or command[4] != A.CHALLENGE_LENGTH:
            return b"\x67\x00"
        challenge = command[5 : 5 + A.CHALLENGE_LENGTH]
        le = command[5 + A.CHALLENGE_LENGTH] if len(command) > 5 + A.CHALLENGE_LENGTH else 0
        if b.wrong_le and le != A.CHALLENGE_LENGTH:
            return bytes([0x6C, A.CHALLENGE_LENGTH])
        cryptogram = sm4.encrypt_block(self.card_key(), challenge)
        if b.auth_get_response:
            self.pending = cryptogram
            return bytes([0x61, A.CHALLENGE_LENGTH])
        return self._answer(cryptogram)

    def _answer(self, data: bytes) -> bytes:
        chunk = self.behaviour.chaining
        if chunk and data:
            self.pending = data
            return bytes([0x61, min(len(data), chunk) % 256])
        return data + b"\x90\x00"

    def _get_response(self, command: bytes) -> bytes:
        if not self.pending:
            return b"\x69\x85"
        le = (command[4] if len(command) >= 5 else 0) or 256
        size = min(le, self.behaviour.chaining or 256, len(self.pending))
        out, self.pending = self.pending[:size], self.pending[size:]
        if self.pending:
            return out + bytes([0x61, min(len(self.pending), self.behaviour.chaining) % 256])
        return out + b"\x90\x00"


class VirtualCard:
    """An insurance card in a vpcd reader: ``insert()`` to connect, ``remove()`` to pull it."""

    def __init__(
        self,
        data: CardData | None = None,
        behaviour: CardBehaviour | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
    ) -> None:
        self.data = data or CardData()
        self.behaviour = behaviour or CardBehaviour()
        self.host = host
        self.port = port
        self.apdu_count = 0
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_demo(
        cls,
        key: str,
        behaviour: CardBehaviour | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
    ) -> VirtualCard:
        """A card holding a demo person (``kiosk.domain.demo_regions.demo_person``, by key).

        The expired patient's card simply carries its past expiry date; ``third_generation``
        patients get 6982 on EF06.
        """
        return cls(card_data_for_demo(key), behaviour_for_demo(key, behaviour),
                   host=host, port=port)

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def insert(self, timeout: float = 5.0) -> None:
        """Connect to vpcd (retrying until ``timeout`` while pcscd starts up) and serve."""
        if self._sock is not None:
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.apdu_count = 0
        applet = CardApplet(self.data, self.behaviour)
        self._sock = sock
        self._thread = threading.Thread(
            target=self._serve, args=(sock, applet), name=f"virtual-card:{self.port}", daemon=True
        )
        self._thread.start()

    def remove(self) -> None:
        """Pull the card: close the socket and wait for the card thread to end."""
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            _close(sock)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    close = remove

    def __enter__(self) -> VirtualCard:
        self.insert()
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    # --- the card thread ----------------------------------------------------------------

    def _serve(self, sock: socket.socket, applet: CardApplet) -> None:
        b = self.behaviour
        try:
            while True:
                message = _recv_message(sock)
                if message is None:
                    break
                if len(message) == 1:
                    if message[0] == 0x04:
                        _send_message(sock, b.atr)
                    else:  # 00 power off, 01 power on, 02 reset
                        applet.reset()
                    continue
                count = self.apdu_count
                self.apdu_count = count + 1
                if b.pull_after is not None and count >= b.pull_after:
                    break
                if b.mute_after is not None and count >= b.mute_after:
                    continue
                if b.delay:
                    time.sleep(b.delay)
                if b.garbage_after is not None and count >= b.garbage_after:
                    _send_message(sock, b"\x90")
                    continue
                _send_message(sock, applet.process(message))
        except OSError:
            pass
        finally:
            with self._lock:
                if self._sock is sock:
                    self._sock = None
            _close(sock)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _recv_message(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    # vpcd sends the length and the body in separate segments: ack at once (not sticky).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    (length,) = struct.unpack(">H", header)
    return _recv_exact(sock, length) if length else b""


def _send_message(sock: socket.socket, body: bytes) -> None:
    sock.sendall(struct.pack(">H", len(body)) + body)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def card_data_for_demo(key: str) -> CardData:
    """The card of any demo person (``demo_person``: the hospital's own or from elsewhere)."""
    p = demo_person(key)
    return CardData(
        ssn=p.ssn, name=p.name, gender=p.gender, birth_date=p.birth_date,
        card_number=p.card_number, issue_date=p.issue_date, expiry_date=p.expiry_date,
        region_code=p.ssn[:6],
    )


def behaviour_for_demo(key: str, behaviour: CardBehaviour | None = None) -> CardBehaviour:
    base = behaviour or CardBehaviour()
    if demo_person(key).third_generation:
        base = replace(base, third_generation=True)
    return base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.card.virtual",
        description="Insert a virtual demo insurance card into a vpcd reader until Ctrl-C.",
    )
    parser.add_argument("--demo", default="eligible", help="demo patient key (default: eligible)")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--slow", action="store_true", help="answer like a real card (~45 ms)")
    parser.add_argument("--auth", default="issuer",
                        choices=("issuer", "keyless", "keyless_6a81", "forger"),
                        help="INTERNAL AUTHENTICATE: the demo issuer's key (default), no key, "
                             "or a forger's key")
    args = parser.parse_args(argv)
    try:
        demo_person(args.demo)
    except KeyError:
        print(f"unknown demo patient {args.demo!r}", file=sys.stderr)
        return 2
    behaviour = CardBehaviour(delay=0.045 if args.slow else 0.0, auth=args.auth)
    card = VirtualCard.from_demo(args.demo, behaviour=behaviour, host=args.host, port=args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        card.insert(timeout=30.0)
        print(f"virtual card {args.demo!r} inserted on {args.host}:{args.port}", flush=True)
        while not stop.wait(0.5):
            if not card.inserted:  # vpcd went away (pcscd restarted): insert again
                with contextlib.suppress(OSError):
                    card.insert(timeout=1.0)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"cannot reach vpcd at {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        card.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "ATR_T0", "ATR_T1", "CardApplet", "CardBehaviour", "CardData", "VirtualCard",
    "behaviour_for_demo", "card_data_for_demo",
]
