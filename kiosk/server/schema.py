"""The backend's tables (SQLAlchemy Core), as of the latest migration.

Timestamps are naive UTC ``DateTime``; dates are the hospital's local date. Money columns end
in ``_fen`` and hold integers. Concurrency safety comes from the constraints declared here
(one settlement per visit, unique idempotency keys, one open visit per patient, department
and day, one gateway charge per reference), not from in-process locks.

Changing a table here needs a new migration in ``kiosk.server.migrations``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)

metadata = MetaData()

Id = BigInteger().with_variant(Integer, "sqlite")


def _id(name: str) -> Column:
    return Column(name, Id, primary_key=True, autoincrement=True)


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name_zh", String(64), nullable=False),
    Column("name_en", String(64), nullable=False),
    Column("building", String(16), nullable=False),
    Column("floor", Integer, nullable=False),
    Column("room", String(32), nullable=False),
    Column("opens", String(5), nullable=False),  # "HH:MM" local
    Column("closes", String(5), nullable=False),  # "HH:MM" local, "24:00" allowed
    Column("queue_length", Integer, nullable=False, server_default="0"),
    Column("minutes_per_patient", Integer, nullable=False, server_default="5"),
    CheckConstraint("queue_length >= 0", name="ck_departments_queue"),
)

patients = Table(
    "patients",
    metadata,
    _id("patient_id"),
    Column("ssn", String(18), nullable=False, unique=True),
    Column("card_number", String(20), nullable=False),
    Column("name", String(64), nullable=False),
    Column("gender", String(8)),
    Column("birth_date", Date),
    Column("region_code", String(6), nullable=False),
    Column("insurance_type", String(3), nullable=False),
    Column("card_expiry_date", Date),
    Column("created_at", DateTime, nullable=False),
    # the card identification code (32 hex) of the patient's authenticated card (migration 5):
    # bound by the counter's link or the first authenticated read; another card is not theirs
    Column("card_sn", String(32)),
)

credit_links = Table(
    "credit_links",
    metadata,
    Column("patient_id", Id, ForeignKey("patients.patient_id"), primary_key=True),
    Column("status", String(12), nullable=False),  # linked | suspended | unlinked
    Column("credit_limit_fen", BigInteger, nullable=False),
    Column("payment_method_type", String(16), nullable=False),
    Column("payment_method_ref", String(64), nullable=False),
    Column("consent_text_sha256", String(64), nullable=False),
    Column("consent_text", Text, nullable=False),
    Column("signature_sha256", String(64), nullable=False),
    Column("consent_signed_at", DateTime, nullable=False),
    Column("verified_by", String(64), nullable=False),
    Column("linked_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("status_reason", String(500)),
    # since migration 2: set by a suspension and cleared only by a supervisor's reinstate, so
    # unlinking and linking again does not lift it
    Column("suspended_at", DateTime),
    CheckConstraint("credit_limit_fen >= 0", name="ck_links_limit"),
)

# The reference adapters' data: what a credit bureau, the insurance registry and the
# insurance credit monitor would answer, and whether the payment gateway declines.
ref_people = Table(
    "ref_people",
    metadata,
    Column("ssn", String(18), primary_key=True),
    Column("credit_score", Integer, nullable=False),
    Column("monitoring_flag", String(16)),
    Column("insurance_active", Boolean, nullable=False, server_default=true()),
    Column("payment_declines", Boolean, nullable=False, server_default=false()),
    # the personal medical account's balance at the start of the year (fen)
    Column("account_balance_fen", BigInteger, nullable=False, server_default="0"),
)

appointments = Table(
    "appointments",
    metadata,
    _id("appointment_id"),
    Column("patient_id", Id, ForeignKey("patients.patient_id"), nullable=False),
    Column("department_code", String(16), ForeignKey("departments.code"), nullable=False),
    Column("date", Date, nullable=False),
    Column("time", String(5), nullable=False),
    Index("ix_appointments_patient_date", "patient_id", "date"),
)

visits = Table(
    "visits",
    metadata,
    _id("visit_id"),
    Column("patient_id", Id, ForeignKey("patients.patient_id"), nullable=False),
    Column("department_code", String(16), ForeignKey("departments.code"), nullable=False),
    Column("visit_date", Date, nullable=False),
    Column("mode", String(8), nullable=False),  # credit | counter
    Column("status", String(8), nullable=False),  # open | settled | closed
    Column("ticket_number", Integer, nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    # the patient's insured place and the hospital's place of treatment (6-digit codes), the
    # class they make (local | in_province | cross_province) and, cross-province, whether the
    # patient had filed (migration 10; NULL on visits from before it: local)
    Column("insuplc_admdvs", String(6)),
    Column("mdtrtarea_admvs", String(6)),
    Column("region_class", String(16)),
    Column("region_filed", Boolean),
    UniqueConstraint("department_code", "visit_date", "ticket_number", name="uq_visit_ticket"),
    Index(
        "uq_visits_one_open",
        "patient_id",
        "department_code",
        "visit_date",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
    Index("ix_visits_patient_status", "patient_id", "status"),
    Index("ix_visits_status_opened", "status", "opened_at"),
)

charges = Table(
    "charges",
    metadata,
    _id("charge_id"),
    Column("visit_id", Id, ForeignKey("visits.visit_id"), nullable=False),
    Column("item_code", String(32), nullable=False),
    Column("name", String(128), nullable=False),
    Column("category", String(16), nullable=False),
    Column("insurance_class", String(1), nullable=False),
    Column("unit_price_fen", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("ordering_department_code", String(16), nullable=False),
    Column("performing_department_code", String(16), ForeignKey("departments.code"),
           nullable=False),
    Column("his_order_id", String(64)),
    Column("performed", Boolean, nullable=False, server_default=false()),
    Column("performed_at", DateTime),
    Column("posted_at", DateTime, nullable=False),
    # since migration 6 (kiosk.server.fee_details): active | voided | corrected; only active
    # charges are billed. A correction is a new charge naming the one it replaces.
    Column("status", String(10), nullable=False, server_default="active"),
    Column("corrects_charge_id", Id),
    Column("changed_at", DateTime),
    Column("changed_by", String(80)),
    Column("change_reason", String(500)),
    UniqueConstraint("visit_id", "his_order_id", name="uq_charge_order"),
    CheckConstraint("amount_fen >= 0 AND quantity > 0", name="ck_charge_amount"),
    Index("ix_charges_visit", "visit_id"),
)

settlements = Table(
    "settlements",
    metadata,
    _id("settlement_id"),
    Column("visit_id", Id, ForeignKey("visits.visit_id"), nullable=False),
    Column("patient_id", Id, ForeignKey("patients.patient_id"), nullable=False),
    Column("idempotency_key", String(160), nullable=False),
    Column("channel", String(16), nullable=False),  # linked_method | counter | auto
    Column("status", String(12), nullable=False),  # charging | completed | reversed
    Column("insurance_type", String(3), nullable=False),
    Column("medfee_sumamt_fen", BigInteger, nullable=False),
    Column("fulamt_ownpay_amt_fen", BigInteger, nullable=False),
    Column("preselfpay_amt_fen", BigInteger, nullable=False),
    Column("inscp_scp_amt_fen", BigInteger, nullable=False),
    Column("act_pay_dedc_fen", BigInteger, nullable=False),
    Column("hifp_pay_fen", BigInteger, nullable=False),
    Column("cvlserv_pay_fen", BigInteger, nullable=False),
    Column("hifmi_pay_fen", BigInteger, nullable=False),
    Column("fund_pay_sumamt_fen", BigInteger, nullable=False),
    Column("acct_pay_fen", BigInteger, nullable=False),
    Column("psn_cash_pay_fen", BigInteger, nullable=False),
    Column("payment_status", String(12)),  # charged | declined | failed | counter
    Column("gateway_reference", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("completed_at", DateTime),
    Column("reversed_at", DateTime),
    Column("reversal_reason", String(500)),
    Column("reversed_by", String(64)),
    Column("refund_status", String(12)),
    Column("refunded_fen", BigInteger),
    # since migration 3: the Idempotency-Key of the reversal that set ``reversing`` and when it
    # did, so the crash repair finishes that reversal and answers that key
    Column("reversal_key", String(160)),
    Column("reversal_started_at", DateTime),
    # at most one live settlement per visit, whatever the keys; a reversed one frees the visit
    Index(
        "uq_settlements_visit_live",
        "visit_id",
        unique=True,
        sqlite_where=text("status <> 'reversed'"),
        postgresql_where=text("status <> 'reversed'"),
    ),
    Index("ix_settlements_patient", "patient_id"),
    Index("ix_settlements_status_completed", "status", "completed_at"),
    # a visit's settlements, reversed ones included (the index above serves live ones only)
    Index("ix_settlements_visit", "visit_id"),
)

debts = Table(
    "debts",
    metadata,
    _id("debt_id"),
    Column("patient_id", Id, ForeignKey("patients.patient_id"), nullable=False),
    Column("settlement_id", Id, ForeignKey("settlements.settlement_id"), unique=True),
    Column("amount_fen", BigInteger, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("status", String(10), nullable=False),  # open | paid | cancelled
    Column("created_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("paid_channel", String(16)),
    CheckConstraint("amount_fen > 0", name="ck_debt_amount"),
    Index("ix_debts_patient_status", "patient_id", "status"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", String(12), nullable=False),  # in_progress | done
    Column("response_status", Integer),
    Column("response_body", Text),
    Column("settlement_id", Id),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # since migration 2: who claimed the key (the actor: "kiosk:<name>", "staff:<id>", "system"),
    # so only that caller reads the settlement back by key
    Column("owner", String(80)),
    # since migration 3: what the key claimed: NULL for a settlement, "reversal" for a reversal
    Column("operation", String(16)),
    # since migration 14: the crash repair's look for keys left in progress (every server,
    # every resume_stale_interval_seconds) reads this index, not the whole table: a city's
    # keys grow by some 120,000 an hour and a scan of 50,000 took 26 ms of the database
    Index("ix_idempotency_keys_status_updated", "status", "updated_at"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("role", String(12), nullable=False),  # kiosk | department
    Column("name", String(64), nullable=False),
    Column("department_code", String(16)),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    # since migration 2: a short public id (list, rotate, revoke by it) and an expiry
    Column("token_id", String(16)),
    Column("expires_at", DateTime),
    Index("uq_api_tokens_token_id", "token_id", unique=True),
)

staff = Table(
    "staff",
    metadata,
    _id("staff_id"),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(12), nullable=False),  # clerk | supervisor | admin
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", DateTime, nullable=False),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("staff_id", Id, ForeignKey("staff.staff_id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

# A patient's session at a kiosk (migration 2): opened by a successful eligibility answer for
# one card, bound to the kiosk token that asked; idle expiry, ended by settlement or card out.
patient_sessions = Table(
    "patient_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("patient_id", Id, ForeignKey("patients.patient_id"), nullable=False),
    Column("kiosk_token_hash", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),  # absolute cap, whatever the activity
    Column("ended_at", DateTime),
    Column("end_reason", String(16)),  # settled | card_out | superseded
    Column("card_authenticated", Boolean, nullable=False, server_default=false()),
    # how the patient was identified: "card" or "voucher" (the insurer-signed e-voucher QR)
    Column("identity", String(8), nullable=False, server_default="card"),
    Index("ix_patient_sessions_kiosk", "kiosk_token_hash"),
)

# Failed logins (migration 2), keyed "account:<username>" or "address:<client address>":
# the throttle's memory, shared by every server process.
login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime, nullable=False),
    Column("locked_until", DateTime),
)

# The reference payment gateway's own ledger: one row per charge or refund, unique per
# reference, so a retried charge can never be taken twice.
gateway_transactions = Table(
    "gateway_transactions",
    metadata,
    _id("transaction_id"),
    Column("reference", String(64), nullable=False, unique=True),
    Column("kind", String(8), nullable=False),  # charge | refund
    Column("patient_id", Id, nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("status", String(12), nullable=False),  # succeeded | declined
    Column("created_at", DateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    _id("audit_id"),
    Column("at", DateTime, nullable=False),
    Column("actor", String(80), nullable=False),  # e.g. "kiosk:lobby-1", "staff:3", "system"
    Column("action", String(64), nullable=False),
    Column("object_type", String(32), nullable=False),
    Column("object_id", String(64), nullable=False),
    Column("details", Text),  # JSON, ids and amounts only
    Index("ix_audit_object", "object_type", "object_id"),
)

# Partial refunds of a settlement (migration 6, kiosk.server.refunds): status refunding |
# refunded | declined; the shares going back (kiosk.domain.refund_split) and how the cash
# share went back (a gateway refund, a smaller debt, at the counter).
refunds = Table(
    "refunds",
    metadata,
    _id("refund_id"),
    Column("settlement_id", Id, ForeignKey("settlements.settlement_id"), nullable=False),
    Column("idempotency_key", String(160), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("requested_by", String(80), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("completed_at", DateTime),
    Column("fund_fen", BigInteger, nullable=False),
    Column("acct_fen", BigInteger, nullable=False),
    Column("cash_fen", BigInteger, nullable=False),
    Column("cash_refund_status", String(12)),  # refunded | none | at_counter | debt_reduced
    Column("gateway_reference", String(64)),
    Index("ix_refunds_settlement", "settlement_id"),
    Index("ix_refunds_status_started", "status", "started_at"),
)

# The items of each refund; one row per refunded charge of a settlement, so two refunds can
# never both return the same item (a declined refund deletes its rows).
refund_items = Table(
    "refund_items",
    metadata,
    Column("refund_id", Id, ForeignKey("refunds.refund_id"), nullable=False),
    Column("settlement_id", Id, nullable=False),
    Column("charge_id", Id, ForeignKey("charges.charge_id"), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    UniqueConstraint("settlement_id", "charge_id", name="uq_refund_items_charge"),
    Index("ix_refund_items_refund", "refund_id"),
)

# The latest heartbeat of each kiosk (migration 4), keyed by its actor ("kiosk:<name>"): what
# the fleet view and its alerts read. No personal data: versions, device states, counts, codes.
kiosk_heartbeats = Table(
    "kiosk_heartbeats",
    metadata,
    Column("kiosk", String(80), primary_key=True),
    Column("received_at", DateTime, nullable=False),
    Column("version", String(32), nullable=False),
    Column("reader_state", String(16), nullable=False),  # ok | no_reader | fault
    Column("printer_state", String(16), nullable=False),  # ok | offline | fault | none
    Column("paper", String(8), nullable=False),  # ok | low | out | unknown
    # ok | no_scanner | fault | none (no scanner fitted); NULL: a kiosk that does not say
    Column("scanner_state", String(16)),
    Column("outbox_depth", Integer, nullable=False),
    # consecutive heartbeats in which the outbox grew without draining (kiosk.server.fleet)
    Column("outbox_growth", Integer, nullable=False),
    Column("last_error_code", String(48)),
    Column("uptime_seconds", BigInteger, nullable=False),
)

# Calls for help from kiosks (kiosk.server.help): no personal data, only the kiosk, its
# configured location and the screen. ``open_kiosk`` is the kiosk while the request is open
# and NULL once staff acknowledge it: its uniqueness keeps one open request per kiosk.
help_requests = Table(
    "help_requests",
    metadata,
    _id("help_id"),
    Column("kiosk", String(80), nullable=False),
    Column("open_kiosk", String(80), unique=True),
    Column("location", String(120)),
    Column("screen", String(32), nullable=False),
    Column("requested_at", DateTime, nullable=False),
    Column("acknowledged_at", DateTime),
    Column("acknowledged_by", String(80)),
)

# Rehearsal faults (migration 7): scripted answers of the reference payment gateway and
# insurer, set through POST /v1/admin/rehearsal/faults or `kiosk server rehearse` in demo and
# test configurations only (kiosk.server.rehearsal); each is used ``remaining`` times.
rehearsal_faults = Table(
    "rehearsal_faults",
    metadata,
    _id("fault_id"),
    Column("target", String(8), nullable=False),  # gateway | insurer
    Column("operation", String(12), nullable=False),  # charge | refund | lookup | eligibility...
    Column("fault", String(8), nullable=False),  # decline | timeout | unknown | slow
    Column("patient_id", Id),  # only this patient's calls; NULL: anyone's
    Column("remaining", Integer, nullable=False),
    Column("delay_ms", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime, nullable=False),
)

# The reference insurer (kiosk.server.insurer, migration 10): what a real insurer keeps on its
# side. ``ref_insured``: a person's number and insured place (a person without a row is
# insured where the hospital is) and the place they filed cross-province treatment for.
ref_insured = Table(
    "ref_insured",
    metadata,
    Column("ssn", String(18), primary_key=True),
    Column("psn_no", String(30), nullable=False, unique=True),
    Column("insuplc_admdvs", String(6), nullable=False),
    Column("filed_admdvs", String(6)),  # XX0000 a province, XXXX00 a city, else one place
)

# The e-voucher tokens the reference insurer issued: the random id inside each token (never
# the token), whose it is, until when, and when it was resolved (single use).
ref_vouchers = Table(
    "ref_vouchers",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("psn_no", String(30), nullable=False),
    Column("issued_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Index("ix_ref_vouchers_expires", "expires_at"),
)

# The reference insurer's signing key when no key file is configured: made once per
# deployment (random), shared by every server process of it.
ref_insurer_keys = Table(
    "ref_insurer_keys",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("key_hex", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# The insured places' outpatient policies for patients treated here from elsewhere
# (kiosk.server.regions): deductible, the fund's ratio for the in-scope fen of class A and
# class B items of this hospital's catalogue (class C items lie outside it: never funded),
# the annual fund cap, and how many points lower the ratios are for a cross-province patient
# who has not filed. Ratios are exact decimal strings ("0.70").
region_policies = Table(
    "region_policies",
    metadata,
    Column("insuplc_admdvs", String(6), primary_key=True),
    Column("insutype", String(3), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("annual_deductible_fen", BigInteger, nullable=False),
    Column("fund_ratio_a", String(16), nullable=False),
    Column("fund_ratio_b", String(16), nullable=False),
    Column("annual_fund_cap_fen", BigInteger, nullable=False),
    Column("unfiled_ratio_cut", String(16), nullable=False, server_default="0"),
)

# Card authentication challenges (migration 5, kiosk.server.cardauth): one per
# POST /v1/card-challenges, for the caller that asked (a kiosk token's or a staff session's
# hash), used at most once, within a minute.
card_challenges = Table(
    "card_challenges",
    metadata,
    Column("challenge", String(32), primary_key=True),
    Column("owner_hash", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Index("ix_card_challenges_expires", "expires_at"),
)
