"""The split of a partial refund: which fen of refunded items go back to the insurance fund,
the personal account and the patient's cash, given how the settlement split the whole bill.

A settlement's split is per visit (the deductible and the fund's caps apply to the visit's
in-scope total), so an item has no fund share of its own. The rule here gives each item the
shares its lines earned in the settlement, in proportion:

* the fund's share of a set of items is the settlement's ``fund_pay_sumamt`` times the
  items' in-scope fen (``inscp_scp_amt`` of their lines, see ``settlement.split_line``) over
  the visit's in-scope fen, rounded down;
* the rest of the items' amount is the patient's part; the personal account's share of it is
  the settlement's ``acct_pay`` times that part over the patient's whole part
  (``acct_pay + psn_cash_pay``), rounded down; the cash share is what remains.

Refunds are computed on the cumulative set: a refund of items ``now`` after earlier refunds of
``before`` is ``shares(before + now) - shares(before)``. So the shares of every refund of a
settlement add up, whatever the order or the number of refunds, to at most what the
settlement split (never more than was paid), and refunding every item returns exactly the
settlement's fund, account and cash shares: a full reversal after partial refunds reverses
only the rest (``remaining``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.domain.money import Fen


@dataclass(frozen=True, slots=True)
class RefundShares:
    """Fen going back to the fund, the personal account and the patient's cash."""

    fund_fen: Fen
    acct_fen: Fen
    cash_fen: Fen

    @property
    def total_fen(self) -> Fen:
        return self.fund_fen + self.acct_fen + self.cash_fen

    def __sub__(self, other: RefundShares) -> RefundShares:
        return RefundShares(self.fund_fen - other.fund_fen, self.acct_fen - other.acct_fen,
                            self.cash_fen - other.cash_fen)


@dataclass(frozen=True, slots=True)
class ItemShare:
    """One settled item: its amount and the in-scope part of it (fen)."""

    amount_fen: Fen
    inscp_fen: Fen


@dataclass(frozen=True, slots=True)
class SettledShares:
    """What the settlement split: the fund's, the account's and the cash share (fen)."""

    fund_fen: Fen
    acct_fen: Fen
    cash_fen: Fen


class RefundSplitError(ValueError):
    """Items not in the settlement, refunded twice, or shares that do not add up."""


def _shares_of(settled: SettledShares, items: Mapping[int, ItemShare],
               chosen: frozenset[int]) -> RefundShares:
    if chosen == frozenset(items):
        return RefundShares(settled.fund_fen, settled.acct_fen, settled.cash_fen)
    inscp_all = sum(i.inscp_fen for i in items.values())
    amount = sum(items[c].amount_fen for c in chosen)
    inscp = sum(items[c].inscp_fen for c in chosen)
    fund = settled.fund_fen * inscp // inscp_all if inscp_all else 0
    patient_all = settled.acct_fen + settled.cash_fen
    patient = amount - fund
    acct = settled.acct_fen * patient // patient_all if patient_all else 0
    return RefundShares(fund, acct, patient - acct)


def refund_shares(settled: SettledShares, items: Mapping[int, ItemShare],
                  before: Iterable[int], now: Iterable[int]) -> RefundShares:
    """The shares going back for items ``now`` when items ``before`` were refunded already
    (see the module doc). ``items``: every item of the settlement by id. Raises
    ``RefundSplitError`` for an unknown item, an item in both sets, or a settlement whose
    shares do not add up to its items."""
    done, asked = frozenset(before), frozenset(now)
    if not asked:
        raise RefundSplitError("no items to refund")
    unknown = (done | asked) - frozenset(items)
    if unknown:
        raise RefundSplitError(f"not items of the settlement: {sorted(unknown)}")
    if done & asked:
        raise RefundSplitError(f"refunded already: {sorted(done & asked)}")
    total = sum(i.amount_fen for i in items.values())
    if total != settled.fund_fen + settled.acct_fen + settled.cash_fen:
        raise RefundSplitError("the settlement's shares do not add up to its items")
    if any(i.inscp_fen < 0 or i.inscp_fen > i.amount_fen for i in items.values()):
        raise RefundSplitError("an item's in-scope part is outside its amount")
    return _shares_of(settled, items, done | asked) - _shares_of(settled, items, done)


def remaining(settled: SettledShares, items: Mapping[int, ItemShare],
              before: Iterable[int]) -> RefundShares:
    """What a full reversal after refunds of items ``before`` gives back: the rest."""
    done = frozenset(before)
    rest = frozenset(items) - done
    if not rest:
        return RefundShares(0, 0, 0)
    return refund_shares(settled, items, done, rest)


@dataclass(frozen=True, slots=True)
class RefundReceipt:
    """What a refund's receipt says: the settlement and refund numbers, how many items went
    back, the shares returned, how the cash share went back (``refunded`` to the payment
    method, ``debt_reduced``, ``at_counter``, ``none``) and what its QR code holds (the
    settlement's signed receipt link, which shows later refunds, or a plain reference). No
    personal data."""

    settlement_id: int
    refund_id: int
    items: int
    fund_fen: Fen
    acct_fen: Fen
    cash_fen: Fen
    cash_refund_status: str
    reference: str

    @property
    def total_fen(self) -> Fen:
        return self.fund_fen + self.acct_fen + self.cash_fen
