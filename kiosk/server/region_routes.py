"""Routes of the second way in and of patients from elsewhere (an ``APIRouter`` that
``create_app`` includes):

* ``POST /v1/eligibility/voucher`` (kiosk): the e-insurance voucher's token resolved by the
  insurer's person query (certificate type 01) into a person, then the answer of
  ``POST /v1/eligibility`` for that person. No card, so no card authentication: the
  insurer-signed voucher is the proof; the patient session records ``identity`` "voucher".
  A refused token is ``422`` with ``voucher_expired``, ``voucher_forged`` or
  ``voucher_reused``; an insurer that does not answer ``503 insurer_unavailable``.
* ``POST /v1/insurer/demo-vouchers`` (kiosk; environments demo and development only, else
  404): a signed two-minute single-use token for a demo patient, as the phone app shows it.
* ``GET /v1/reports/clearing/cross-region`` (supervisor): the cross-region settlements per
  insured place, as JSON or CSV (``kiosk.server.reports``).

The token is never logged (the access log shows the route's template only) and never
stored. Plain ``def`` endpoints, run in Starlette's thread pool.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select, update

from kiosk.domain.demo_regions import demo_person
from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import iso, sha256_hex
from kiosk.server.eligibility import unknown_card_answer
from kiosk.server.errors import ApiError
from kiosk.server.guard import KIOSK, SUPERVISOR, require, service_of
from kiosk.server.insurer import InsurerUnavailable, ReferenceInsurer, VoucherRefused
from kiosk.server.models import Model, text
from kiosk.server.regions import with_region
from kiosk.server.service import Service
from kiosk.server.views import appointments_today, open_visits

router = APIRouter()

Kiosk = Annotated[Principal, Depends(require(KIOSK))]
DEMO_ENVIRONMENTS = ("demo", "development")


class VoucherIn(Model):
    voucher: Annotated[str, text(512)]


class DemoVoucherIn(Model):
    patient: Annotated[str, text(32, 1, r"^[a-z_]+$")]


def voucher_eligibility(service: Service, token: str) -> dict[str, Any]:
    """The eligibility answer for the person the insurer resolves ``token`` into."""
    eligibility = service.eligibility
    regions = eligibility.regions
    try:
        person = regions.insurer.person_query("01", token)
    except VoucherRefused as exc:
        raise ApiError(422, exc.reason, "the insurer refused the voucher; scan again") from None
    except (TimeoutError, InsurerUnavailable):
        raise regions.unavailable() from None
    if person is None:
        return unknown_card_answer()
    region = regions.of_person(person)
    facts = eligibility.facts(person.certno)
    ctx = service.context
    with ctx.db.read() as conn:
        patient_id = conn.execute(select(t.patients.c.patient_id).where(
            t.patients.c.ssn == person.certno)).scalar()
        if patient_id is None:
            return unknown_card_answer()
        standing = eligibility.standing(conn, patient_id)
        # no card in this journey: its expiry date is not the patient's standing
        out = eligibility.decide(
            SimpleNamespace(**{**standing._mapping, "card_expiry_date": None}), None, facts)
        out["open_visits"] = open_visits(conn, patient_id)
        out["appointments_today"] = appointments_today(conn, patient_id, ctx.today())
    return with_region(out, region, regions.credit_reason(region))


@router.post("/v1/eligibility/voucher", tags=["kiosk"],
             responses={422: {"description": "voucher_expired, voucher_forged, "
                                             "voucher_reused or a malformed body"},
                        503: {"description": "insurer_unavailable"}})
def eligibility_by_voucher(request: Request, body: VoucherIn, who: Kiosk) -> dict[str, Any]:
    service = service_of(request)
    answer = voucher_eligibility(service, body.voucher)
    answer.update(session_token=None, session_idle_seconds=None, card_authenticated=None)
    if answer["patient"] is not None:
        patient_id = answer["patient"]["patient_id"]
        answer.update(service.auth.open_patient_session(who, patient_id),
                      card_authenticated=False)
        with service.context.db.write() as conn:
            conn.execute(update(t.patient_sessions).where(
                t.patient_sessions.c.token_hash == sha256_hex(answer["session_token"]))
                .values(identity="voucher", card_authenticated=False))
        answer["itinerary"] = service.visits.first_itinerary(patient_id, answer["open_visits"])
    return answer


@router.post("/v1/insurer/demo-vouchers", tags=["demo"])
def demo_voucher(request: Request, body: DemoVoucherIn, _who: Kiosk) -> dict[str, Any]:
    service = service_of(request)
    insurer = service.eligibility.regions.insurer
    if (service.context.settings.environment not in DEMO_ENVIRONMENTS
            or not isinstance(insurer, ReferenceInsurer)):
        raise ApiError(404, Reason.NOT_FOUND, "not found")
    try:
        token, expires_at = insurer.issue_voucher(demo_person(body.patient).ssn)
    except (KeyError, LookupError):
        raise ApiError(422, Reason.VALIDATION_ERROR, "no such demo patient") from None
    return {"voucher": token, "expires_at": iso(expires_at)}


@router.get("/v1/reports/clearing/cross-region", tags=["admin"],
            responses={200: {"content": {"text/csv": {}}}})
def cross_region_clearing(
        request: Request,
        _who: Annotated[Principal, Depends(require(*SUPERVISOR))],
        start: Annotated[date, Query(alias="from")],
        end: Annotated[date, Query(alias="to")],
        fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Any:
    report = service_of(request).reports.cross_region(start, end)
    if fmt == "json":
        return report
    return Response(cross_region_csv(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="cross-region-{start}-{end}.csv"'})


def cross_region_csv(report: dict[str, Any]) -> str:
    """One line per settlement, grouped by insured place (the JSON's ``regions`` order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(report["columns"])
    writer.writerow(["insuplc_admdvs", *columns])
    for region in report["regions"]:
        for row in region["settlements"]:
            writer.writerow([region["insuplc_admdvs"], *(row[c] for c in columns)])
    return out.getvalue()
