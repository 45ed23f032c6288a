"""APDU transport on the PC/SC stack (``smartcard.scard``, the low-level pyscard API).

``exchange()`` is the T=0 response handling of the profile over any raw send function
(``61xx`` GET RESPONSE loop capped at 8, ``6Cxx`` resent once with the right Le, a response
shorter than 2 bytes is a broken card); ``PcscSession`` owns one context, one card handle
and the transaction around a read; ``error_for()`` maps PC/SC return codes to the card error
codes of the profile.

Threads: a ``PcscSession`` is used by one thread only (the reader's worker thread). Nothing
here logs APDU data; only status words and return codes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from smartcard import scard

from kiosk.card import apdu as A
from kiosk.domain.card import CardError, CardErrorCode

log = logging.getLogger(__name__)

SERVICE_DOWN = frozenset({
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_F_COMM_ERROR,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
})
CARD_GONE = frozenset({scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD})
READER_GONE = frozenset({
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
})
CARD_MUTE = frozenset({
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_E_PROTO_MISMATCH,
    scard.SCARD_W_UNSUPPORTED_CARD,
    scard.SCARD_E_SHARING_VIOLATION,
})
PROTOCOLS = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
# How long a failed exchange waits for pcscd (which polls vpcd every ~400 ms) to tell whether
# the card left the reader (card_removed) or stayed in and went quiet (card_unresponsive).
REMOVAL_GRACE = 0.9


def hr_name(hr: int) -> str:
    return f"0x{hr & 0xFFFFFFFF:08X}"


class PcscFailure(Exception):
    """A PC/SC call returned ``hr``; ``error_for`` says which card error it means."""

    def __init__(self, hr: int, call: str) -> None:
        self.hr = hr
        self.call = call
        super().__init__(f"{call} returned {hr_name(hr)}")


class CardWasReset(Exception):
    """Another handle reset the card (``SCARD_W_RESET_CARD``): reconnect and read again."""


class BrokenResponse(Exception):
    """The card answered with fewer than 2 bytes, or a chaining loop that does not end."""


def error_for(hr: int, call: str, *, connecting: bool = False) -> CardError:
    """The card error a PC/SC return code means (pure; ``connecting`` for SCardConnect)."""
    detail = f"{call} returned {hr_name(hr)}"
    if hr in SERVICE_DOWN:
        return CardError(CardErrorCode.READER_SERVICE_UNAVAILABLE, detail)
    if hr in READER_GONE:
        return CardError(CardErrorCode.NO_READER, detail)
    if hr in CARD_GONE:
        code = CardErrorCode.NO_CARD if connecting else CardErrorCode.CARD_REMOVED
        return CardError(code, detail)
    return CardError(CardErrorCode.CARD_UNRESPONSIVE, detail)


def exchange(send_raw: Callable[[bytes], bytes], command: bytes, fetch_more: bool = True
             ) -> A.Response:
    """Send ``command`` and apply the profile's T=0 rules to the answer.

    ``6Cxx``: the same command once more with Le = xx. ``61xx`` (when ``fetch_more``): GET
    RESPONSE with Le = xx (``6100`` = 256), appending, at most 8 times. A SELECT does not
    need its file control information, so the reader passes ``fetch_more=False`` there.
    """
    response = A.split_response(send_raw(command))
    if response is None:
        raise BrokenResponse("response shorter than 2 bytes")
    if response.wrong_le:
        response = A.split_response(send_raw(A.with_le(command, response.sw2)))
        if response is None:
            raise BrokenResponse("response shorter than 2 bytes")
        if response.wrong_le:
            raise BrokenResponse("6Cxx twice")
    if not fetch_more:
        return response
    data = response.data
    rounds = 0
    while response.more_data:
        rounds += 1
        if rounds > A.MAX_GET_RESPONSE:
            raise BrokenResponse("more than 8 GET RESPONSE rounds")
        response = A.split_response(send_raw(A.get_response(response.sw2)))
        if response is None:
            raise BrokenResponse("response shorter than 2 bytes")
        data += response.data
    return A.Response(data, response.sw)


class _ContextCache:
    """Keeps one idle PC/SC context between reads: establishing one is the costliest call.

    A context is only ever used by the session that took it; one that saw the service go away
    is released, never given back (it would answer ``SCARD_E_NO_SERVICE`` forever).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: int | None = None

    def take(self) -> int | None:
        with self._lock:
            context, self._idle = self._idle, None
        return context

    def give_back(self, context: int) -> None:
        with self._lock:
            if self._idle is None:
                self._idle = context
                return
        scard.SCardReleaseContext(context)


CONTEXTS = _ContextCache()


class PcscSession:
    """One PC/SC context; at most one connected card. Use from a single thread.

    ``reuse=True`` takes the idle context a previous session left (``reused`` says so); the
    caller retries once with a fresh one if that context turns out to be stale.
    """

    def __init__(self, reuse: bool = False) -> None:
        self.card: int | None = None
        self.reader = ""
        self.protocol = 0
        self.in_transaction = False
        self.service_lost = False
        self.context = CONTEXTS.take() if reuse else None
        self.reuse = reuse
        self.reused = self.context is not None
        if self.context is None:
            hr, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hr != scard.SCARD_S_SUCCESS:
                self.context = None
                raise CardError(CardErrorCode.READER_SERVICE_UNAVAILABLE,
                                f"SCardEstablishContext returned {hr_name(hr)}")

    def _fail(self, hr: int, call: str, *, connecting: bool = False) -> CardError:
        if hr in SERVICE_DOWN:
            self.service_lost = True
        return error_for(hr, call, connecting=connecting)

    # --- readers --------------------------------------------------------------------------

    def readers(self) -> list[str]:
        hr, readers = scard.SCardListReaders(self.context, [])
        if hr == scard.SCARD_E_NO_READERS_AVAILABLE or (hr == 0 and not readers):
            raise CardError(CardErrorCode.NO_READER, "no PC/SC reader attached")
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr, "SCardListReaders")
        return list(readers)

    def states(self, readers: list[str]) -> list[tuple[str, int, bytes]]:
        """(reader, event state, ATR) for each reader, right now."""
        hr, states = scard.SCardGetStatusChange(
            self.context, 0, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]
        )
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr, "SCardGetStatusChange")
        return [(name, state, bytes(atr)) for name, state, atr in states]

    def choose_reader(self, wanted: str | None) -> str:
        """The named reader, or the first reader holding a card (``no_card`` if none does).

        A named reader is taken as it is: SCardConnect itself says whether it exists and
        holds a card, which saves two round trips to pcscd.
        """
        if wanted is not None:
            return wanted
        readers = self.readers()
        if wanted is not None and wanted not in readers:
            raise CardError(CardErrorCode.NO_READER, "the named reader is not attached")
        candidates = [wanted] if wanted is not None else readers
        states = self.states(candidates)
        for name, state, _atr in states:
            if state & scard.SCARD_STATE_PRESENT:
                if state & scard.SCARD_STATE_MUTE:
                    raise CardError(CardErrorCode.CARD_UNRESPONSIVE, "card gives no ATR")
                return name
        raise CardError(CardErrorCode.NO_CARD, "no card in the reader")

    def card_left(self, grace: float) -> bool:
        """True when the card left the reader, waiting up to ``grace`` s for pcscd to see it."""
        deadline = time.monotonic() + grace
        current = scard.SCARD_STATE_UNAWARE
        while True:
            remaining = deadline - time.monotonic()
            hr, states = scard.SCardGetStatusChange(
                self.context, max(0, int(remaining * 1000)) if current else 0,
                [(self.reader, current)],
            )
            if hr == scard.SCARD_E_TIMEOUT:
                return False
            if hr != scard.SCARD_S_SUCCESS:
                return hr in READER_GONE
            state = states[0][1]
            if state & scard.SCARD_STATE_EMPTY or not state & scard.SCARD_STATE_PRESENT:
                return True
            if remaining <= 0:
                return False
            current = state & ~scard.SCARD_STATE_CHANGED

    # --- the card ----------------------------------------------------------------------------

    def connect(self, reader: str) -> None:
        hr, card, protocol = scard.SCardConnect(
            self.context, reader, scard.SCARD_SHARE_SHARED, PROTOCOLS
        )
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr, "SCardConnect", connecting=True)
        self.card, self.reader, self.protocol = card, reader, protocol

    def reconnect(self) -> None:
        """After a reset by another handle: reconnect, leaving the card as it is."""
        hr, protocol = scard.SCardReconnect(
            self.card, scard.SCARD_SHARE_SHARED, PROTOCOLS, scard.SCARD_LEAVE_CARD
        )
        if hr != scard.SCARD_S_SUCCESS:
            raise self._fail(hr, "SCardReconnect")
        self.protocol = protocol

    def begin_transaction(self) -> None:
        hr = scard.SCardBeginTransaction(self.card)
        if hr == scard.SCARD_W_RESET_CARD:
            raise CardWasReset()
        if hr != scard.SCARD_S_SUCCESS:
            self.service_lost = self.service_lost or hr in SERVICE_DOWN
            raise PcscFailure(hr, "SCardBeginTransaction")
        self.in_transaction = True

    def end_transaction(self) -> None:
        if self.in_transaction:
            self.in_transaction = False
            scard.SCardEndTransaction(self.card, scard.SCARD_LEAVE_CARD)

    def transmit(self, command: bytes) -> bytes:
        pci = scard.SCARD_PCI_T1 if self.protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
        hr, response = scard.SCardTransmit(self.card, pci, list(command))
        if hr == scard.SCARD_W_RESET_CARD:
            raise CardWasReset()
        if hr != scard.SCARD_S_SUCCESS:
            self.service_lost = self.service_lost or hr in SERVICE_DOWN
            raise PcscFailure(hr, "SCardTransmit")
        return bytes(response)

    def send(self, command: bytes, fetch_more: bool = True) -> A.Response:
        response = exchange(self.transmit, command, fetch_more)
        log.debug("INS %02X -> SW %04X", command[1], response.sw)
        return response

    def close(self) -> None:
        """End the transaction, disconnect (leaving the card) and release the context."""
        if self.card is not None:
            self.end_transaction()
            scard.SCardDisconnect(self.card, scard.SCARD_LEAVE_CARD)
            self.card = None
        if self.context is not None:
            if self.reuse and not self.service_lost:
                CONTEXTS.give_back(self.context)
            else:
                scard.SCardReleaseContext(self.context)
            self.context = None

    def __enter__(self) -> PcscSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def list_readers() -> list[str]:
    """The readers the PC/SC service offers right now, on a fresh context ([] for none).

    Raises ``CardError`` ``reader_service_unavailable`` when the service does not answer.
    Blocking: not for the GUI thread. Any other thread may call it.
    """
    hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        raise CardError(CardErrorCode.READER_SERVICE_UNAVAILABLE,
                        f"SCardEstablishContext returned {hr_name(hr)}")
    try:
        hr, readers = scard.SCardListReaders(context, [])
    finally:
        scard.SCardReleaseContext(context)
    if hr == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hr != scard.SCARD_S_SUCCESS:
        raise error_for(hr, "SCardListReaders")
    return list(readers)
