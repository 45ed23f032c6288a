"""The backend's operations, independent of HTTP, by area over one shared ``Context``.

``Service(Context(db, settings, adapters, clock))`` builds one object per area over the shared
context (store, settings, adapters, clock, audit log):

* ``auth``: tokens, staff accounts, login and logout, principals (``kiosk.server.auth``)
* ``cardauth``: card authentication's challenges, authority and policy
  (``kiosk.server.cardauth``)
* ``departments``: the departments and their queues (``kiosk.server.departments``)
* ``eligibility``: the outside facts and the decision (``kiosk.server.eligibility``)
* ``visits``: check-in, charges, the itinerary (``kiosk.server.visits``)
* ``fee_details``: a department voiding or correcting its charge (``kiosk.server.fee_details``)
* ``settlements``: the bill, the crash-safe one-tap settlement and its repair, reversal,
  auto-settle (``kiosk.server.settlement``, whose docstring describes the protocol), partial
  refunds (``settlements.refunds``, ``kiosk.server.refunds``)
* ``patients``: the counter's patient records, credit links and debts
  (``kiosk.server.patients``)
* ``reports``: the clearing report (``kiosk.server.reports``)

Every operation either returns JSON-ready data or raises ``ApiError``; a refused request
leaves the database as it was (each change happens in one transaction). Safe to call from
many threads and from many processes sharing one database: correctness rests on constraints,
transactions and row locks, never on in-process locks.
"""

from __future__ import annotations

from kiosk.server.auth import Auth
from kiosk.server.cardauth import CardAuth
from kiosk.server.context import Context
from kiosk.server.departments import Departments
from kiosk.server.eligibility import Eligibility
from kiosk.server.fee_details import FeeDetails
from kiosk.server.patients import Patients
from kiosk.server.reports import Reports
from kiosk.server.settlement import Settlements
from kiosk.server.visits import Visits


class Service:
    def __init__(self, ctx: Context) -> None:
        self.context = ctx
        self.auth = Auth(ctx)
        self.cardauth = CardAuth(ctx)
        self.departments = Departments(ctx)
        self.eligibility = Eligibility(ctx)
        self.visits = Visits(ctx, self.eligibility)
        self.fee_details = FeeDetails(ctx, self.eligibility)
        self.settlements = Settlements(ctx)
        self.patients = Patients(ctx, self.eligibility)
        self.reports = Reports(ctx)
