"""The payment counter's work on patients: creating a patient record from the card, finding
one, the staff view of a patient (record, credit link, eligibility with its region block and
cross-region credit reasons, debts, open visits, recent settlements), linking a payment
method with the signed consent, suspending, reinstating and unlinking, and paying a debt.
Also the reference gateway's switch that makes a person's charges decline (demos and tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context, iso, sha256_hex
from kiosk.server.eligibility import Eligibility
from kiosk.server.errors import ApiError
from kiosk.server.models import LinkIn, PatientCreateIn
from kiosk.server.reach import NO_SUCH_PATIENT
from kiosk.server.regions import with_region
from kiosk.server.statuses import DebtStatus, LinkStatus
from kiosk.server.views import debt_json, open_visits, settlement_json


def mask_reference(reference: str) -> str:
    """A payment method's reference as every answer shows it: its last 4 characters at most
    (none of a reference of 8 or fewer), the rest as ``*``."""
    shown = reference[-4:] if len(reference) > 8 else ""
    return "*" * max(4, len(reference) - len(shown)) + shown


class Patients:
    def __init__(self, ctx: Context, eligibility: Eligibility) -> None:
        self.ctx = ctx
        self.eligibility = eligibility

    def create(self, principal: Principal, body: PatientCreateIn) -> dict[str, Any]:
        card = body.card
        try:
            with self.ctx.db.write() as conn:
                patient_id = conn.execute(t.patients.insert().values(
                    ssn=card.ssn, card_number=card.card_number, name=card.name or "",
                    gender=card.gender, birth_date=card.birth_date,
                    region_code=card.region_code or card.ssn[:6],
                    insurance_type=body.insurance_type, card_expiry_date=card.expiry_date,
                    created_at=self.ctx.now())).inserted_primary_key[0]
                self.ctx.audit(conn, principal, "patient.create", "patient", patient_id)
        except IntegrityError:
            with self.ctx.db.read() as conn:
                existing = conn.execute(select(t.patients.c.patient_id).where(
                    t.patients.c.ssn == card.ssn)).scalar()
            raise ApiError(409, Reason.PATIENT_EXISTS, "a patient with this ssn exists",
                           {"patient_id": existing}) from None
        return self.view(int(patient_id))

    def find(self, ssn: str) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            pid = conn.execute(select(t.patients.c.patient_id).where(
                t.patients.c.ssn == ssn)).scalar()
        if pid is None:
            raise ApiError(*NO_SUCH_PATIENT)
        return self.view(int(pid))

    def view(self, patient_id: int) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            ssn = conn.execute(select(t.patients.c.ssn).where(
                t.patients.c.patient_id == patient_id)).scalar()
        if ssn is None:
            raise ApiError(*NO_SUCH_PATIENT)
        facts = self.eligibility.facts(ssn)
        # staff see the decision a credit check-in gets: with the region rules (asked of the
        # insurer before the transaction, like the facts)
        regions = self.eligibility.regions
        region = regions.of_ssn(ssn)
        today = self.ctx.today()
        with self.ctx.db.read() as conn:
            p = self.eligibility.standing(conn, patient_id)
            if p is None:
                raise ApiError(*NO_SUCH_PATIENT)
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id)).first()
            decision = with_region(self.eligibility.decide(p, None, facts), region,
                                   regions.credit_reason(region))
            debts = conn.execute(select(t.debts).where(t.debts.c.patient_id == patient_id)
                                 .order_by(t.debts.c.debt_id)).all()
            settlements = conn.execute(
                select(t.settlements).where(t.settlements.c.patient_id == patient_id)
                .order_by(t.settlements.c.settlement_id.desc()).limit(20)).all()
            return {
                "patient": {
                    "patient_id": p.patient_id, "ssn": p.ssn, "name": p.name,
                    "gender": p.gender,
                    "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                    "card_number": p.card_number, "region_code": p.region_code,
                    "insurance_type": p.insurance_type,
                    "card_expiry_date": p.card_expiry_date.isoformat()
                    if p.card_expiry_date else None,
                },
                "link": None if link is None else {
                    "status": link.status, "credit_limit_fen": int(link.credit_limit_fen),
                    "payment_method_type": link.payment_method_type,
                    "payment_method_ref": mask_reference(link.payment_method_ref),
                    "linked_at": iso(link.linked_at),
                    "consent_signed_at": iso(link.consent_signed_at),
                    "status_reason": link.status_reason,
                },
                "eligibility": decision,
                "debts": [debt_json(d, today) for d in debts],
                "open_visits": open_visits(conn, patient_id),
                "settlements": [settlement_json(conn, s, today) for s in settlements],
            }

    def link(self, principal: Principal, patient_id: int, body: LinkIn, *,
             card_sn: str | None = None) -> dict[str, Any]:
        """Link the payment method; ``card_sn``: the patient's card, authenticated at the
        counter (``kiosk.server.cardauth``), to which the record is bound from now on."""
        with self.ctx.db.read() as conn:
            p = conn.execute(select(t.patients).where(
                t.patients.c.patient_id == patient_id)).first()
        if p is None:
            raise ApiError(*NO_SUCH_PATIENT)
        if card_sn is not None and body.card_ssn != p.ssn:
            raise ApiError(409, Reason.CARD_MISMATCH, "the card read is not this patient's")
        limit = self.ctx.settings.credit_limit_for(self.ctx.adapters.bureau.credit_score(p.ssn))
        consent, method = body.consent, body.payment_method
        signature = consent.signature_sha256
        assert signature is not None  # ConsentIn: the image's hash, or the one given
        now = self.ctx.now()
        values = dict(
            status=LinkStatus.LINKED, credit_limit_fen=limit, payment_method_type=method.type,
            payment_method_ref=method.reference, consent_text=consent.text,
            consent_text_sha256=sha256_hex(consent.text), signature_sha256=signature.lower(),
            consent_signed_at=consent.signed_at.astimezone(UTC).replace(tzinfo=None),
            verified_by=principal.actor, linked_at=now, updated_at=now, status_reason=None)
        with self.ctx.db.write() as conn:
            # the patient's row, not the link's: a first link has no row to lock yet, and two
            # concurrent first links must queue here, not meet in the unique index
            conn.execute(select(t.patients.c.patient_id).where(
                t.patients.c.patient_id == patient_id).with_for_update()).first()
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id).with_for_update()).first()
            if link is not None and link.status != LinkStatus.UNLINKED:
                raise ApiError(409, Reason.LINK_STATE, "already linked; unlink first",
                               {"status": link.status})
            if link is not None and link.suspended_at is not None:
                values["status"] = LinkStatus.SUSPENDED  # only a supervisor lifts it
                values["status_reason"] = link.status_reason
            if card_sn is not None:  # a new card replaces the old one here, and only here
                conn.execute(update(t.patients).where(t.patients.c.patient_id == patient_id)
                             .values(card_sn=card_sn))
            if link is None:
                conn.execute(t.credit_links.insert().values(patient_id=patient_id, **values))
            else:
                conn.execute(update(t.credit_links).where(
                    t.credit_links.c.patient_id == patient_id).values(**values))
            self.ctx.audit(conn, principal, "link.create", "patient", patient_id,
                           credit_limit_fen=limit,
                           consent_text_sha256=values["consent_text_sha256"],
                           signature_sha256=values["signature_sha256"],
                           signature_image=consent.signature_png_base64 is not None)
        return self.view(patient_id)

    def set_link_status(self, principal: Principal, patient_id: int, new_status: LinkStatus,
                        allowed_from: Iterable[LinkStatus], reason: str) -> dict[str, Any]:
        """Unlink, suspend or reinstate: ``new_status`` if the link is in ``allowed_from``."""
        with self.ctx.db.write() as conn:
            if not conn.execute(select(t.patients.c.patient_id).where(
                    t.patients.c.patient_id == patient_id)).first():
                raise ApiError(*NO_SUCH_PATIENT)
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id).with_for_update()).first()
            if link is None or link.status not in allowed_from:
                raise ApiError(409, Reason.LINK_STATE, f"cannot go to {new_status}",
                               {"status": None if link is None else link.status})
            suspended_at = {LinkStatus.SUSPENDED: self.ctx.now(),
                            LinkStatus.LINKED: None}.get(new_status, link.suspended_at)
            conn.execute(update(t.credit_links).where(t.credit_links.c.patient_id == patient_id)
                         .values(status=new_status, status_reason=reason,
                                 updated_at=self.ctx.now(), suspended_at=suspended_at))
            self.ctx.audit(conn, principal, f"link.{new_status}", "patient", patient_id)
        return self.view(patient_id)

    def pay_debt(self, principal: Principal, debt_id: int, channel: str, amount_fen: int
                 ) -> dict[str, Any]:
        with self.ctx.db.write() as conn:
            debt = conn.execute(select(t.debts).where(
                t.debts.c.debt_id == debt_id).with_for_update()).first()
            if debt is None:
                raise ApiError(404, Reason.DEBT_NOT_FOUND, "no such debt")
            if debt.status != DebtStatus.OPEN:
                raise ApiError(409, Reason.DEBT_NOT_OPEN, "the debt is not open",
                               {"status": debt.status})
            if amount_fen != debt.amount_fen:
                raise ApiError(409, Reason.AMOUNT_CHANGED, "the amount differs from the debt",
                               {"amount_fen": int(debt.amount_fen)})
            conn.execute(update(t.debts).where(t.debts.c.debt_id == debt_id).values(
                status=DebtStatus.PAID, closed_at=self.ctx.now(), paid_channel=channel))
            self.ctx.audit(conn, principal, "debt.pay", "debt", debt_id, amount_fen=amount_fen,
                           channel=channel)
            debt = conn.execute(select(t.debts).where(t.debts.c.debt_id == debt_id)).one()
            return debt_json(debt, self.ctx.today())

    def set_payment_declines(self, ssn: str, declines: bool) -> None:
        """Reference gateway switch (demos and tests): make charges for this person decline."""
        with self.ctx.db.write() as conn:
            result = conn.execute(update(t.ref_people).where(t.ref_people.c.ssn == ssn)
                                  .values(payment_declines=declines))
            if result.rowcount == 0:
                conn.execute(t.ref_people.insert().values(
                    ssn=ssn, credit_score=self.ctx.settings.default_credit_score,
                    payment_declines=declines, insurance_active=True, account_balance_fen=0))
