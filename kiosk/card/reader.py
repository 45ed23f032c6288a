"""Reading the insurance card: the profile's reading sequence and ``read_insurance_card``.

``read_card_files(send)`` is the reading sequence of ``shared/card-profile.md`` over any
``send(command, fetch_more) -> Response`` (the PC/SC session, or a ``CardApplet`` in-process
in the tests): SELECT the directory, then EF05 and EF06 with every addressing variant,
sending no APDU the card does not need (reading stops once the fields the kiosk uses are in).
Given a backend challenge it also runs INTERNAL AUTHENTICATE right after the SELECT of the
directory (``authenticate(send, challenge)``, profile 2), in the same transaction.

``read_insurance_card(reader=None, timeout=5.0, challenge=None)`` does the whole read on the
PC/SC stack in one transaction and returns a ``CardRecord`` (with its ``CardProof`` when a
challenge was given) or raises ``CardError``.

Threads: ``read_insurance_card`` may be called from any thread except the GUI thread (it
blocks for up to ``timeout``). The blocking PC/SC work runs on a short-lived worker thread so
that a mute card, which can block ``SCardTransmit`` inside pcscd, still ends the read in time;
an abandoned worker finishes and cleans up on its own once the card answers or leaves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from kiosk.card import apdu as A
from kiosk.card import profile
from kiosk.card.transport import (
    REMOVAL_GRACE,
    SERVICE_DOWN,
    BrokenResponse,
    CardWasReset,
    PcscFailure,
    PcscSession,
    error_for,
)
from kiosk.domain.card import (
    CARD_NOT_AUTHENTICABLE,
    CardError,
    CardErrorCode,
    CardProof,
    CardRecord,
)

log = logging.getLogger(__name__)

Send = Callable[[bytes, bool], A.Response]

MAX_RECORDS = 32  # a bound on READ RECORD by number; real files hold fewer than 16
MAX_RESET_RETRIES = 3


@dataclass
class CardFiles:
    """The raw records read from the two files (their order kept)."""

    ef05: list[bytes] = field(default_factory=list)
    ef06: list[bytes] = field(default_factory=list)
    proof: CardProof | None = None


def _unexpected(step: str, response: A.Response) -> CardError:
    detail = f"{step}: unexpected status {response.sw:04X}"
    return CardError(CardErrorCode.CARD_UNRESPONSIVE, detail)


def _check_read(fid: int, response: A.Response, step: str) -> None:
    if response.sw == A.SW_SECURITY_NOT_SATISFIED and fid == A.EF06:
        raise CardError(CardErrorCode.SECURE_MODULE_REQUIRED, "6982 on the holder data")
    if not response.ok:
        raise _unexpected(step, response)


def _tags_in(record: bytes) -> int | None:
    parsed = profile.parse_record(record)
    return parsed[0] if parsed else None


def _read_numbered(send: Send, fid: int, needed: frozenset[int],
                   command: Callable[[int], bytes],
                   refused: frozenset[int] = A.READ_RECORD_REFUSED) -> list[bytes] | None:
    """READ RECORD 1, 2, ... until 6A83 or until every needed tag is in.

    ``None`` when the card refuses this addressing on the first record (6A86/6B00/6D00).
    """
    records: list[bytes] = []
    seen: set[int] = set()
    for number in range(1, MAX_RECORDS + 1):
        response = send(command(number), True)
        if response.sw == A.SW_NO_SUCH_RECORD:
            break
        if number == 1 and response.sw in refused:
            return None
        _check_read(fid, response, f"READ RECORD {number}")
        records.append(response.data)
        tag = _tags_in(response.data)
        if tag is not None:
            seen.add(tag)
        if needed <= seen:
            break
    return records


def _read_by_identifier(send: Send, fid: int, needed: frozenset[int]) -> list[bytes]:
    records = []
    for tag in sorted(needed):
        response = send(A.read_record_by_id(tag), True)
        if response.sw == A.SW_NO_SUCH_RECORD:
            continue
        _check_read(fid, response, f"READ RECORD id {tag:02X}")
        records.append(response.data)
    return records


def read_ef(send: Send, fid: int, needed: frozenset[int]) -> list[bytes]:
    """The records of one EF, trying SELECT P1=02 then P1=00, then record-identifier and SFI
    addressing as the profile lists."""
    selected = send(A.select_ef(fid, 0x02), False)
    if selected.sw in A.SELECT_REFUSED:
        selected = send(A.select_ef(fid, 0x00), False)
    if selected.sw == A.SW_SECURITY_NOT_SATISFIED and fid == A.EF06:
        raise CardError(CardErrorCode.SECURE_MODULE_REQUIRED, "6982 on the holder data")
    if selected.select_ok:
        records = _read_numbered(send, fid, needed, A.read_record)
        if records is not None:
            return records
        return _read_by_identifier(send, fid, needed)
    if selected.sw not in A.SELECT_REFUSED:
        raise _unexpected(f"SELECT {fid:04X}", selected)
    sfi = A.SFI_OF[fid]
    records = _read_numbered(send, fid, needed, lambda n: A.read_record_sfi(n, sfi),
                             A.READ_RECORD_REFUSED | {A.SW_FILE_NOT_FOUND})
    if records is None:
        raise CardError(CardErrorCode.UNSUPPORTED_CARD, f"{fid:04X} cannot be read in any form")
    return records


def authenticate(send: Send, challenge: bytes) -> CardProof:
    """INTERNAL AUTHENTICATE with ``challenge`` (the directory selected): the card's 16-byte
    cryptogram, or ``card_not_authenticable`` for a card without the key (``6D00``/``6A81``).

    ``send`` applies the T=0 rules (``6110`` fetched with GET RESPONSE, ``6C10`` resent). Any
    other status, or an answer that is not 16 bytes, is a card that cannot authenticate
    either: the card stays readable and the backend's policy decides (never refused care).
    """
    response = send(A.internal_authenticate(challenge), True)
    hex_challenge = challenge.hex().upper()
    if response.ok and len(response.data) == A.CHALLENGE_LENGTH:
        return CardProof(hex_challenge, response.data.hex().upper())
    if response.sw not in A.NOT_AUTHENTICABLE:
        log.info("INTERNAL AUTHENTICATE answered %04X with %d bytes", response.sw,
                 len(response.data))
    return CardProof(hex_challenge, None, CARD_NOT_AUTHENTICABLE)


def read_card_files(send: Send, challenge: bytes | None = None) -> CardFiles:
    """The reading sequence: SELECT the directory, INTERNAL AUTHENTICATE when given a
    ``challenge``, read EF05 then EF06."""
    response = send(A.select_df(), False)
    if not response.select_ok:
        raise CardError(CardErrorCode.UNSUPPORTED_CARD,
                        f"SELECT of the directory answered {response.sw:04X}")
    proof = authenticate(send, challenge) if challenge is not None else None
    ef05 = read_ef(send, A.EF05, profile.EF05_NEEDED)
    ef06 = read_ef(send, A.EF06, profile.EF06_NEEDED)
    return CardFiles(ef05, ef06, proof)


def record_from_files(files: CardFiles, today: date) -> CardRecord:
    record = profile.record_from_raw(files.ef05, files.ef06, today)
    return replace(record, proof=files.proof) if files.proof is not None else record


# --- on the PC/SC stack ----------------------------------------------------------------------


def read_connected(session: PcscSession, challenge: bytes | None = None) -> CardFiles:
    """The read on a connected session, in one transaction; after a reset by another
    application (``SCARD_W_RESET_CARD``) reconnect leaving the card and read again (bounded)."""
    for attempt in range(MAX_RESET_RETRIES + 1):
        try:
            session.begin_transaction()
            try:
                return read_card_files(session.send, challenge)
            finally:
                session.end_transaction()
        except CardWasReset:
            if attempt == MAX_RESET_RETRIES:
                raise CardError(CardErrorCode.CARD_UNRESPONSIVE, "card keeps being reset") from None
            log.info("card was reset by another application; reconnecting (attempt %d)",
                     attempt + 1)
            session.reconnect()
    raise AssertionError("unreachable")


def read_files_from_reader(reader: str | None = None, challenge: bytes | None = None
                           ) -> CardFiles:
    """Blocking: one full read in one transaction. Raises ``CardError``.

    Uses the idle PC/SC context of the previous read when there is one; if that context went
    stale (pcscd restarted since), the read is tried once more on a fresh context.
    """
    try:
        return _read_once(reader, True, challenge)
    except _StaleContext:
        return _read_once(reader, False, challenge)


class _StaleContext(Exception):
    pass


def _read_once(reader: str | None, reuse: bool, challenge: bytes | None) -> CardFiles:
    with PcscSession(reuse=reuse) as session:
        try:
            session.connect(session.choose_reader(reader))
            return read_connected(session, challenge)
        except PcscFailure as failure:
            if session.service_lost and session.reused:
                raise _StaleContext() from None
            # vpcd answers for a pulled card with a transport error: did it leave, or go quiet?
            if (failure.call == "SCardTransmit" and failure.hr not in SERVICE_DOWN
                    and session.card is not None and session.card_left(REMOVAL_GRACE)):
                raise CardError(CardErrorCode.CARD_REMOVED, str(failure)) from None
            raise error_for(failure.hr, failure.call) from None
        except CardError:
            if session.service_lost and session.reused:
                raise _StaleContext() from None
            raise
        except BrokenResponse as broken:
            if session.card is not None and session.card_left(REMOVAL_GRACE):
                raise CardError(CardErrorCode.CARD_REMOVED, "card left during the read") from None
            raise CardError(CardErrorCode.CARD_UNRESPONSIVE, str(broken)) from None


def read_insurance_card(
    reader: str | None = None, timeout: float = 5.0, *, today: date | None = None,
    challenge: bytes | None = None,
) -> CardRecord:
    """Read the insurance card in ``reader`` (default: the first reader holding a card).

    Returns the ``CardRecord`` or raises ``CardError`` within about ``timeout`` seconds; a
    card that does not answer in time is ``card_unresponsive``. With a backend ``challenge``
    (16 bytes) the record carries the card's ``CardProof``, from the same transaction.
    """
    outcome: list[CardFiles | BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(read_files_from_reader(reader, challenge))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)
        finally:
            done.set()

    started = time.monotonic()
    worker = threading.Thread(target=work, name="card-read", daemon=True)
    worker.start()
    if not done.wait(timeout):
        log.warning("card read gave up after %.1f s", time.monotonic() - started)
        raise CardError(CardErrorCode.CARD_UNRESPONSIVE, f"no answer within {timeout:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return record_from_files(result, today or date.today())
