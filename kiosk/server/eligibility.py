"""Whether a patient may be treated first and pay later: the outside facts (insurance, credit
score, monitoring flags), the patient's standing in our records (credit link, overdue and open
debts, unsettled credit charges) and the decision with its reasons.

Check-in, charges and the counter's patient view reuse ``facts``, ``standing``, ``decide``
and ``available_credit``. An adapter call never runs while this process holds a database
connection: the facts are asked before any transaction opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Date, bindparam, func, select

from kiosk.domain.citizen_id import mask_name
from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema as t
from kiosk.server.context import Context
from kiosk.server.insurer import InsurerUnavailable
from kiosk.server.models import CardIn
from kiosk.server.regions import Regions, with_region
from kiosk.server.statuses import DebtStatus, LinkStatus, VisitMode, VisitStatus
from kiosk.server.views import (
    ANY_APPOINTMENT_TODAY,
    ANY_OPEN_VISIT,
    LIVE_CHARGE,
    appointments_today,
    open_visits,
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the outside services say about a person."""

    insurance_active: bool
    credit_score: int
    flags: tuple[str, ...]


def _standing_select() -> Any:
    """A patient's row with what eligibility decides on: the credit link, overdue debts,
    unsettled credit charges and open debts (``today``: the local date), in one statement
    (built once below: eligibility runs on every card insertion)."""
    pid = t.patients.c.patient_id
    past_due = (t.debts.c.patient_id == pid, t.debts.c.status == DebtStatus.OPEN,
                t.debts.c.due_date < bindparam("today", type_=Date))
    overdue = select(func.count()).select_from(t.debts).where(*past_due).scalar_subquery()
    overdue_fen = (select(func.coalesce(func.sum(t.debts.c.amount_fen), 0))
                   .where(*past_due).scalar_subquery())
    unsettled = (select(func.coalesce(func.sum(t.charges.c.amount_fen), 0))
                 .select_from(t.charges.join(t.visits,
                                             t.visits.c.visit_id == t.charges.c.visit_id))
                 .where(t.visits.c.patient_id == pid, t.visits.c.status == VisitStatus.OPEN,
                        t.visits.c.mode == VisitMode.CREDIT, LIVE_CHARGE)
                 .scalar_subquery())
    debts = (select(func.coalesce(func.sum(t.debts.c.amount_fen), 0))
             .where(t.debts.c.patient_id == pid, t.debts.c.status == DebtStatus.OPEN)
             .scalar_subquery())
    return (select(t.patients, t.credit_links.c.status.label("link_status"),
                   t.credit_links.c.credit_limit_fen.label("link_limit_fen"),
                   overdue.label("overdue_debts"), overdue_fen.label("overdue_fen"),
                   unsettled.label("unsettled_fen"),
                   debts.label("open_debts_fen"))
            .select_from(t.patients.outerjoin(
                t.credit_links, t.credit_links.c.patient_id == pid)))


# the card insertion's standing also says whether there are open visits and appointments
# today to list (``Eligibility._answer`` reads those only then)
_STANDING_BY_SSN = (_standing_select()
                    .add_columns(ANY_OPEN_VISIT.label("any_open_visit"),
                                 ANY_APPOINTMENT_TODAY.label("any_appointment_today"))
                    .where(t.patients.c.ssn == bindparam("ssn")))
_STANDING_BY_ID = _standing_select().where(t.patients.c.patient_id == bindparam("patient_id"))


def available_credit(standing: Any, limit: int) -> int:
    """What is left of ``limit`` after unsettled credit charges and open debts."""
    return max(0, int(limit) - int(standing.unsettled_fen) - int(standing.open_debts_fen))


def unknown_card_answer() -> dict[str, Any]:
    """The answer for a card the records do not know: an unknown ssn, or (to a kiosk) a card
    number that is not the record's."""
    return {"decision": Decision.NOT_LINKED.value, "reasons": [Reason.NOT_LINKED.value],
            "patient": None, "credit_limit_fen": None, "available_credit_fen": None,
            "overdue_debt_fen": 0, "open_visits": [], "appointments_today": [],
            "region": None}


class Eligibility:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.regions = Regions(ctx)

    def facts(self, ssn: str) -> Facts:
        """The outside services' answers; one that does not answer in time is ``503
        insurer_unavailable`` (the kiosk says so and offers to try again)."""
        a = self.ctx.adapters
        try:
            if a.people is not None:
                found = a.people.facts(ssn)
                return Facts(found.insurance_active, found.credit_score, tuple(found.flags))
            return Facts(a.registry.is_active(ssn), a.bureau.credit_score(ssn),
                         tuple(a.monitor.flags(ssn)))
        except (TimeoutError, InsurerUnavailable):
            raise self.regions.unavailable() from None

    def standing(self, conn: Connection, patient_id: int) -> Any:
        """The patient's row with the figures ``decide`` needs (None if unknown)."""
        return conn.execute(_STANDING_BY_ID, {"patient_id": patient_id,
                                              "today": self.ctx.today()}).first()

    def decide(self, patient: Any, card: CardIn | None, facts: Facts) -> dict[str, Any]:
        """The eligibility answer from a ``standing`` row and the outside facts."""
        today = self.ctx.today()
        reasons: list[str] = []
        if card is not None and card.card_number != patient.card_number:
            reasons.append(Reason.CARD_MISMATCH)
        expiry = card.expiry_date if card else None
        expiry = expiry or patient.card_expiry_date
        if expiry is not None and expiry < today:
            reasons.append(Reason.CARD_EXPIRED)
        if not facts.insurance_active:
            reasons.append(Reason.INSURANCE_INACTIVE)
        linked = patient.link_status in (LinkStatus.LINKED, LinkStatus.SUSPENDED)
        if patient.link_status == LinkStatus.SUSPENDED:
            reasons.append(Reason.LINK_SUSPENDED)
        if facts.credit_score < self.ctx.settings.credit_score_threshold:
            reasons.append(Reason.CREDIT_SCORE_LOW)
        for flag in facts.flags:
            if flag == "fraud":
                reasons.append(Reason.MONITORING_FRAUD)
            elif flag == "blacklist":
                reasons.append(Reason.MONITORING_BLACKLIST)
        if patient.overdue_debts:
            reasons.append(Reason.OVERDUE_DEBT)
        if reasons:
            decision = Decision.NOT_ELIGIBLE
            if not linked:
                reasons.append(Reason.NOT_LINKED)
        elif not linked:
            decision = Decision.NOT_LINKED
            reasons.append(Reason.NOT_LINKED)
        else:
            decision = Decision.ELIGIBLE
        out: dict[str, Any] = {
            "decision": decision.value,
            "reasons": [Reason(r).value for r in reasons],
            "patient": {
                "patient_id": patient.patient_id, "display_name": mask_name(patient.name),
                "insurance_type": patient.insurance_type, "region_code": patient.region_code,
            },
            "credit_limit_fen": None,
            "available_credit_fen": None,
            # what the patient must pay before paying later again (the kiosk says the amount)
            "overdue_debt_fen": int(patient.overdue_fen),
        }
        if linked:
            out["credit_limit_fen"] = int(patient.link_limit_fen)
            out["available_credit_fen"] = available_credit(patient, patient.link_limit_fen)
        return out

    def check(self, card: CardIn, *, detailed: bool = False) -> tuple[dict[str, Any], str | None]:
        """The question on a card insertion: the decision, and for the card's owner their
        open visits and today's appointments. A card whose number is not the record's gets
        the very answer of an ssn nobody has (a kiosk learns nothing about whether the ssn
        is a patient); staff (``detailed``) see ``card_mismatch`` and the other reasons.
        With the answer, the ``card_sn`` the record is bound to, read with it (None: not
        bound yet, or no patient shown; ``CardAuth.bind`` takes it)."""
        facts = self.facts(card.ssn)
        region = self.regions.of_ssn(card.ssn)
        today = self.ctx.today()
        # up to three reads, each on its own (``Database.reads``): the decision comes from one
        # statement, which also says whether there are visits and appointments to list; those
        # lists need no common snapshot with it
        out, bound = self.ctx.db.reads(
            lambda conn: self._answer(conn, card, facts, today, detailed))
        if out["patient"] is None:
            return out, None
        return with_region(out, region, self.regions.credit_reason(region)), bound

    def _answer(self, conn: Connection, card: CardIn, facts: Facts, today: Any,
                detailed: bool) -> tuple[dict[str, Any], str | None]:
        patient = conn.execute(_STANDING_BY_SSN, {"ssn": card.ssn, "today": today}).first()
        if patient is None:
            return unknown_card_answer(), None
        out = self.decide(patient, card, facts)
        if Reason.CARD_MISMATCH.value in out["reasons"]:
            if not detailed:
                return unknown_card_answer(), None
            # someone else's card number: tell nothing about the record
            out.update(patient=None, credit_limit_fen=None, available_credit_fen=None,
                       overdue_debt_fen=0, open_visits=[], appointments_today=[], region=None)
            return out, None
        pid = patient.patient_id
        out["open_visits"] = open_visits(conn, pid) if patient.any_open_visit else []
        out["appointments_today"] = (appointments_today(conn, pid, today)
                                     if patient.any_appointment_today else [])
        return out, patient.card_sn
